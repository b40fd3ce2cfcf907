#pragma once
/// \file
/// \brief The interface every loss object implements, and the reduction over a batch.

#include <armadillo>
#include <string>

namespace nn {

/// \brief How per-example losses are combined over a batch of \f$ N \f$ examples.
enum class Reduction {
  Mean,  ///< \f$ L = \frac{1}{N} \sum_n \ell_n \f$ (the default, as in Keras and PyTorch).
  Sum    ///< \f$ L = \sum_n \ell_n \f$.
};

/// \brief A loss \f$ L(\hat{Y}, T) \f$ over a batch, one example per column.
///
/// Contract (DESIGN §4): `forward(Yhat, T)` returns the scalar loss and caches what `backward`
/// needs; `backward()` returns \f$ \partial L / \partial \hat{Y} \f$ with the shape of
/// \f$ \hat{Y} \f$, *including* the \f$ 1/N \f$ of a mean: layers never divide by the batch size.
/// Shapes are checked: a mismatch throws nn::ShapeError naming the loss and both shapes; a
/// hyper-parameter out of range (a clipping \f$ \varepsilon \f$) throws nn::ArgumentError from the
/// constructor; `backward()` before any `forward` throws nn::CallOrderError.
class Loss {
 public:
  virtual ~Loss() = default;

  /// \brief The loss of predictions `Yhat` against targets `T` (both \f$ K \times N \f$).
  virtual double forward(const arma::mat& Yhat, const arma::mat& T) = 0;

  /// \brief \f$ \partial L / \partial \hat{Y} \f$ for the last `forward` (\f$ K \times N \f$).
  virtual arma::mat backward() = 0;

  /// \brief A display name, e.g. `"SoftmaxCrossEntropy(mean)"`.
  virtual std::string name() const = 0;

  /// \brief True when the loss takes logits (pre-activation scores, e.g. nn::SoftmaxCrossEntropy,
  /// nn::BinaryCrossEntropyFromLogits) rather than probabilities or values: the model's last
  /// layer is then linear, and a one-output model predicts class 1 for \f$ z > 0 \f$
  /// (\f$ \sigma(z) > 0.5 \iff z > 0 \f$; see `Sequential::decision_threshold`). False by default.
  virtual bool expects_logits() const { return false; }
};

}  // namespace nn
