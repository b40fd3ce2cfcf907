#include <nn/optim/amsgrad.hpp>

#include <cmath>

namespace nn {

AMSGrad::AMSGrad(std::vector<Parameter*> params, const AdamOptions& options)
    : Adam(std::move(params), options, "AMSGrad"), vmax_(zeros_like_parameters()) {}  // vmax_0 = 0

void AMSGrad::update(std::size_t i, Parameter& p) {
  const double t = static_cast<double>(iterations());
  const double c1 = 1.0 - std::pow(beta1_, t);  // 1 - beta1^t
  const double c2 = 1.0 - std::pow(beta2_, t);  // 1 - beta2^t
  const arma::mat& g = p.grad;
  // BEGIN SOLUTION
  m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;                // m = beta1 m + (1 - beta1) g
  v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * arma::square(g);  // v = beta2 v + (1 - beta2) g^2
  vmax_[i] = arma::max(vmax_[i], v_[i]);                      // vmax = max(vmax, v)
  // w -= eta m_hat / (sqrt(vmax_hat) + eps)
  p.value -= lr_ * (m_[i] / c1) / (arma::sqrt(vmax_[i] / c2) + eps_);
  // END SOLUTION
}

}  // namespace nn
