#pragma once
/// \file
/// \brief Hooks that nn::Sequential::fit calls during training (progress output, early
/// stopping...).

#include <cstddef>

namespace nn {

/// \brief What a callback learns when training starts.
struct TrainBegin {
  std::size_t epochs = 0;             ///< Number of epochs requested.
  std::size_t batches_per_epoch = 0;  ///< \f$ \lceil N / B \rceil \f$.
  std::size_t examples = 0;           ///< Training examples \f$ N \f$.
  bool has_validation = false;        ///< Whether validation data was given.
  std::size_t batch_size = 0;         ///< Examples per batch \f$ B \f$ (the last may have fewer).
};

/// \brief The metrics of one finished epoch (1-based `epoch`).
struct EpochEnd {
  std::size_t epoch = 0;        ///< The epoch just finished, 1-based.
  std::size_t epochs = 0;       ///< Number of epochs requested.
  double loss = 0.0;            ///< Mean training loss over the epoch's batches.
  double accuracy = 0.0;        ///< Training accuracy over the epoch.
  bool has_validation = false;  ///< Whether `val_loss` and `val_accuracy` are set.
  double val_loss = 0.0;        ///< Validation loss after the epoch.
  double val_accuracy = 0.0;    ///< Validation accuracy after the epoch.
  double seconds = 0.0;         ///< Wall time of the epoch.
};

/// \brief Base class of the objects nn::Sequential::fit notifies; every hook does nothing by
/// default.
///
/// Order of calls: `on_train_begin`, then per epoch `on_epoch_begin`, `on_batch_end` after every
/// optimizer step, `on_epoch_end`; finally `on_train_end` (also when fit stops with an exception).
/// Returning true from `stop_training()` after an epoch ends training early.
class Callback {
 public:
  virtual ~Callback() = default;
  /// \brief Called once before the first epoch.
  virtual void on_train_begin(const TrainBegin& info) { (void)info; }
  /// \brief Called before epoch `epoch` (1-based).
  virtual void on_epoch_begin(std::size_t epoch) { (void)epoch; }
  /// \brief Called after batch `batch` (1-based) of epoch `epoch`, with the running means of the
  /// epoch's loss and accuracy so far.
  virtual void on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) {
    (void)epoch, (void)batch, (void)loss, (void)accuracy;
  }
  /// \brief Called after each epoch (and its validation).
  virtual void on_epoch_end(const EpochEnd& logs) { (void)logs; }
  /// \brief Called once when training ends; `completed` is false when an exception stops it.
  virtual void on_train_end(bool completed) { (void)completed; }
  /// \brief Asked after every epoch: true ends training.
  virtual bool stop_training() const { return false; }
};

}  // namespace nn
