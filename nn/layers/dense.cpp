#include <nn/layers/dense.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

Dense::Dense(arma::uword in, arma::uword out, const Initializer& init) {
  if (in == 0 || out == 0) {
    throw ShapeError("Dense(" + std::to_string(in) + " -> " + std::to_string(out) +
                     "): both sizes must be at least 1");
  }
  W_ = {"W", init ? init(out, in) : glorot_uniform(out, in), arma::mat(out, in, arma::fill::zeros)};
  b_ = {"b", arma::mat(out, 1, arma::fill::zeros), arma::mat(out, 1, arma::fill::zeros)};
  if (W_.value.n_rows != out || W_.value.n_cols != in) {
    throw ShapeError(name() + ": the initializer returned " + shape_str(W_.value) + ", expected " +
                     shape_str(out, in));
  }
}

Dense::Dense(const arma::mat& W, const arma::vec& b) {
  if (W.is_empty() || b.n_rows != W.n_rows) {
    throw ShapeError("Dense: W is " + shape_str(W) + " and b is " + shape_str(b) +
                     "; b must have one entry per row of W");
  }
  W_ = {"W", W, arma::mat(arma::size(W), arma::fill::zeros)};
  b_ = {"b", arma::mat(b), arma::mat(arma::size(b), arma::fill::zeros)};
}

std::string Dense::name() const {
  return "Dense(" + std::to_string(in_features()) + " -> " + std::to_string(out_features()) + ")";
}

arma::uword Dense::output_rows(arma::uword) const { return out_features(); }

arma::mat Dense::affine() const {
  arma::mat Y = W_.value * X_;  // W X
  Y.each_col() += b_.value;     // + b 1^T
  return Y;
}

arma::mat Dense::forward(const arma::mat& X) {
  check_rows(X, in_features(), name() + "::forward");
  X_ = X;  // cached for dL/dW
  return affine();
}

arma::mat Dense::forward_owned(arma::mat&& X) {
  check_rows(X, in_features(), name() + "::forward");
  // Cache X without copying it: exchange the memory of X and of the old cache (a matrix that
  // does not own its memory, e.g. a view of a larger one, is copied as in forward).
  if (X.mem_state == 0) {
    X_.swap(X);
  } else {
    X_ = X;
  }
  return affine();
}

arma::mat Dense::backward(const arma::mat& dY) {
  backward_params(dY);
  return W_.value.t() * dY;  // dL/dX = W^T dY
}

void Dense::backward_params(const arma::mat& dY) {
  check_forward_called(X_, dY, name());
  check_shape(dY, out_features(), X_.n_cols, name() + "::backward", "dY");
  W_.grad = dY * X_.t();       // dL/dW = dY X^T
  b_.grad = arma::sum(dY, 1);  // dL/db = dY 1
}

}  // namespace nn
