#include <nn/activations/sigmoid.hpp>

#include <cmath>

namespace nn {

// [sigmoid]
double sigmoid(double z) {
  // BEGIN SOLUTION
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));  // 1 / (1 + e^-z), e^-z <= 1
  const double e = std::exp(z);                     // e^z <= 1 for z < 0
  return e / (1.0 + e);                             // e^z / (1 + e^z)
  // END SOLUTION
}
// [sigmoid]

double sigmoid_derivative(double z) {
  // BEGIN SOLUTION
  const double s = sigmoid(z);
  return s * (1.0 - s);  // s (1 - s)
  // END SOLUTION
}

arma::mat sigmoid(const arma::mat& Z) {
  arma::mat S(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i) S[i] = sigmoid(Z[i]);
  return S;
}

arma::mat sigmoid_derivative(const arma::mat& Z) {
  // BEGIN SOLUTION
  const arma::mat S = sigmoid(Z);
  return S % (1.0 - S);  // sigma'(z) = sigma (1 - sigma)
  // END SOLUTION
}

double softplus(double z) {
  return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));  // max(z,0) + ln(1 + e^-|z|)
}

double softplus_derivative(double z) { return sigmoid(z); }  // d/dz ln(1 + e^z) = sigma(z)

arma::mat softplus(const arma::mat& Z) {
  arma::mat Y(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i) Y[i] = softplus(Z[i]);
  return Y;
}

arma::mat softplus_derivative(const arma::mat& Z) { return sigmoid(Z); }

}  // namespace nn
