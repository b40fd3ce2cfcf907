#include <nn/optim/rmsprop.hpp>

#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

RMSprop::RMSprop(std::vector<Parameter*> params, const RMSpropOptions& options)
    : Optimizer(std::move(params), options.lr),
      rho_(options.rho),
      momentum_(options.momentum),
      eps_(options.eps),
      centered_(options.centered) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("RMSprop: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(rho_ >= 0.0 && rho_ < 1.0) || !(momentum_ >= 0.0 && momentum_ < 1.0)) {
    throw std::invalid_argument("RMSprop: rho and momentum must be in [0, 1), got " +
                                std::to_string(rho_) + " and " + std::to_string(momentum_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("RMSprop: eps must be >= 0");
  for (const Parameter* p : params_) {
    v_.emplace_back(arma::size(p->value), arma::fill::zeros);     // v_0 = 0
    gbar_.emplace_back(arma::size(p->value), arma::fill::zeros);  // gbar_0 = 0
    buf_.emplace_back(arma::size(p->value), arma::fill::zeros);   // b_0 = 0
  }
}

void RMSprop::step() {
  ++t_;
  const double eta = lr_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "RMSprop::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    // BEGIN SOLUTION
    v_[i] = rho_ * v_[i] + (1.0 - rho_) * arma::square(g);  // v = rho v + (1 - rho) g^2
    arma::mat s;
    if (centered_) {
      gbar_[i] = rho_ * gbar_[i] + (1.0 - rho_) * g;       // gbar = rho gbar + (1 - rho) g
      s = arma::sqrt(v_[i] - arma::square(gbar_[i])) + eps_;  // s = sqrt(v - gbar^2) + eps
    } else {
      s = arma::sqrt(v_[i]) + eps_;                         // s = sqrt(v) + eps
    }
    if (momentum_ > 0.0) {
      buf_[i] = momentum_ * buf_[i] + g / s;  // b = mu b + g / s
      p.value -= eta * buf_[i];               // w = w - eta b
    } else {
      p.value -= eta * g / s;                 // w = w - eta g / s
    }
    // END SOLUTION
  }
}

std::string RMSprop::name() const {
  std::ostringstream s;
  s << "RMSprop(lr=" << lr_ << ", rho=" << rho_;
  if (momentum_ > 0.0) s << ", momentum=" << momentum_;
  s << ", eps=" << eps_;
  if (centered_) s << ", centered";
  s << ")";
  return s.str();
}

}  // namespace nn
