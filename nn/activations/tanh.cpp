#include <nn/activations/tanh.hpp>

#include <cmath>

namespace nn {

arma::mat tanh(const arma::mat& Z) { return arma::tanh(Z); }  // (e^z - e^-z) / (e^z + e^-z)

arma::mat tanh_derivative(const arma::mat& Z) {
  // BEGIN SOLUTION
  const arma::mat T = arma::tanh(Z);
  return 1.0 - arma::square(T);  // tanh'(z) = 1 - tanh^2(z)
  // END SOLUTION
}

double tanh(double z) { return std::tanh(z); }

double tanh_derivative(double z) {
  // BEGIN SOLUTION
  const double t = std::tanh(z);
  return 1.0 - t * t;  // 1 - tanh^2
  // END SOLUTION
}

}  // namespace nn
