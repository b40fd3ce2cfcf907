#pragma once
/// \file
/// \brief AMSGrad (Reddi, Kale & Kumar 2018): Adam whose second moment never decreases.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/adam.hpp>
#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief AMSGrad: Adam with \f$ \hat v \f$ replaced by the running maximum of the bias-corrected
/// second moment (the form of `torch.optim.Adam(amsgrad=True)`; hyper-parameters as nn::AdamOptions).
///
/// Element-wise, from \f$ m_0 = v_0 = v^{\max}_0 = 0 \f$:
/// \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,
///   \qquad v^{\max} \leftarrow \max(v^{\max}, v),
///   \\ w &\leftarrow w - \eta\, \frac{m / (1 - \beta_1^t)}{\sqrt{v^{\max} / (1 - \beta_2^t)} + \epsilon}.
/// \f}
/// Because the denominator never shrinks, a coordinate's effective rate never grows again.
class AMSGrad : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws std::invalid_argument as nn::Adam does.
  explicit AMSGrad(std::vector<Parameter*> params, const AdamOptions& options = {});

  /// \brief One update of every parameter (see the class formulas).
  void step() override;

  /// \brief E.g. `"AMSGrad(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07)"`.
  std::string name() const override;

  /// \brief The running maximum \f$ v^{\max} \f$ of parameter `i`.
  const arma::mat& v_max(std::size_t i) const { return vmax_.at(i); }

 private:
  double beta1_, beta2_, eps_;
  std::vector<arma::mat> m_;     // first moments, parallel to params_
  std::vector<arma::mat> v_;     // second moments, parallel to params_
  std::vector<arma::mat> vmax_;  // running maxima of v, parallel to params_
};

}  // namespace nn
