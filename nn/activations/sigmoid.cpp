#include <nn/activations/sigmoid.hpp>

#include <cmath>

#include <nn/core/exp.hpp>
#include <nn/kernels/kernels.hpp>

namespace nn {

// [sigmoid]
double sigmoid(double z) {
  // BEGIN SOLUTION
  return 1.0 / (1.0 + nn::exp(-z));  // 1 / (1 + e^-z); z -> -inf: 1 / inf = 0
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
  // BEGIN REFERENCE ONLY
  if (kernels::fast()) {  // the loop below, vectorised (nn/kernels/sigmoid.cpp): the same bits
    kernels::sigmoid(Z.memptr(), S.memptr(), Z.n_elem);
    return S;
  }
  // END REFERENCE ONLY
  for (arma::uword i = 0; i < Z.n_elem; ++i) S[i] = sigmoid(Z[i]);  // sigma(z), element-wise
  return S;
}

arma::mat sigmoid_derivative(const arma::mat& Z) {
  // BEGIN SOLUTION
  const arma::mat S = sigmoid(Z);
  return S % (1.0 - S);  // sigma'(z) = sigma (1 - sigma)
  // END SOLUTION
}

double softplus(double z) {
  return std::max(z, 0.0) + std::log1p(nn::exp(-std::abs(z)));  // max(z,0) + ln(1 + e^-|z|)
}

double softplus_derivative(double z) { return sigmoid(z); }  // d/dz ln(1 + e^z) = sigma(z)

arma::mat softplus(const arma::mat& Z) {
  arma::mat Y(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i) Y[i] = softplus(Z[i]);
  return Y;
}

arma::mat softplus_derivative(const arma::mat& Z) { return sigmoid(Z); }

}  // namespace nn
