#include <nn/optim/adagrad.hpp>

namespace nn {

Adagrad::Adagrad(std::vector<Parameter*> params, const AdagradOptions& options)
    : Optimizer(std::move(params), options.lr, "Adagrad"),
      initial_accumulator_(
          hyper_parameter("initial_accumulator", options.initial_accumulator, Range::NonNegative)),
      eps_(hyper_parameter("eps", options.eps, Range::NonNegative)),
      G_(filled_like_parameters(initial_accumulator_)) {}  // G_0 = initial_accumulator

void Adagrad::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const arma::mat& g = p.grad;
  arma::mat& G = G_[i];
  // BEGIN SOLUTION
  G += arma::square(g);                         // G = G + g^2
  p.value -= eta * g / (arma::sqrt(G) + eps_);  // w = w - eta g / (sqrt(G) + eps)
  // END SOLUTION
}

}  // namespace nn
