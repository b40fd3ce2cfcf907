#include <nn/activations/softmax.hpp>

#include <nn/core/exp.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

arma::rowvec logsumexp(const arma::mat& Z) {
  const arma::rowvec m = arma::max(Z, 0);  // m = max_k z_k per column
  arma::mat E = Z;
  E.each_row() -= m;                               // z - m <= 0
  return m + arma::log(arma::sum(nn::exp(E), 0));  // m + ln sum_k e^(z_k - m)
}

// [softmax]
arma::mat softmax(const arma::mat& Z) {
  // BEGIN SOLUTION
  arma::mat E = Z;
  E.each_row() -= arma::max(Z, 0);  // z - max_j z_j: every exponent <= 0
  E = nn::exp(E);                   // e^(z_k - m)
  E.each_row() /= arma::sum(E, 0);  // / sum_j e^(z_j - m)
  return E;
  // END SOLUTION
}
// [softmax]

arma::mat log_softmax(const arma::mat& Z) {
  arma::mat Y = Z;
  Y.each_row() -= arma::max(Z, 0);                      // z_k - m (exact, no cancellation)
  Y.each_row() -= arma::log(arma::sum(nn::exp(Y), 0));  // (z_k - m) - ln sum_j e^(z_j - m)
  return Y;
}

arma::mat softmax_jacobian(const arma::vec& s) {
  return arma::diagmat(s) - s * s.t();  // J = diag(s) - s s^T
}

// [softmax-backward]
arma::mat softmax_backward(const arma::mat& S, const arma::mat& dY) {
  check_same_shape(S, dY, "nn::softmax_backward", "S", "dY");
  // BEGIN SOLUTION
  arma::mat dZ = dY;
  dZ.each_row() -= arma::sum(dY % S, 0);  // dY - 1 (1^T (dY .* S))
  return S % dZ;                          // dZ = S .* (dY - 1 (1^T (dY .* S)))
  // END SOLUTION
}
// [softmax-backward]

arma::mat log_softmax_backward(const arma::mat& S, const arma::mat& dY) {
  check_same_shape(S, dY, "nn::log_softmax_backward", "S", "dY");
  arma::mat sum_dY = S;
  sum_dY.each_row() %= arma::sum(dY, 0);  // S .* (1 (1^T dY))
  return dY - sum_dY;                     // dZ = dY - S .* (1 (1^T dY))
}

}  // namespace nn
