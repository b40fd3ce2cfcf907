#include <nn/optim/nadam.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

Nadam::Nadam(std::vector<Parameter*> params, const NadamOptions& options)
    : Optimizer(std::move(params), options.lr),
      beta1_(options.beta1),
      beta2_(options.beta2),
      eps_(options.eps),
      psi_(options.momentum_decay) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Nadam: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(beta1_ >= 0.0 && beta1_ < 1.0) || !(beta2_ >= 0.0 && beta2_ < 1.0)) {
    throw std::invalid_argument("Nadam: beta1 and beta2 must be in [0, 1), got " +
                                std::to_string(beta1_) + " and " + std::to_string(beta2_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("Nadam: eps must be >= 0");
  for (const Parameter* p : params_) {
    m_.emplace_back(arma::size(p->value), arma::fill::zeros);  // m_0 = 0
    v_.emplace_back(arma::size(p->value), arma::fill::zeros);  // v_0 = 0
  }
}

void Nadam::step() {
  ++t_;
  const double t = static_cast<double>(t_);
  const double mu_t = beta1_ * (1.0 - 0.5 * std::pow(0.96, psi_ * t));           // mu_t
  const double mu_next = beta1_ * (1.0 - 0.5 * std::pow(0.96, psi_ * (t + 1)));  // mu_{t+1}
  mu_product_ *= mu_t;                                                           // Pi_t = Pi_{t-1} mu_t
  const double c2 = 1.0 - std::pow(beta2_, t);                                   // 1 - beta2^t
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Nadam::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    // BEGIN SOLUTION
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;                  // m = beta1 m + (1 - beta1) g
    v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * arma::square(g);    // v = beta2 v + (1 - beta2) g^2
    const arma::mat v_hat = v_[i] / c2;                           // v_hat = v / (1 - beta2^t)
    const arma::mat m_hat = mu_next * m_[i] / (1.0 - mu_product_ * mu_next) +
                            (1.0 - mu_t) * g / (1.0 - mu_product_);  // m_hat = mu_{t+1} m/(1 - Pi_t mu_{t+1}) + (1 - mu_t) g/(1 - Pi_t)
    p.value -= lr_ * m_hat / (arma::sqrt(v_hat) + eps_);          // w = w - eta m_hat / (sqrt(v_hat) + eps)
    // END SOLUTION
  }
}

std::string Nadam::name() const {
  std::ostringstream s;
  s << "Nadam(lr=" << lr_ << ", beta1=" << beta1_ << ", beta2=" << beta2_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
