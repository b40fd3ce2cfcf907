#include <nn/regression/logistic_regression.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include <nn/activations/sigmoid.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/losses/binary_cross_entropy.hpp>

namespace nn {

namespace {

void check_logistic(const arma::vec& theta, const arma::mat& X, const arma::rowvec* y,
                    const std::string& where) {
  if (theta.n_elem != X.n_rows + 1) {
    throw ShapeError(where + ": theta has " + std::to_string(theta.n_elem) +
                     " entries, expected D + 1 = " + std::to_string(X.n_rows + 1) + " for X of " +
                     shape_str(X) + " (features x examples)");
  }
  if (y == nullptr) return;
  if (y->n_elem != X.n_cols) {
    throw ShapeError(where + ": y is " + shape_str(y->n_rows, y->n_cols) + ", expected 1 x " +
                     std::to_string(X.n_cols) + " (one label per column of X, " + shape_str(X) +
                     ")");
  }
  for (arma::uword i = 0; i < y->n_elem; ++i) {
    const double v = (*y)(i);
    if (v != 0.0 && v != 1.0) {
      throw DataError(where + ": label y(" + std::to_string(i) + ") = " + std::to_string(v) +
                      ", expected 0 or 1");
    }
  }
}

}  // namespace

arma::rowvec logistic_logit(const arma::vec& theta, const arma::mat& X) {
  check_logistic(theta, X, nullptr, "logistic_logit");
  // z = b 1^T + w^T X
  arma::rowvec z = theta.tail(X.n_rows).t() * X;
  z += theta(0);
  return z;
}

arma::rowvec logistic_predict_proba(const arma::vec& theta, const arma::mat& X) {
  return arma::rowvec(nn::sigmoid(arma::mat(logistic_logit(theta, X))));  // p = sigma(z)
}

arma::uvec logistic_predict(const arma::vec& theta, const arma::mat& X, double threshold) {
  if (!(threshold > 0.0 && threshold < 1.0)) {
    throw std::invalid_argument("logistic_predict: threshold must be in (0, 1), got " +
                                std::to_string(threshold));
  }
  const arma::rowvec z = logistic_logit(theta, X);
  arma::uvec labels(z.n_elem);
  for (arma::uword i = 0; i < z.n_elem; ++i) {
    // p >= 0.5 <=> z >= 0; otherwise compare sigma(z) with the threshold
    labels(i) = (threshold == 0.5) ? (z(i) >= 0.0) : (nn::sigmoid(z(i)) >= threshold);
  }
  return labels;
}

double logistic_cost(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y) {
  check_logistic(theta, X, &y, "logistic_cost");
  check_not_empty(X, "logistic_cost", "X");
  // J = -1/m sum [y ln p + (1 - y) ln(1 - p)]
  return nn::binary_cross_entropy(arma::mat(logistic_predict_proba(theta, X)), arma::mat(y));
}

arma::vec logistic_cost_gradient(const arma::vec& theta, const arma::mat& X,
                                 const arma::rowvec& y) {
  check_logistic(theta, X, &y, "logistic_cost_gradient");
  check_not_empty(X, "logistic_cost_gradient", "X");
  // BEGIN SOLUTION
  const double m = static_cast<double>(X.n_cols);
  const arma::rowvec dz = (logistic_predict_proba(theta, X) - y) / m;  // dJ/dz = (p - y)/m
  arma::vec grad(theta.n_elem);
  grad(0) = arma::accu(dz);          // dJ/db = sum dJ/dz
  grad.tail(X.n_rows) = X * dz.t();  // dJ/dw = X dz^T
  return grad;
  // END SOLUTION
}

BatchObjective logistic_regression_objective(const arma::mat& X, const arma::rowvec& y) {
  check_logistic(arma::vec(X.n_rows + 1), X, &y, "logistic_regression_objective");
  return [X, y](const arma::vec& theta, const arma::uvec& batch) {
    const arma::mat Xb = X.cols(batch);
    const arma::rowvec yb = y.cols(batch);
    return CostGradient{logistic_cost(theta, Xb, yb), logistic_cost_gradient(theta, Xb, yb)};
  };
}

GDResult fit_logistic_regression(const arma::mat& X, const arma::rowvec& y, const arma::vec& theta,
                                 const GDOptions& options, Rng& rng, const GDCallback& on_step) {
  check_logistic(theta, X, &y, "fit_logistic_regression");
  return gradient_descent(logistic_regression_objective(X, y), theta, X.n_cols, options, rng,
                          on_step);
}

double bce_dphi(double phi, double y) {
  if (!(phi > 0.0 && phi < 1.0)) {
    throw std::invalid_argument("bce_dphi: phi must be in (0, 1), got " + std::to_string(phi));
  }
  // BEGIN SOLUTION
  // dL/dphi = -y/phi + (1-y)/(1-phi) = (phi-y)/(phi(1-phi))
  return (phi - y) / (phi * (1.0 - phi));
  // END SOLUTION
}

LogisticChain logistic_chain(double z, double y) {
  LogisticChain c;
  c.z = z;
  c.phi = nn::sigmoid(z);                               // phi = sigma(z)
  c.loss = nn::binary_cross_entropy_from_logits(z, y);  // L = ln(1 + e^z) - y z
  c.dL_dphi = bce_dphi(c.phi, y);                       // dL/dphi = (phi - y)/(phi(1 - phi))
  c.dphi_dz = nn::sigmoid_derivative(z);                // dphi/dz = phi(1 - phi)
  c.dL_dz = c.dL_dphi * c.dphi_dz;                      // dL/dz = dL/dphi dphi/dz
  return c;
}

arma::vec decision_boundary_x2(const arma::vec& theta, const arma::vec& x1) {
  if (theta.n_elem != 3) {
    throw ShapeError("decision_boundary_x2: theta has " + std::to_string(theta.n_elem) +
                     " entries, expected 3 (b, w1, w2) for two features");
  }
  if (theta(2) == 0.0) {
    throw std::domain_error("decision_boundary_x2: w2 = 0, the boundary x1 = -b/w1 is vertical");
  }
  return -(theta(0) + theta(1) * x1) / theta(2);  // b + w1 x1 + w2 x2 = 0
}

}  // namespace nn
