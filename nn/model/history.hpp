#pragma once
/// \file
/// \brief What nn::Sequential::fit returns: the metrics of every epoch.

#include <cstddef>
#include <vector>

namespace nn {

/// \brief The per-epoch record of a training run (index 0 = epoch 1), as Keras's `History`.
///
/// `loss` and `accuracy` are the means over the epoch's batches, weighted by batch size, of the
/// values measured *during* training (the weights change from batch to batch, as in Keras);
/// `val_loss` and `val_accuracy` are measured after the epoch, in inference mode, and are empty
/// without validation data. `seconds` is the wall time of each epoch (training + validation).
struct History {
  std::vector<double> loss;      ///< Mean training loss of each epoch.
  std::vector<double> accuracy;  ///< Training accuracy of each epoch.
  std::vector<double> val_loss;  ///< Validation loss after each epoch (empty without validation).
  /// Validation accuracy after each epoch (empty without validation).
  std::vector<double> val_accuracy;
  std::vector<double> seconds;  ///< Wall-clock seconds of each epoch.

  /// \brief The number of epochs recorded.
  std::size_t epochs() const { return loss.size(); }
};

/// \brief The result of nn::Sequential::evaluate: the loss and accuracy on a data set.
struct Evaluation {
  double loss = 0.0;      ///< The loss of the whole set (one `Loss::forward` over all examples).
  double accuracy = 0.0;  ///< The fraction of examples classified correctly.
};

}  // namespace nn
