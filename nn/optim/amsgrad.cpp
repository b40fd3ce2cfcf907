#include <nn/optim/amsgrad.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

AMSGrad::AMSGrad(std::vector<Parameter*> params, const AdamOptions& options)
    : Optimizer(std::move(params), options.lr),
      beta1_(options.beta1),
      beta2_(options.beta2),
      eps_(options.eps) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("AMSGrad: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(beta1_ >= 0.0 && beta1_ < 1.0) || !(beta2_ >= 0.0 && beta2_ < 1.0)) {
    throw std::invalid_argument("AMSGrad: beta1 and beta2 must be in [0, 1), got " +
                                std::to_string(beta1_) + " and " + std::to_string(beta2_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("AMSGrad: eps must be >= 0");
  for (const Parameter* p : params_) {
    m_.emplace_back(arma::size(p->value), arma::fill::zeros);     // m_0 = 0
    v_.emplace_back(arma::size(p->value), arma::fill::zeros);     // v_0 = 0
    vmax_.emplace_back(arma::size(p->value), arma::fill::zeros);  // vmax_0 = 0
  }
}

void AMSGrad::step() {
  ++t_;
  const double t = static_cast<double>(t_);
  const double c1 = 1.0 - std::pow(beta1_, t);  // 1 - beta1^t
  const double c2 = 1.0 - std::pow(beta2_, t);  // 1 - beta2^t
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "AMSGrad::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    // BEGIN SOLUTION
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;                // m = beta1 m + (1 - beta1) g
    v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * arma::square(g);  // v = beta2 v + (1 - beta2) g^2
    vmax_[i] = arma::max(vmax_[i], v_[i]);                      // vmax = max(vmax, v)
    p.value -= lr_ * (m_[i] / c1) / (arma::sqrt(vmax_[i] / c2) + eps_);  // w -= eta m_hat / (sqrt(vmax_hat) + eps)
    // END SOLUTION
  }
}

std::string AMSGrad::name() const {
  std::ostringstream s;
  s << "AMSGrad(lr=" << lr_ << ", beta1=" << beta1_ << ", beta2=" << beta2_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
