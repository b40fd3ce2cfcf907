#include <nn/optim/sgd.hpp>

#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

SGD::SGD(std::vector<Parameter*> params, const SGDOptions& options)
    : Optimizer(std::move(params), options.lr),
      momentum_(options.momentum),
      nesterov_(options.nesterov) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("SGD: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(momentum_ >= 0.0 && momentum_ < 1.0)) {
    throw std::invalid_argument("SGD: momentum must be in [0, 1), got " + std::to_string(momentum_));
  }
  if (nesterov_ && momentum_ == 0.0) {
    throw std::invalid_argument("SGD: nesterov = true needs momentum > 0");
  }
  if (momentum_ > 0.0) {
    v_.reserve(params_.size());
    // v_0 = 0
    for (const Parameter* p : params_) v_.emplace_back(arma::size(p->value), arma::fill::zeros);
  }
}

void SGD::step() {
  ++t_;
  const double eta = lr_;
  const double mu = momentum_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "SGD::step (parameter " + p.name + ")", "grad", "value");
    if (mu == 0.0) {
      // BEGIN SOLUTION
      p.value -= eta * p.grad;  // w = w - eta g
      // END SOLUTION
      continue;
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
}

std::string SGD::name() const {
  std::ostringstream s;
  s << "SGD(lr=" << lr_;
  if (momentum_ > 0.0) s << ", momentum=" << momentum_;
  if (nesterov_) s << ", nesterov";
  s << ")";
  return s.str();
}

}  // namespace nn
