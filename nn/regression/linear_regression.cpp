#include <nn/regression/linear_regression.hpp>

#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {

// X: D x m, y: 1 x m, theta: (D+1) x 1.
void check_linear(const arma::vec& theta, const arma::mat& X, const arma::rowvec* y,
                  const std::string& where) {
  if (theta.n_elem != X.n_rows + 1) {
    throw ShapeError(where + ": theta has " + std::to_string(theta.n_elem) +
                     " entries, expected D + 1 = " + std::to_string(X.n_rows + 1) + " for X of " +
                     shape_str(X) + " (features x examples)");
  }
  if (y != nullptr && y->n_elem != X.n_cols) {
    throw ShapeError(where + ": y is " + shape_str(y->n_rows, y->n_cols) + ", expected 1 x " +
                     std::to_string(X.n_cols) + " (one target per column of X, " + shape_str(X) +
                     ")");
  }
}

}  // namespace

arma::mat design_matrix(const arma::mat& X) {
  // Xd = [1 X^T]  (m x (D+1))
  return arma::join_rows(arma::ones<arma::vec>(X.n_cols), X.t());
}

arma::rowvec linear_predict(const arma::vec& theta, const arma::mat& X) {
  check_linear(theta, X, nullptr, "linear_predict");
  // h = theta_0 1^T + w^T X
  arma::rowvec h = theta.tail(X.n_rows).t() * X;
  h += theta(0);
  return h;
}

double linear_cost(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y) {
  check_linear(theta, X, &y, "linear_cost");
  check_not_empty(X, "linear_cost", "X");
  // BEGIN SOLUTION
  const double m = static_cast<double>(X.n_cols);
  const arma::rowvec e = linear_predict(theta, X) - y;  // e = h - y
  return arma::dot(e, e) / (2.0 * m);                   // J = 1/(2m) sum e^2
  // END SOLUTION
}

arma::vec linear_cost_gradient(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y) {
  check_linear(theta, X, &y, "linear_cost_gradient");
  check_not_empty(X, "linear_cost_gradient", "X");
  // BEGIN SOLUTION
  const double m = static_cast<double>(X.n_cols);
  const arma::rowvec e = linear_predict(theta, X) - y;  // e = h - y
  arma::vec grad(theta.n_elem);
  grad(0) = arma::accu(e) / m;          // dJ/dtheta_0 = 1/m sum e
  grad.tail(X.n_rows) = X * e.t() / m;  // dJ/dw = 1/m X e^T
  return grad;
  // END SOLUTION
}

arma::mat linear_cost_hessian(const arma::mat& X) {
  check_not_empty(X, "linear_cost_hessian", "X");
  const arma::mat Xd = design_matrix(X);
  return Xd.t() * Xd / static_cast<double>(X.n_cols);  // H = 1/m Xd^T Xd
}

double max_stable_learning_rate(const arma::mat& X) {
  const arma::vec lambda = arma::eig_sym(linear_cost_hessian(X));  // ascending
  return 2.0 / lambda.max();                                       // eta_max = 2 / lambda_max
}

arma::vec normal_equation(const arma::mat& X, const arma::rowvec& y, bool fit_intercept) {
  if (y.n_elem != X.n_cols) {
    throw ShapeError("normal_equation: y is " + shape_str(y.n_rows, y.n_cols) + ", expected 1 x " +
                     std::to_string(X.n_cols) + " (one target per column of X, " + shape_str(X) +
                     ")");
  }
  check_not_empty(X, "normal_equation", "X");
  const arma::mat Xd = fit_intercept ? design_matrix(X) : arma::mat(X.t());
  const arma::mat XtX = Xd.t() * Xd;     // X^T X
  const arma::vec Xty = Xd.t() * y.t();  // X^T y
  arma::vec solution;
  // theta = (X^T X)^-1 X^T y, as the system (X^T X) theta = X^T y
  const bool ok = arma::solve(solution, XtX, Xty, arma::solve_opts::no_approx);
  if (!ok || !solution.is_finite()) {
    throw DataError("normal_equation: X^T X (" + shape_str(XtX) + ") is singular: " +
                    std::to_string(X.n_cols) + " examples for " + std::to_string(XtX.n_rows) +
                    " parameters, or linearly dependent features; use gradient descent or drop a "
                    "feature");
  }
  if (fit_intercept) return solution;
  arma::vec theta(X.n_rows + 1, arma::fill::zeros);  // theta_0 = 0
  theta.tail(X.n_rows) = solution;
  return theta;
}

BatchObjective linear_regression_objective(const arma::mat& X, const arma::rowvec& y) {
  check_linear(arma::vec(X.n_rows + 1), X, &y, "linear_regression_objective");
  return [X, y](const arma::vec& theta, const arma::uvec& batch) {
    const arma::mat Xb = X.cols(batch);
    const arma::rowvec yb = y.cols(batch);
    return CostGradient{linear_cost(theta, Xb, yb), linear_cost_gradient(theta, Xb, yb)};
  };
}

GDResult fit_linear_regression(const arma::mat& X, const arma::rowvec& y, const arma::vec& theta,
                               const GDOptions& options, Rng& rng, const GDCallback& on_step) {
  check_linear(theta, X, &y, "fit_linear_regression");
  return gradient_descent(linear_regression_objective(X, y), theta, X.n_cols, options, rng,
                          on_step);
}

arma::vec theta_from_standardized(const arma::vec& theta_scaled, const arma::vec& mean,
                                  const arma::vec& sd) {
  if (mean.n_elem + 1 != theta_scaled.n_elem || sd.n_elem != mean.n_elem) {
    throw ShapeError("theta_from_standardized: theta has " + std::to_string(theta_scaled.n_elem) +
                     " entries, mean " + std::to_string(mean.n_elem) + " and sd " +
                     std::to_string(sd.n_elem) + "; expected D + 1, D and D");
  }
  arma::vec theta(theta_scaled.n_elem);
  const arma::vec w = theta_scaled.tail(mean.n_elem) / sd;  // theta_j = theta'_j / s_j
  theta.tail(mean.n_elem) = w;
  theta(0) = theta_scaled(0) - arma::dot(w, mean);  // theta_0 = theta'_0 - sum theta_j mu_j
  return theta;
}

}  // namespace nn
