#pragma once
/// \file
/// \brief A trainable tensor and its gradient; a layer's non-trainable state (a buffer).

#include <armadillo>
#include <string>

namespace nn {

/// \brief A trainable array together with the gradient of the loss with respect to it.
///
/// `value` holds \f$ \theta \f$; a layer's `backward` *assigns* \f$ \partial L / \partial \theta
/// \f$ to `grad` (same shape as `value`); an optimizer reads `grad` and updates `value` in place.
struct Parameter {
  /// Display name, e.g. `"W"` or `"b"`; the owning layer prefixes it in summaries.
  std::string name;
  arma::mat value;  ///< The parameter \f$ \theta \f$.
  arma::mat grad;   ///< \f$ \partial L / \partial \theta \f$, written by the last `backward`.
};

/// \brief A layer's non-trainable state: an array the forward pass reads (and, in training, may
/// update) but no optimizer touches, such as nn::BatchNorm's running mean \f$ \hat\mu \f$ and
/// variance \f$ \hat\sigma^2 \f$ (PyTorch calls them buffers, Keras non-trainable weights).
///
/// A layer hands them out through Layer::buffers(), so that nn::save_weights / nn::load_weights
/// store them and `Sequential::summary` counts them, without knowing the layer's type. `value`
/// points into the layer; it is valid as long as the layer lives and its shape never changes.
struct Buffer {
  std::string layer;  ///< Display name of the layer that owns it, e.g. `"BatchNorm(5)"`.
  std::string name;   ///< Its name within the layer, e.g. `"running_var"` (no white space).
  arma::mat* value;   ///< The array itself, owned by the layer.
  /// \brief Checks values about to be loaded into the buffer: returns an empty string when they
  /// are valid, else the problem, e.g. `"negative running variance -0.5 at (2, 0)"` (null: any
  /// finite values are valid). The caller has already checked the shape and that every value is
  /// finite.
  std::string (*check)(const arma::mat& candidate) = nullptr;
};

}  // namespace nn
