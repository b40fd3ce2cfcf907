#include <nn/losses/cross_entropy.hpp>

#include <algorithm>
#include <cmath>

#include <nn/activations/softmax.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/losses/reduction.hpp>

namespace nn {

namespace {

// one-hot K x N targets from labels, after checking one label per column, each < K
arma::mat targets_from_labels(const arma::mat& Z, const arma::uvec& labels,
                              const std::string& where) {
  check_not_empty(Z, where, "the scores");
  if (labels.n_elem != Z.n_cols) {
    throw ShapeError(where + ": the scores are " + shape_str(Z) +
                     " (classes x examples) but there are " + std::to_string(labels.n_elem) +
                     " labels; expected one label per column");
  }
  if (!Z.is_finite()) {
    throw DataError(where + ": the scores (" + shape_str(Z) + ") contain NaN or inf");
  }
  arma::mat T(Z.n_rows, Z.n_cols, arma::fill::zeros);
  for (arma::uword n = 0; n < labels.n_elem; ++n) {
    if (labels[n] >= Z.n_rows) {
      throw DataError(where + ": label " + std::to_string(labels[n]) + " of example " +
                      std::to_string(n) + " is out of range for " + std::to_string(Z.n_rows) +
                      " classes (labels must be 0.." + std::to_string(Z.n_rows - 1) + ")");
    }
    T(labels[n], n) = 1.0;  // t_n = onehot(c_n)
  }
  return T;
}

}  // namespace

double categorical_cross_entropy(const arma::mat& P, const arma::mat& T, double eps,
                                 Reduction reduction) {
  check_loss_inputs(P, T, "nn::categorical_cross_entropy", "P", "T");
  check_clip_eps(eps, "nn::categorical_cross_entropy");
  // l_n = -sum_k t_kn ln p~_kn with p~ = clip(p, eps, 1 - eps). Terms with t_kn = 0 are 0 (P is
  // finite), so only the nonzero targets need a logarithm: one per column for one-hot targets.
  arma::rowvec l(P.n_cols, arma::fill::zeros);
  for (arma::uword n = 0; n < P.n_cols; ++n) {
    for (arma::uword k = 0; k < P.n_rows; ++k) {
      const double t = T(k, n);
      if (t != 0.0) l(n) -= t * std::log(std::clamp(P(k, n), eps, 1.0 - eps));
    }
  }
  return check_finite_loss(reduce(l, reduction), "nn::categorical_cross_entropy");
}

arma::mat categorical_cross_entropy_gradient(const arma::mat& P, const arma::mat& T, double eps,
                                             Reduction reduction) {
  check_loss_inputs(P, T, "nn::categorical_cross_entropy_gradient", "P", "T");
  check_clip_eps(eps, "nn::categorical_cross_entropy_gradient");
  const arma::mat Pc = arma::clamp(P, eps, 1.0 - eps);      // p~ = clip(p, eps, 1 - eps)
  return -reduction_scale(P.n_cols, reduction) * (T / Pc);  // dL/dP = -T ./ p~ / N
}

double softmax_cross_entropy(const arma::mat& Z, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(Z, T, "nn::softmax_cross_entropy", "Z", "T");
  // l_n = -sum_k t_kn ln softmax(z_n)_k = (sum_k t_kn) lse(z_n) - sum_k t_kn z_kn
  const arma::rowvec l = -arma::sum(T % log_softmax(Z), 0);
  return check_finite_loss(reduce(l, reduction), "nn::softmax_cross_entropy");
}

double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels, Reduction reduction) {
  return softmax_cross_entropy(Z, targets_from_labels(Z, labels, "nn::softmax_cross_entropy"),
                               reduction);
}

arma::mat softmax_cross_entropy_gradient(const arma::mat& Z, const arma::mat& T,
                                         Reduction reduction) {
  check_loss_inputs(Z, T, "nn::softmax_cross_entropy_gradient", "Z", "T");
  // BEGIN SOLUTION
  arma::mat G = softmax(Z);                               // P = softmax(Z)
  G.each_row() %= arma::sum(T, 0);                        // P .* 1 (1^T T)  (= P for one-hot T)
  return reduction_scale(Z.n_cols, reduction) * (G - T);  // dL/dZ = (P - T) / N
  // END SOLUTION
}

arma::mat softmax_cross_entropy_gradient(const arma::mat& Z, const arma::uvec& labels,
                                         Reduction reduction) {
  return softmax_cross_entropy_gradient(
      Z, targets_from_labels(Z, labels, "nn::softmax_cross_entropy_gradient"), reduction);
}

double nll(const arma::mat& logP, const arma::uvec& labels, Reduction reduction) {
  return nll(logP, targets_from_labels(logP, labels, "nn::nll"), reduction);
}

double nll(const arma::mat& logP, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(logP, T, "nn::nll", "logP", "T");
  const arma::rowvec l = -arma::sum(T % logP, 0);  // l_n = -sum_k t_kn ln p_kn = -ln p_{c_n n}
  return check_finite_loss(reduce(l, reduction), "nn::nll");
}

arma::mat nll_gradient(const arma::mat& logP, const arma::uvec& labels, Reduction reduction) {
  return nll_gradient(logP, targets_from_labels(logP, labels, "nn::nll_gradient"), reduction);
}

arma::mat nll_gradient(const arma::mat& logP, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(logP, T, "nn::nll_gradient", "logP", "T");
  return -reduction_scale(logP.n_cols, reduction) * T;  // dL/d(ln P) = -T / N
}

CategoricalCrossEntropy::CategoricalCrossEntropy(Reduction reduction, double eps)
    : reduction_(reduction), eps_(eps) {
  check_clip_eps(eps, "CategoricalCrossEntropy");
}

double CategoricalCrossEntropy::forward(const arma::mat& P, const arma::mat& T) {
  const double L = categorical_cross_entropy(P, T, eps_, reduction_);
  P_ = P;
  T_ = T;
  return L;
}

arma::mat CategoricalCrossEntropy::backward() {
  if (P_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return categorical_cross_entropy_gradient(P_, T_, eps_, reduction_);
}

std::string CategoricalCrossEntropy::name() const {
  return "CategoricalCrossEntropy(" + reduction_name(reduction_) + ")";
}

double SoftmaxCrossEntropy::forward(const arma::mat& Z, const arma::mat& T) {
  const double L = softmax_cross_entropy(Z, T, reduction_);
  Z_ = Z;
  T_ = T;
  return L;
}

arma::mat SoftmaxCrossEntropy::backward() {
  if (Z_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return softmax_cross_entropy_gradient(Z_, T_, reduction_);
}

std::string SoftmaxCrossEntropy::name() const {
  return "SoftmaxCrossEntropy(" + reduction_name(reduction_) + ")";
}

double NLLLoss::forward(const arma::mat& logP, const arma::mat& T) {
  const double L = nll(logP, T, reduction_);
  logP_ = logP;
  T_ = T;
  return L;
}

arma::mat NLLLoss::backward() {
  if (T_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return nll_gradient(logP_, T_, reduction_);
}

std::string NLLLoss::name() const { return "NLLLoss(" + reduction_name(reduction_) + ")"; }

}  // namespace nn
