#include <nn/optim/adadelta.hpp>

#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

Adadelta::Adadelta(std::vector<Parameter*> params, const AdadeltaOptions& options)
    : Optimizer(std::move(params), options.lr), rho_(options.rho), eps_(options.eps) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Adadelta: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(rho_ >= 0.0 && rho_ < 1.0)) {
    throw std::invalid_argument("Adadelta: rho must be in [0, 1), got " + std::to_string(rho_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("Adadelta: eps must be >= 0");
  for (const Parameter* p : params_) {
    Eg2_.emplace_back(arma::size(p->value), arma::fill::zeros);  // E[g^2]_0 = 0
    Ed2_.emplace_back(arma::size(p->value), arma::fill::zeros);  // E[Delta^2]_0 = 0
  }
}

void Adadelta::step() {
  ++t_;
  const double eta = lr_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Adadelta::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    // BEGIN SOLUTION
    Eg2_[i] = rho_ * Eg2_[i] + (1.0 - rho_) * arma::square(g);                  // E[g^2] = rho E[g^2] + (1 - rho) g^2
    const arma::mat delta = arma::sqrt(Ed2_[i] + eps_) / arma::sqrt(Eg2_[i] + eps_) % g;  // Delta = sqrt(E[D^2] + eps) / sqrt(E[g^2] + eps) g
    Ed2_[i] = rho_ * Ed2_[i] + (1.0 - rho_) * arma::square(delta);              // E[D^2] = rho E[D^2] + (1 - rho) Delta^2
    p.value -= eta * delta;                                                     // w = w - eta Delta
    // END SOLUTION
  }
}

std::string Adadelta::name() const {
  std::ostringstream s;
  s << "Adadelta(lr=" << lr_ << ", rho=" << rho_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
