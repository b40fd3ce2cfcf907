#include <nn/optim/nadam.hpp>

#include <cmath>

namespace nn {

Nadam::Nadam(std::vector<Parameter*> params, const NadamOptions& options)
    : Adam(std::move(params), {options.lr, options.beta1, options.beta2, options.eps}, "Nadam"),
      psi_(hyper_parameter("momentum_decay", options.momentum_decay, Range::NonNegative)) {}

void Nadam::prepare_step() {
  const double t = static_cast<double>(iterations());
  mu_t_ = beta1_ * (1.0 - 0.5 * std::pow(0.96, psi_ * t));           // mu_t
  mu_next_ = beta1_ * (1.0 - 0.5 * std::pow(0.96, psi_ * (t + 1)));  // mu_{t+1}
  mu_product_ *= mu_t_;                                              // Pi_t = Pi_{t-1} mu_t
}

void Nadam::update(std::size_t i, Parameter& p) {
  const double mu_t = mu_t_, mu_next = mu_next_;
  const double c2 = 1.0 - std::pow(beta2_, static_cast<double>(iterations()));  // 1 - beta2^t
  const arma::mat& g = p.grad;
  // BEGIN SOLUTION
  m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;                // m = beta1 m + (1 - beta1) g
  v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * arma::square(g);  // v = beta2 v + (1 - beta2) g^2
  const arma::mat v_hat = v_[i] / c2;                         // v_hat = v / (1 - beta2^t)
  // m_hat = mu_{t+1} m/(1 - Pi_t mu_{t+1}) + (1 - mu_t) g/(1 - Pi_t)
  const arma::mat m_hat =
      mu_next * m_[i] / (1.0 - mu_product_ * mu_next) + (1.0 - mu_t) * g / (1.0 - mu_product_);
  p.value -= lr_ * m_hat / (arma::sqrt(v_hat) + eps_);  // w = w - eta m_hat / (sqrt(v_hat) + eps)
  // END SOLUTION
}

}  // namespace nn
