#include <nn/optim/adamax.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

Adamax::Adamax(std::vector<Parameter*> params, const AdamaxOptions& options)
    : Optimizer(std::move(params), options.lr),
      beta1_(options.beta1),
      beta2_(options.beta2),
      eps_(options.eps) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Adamax: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(beta1_ >= 0.0 && beta1_ < 1.0) || !(beta2_ >= 0.0 && beta2_ < 1.0)) {
    throw std::invalid_argument("Adamax: beta1 and beta2 must be in [0, 1), got " +
                                std::to_string(beta1_) + " and " + std::to_string(beta2_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("Adamax: eps must be >= 0");
  for (const Parameter* p : params_) {
    m_.emplace_back(arma::size(p->value), arma::fill::zeros);  // m_0 = 0
    u_.emplace_back(arma::size(p->value), arma::fill::zeros);  // u_0 = 0
  }
}

void Adamax::step() {
  ++t_;
  const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));  // 1 - beta1^t
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Adamax::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    // BEGIN SOLUTION
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;      // m = beta1 m + (1 - beta1) g
    u_[i] = arma::max(beta2_ * u_[i], arma::abs(g));  // u = max(beta2 u, |g|)
    p.value -= (lr_ / c1) * m_[i] / (u_[i] + eps_);   // w = w - eta / (1 - beta1^t) m / (u + eps)
    // END SOLUTION
  }
}

std::string Adamax::name() const {
  std::ostringstream s;
  s << "Adamax(lr=" << lr_ << ", beta1=" << beta1_ << ", beta2=" << beta2_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
