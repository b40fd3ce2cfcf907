#include <nn/optim/adadelta.hpp>

namespace nn {

Adadelta::Adadelta(std::vector<Parameter*> params, const AdadeltaOptions& options)
    : Optimizer(std::move(params), options.lr, "Adadelta"),
      rho_(hyper_parameter("rho", options.rho, Range::UnitInterval)),
      eps_(hyper_parameter("eps", options.eps, Range::NonNegative)),
      Eg2_(zeros_like_parameters()),    // E[g^2]_0 = 0
      Ed2_(zeros_like_parameters()) {}  // E[Delta^2]_0 = 0

void Adadelta::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const arma::mat& g = p.grad;
  // BEGIN SOLUTION
  Eg2_[i] = rho_ * Eg2_[i] + (1.0 - rho_) * arma::square(g);  // E[g^2] = rho E[g^2] + (1 - rho) g^2
  // Delta = sqrt(E[D^2] + eps) / sqrt(E[g^2] + eps) g
  const arma::mat delta = arma::sqrt(Ed2_[i] + eps_) / arma::sqrt(Eg2_[i] + eps_) % g;
  // E[D^2] = rho E[D^2] + (1 - rho) Delta^2
  Ed2_[i] = rho_ * Ed2_[i] + (1.0 - rho_) * arma::square(delta);
  p.value -= eta * delta;  // w = w - eta Delta
  // END SOLUTION
}

}  // namespace nn
