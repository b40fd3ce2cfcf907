#include <nn/optim/lion.hpp>

namespace nn {

Lion::Lion(std::vector<Parameter*> params, const LionOptions& options)
    : Optimizer(std::move(params), options.lr, "Lion"),
      beta1_(hyper_parameter("beta1", options.beta1, Range::UnitInterval)),
      beta2_(hyper_parameter("beta2", options.beta2, Range::UnitInterval)),
      lambda_(hyper_parameter("weight_decay", options.weight_decay, Range::NonNegative)),
      m_(zeros_like_parameters()) {}  // m_0 = 0

void Lion::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const arma::mat& g = p.grad;
  arma::mat& w = p.value;
  const arma::mat c = beta1_ * m_[i] + (1.0 - beta1_) * g;  // c = beta1 m + (1 - beta1) g
  w -= eta * (arma::sign(c) + lambda_ * w);                 // w = w - eta (sign(c) + lambda w)
  m_[i] = beta2_ * m_[i] + (1.0 - beta2_) * g;              // m = beta2 m + (1 - beta2) g
}

}  // namespace nn
