#include <nn/tensor/jacobian.hpp>

#include <string>

#include <nn/core/errors.hpp>

namespace nn {

arma::mat numerical_jacobian(const VectorFunction& f, const arma::vec& w, double h) {
  const arma::uword M = f(w).n_elem;
  arma::mat J(M, w.n_elem);
  arma::vec w_plus = w, w_minus = w;
  for (arma::uword j = 0; j < w.n_elem; ++j) {
    w_plus(j) = w(j) + h;
    w_minus(j) = w(j) - h;
    const arma::vec f_plus = f(w_plus), f_minus = f(w_minus);
    if (f_plus.n_elem != M || f_minus.n_elem != M) {
      throw ShapeError("nn::numerical_jacobian: f returned " + std::to_string(M) +
                       " values at w but " + std::to_string(f_plus.n_elem) + " / " +
                       std::to_string(f_minus.n_elem) + " at w +- h e_" + std::to_string(j));
    }
    // J(:, j) = (f(w + h e_j) - f(w - h e_j)) / 2h
    J.col(j) = (f_plus - f_minus) / (2.0 * h);
    w_plus(j) = w(j);
    w_minus(j) = w(j);
  }
  return J;
}

}  // namespace nn
