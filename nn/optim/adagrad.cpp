#include <nn/optim/adagrad.hpp>

#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

Adagrad::Adagrad(std::vector<Parameter*> params, const AdagradOptions& options)
    : Optimizer(std::move(params), options.lr),
      eps_(options.eps),
      initial_accumulator_(options.initial_accumulator) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Adagrad: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(initial_accumulator_ >= 0.0)) throw std::invalid_argument("Adagrad: initial_accumulator must be >= 0");
  if (!(eps_ >= 0.0)) throw std::invalid_argument("Adagrad: eps must be >= 0");
  G_.reserve(params_.size());
  // G_0 = initial_accumulator
  for (const Parameter* p : params_) {
    G_.emplace_back(arma::size(p->value), arma::fill::value(initial_accumulator_));
  }
}

void Adagrad::step() {
  ++t_;
  const double eta = lr_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Adagrad::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    arma::mat& G = G_[i];
    // BEGIN SOLUTION
    G += arma::square(g);                      // G = G + g^2
    p.value -= eta * g / (arma::sqrt(G) + eps_);  // w = w - eta g / (sqrt(G) + eps)
    // END SOLUTION
  }
}

std::string Adagrad::name() const {
  std::ostringstream s;
  s << "Adagrad(lr=" << lr_ << ", initial_accumulator=" << initial_accumulator_ << ", eps=" << eps_
    << ")";
  return s.str();
}

}  // namespace nn
