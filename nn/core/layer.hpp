#pragma once
/// \file
/// \brief The interface every layer implements.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/core/precision.hpp>

namespace nn {

/// \brief A differentiable map \f$ Y = f(X; \theta) \f$ on a batch stored one example per column.
///
/// Contract (DESIGN §4):
/// - `forward(X)` takes \f$ X: D \times N \f$, caches what `backward` needs and returns \f$ Y \f$.
/// - `backward(dY)` takes \f$ \partial L/\partial Y \f$ (same shape as \f$ Y \f$), *assigns* every
///   parameter's `grad` and returns \f$ \partial L/\partial X \f$. It refers to the last `forward`.
/// - The loss owns the \f$ 1/N \f$ of a mean: layers never divide by the batch size.
class Layer {
 public:
  virtual ~Layer() = default;

  /// \brief Computes the layer's output for the batch `X` (features x examples) and caches
  /// what `backward` needs.
  virtual arma::mat forward(const arma::mat& X) = 0;

  /// \brief Given \f$ \partial L/\partial Y \f$, assigns the parameter gradients and returns
  /// \f$ \partial L/\partial X \f$.
  virtual arma::mat backward(const arma::mat& dY) = 0;

  /// \brief `forward` for an input the caller gives up: a layer that caches its input may keep
  /// the memory of `X` instead of copying it (nn::Dense does). Afterwards `X` is a valid matrix
  /// with unspecified size and contents. The default calls `forward(X)`.
  virtual arma::mat forward_owned(arma::mat&& X) { return forward(X); }

  /// \brief `forward` for a float32 batch the caller gives up (mixed precision, nn::Precision):
  /// nn::Sequential::fit gathers the batches of a float32 copy of the data set when its first layer
  /// computes in float32, and a nn::Dense in float32 keeps this batch as it is. The default
  /// converts the batch to double and calls `forward`.
  virtual arma::mat forward_float32(arma::fmat&& X) {
    return forward(arma::conv_to<arma::mat>::from(X));
  }

  /// \brief Sets the precision of the layer's matrix products (nn::Precision); a layer without
  /// matrix products ignores it (the default).
  virtual void set_compute(Precision) {}

  /// \brief The precision of the layer's matrix products (`Float64` unless set_compute changed it).
  virtual Precision compute() const { return Precision::Float64; }

  /// \brief `backward` without \f$ \partial L/\partial X \f$: assigns the parameter gradients
  /// only. nn::Sequential calls it on its first layer, whose input gradient nobody reads (for a
  /// nn::Dense that saves the product \f$ W^T dY \f$). The default calls `backward(dY)` and drops
  /// the result.
  virtual void backward_params(const arma::mat& dY) { backward(dY); }

  /// \brief The trainable parameters, in a fixed order (empty for parameter-free layers).
  virtual std::vector<Parameter*> parameters() { return {}; }

  /// \brief The non-trainable state, in a fixed order (empty by default): the arrays that
  /// nn::save_weights stores next to the parameters and `Sequential::summary` counts as
  /// "Non-trainable params" (nn::BatchNorm's running statistics).
  virtual std::vector<Buffer> buffers() { return {}; }

  /// \brief A short display name, e.g. `"Dense(784 -> 100)"` or `"Sigmoid"`.
  virtual std::string name() const = 0;

  /// \brief The number of output rows for an input with `input_rows` rows (used by
  /// `Sequential::summary`). Element-wise layers keep the size.
  virtual arma::uword output_rows(arma::uword input_rows) const { return input_rows; }

  /// \brief Switches between training (dropout active, batch statistics) and inference.
  virtual void set_training(bool training) { training_ = training; }

  /// \brief True while the layer is in training mode (the default).
  bool training() const { return training_; }

 protected:
  bool training_ = true;  ///< Training (true) or inference (false) mode.
};

/// \brief For a layer's `backward`: throws nn::CallOrderError
/// `"<layer>::backward: called before forward (dY is R x C)"` when `cached`, what `forward` stores
/// for `backward`, is still empty while `dY` is not.
void check_forward_called(const arma::mat& cached, const arma::mat& dY, const std::string& layer);

/// \brief The same for a float32 cache (mixed precision, nn::Precision).
void check_forward_called(const arma::fmat& cached, const arma::mat& dY, const std::string& layer);

}  // namespace nn
