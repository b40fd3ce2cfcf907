#include <nn/layers/dropout.hpp>

#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {

void check_rate(double p, const std::string& who) {
  if (!(p >= 0.0 && p < 1.0)) {
    throw ArgumentError(who + ": drop rate p must be in [0, 1), got " + std::to_string(p));
  }
}

}  // namespace

arma::mat dropout_with_mask(const arma::mat& X, const arma::mat& mask, double p) {
  check_rate(p, "dropout_with_mask");
  check_same_shape(X, mask, "dropout_with_mask", "X", "mask");
  // BEGIN SOLUTION
  return X % mask / (1.0 - p);  // x' = x m / (1 - p): 0 w.p. p, x / (1 - p) otherwise
  // END SOLUTION
}

Dropout::Dropout(double p) : p_(p) { check_rate(p, "Dropout"); }

std::string Dropout::name() const {
  std::ostringstream s;
  s << "Dropout(" << p_ << ")";
  return s.str();
}

void Dropout::fix_mask(const arma::mat& mask) {
  if (arma::any(arma::vectorise((mask != 0.0) % (mask != 1.0)))) {
    throw ArgumentError(name() + "::fix_mask: every mask entry must be 0 or 1");
  }
  mask_ = mask;
  fixed_ = true;
}

arma::mat Dropout::forward(const arma::mat& X) {
  cached_training_ = training_;
  if (!training_) return X;  // inference: h' = h
  if (fixed_) {
    check_same_shape(X, mask_, name() + "::forward", "X", "fixed mask");
  } else {
    mask_ = global_rng().bernoulli(X.n_rows, X.n_cols, 1.0 - p_);  // M_ij ~ Bernoulli(1 - p)
  }
  return dropout_with_mask(X, mask_, p_);  // Y = X .* M / (1 - p)
}

arma::mat Dropout::backward(const arma::mat& dY) {
  if (!cached_training_) return dY;  // dX = dY (identity)
  check_forward_called(mask_, dY, name());
  check_same_shape(dY, mask_, name() + "::backward", "dY", "mask");
  // BEGIN SOLUTION (companion of exercise dropout_with_mask: the starter calls it here)
  return dY % mask_ / (1.0 - p_);  // dX = dY .* M / (1 - p)
  // END SOLUTION
}

}  // namespace nn
