#include <nn/layers/dense.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {
arma::fmat to_float(const arma::mat& A) { return arma::conv_to<arma::fmat>::from(A); }
arma::mat to_double(const arma::fmat& A) { return arma::conv_to<arma::mat>::from(A); }
}  // namespace

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
  return "Dense(" + std::to_string(in_features()) + " -> " + std::to_string(out_features()) +
         (compute_ == Precision::Float32 ? ", float32)" : ")");
}

arma::uword Dense::output_rows(arma::uword) const { return out_features(); }

arma::mat Dense::affine() {
  arma::mat Y = compute_ == Precision::Float32 ? product32() : W_.value * X_;  // W X
  Y.each_col() += b_.value;                                                    // + b 1^T
  return Y;
}

// Mixed precision: W X in float32 on float(W), made once per forward, and the cached float(X);
// the result goes back to double for the bias and everything after.
arma::mat Dense::product32() {
  W32_ = to_float(W_.value);
  return to_double(W32_ * X32_);
}

arma::mat Dense::forward(const arma::mat& X) {
  check_rows(X, in_features(), name() + "::forward");
  if (compute_ == Precision::Float32) {
    X32_ = to_float(X);  // cached (in float32) for dL/dW
  } else {
    X_ = X;  // cached for dL/dW
  }
  return affine();
}

arma::mat Dense::forward_owned(arma::mat&& X) {
  check_rows(X, in_features(), name() + "::forward");
  if (compute_ == Precision::Float32) return forward(X);
  // Cache X without copying it: exchange the memory of X and of the old cache (a matrix that
  // does not own its memory, e.g. a view of a larger one, is copied as in forward).
  if (X.mem_state == 0) {
    X_.swap(X);
  } else {
    X_ = X;
  }
  return affine();
}

arma::mat Dense::forward_float32(arma::fmat&& X) {
  check_rows(X, in_features(), name() + "::forward");
  if (compute_ == Precision::Float64) return forward(to_double(X));
  if (X.mem_state == 0) {
    X32_.swap(X);  // cached without a copy, as in forward_owned
  } else {
    X32_ = X;
  }
  return affine();
}

arma::mat Dense::backward(const arma::mat& dY) {
  backward_params(dY);
  if (compute_ == Precision::Float32) {  // W^T dY in float32
    return to_double(W32_.t() * to_float(dY));
  }
  return W_.value.t() * dY;  // dL/dX = W^T dY
}

void Dense::backward_params(const arma::mat& dY) {
  if (compute_ == Precision::Float32) {
    check_forward_called(X32_, dY, name());
    check_shape(dY, out_features(), X32_.n_cols, name() + "::backward", "dY");
    W_.grad = to_double(to_float(dY) * X32_.t());  // dL/dW = dY X^T in float32
  } else {
    check_forward_called(X_, dY, name());
    check_shape(dY, out_features(), X_.n_cols, name() + "::backward", "dY");
    W_.grad = dY * X_.t();  // dL/dW = dY X^T
  }
  b_.grad = arma::sum(dY, 1);  // dL/db = dY 1
}

}  // namespace nn
