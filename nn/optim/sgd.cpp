#include <nn/optim/sgd.hpp>

namespace nn {

SGD::SGD(std::vector<Parameter*> params, const SGDOptions& options)
    : Optimizer(std::move(params), options.lr, "SGD"),
      momentum_(
          hyper_parameter("momentum", options.momentum, Range::UnitInterval, Shown::IfNonZero)),
      nesterov_(flag("nesterov", options.nesterov)) {
  require(!nesterov_ || momentum_ > 0.0, "nesterov = true needs momentum > 0");
  if (momentum_ > 0.0) v_ = zeros_like_parameters();  // v_0 = 0
}

void SGD::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const double mu = momentum_;
  if (mu == 0.0) {
    // BEGIN SOLUTION
    p.value -= eta * p.grad;  // w = w - eta g
    // END SOLUTION
    return;
  }
  arma::mat& v = v_[i];
  // BEGIN SOLUTION
  v = mu * v - eta * p.grad;  // v = mu v - eta g
  if (nesterov_) {
    p.value += mu * v - eta * p.grad;  // w = w + mu v - eta g
  } else {
    p.value += v;  // w = w + v
  }
  // END SOLUTION
}

}  // namespace nn
