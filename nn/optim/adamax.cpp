#include <nn/optim/adamax.hpp>

#include <cmath>

namespace nn {

Adamax::Adamax(std::vector<Parameter*> params, const AdamaxOptions& options)
    : Optimizer(std::move(params), options.lr, "Adamax"),
      beta1_(hyper_parameter("beta1", options.beta1, Range::UnitInterval)),
      beta2_(hyper_parameter("beta2", options.beta2, Range::UnitInterval)),
      eps_(hyper_parameter("eps", options.eps, Range::NonNegative)),
      m_(zeros_like_parameters()),    // m_0 = 0
      u_(zeros_like_parameters()) {}  // u_0 = 0

void Adamax::update(std::size_t i, Parameter& p) {
  const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(iterations()));  // 1 - beta1^t
  const arma::mat& g = p.grad;
  // BEGIN SOLUTION
  m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;      // m = beta1 m + (1 - beta1) g
  u_[i] = arma::max(beta2_ * u_[i], arma::abs(g));  // u = max(beta2 u, |g|)
  p.value -= (lr_ / c1) * m_[i] / (u_[i] + eps_);   // w = w - eta / (1 - beta1^t) m / (u + eps)
  // END SOLUTION
}

}  // namespace nn
