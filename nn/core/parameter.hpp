#pragma once
/// \file
/// \brief A trainable tensor and its gradient.

#include <armadillo>
#include <string>

namespace nn {

/// \brief A trainable array together with the gradient of the loss with respect to it.
///
/// `value` holds \f$ \theta \f$; a layer's `backward` *assigns* \f$ \partial L / \partial \theta \f$
/// to `grad` (same shape as `value`); an optimizer reads `grad` and updates `value` in place.
struct Parameter {
  std::string name;  ///< Display name, e.g. `"W"` or `"b"`; the owning layer prefixes it in summaries.
  arma::mat value;   ///< The parameter \f$ \theta \f$.
  arma::mat grad;    ///< \f$ \partial L / \partial \theta \f$, written by the last `backward`.
};

}  // namespace nn
