#include <nn/layers/activation.hpp>

#include <nn/activations/activations.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/exp.hpp>
#include <nn/core/shapes.hpp>
#include <nn/core/text.hpp>

namespace nn {

namespace {

// dY must have the shape of the cached forward input/output
void check_dY(const arma::mat& dY, const arma::mat& cached, const std::string& layer) {
  check_forward_called(cached, dY, layer);
  check_shape(dY, cached.n_rows, cached.n_cols, layer + "::backward", "dY");
}

}  // namespace

arma::mat Identity::forward(const arma::mat& X) { return X; }  // Y = X

arma::mat Identity::backward(const arma::mat& dY) { return dY; }  // dX = dY

arma::mat Step::forward(const arma::mat& X) {
  rows_ = X.n_rows;
  cols_ = X.n_cols;
  return step(X);  // Y = 1(X > 0)
}

arma::mat Step::backward(const arma::mat& dY) {
  check_shape(dY, rows_, cols_, "Step::backward", "dY");
  return arma::mat(arma::size(dY), arma::fill::zeros);  // dX = dY .* step'(X) = 0
}

arma::mat Sigmoid::forward(const arma::mat& X) {
  Y_ = sigmoid(X);  // Y = 1 / (1 + e^-X)
  return Y_;
}

arma::mat Sigmoid::backward(const arma::mat& dY) {
  check_dY(dY, Y_, name());
  // BEGIN SOLUTION
  return dY % Y_ % (1.0 - Y_);  // dX = dY .* Y .* (1 - Y)
  // END SOLUTION
}

arma::mat Tanh::forward(const arma::mat& X) {
  Y_ = tanh(X);  // Y = tanh X
  return Y_;
}

arma::mat Tanh::backward(const arma::mat& dY) {
  check_dY(dY, Y_, name());
  // BEGIN SOLUTION
  return dY % (1.0 - arma::square(Y_));  // dX = dY .* (1 - Y^2)
  // END SOLUTION
}

arma::mat ReLU::forward(const arma::mat& X) {
  X_ = X;
  return relu(X);  // Y = max(0, X)
}

arma::mat ReLU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  // BEGIN SOLUTION
  return dY % relu_derivative(X_);  // dX = dY .* 1(X > 0)
  // END SOLUTION
}

std::string LeakyReLU::name() const { return "LeakyReLU(" + compact(alpha_) + ")"; }

arma::mat LeakyReLU::forward(const arma::mat& X) {
  X_ = X;
  return leaky_relu(X, alpha_);  // Y = X or alpha X
}

arma::mat LeakyReLU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  return dY % leaky_relu_derivative(X_, alpha_);  // dX = dY .* (1 or alpha)
}

PReLU::PReLU(double alpha0, arma::uword units) {
  if (units == 0) throw ShapeError("PReLU: units must be at least 1 (1 = one shared slope)");
  alpha_ = {"alpha", arma::mat(units, 1, arma::fill::value(alpha0)),
            arma::mat(units, 1, arma::fill::zeros)};
}

std::string PReLU::name() const {
  return alpha_.value.n_rows == 1 ? "PReLU" : "PReLU(" + std::to_string(alpha_.value.n_rows) + ")";
}

arma::mat PReLU::forward(const arma::mat& X) {
  if (alpha_.value.n_rows != 1) check_rows(X, alpha_.value.n_rows, name() + "::forward");
  X_ = X;
  return prelu(X, arma::vec(alpha_.value.col(0)));  // Y = X or alpha_d X
}

arma::mat PReLU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  const arma::mat dY_min = dY % prelu_alpha_derivative(X_);  // dY .* min(X, 0)
  if (alpha_.value.n_rows == 1) {
    // dL/dalpha = sum dY .* min(X,0)
    alpha_.grad = arma::mat(1, 1, arma::fill::value(arma::accu(dY_min)));
  } else {
    alpha_.grad = arma::sum(dY_min, 1);  // dL/dalpha_d = sum_n dY_dn min(X_dn, 0)
  }
  return dY % prelu_derivative(X_, arma::vec(alpha_.value.col(0)));  // dX = dY .* (1 or alpha_d)
}

RReLU::RReLU(double lo, double hi, Rng* rng) : lo_(lo), hi_(hi), rng_(rng) {
  if (!(lo <= hi)) {
    throw ArgumentError("RReLU: the slope range [" + compact(lo) + ", " + compact(hi) +
                        "] is empty (need lo <= hi)");
  }
}

std::string RReLU::name() const { return "RReLU(" + compact(lo_) + ", " + compact(hi_) + ")"; }

arma::mat RReLU::forward(const arma::mat& X) {
  X_ = X;
  // training: alpha_dn ~ U[lo, hi]; inference: alpha = (lo + hi)/2
  A_ = rrelu_slopes(X.n_rows, X.n_cols, lo_, hi_, training(), rng_ ? *rng_ : global_rng());
  arma::mat Y = X;
  // x or alpha x
  for (arma::uword i = 0; i < X.n_elem; ++i) Y[i] = X[i] > 0.0 ? X[i] : A_[i] * X[i];
  return Y;
}

arma::mat RReLU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  arma::mat dX = dY;
  for (arma::uword i = 0; i < dY.n_elem; ++i) {
    if (!(X_[i] > 0.0)) dX[i] *= A_[i];  // dX = dY .* (1 or alpha_dn)
  }
  return dX;
}

std::string ELU::name() const { return "ELU(" + compact(alpha_) + ")"; }

arma::mat ELU::forward(const arma::mat& X) {
  X_ = X;
  return elu(X, alpha_);  // Y = X or alpha (e^X - 1)
}

arma::mat ELU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  return dY % elu_derivative(X_, alpha_);  // dX = dY .* (1 or alpha e^X)
}

arma::mat SELU::forward(const arma::mat& X) {
  X_ = X;
  return selu(X);  // Y = lambda elu(X; alpha)
}

arma::mat SELU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  return dY % selu_derivative(X_);  // dX = dY .* (lambda or lambda alpha e^X)
}

arma::mat GELU::forward(const arma::mat& X) {
  X_ = X;
  return tanh_form_ ? gelu_tanh(X) : gelu(X);  // Y = X Phi(X)
}

arma::mat GELU::backward(const arma::mat& dY) {
  check_dY(dY, X_, name());
  // dX = dY .* (Phi(X) + X phi(X))
  return dY % (tanh_form_ ? gelu_tanh_derivative(X_) : gelu_derivative(X_));
}

arma::mat Softmax::forward(const arma::mat& X) {
  S_ = softmax(X);  // S = softmax(X), column-wise
  return S_;
}

arma::mat Softmax::backward(const arma::mat& dY) {
  check_dY(dY, S_, name());
  return softmax_backward(S_, dY);  // dX = S .* (dY - 1 (1^T (dY .* S)))
}

arma::mat LogSoftmax::forward(const arma::mat& X) {
  const arma::mat Y = log_softmax(X);  // Y = X - lse(X)
  S_ = nn::exp(Y);                     // S = softmax(X)
  return Y;
}

arma::mat LogSoftmax::backward(const arma::mat& dY) {
  check_dY(dY, S_, name());
  return log_softmax_backward(S_, dY);  // dX = dY - S .* (1 (1^T dY))
}

}  // namespace nn
