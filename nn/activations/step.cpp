#include <nn/activations/step.hpp>

namespace nn {

arma::mat step(const arma::mat& Z) {
  return arma::conv_to<arma::mat>::from(Z > 0.0);  // 1(z > 0)
}

arma::mat step_derivative(const arma::mat& Z) {
  return arma::mat(arma::size(Z), arma::fill::zeros);  // step'(z) = 0
}

double step(double z) { return z > 0.0 ? 1.0 : 0.0; }

double step_derivative(double) { return 0.0; }

}  // namespace nn
