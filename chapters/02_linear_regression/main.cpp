// Chapter 02: linear regression as a one-neuron network with identity output. Reads top to bottom
// like README.md: the cost table J(theta1) of the lecture's three points, SSE / MSE / J, the normal
// equation, the sign of the gradient, batch gradient descent on two parameters, then a larger data
// set for batch / mini-batch / stochastic gradient descent, the learning rate (too small, good,
// divergent) and feature scaling.
#include <algorithm>
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/split.hpp>
#include <nn/losses/mse.hpp>
#include <nn/plot/plot.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/linear_regression.hpp>

namespace {

using nn::fmt;
using nn::heading;
using nn::sci;

// The lecture's three points: one feature, three examples (columns), X = Y = (1, 2, 3).
const arma::mat kX3{{1.0, 2.0, 3.0}};
const arma::rowvec kY3{1.0, 2.0, 3.0};

// The costs up to the first non-finite one (a diverged run ends in inf), as a column.
arma::vec to_vec(const std::vector<double>& v) {
  std::size_t n = 0;
  while (n < v.size() && std::isfinite(v[n])) ++n;
  return arma::vec(std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n)));
}

// 0, 1, ..., n - 1 as abscissae (epochs, steps).
arma::vec counting(arma::uword n) {
  return arma::regspace<arma::vec>(0, static_cast<double>(n) - 1);
}

// Exercise 1: the largest learning rate for which gradient descent on J(theta1) (theta0 = 0)
// converges: J is the parabola J'' (theta1 - theta1*)^2 / 2, each step multiplies the distance to
// the minimum by (1 - lambda J''), so lambda < 2 / J'' with J''(theta1) = (1/m) sum x_i^2.
double max_stable_lambda_1d(const arma::mat& X) {
  // BEGIN SOLUTION
  // J'' = 1/m sum x^2
  const double curvature = arma::accu(arma::square(X)) / static_cast<double>(X.n_cols);
  return 2.0 / curvature;  // lambda < 2 / J''
  // END SOLUTION
}

// Exercise 2: the number of full-data epochs after which J stays within `tol` of its minimum
// J_min (cost[e] is J after epoch e), or -1 if it never gets there.
int epochs_to_reach(const std::vector<double>& cost, double J_min, double tol) {
  // BEGIN SOLUTION
  for (std::size_t e = 0; e < cost.size(); ++e) {
    if (cost[e] - J_min <= tol) return static_cast<int>(e);
  }
  return -1;
  // END SOLUTION
}

// ---------------------------------------------------------------------------------------------
// 2.1 The cost table J(theta1) of the lecture's three points, and its curve.
void cost_table(const nn::plot::Target& target) {
  heading("Example 2.1  The cost table J(theta1), theta0 = 0, X = Y = (1, 2, 3)  [L1-23]");
  std::cout << "h(X | theta1 = 1) = " << fmt(nn::linear_predict(arma::vec{0.0, 1.0}, kX3), 4, "()")
            << "   h(X | theta1 = 2) = "
            << fmt(nn::linear_predict(arma::vec{0.0, 2.0}, kX3), 4, "()") << "\n";
  const double lecture_table[] = {9.33, 2.33, 0.0, 2.33, 9.33};
  for (int k = 0; k < 5; ++k) {
    const double theta1 = -1.0 + k;
    std::cout << "Example 2.1  J(theta1 = " << fmt(theta1, 0)
              << ") = " << fmt(nn::linear_cost(arma::vec{0.0, theta1}, kX3, kY3)) << "   (lecture "
              << fmt(lecture_table[k], 2) << ")\n";
  }
  std::cout << "Example 2.1  J(theta1 = 4) = "
            << fmt(nn::linear_cost(arma::vec{0.0, 4.0}, kX3, kY3))
            << "   (the start of Example 2.4)\n";

  const arma::vec t1 = arma::linspace(-1.5, 3.5, 101);
  arma::vec J(t1.n_elem);
  for (arma::uword i = 0; i < t1.n_elem; ++i)
    J(i) = nn::linear_cost(arma::vec{0.0, t1(i)}, kX3, kY3);
  const arma::vec table_t{-1, 0, 1, 2, 3};
  arma::vec table_J(5);
  for (arma::uword i = 0; i < 5; ++i)
    table_J(i) = nn::linear_cost(arma::vec{0.0, table_t(i)}, kX3, kY3);
  nn::plot::lines(target, "cost_curve.png", "J(theta1) for X = Y = (1, 2, 3), theta0 = 0", "theta1",
                  "J(theta1)",
                  {{"J(theta1) = (7/3)(theta1 - 1)^2", t1, J, "lines"},
                   {"the lecture's table", table_t, table_J, "points"}});
}

// ---------------------------------------------------------------------------------------------
// 2.2 SSE, MSE and J.
void sse_mse_cost() {
  heading("Example 2.2  SSE, MSE and J at theta = (0, 2)  [L1-02]");
  const arma::rowvec h = nn::linear_predict(arma::vec{0.0, 2.0}, kX3);
  std::cout << "Example 2.2  SSE = sum (h - y)^2 = " << fmt(nn::sse(h, kY3))
            << "   MSE = SSE / m = " << fmt(nn::mse(h, kY3))
            << "   J = SSE / (2m) = " << fmt(nn::linear_cost(arma::vec{0.0, 2.0}, kX3, kY3))
            << "\n";
}

// ---------------------------------------------------------------------------------------------
// 2.3 The normal equation.
void normal_equation_example() {
  heading("Example 2.3  The normal equation theta = (X^T X)^-1 X^T y  [L1-24]");
  const arma::mat Xd = nn::design_matrix(kX3);
  const arma::mat XtX = Xd.t() * Xd;
  const arma::vec Xty = Xd.t() * kY3.t();
  std::cout << "Example 2.3  X^T X = [" << fmt(XtX.row(0), 0, "()") << ", "
            << fmt(XtX.row(1), 0, "()") << "]   X^T y = " << fmt(Xty, 0, "()")
            << "   det(X^T X) = " << fmt(arma::det(XtX)) << "\n";
  const arma::vec theta = nn::normal_equation(kX3, kY3);
  std::cout << "Example 2.3  theta = (theta0, theta1) = " << fmt(theta, 4, "()") << "\n";
  std::cout << "Example 2.3  without intercept: theta1 = 14 / 14 = "
            << fmt(nn::normal_equation(kX3, kY3, false)(1)) << "\n";
  const arma::mat X30 = 10.0 * kX3;
  const arma::vec theta10 = nn::normal_equation(X30, kY3);
  std::cout << "Example 2.3  x scaled by 10: theta = " << fmt(theta10, 4, "()") << ", predictions "
            << fmt(nn::linear_predict(theta10, X30), 4, "()") << " (unchanged)\n";
}

// ---------------------------------------------------------------------------------------------
// 2.4 The sign of the gradient, one step, and the lecture's "Effect of learning rate" figures:
// 10 steps from theta1 = 4 on J(theta1).
void gradient_sign(const nn::plot::Target& target) {
  heading("Example 2.4  The sign of dJ/dtheta1 = (1/m) sum (theta1 x - y) x  [L1-25]");
  for (double t1 : {0.0, 1.0, 2.0, 4.0}) {
    const double g = nn::linear_cost_gradient(arma::vec{0.0, t1}, kX3, kY3)(1);
    const char* advice = g > 0   ? "positive: decrease theta1"
                         : g < 0 ? "negative: increase theta1"
                                 : "zero: the minimum";
    std::cout << "Example 2.4  dJ/dtheta1 at theta1 = " << fmt(t1, 0) << ": " << fmt(g) << "  ("
              << advice << ")\n";
  }
  nn::Rng unused(0);
  const nn::GDResult one = nn::fit_linear_regression(
      kX3, kY3, arma::vec{0.0, 4.0},
      {.lr = 0.01, .epochs = 1, .batch_size = 0, .shuffle = false, .fit_intercept = false}, unused);
  std::cout << "Example 2.4  one step from theta1 = 4 with lambda = 0.01: theta1 = 4 - 0.01 * 14 = "
            << fmt(one.theta(1)) << "\n";

  const double eta_max = max_stable_lambda_1d(kX3);  // 2 / J''(theta1), J'' = 14/3
  std::cout
      << "Example 2.4  J''(theta1) = 14/3, so gradient descent converges for lambda < 2 / (14/3) = "
      << fmt(eta_max) << "\n";
  std::vector<nn::plot::Series> series;
  const arma::vec t1 = arma::linspace(-8.0, 10.0, 181);
  arma::vec J(t1.n_elem);
  for (arma::uword i = 0; i < t1.n_elem; ++i)
    J(i) = nn::linear_cost(arma::vec{0.0, t1(i)}, kX3, kY3);
  series.push_back({"J(theta1)", t1, J, "lines"});
  for (double lambda : {0.01, 0.2, 0.45}) {
    nn::Rng unused_too(0);
    const nn::GDResult r = nn::fit_linear_regression(
        kX3, kY3, arma::vec{0.0, 4.0},
        {.lr = lambda, .epochs = 10, .batch_size = 0, .shuffle = false, .fit_intercept = false},
        unused_too);
    const arma::vec path = r.path.row(1).t();
    std::cout << "Example 2.4  lambda = " << fmt(lambda, 2)
              << ": theta1 after 10 steps = " << fmt(r.theta(1)) << ", J = " << fmt(r.cost.back())
              << "\n";
    series.push_back({"lambda = " + fmt(lambda, 2), path, to_vec(r.cost), "linespoints"});
  }
  nn::plot::lines(target, "learning_rate_steps.png",
                  "10 gradient steps from theta1 = 4: too small, good, too large", "theta1",
                  "J(theta1)", series);
}

// ---------------------------------------------------------------------------------------------
// 2.5 Batch gradient descent on (theta0, theta1), epoch by epoch.
void batch_descent_by_hand() {
  heading(
      "Example 2.5  Batch gradient descent on (theta0, theta1), lambda = 0.01, from (0, 0)  "
      "[L1-26]");
  nn::Rng unused(0);
  std::vector<arma::vec> grads;
  const nn::GDResult r = nn::fit_linear_regression(
      kX3, kY3, arma::vec{0.0, 0.0}, {.lr = 0.01, .epochs = 3, .batch_size = 0}, unused,
      [&](const nn::GDStep& s) { grads.push_back(s.grad); });
  grads.push_back(nn::linear_cost_gradient(r.theta, kX3, kY3));
  for (arma::uword e = 0; e <= r.steps; ++e) {
    std::cout << "Example 2.5  epoch " << e << ": theta = " << fmt(r.path.col(e), 8, "()")
              << "  J = " << fmt(r.cost[e], 8) << "  grad = " << fmt(grads[e], 8, "()") << "\n";
  }
}

// The larger data set of Examples 2.6-2.8 and its exact fit.
struct Synthetic {
  arma::mat X;
  arma::rowvec y;
  arma::vec theta_star;  // the normal equation's theta
  double J_star;         // J(theta_star)
};

// m points from y = 4 + 3x + noise, x uniform in [0, 2] (Geron's example, which deck 1 cites).
Synthetic synthetic_data(arma::uword m) {
  nn::Rng& rng = nn::global_rng();
  const arma::mat X = rng.randu(1, m, 0.0, 2.0);
  const arma::rowvec y = 4.0 + 3.0 * X + rng.randn(1, m);
  const arma::vec theta_star = nn::normal_equation(X, y);
  return {X, y, theta_star, nn::linear_cost(theta_star, X, y)};
}

// The flags of Example 2.6.
struct DescentFlags {
  double lr;
  int epochs;
  arma::uword batch_size;
};

// ---------------------------------------------------------------------------------------------
// 2.6 Batch, mini-batch and stochastic gradient descent on the larger data set.
void three_descents(const nn::plot::Target& target, const Synthetic& data,
                    const DescentFlags& flags, std::uint64_t seed) {
  heading("Example 2.6  Batch, mini-batch and stochastic gradient descent on a larger data set");
  const arma::mat& X = data.X;
  const arma::rowvec& y = data.y;
  std::cout << "Example 2.6  data: m = " << X.n_cols << ", y = 4 + 3x + N(0, 1), x ~ U[0, 2], seed "
            << seed << "\n";
  std::cout << "Example 2.6  normal equation: theta* = " << fmt(data.theta_star, 4, "()")
            << ", J(theta*) = " << fmt(data.J_star) << "\n";
  std::cout << "Example 2.6  lr = " << fmt(flags.lr, 3) << ", " << flags.epochs
            << " epochs, from theta = (0, 0)\n";

  struct Variant {
    std::string name;
    arma::uword batch;
    nn::GDResult result;
  };
  std::vector<Variant> variants{
      {"batch", 0, {}},
      {"mini-batch (B = " + std::to_string(flags.batch_size) + ")", flags.batch_size, {}},
      {"stochastic (B = 1)", 1, {}}};
  for (Variant& v : variants) {
    v.result = nn::fit_linear_regression(
        X, y, arma::vec{0.0, 0.0}, {.lr = flags.lr, .epochs = flags.epochs, .batch_size = v.batch},
        nn::global_rng());
    if (v.result.diverged || !v.result.theta.is_finite()) {
      throw nn::DataError(
          "Example 2.6: " + v.name + " gradient descent diverged with --lr " + fmt(flags.lr, 3) +
          " (the cost became infinite after " + std::to_string(v.result.cost.size() - 1) +
          " epochs); batch gradient descent is stable only for lr < 2 / lambda_max = " +
          fmt(nn::max_stable_learning_rate(X)) + ": try a smaller --lr");
    }
    const double updates = static_cast<double>(v.result.steps) / flags.epochs;
    std::cout << "Example 2.6  " << v.name << ": updates per epoch = " << fmt(updates, 0)
              << ", theta = " << fmt(v.result.theta, 4, "()")
              << ", J = " << fmt(v.result.cost.back())
              << ", |theta - theta*| = " << fmt(arma::norm(v.result.theta - data.theta_star))
              << "\n";
  }
  std::vector<nn::plot::Series> curves, paths;
  for (const Variant& v : variants) {
    const arma::vec excess =
        arma::clamp(to_vec(v.result.cost) - data.J_star, 1e-16, arma::datum::inf);
    curves.push_back({v.name, counting(excess.n_elem), excess, "lines"});
    // the first 300 updates at most, so the stochastic path stays readable
    const arma::uword last = std::min<arma::uword>(v.result.steps, 300);
    paths.push_back({v.name, v.result.path.submat(0, 0, 0, last).t(),
                     v.result.path.submat(1, 0, 1, last).t(),
                     v.batch == 0 ? "linespoints" : "lines"});
  }
  nn::plot::lines(target, "loss_per_epoch.png", "J(theta) - J(theta*) per epoch", "epoch", "J - J*",
                  curves, {.log_y = true});
  paths.push_back({"theta* (normal equation)", arma::vec{data.theta_star(0)},
                   arma::vec{data.theta_star(1)}, "points"});
  nn::plot::contour(target, "contour_paths.png",
                    "J(theta0, theta1) and the first 300 updates of batch, mini-batch and SGD",
                    [&](double t0, double t1) {
                      return nn::linear_cost(arma::vec{t0, t1}, X, y);
                    },
                    {-0.5, 6.0}, {-0.5, 6.0}, paths,
                    {.levels = 12,
                     .log_levels = true,
                     .resolution = 100,
                     .fill = false,
                     .xlabel = "theta0",
                     .ylabel = "theta1"});
}

// ---------------------------------------------------------------------------------------------
// 2.7 The learning rate: too small, good, divergent.
void learning_rates(const nn::plot::Target& target, const Synthetic& data, int epochs) {
  heading("Example 2.7  The learning rate: too small, good, divergent (batch GD)");
  const arma::vec lambda = arma::eig_sym(nn::linear_cost_hessian(data.X));
  const double eta_max = nn::max_stable_learning_rate(data.X);
  std::cout << "Example 2.7  Hessian H = (1/m) X^T X has eigenvalues " << fmt(lambda, 4, "()")
            << "; eta_max = 2 / lambda_max = " << fmt(eta_max) << "\n";
  std::vector<nn::plot::Series> curves;
  for (double eta : {0.02, 0.5, 1.0}) {
    const nn::GDResult r = nn::fit_linear_regression(
        data.X, data.y, arma::vec{0.0, 0.0}, {.lr = eta, .epochs = epochs}, nn::global_rng());
    const char* verdict = eta >= eta_max
                              ? "diverges"
                              : (r.cost.back() - data.J_star < 1e-3 ? "converged" : "too slow");
    std::cout << "Example 2.7  eta = " << fmt(eta, 2) << ": J after " << epochs
              << " epochs = " << (r.cost.back() < 1e3 ? fmt(r.cost.back()) : sci(r.cost.back()))
              << "  (" << verdict << ")\n";
    const arma::vec J = to_vec(r.cost);
    curves.push_back({"eta = " + fmt(eta, 2), counting(J.n_elem), J, "lines"});
  }
  nn::plot::lines(target, "learning_rates.png", "J(theta) per epoch for three learning rates",
                  "epoch", "J(theta)", curves, {.log_y = true});
}

// ---------------------------------------------------------------------------------------------
// 2.8 Feature scaling: the same x in centimetres vs standardized.
void feature_scaling(const nn::plot::Target& target, const Synthetic& data) {
  heading("Example 2.8  Feature scaling: the same x in centimetres (x * 100) vs standardized");
  const arma::rowvec& y = data.y;
  const arma::mat Xcm = 100.0 * data.X;
  const nn::Standardizer scaler = nn::standardize(Xcm);  // mu and s of x * 100
  const arma::mat Xs = scaler.apply(Xcm);                // x' = (x - mu) / s
  const int long_run = 1000;
  const std::pair<std::string, const arma::mat*> versions[] = {{"unscaled x * 100", &Xcm},
                                                               {"standardized", &Xs}};
  std::vector<nn::plot::Series> curves, paths[2];
  for (const auto& [name, Xv] : versions) {
    const arma::vec lambda = arma::eig_sym(nn::linear_cost_hessian(*Xv));
    const double eta = 0.5 * nn::max_stable_learning_rate(*Xv);  // half the largest stable rate
    const nn::GDResult r = nn::fit_linear_regression(
        *Xv, y, arma::vec{0.0, 0.0}, {.lr = eta, .epochs = long_run}, nn::global_rng());
    const int reach = epochs_to_reach(r.cost, data.J_star, 1e-3);
    arma::vec theta = r.theta;
    if (Xv == &Xs) theta = nn::theta_from_standardized(r.theta, scaler.mean, scaler.sd);
    std::cout << "Example 2.8  " << name << ": condition number lambda_max / lambda_min = "
              << fmt(lambda.max() / lambda.min(), 1) << ", eta = eta_max / 2 = " << sci(eta)
              << "\n";
    std::cout << "Example 2.8  " << name << ": J within 1e-3 of J* after "
              << (reach < 0 ? "more than " + std::to_string(long_run) : std::to_string(reach))
              << " epoch(s); after " << long_run
              << " epochs theta (per cm) = " << fmt(theta, 6, "()") << "\n";
    // J - J*, floored at 1e-16 for the log axis (round-off can make it 0 or slightly negative)
    const arma::vec excess = arma::clamp(to_vec(r.cost) - data.J_star, 1e-16, arma::datum::inf);
    curves.push_back({name, counting(excess.n_elem), excess, "lines"});
    paths[Xv == &Xs].push_back({"gradient descent, eta = eta_max / 2", r.path.row(0).t(),
                                r.path.row(1).t(), "linespoints"});
  }
  std::cout << "Example 2.8  normal equation on x * 100: theta = "
            << fmt(nn::normal_equation(Xcm, y), 6, "()") << "\n";
  nn::plot::lines(target, "feature_scaling.png",
                  "J - J* per epoch: unscaled vs standardized feature (eta = eta_max / 2)", "epoch",
                  "J - J*", curves, {.log_y = true, .x_range = {0, 50}});
  nn::plot::contour(target, "contour_unscaled.png",
                    "x in centimetres: GD drops to the valley floor, then crawls (1000 epochs)",
                    [&](double t0, double t1) {
                      return nn::linear_cost(arma::vec{t0, t1}, Xcm, y);
                    },
                    {-2.0, 10.0}, {-0.02, 0.08}, paths[0],
                    {.levels = 20,
                     .log_levels = true,
                     .resolution = 100,
                     .fill = false,
                     .xlabel = "theta0",
                     .ylabel = "theta1 (per cm)"});
  nn::plot::contour(target, "contour_standardized.png",
                    "J(theta0', theta1') for the standardized feature: circles",
                    [&](double t0, double t1) {
                      return nn::linear_cost(arma::vec{t0, t1}, Xs, y);
                    },
                    {-2.0, 10.0}, {-5.0, 7.0}, paths[1],
                    {.levels = 20,
                     .log_levels = true,
                     .resolution = 100,
                     .fill = false,
                     .xlabel = "theta0'",
                     .ylabel = "theta1'"});
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("02_linear_regression",
                      "Linear regression: one neuron, identity output, MSE");
  double lr = 0.1;
  int epochs = 50;
  arma::uword batch_size = 10;
  arma::uword m = 100;
  chapter.add_option("--lr", lr, "learning rate of Example 2.6 (batch, mini-batch, SGD)",
                     nn::positive_finite());
  chapter.add_option("--epochs", epochs, "epochs of Examples 2.6 and 2.7",
                     nn::count_in(1, 1000000));
  chapter.add_option("--batch-size", batch_size, "mini-batch size of Example 2.6",
                     nn::count_in(1, 100000));
  chapter.add_option("--examples", m, "size of the synthetic data set of Examples 2.6-2.8",
                     CLI::Range(3, 100000));

  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    const nn::plot::Target plots = opt.plot_target();
    std::cout << "Chapter 02 - Linear regression: h(x) = theta0 + theta1 x, "
                 "J(theta) = 1/(2m) sum (h(x) - y)^2\n";
    cost_table(plots);
    sse_mse_cost();
    normal_equation_example();
    gradient_sign(plots);
    batch_descent_by_hand();
    const Synthetic data = synthetic_data(m);
    three_descents(plots, data, {lr, epochs, batch_size}, opt.seed);
    learning_rates(plots, data, epochs);
    feature_scaling(plots, data);
    if (plots.mode == nn::plot::Mode::png)
      std::cout << "\nPlots written to " << opt.plot_dir() << "/\n";
  });
}
