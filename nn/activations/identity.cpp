#include <nn/activations/identity.hpp>

namespace nn {

arma::mat identity(const arma::mat& Z) { return Z; }  // f(z) = z

arma::mat identity_derivative(const arma::mat& Z) {
  return arma::mat(arma::size(Z), arma::fill::ones);  // f'(z) = 1
}

double identity(double z) { return z; }

double identity_derivative(double) { return 1.0; }

}  // namespace nn
