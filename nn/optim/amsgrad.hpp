#pragma once
/// \file
/// \brief AMSGrad (Reddi, Kale & Kumar 2018): Adam whose second moment never decreases.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/adam.hpp>

namespace nn {

/// \brief AMSGrad: Adam with \f$ \hat v \f$ replaced by the running maximum of the bias-corrected
/// second moment (the form of `torch.optim.Adam(amsgrad=True)`; hyper-parameters, checks, \f$ m \f$
/// and \f$ v \f$ are nn::Adam's, which it extends).
///
/// Element-wise, from \f$ m_0 = v_0 = v^{\max}_0 = 0 \f$:
/// \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\,
///   g^2, \qquad v^{\max} \leftarrow \max(v^{\max}, v),
///   \\ w &\leftarrow w - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v^{\max} / (1 - \beta_2^t)} +
///   \epsilon}.
/// \f}
/// Because the denominator never shrinks, a coordinate's effective rate never grows again.
class AMSGrad : public Adam {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError as nn::Adam does.
  explicit AMSGrad(std::vector<Parameter*> params, const AdamOptions& options = {});

  /// \brief The running maximum \f$ v^{\max} \f$ of parameter `i`.
  const arma::mat& v_max(std::size_t i) const { return vmax_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  std::vector<arma::mat> vmax_;  // running maxima of v, parallel to params_
};

}  // namespace nn
