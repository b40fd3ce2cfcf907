#include <nn/data/encode.hpp>

#include <nn/core/errors.hpp>

#include <string>

namespace nn {

arma::mat one_hot(const arma::uvec& labels, arma::uword K) {
  arma::mat T(K, labels.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < labels.n_elem; ++n) {
    if (labels(n) >= K)
      throw DataError("one_hot: label " + std::to_string(labels(n)) + " at index " +
                      std::to_string(n) + " is out of range for K = " + std::to_string(K) +
                      " classes" +
                      (K == 0 ? std::string(" (K must be at least 1)")
                              : " (expected 0 to " + std::to_string(K - 1) + ")"));
    // BEGIN SOLUTION
    T(labels(n), n) = 1.0;  // T_kn = 1 if k = y_n
    // END SOLUTION
  }
  return T;
}

}  // namespace nn
