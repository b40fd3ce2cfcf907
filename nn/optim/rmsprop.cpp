#include <nn/optim/rmsprop.hpp>

namespace nn {

RMSprop::RMSprop(std::vector<Parameter*> params, const RMSpropOptions& options)
    : Optimizer(std::move(params), options.lr, "RMSprop"),
      rho_(hyper_parameter("rho", options.rho, Range::UnitInterval)),
      momentum_(
          hyper_parameter("momentum", options.momentum, Range::UnitInterval, Shown::IfNonZero)),
      eps_(hyper_parameter("eps", options.eps, Range::NonNegative)),
      centered_(flag("centered", options.centered)),
      v_(zeros_like_parameters()),      // v_0 = 0
      gbar_(zeros_like_parameters()),   // gbar_0 = 0
      buf_(zeros_like_parameters()) {}  // b_0 = 0

void RMSprop::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const arma::mat& g = p.grad;
  // BEGIN SOLUTION
  v_[i] = rho_ * v_[i] + (1.0 - rho_) * arma::square(g);  // v = rho v + (1 - rho) g^2
  arma::mat s;
  if (centered_) {
    gbar_[i] = rho_ * gbar_[i] + (1.0 - rho_) * g;          // gbar = rho gbar + (1 - rho) g
    s = arma::sqrt(v_[i] - arma::square(gbar_[i])) + eps_;  // s = sqrt(v - gbar^2) + eps
  } else {
    s = arma::sqrt(v_[i]) + eps_;  // s = sqrt(v) + eps
  }
  if (momentum_ > 0.0) {
    buf_[i] = momentum_ * buf_[i] + g / s;  // b = mu b + g / s
    p.value -= eta * buf_[i];               // w = w - eta b
  } else {
    p.value -= eta * g / s;  // w = w - eta g / s
  }
  // END SOLUTION
}

}  // namespace nn
