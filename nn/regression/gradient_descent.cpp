#include <nn/regression/gradient_descent.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

GDResult gradient_descent(const BatchObjective& f, arma::vec theta, arma::uword n_examples,
                          const GDOptions& options, Rng& rng, const GDCallback& on_step) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("gradient_descent: learning rate must be > 0, got " +
                                std::to_string(options.lr));
  }
  if (options.epochs < 0) {
    throw std::invalid_argument("gradient_descent: epochs must be >= 0, got " +
                                std::to_string(options.epochs));
  }
  if (n_examples == 0) throw std::invalid_argument("gradient_descent: no examples (m = 0)");
  if (theta.is_empty()) throw std::invalid_argument("gradient_descent: theta is empty");

  const arma::uword m = n_examples;
  const arma::uword B = (options.batch_size == 0) ? m : std::min(options.batch_size, m);
  const arma::uvec all = arma::regspace<arma::uvec>(0, m - 1);

  GDResult result;
  const arma::uword updates_per_epoch = (m + B - 1) / B;
  result.path.set_size(theta.n_elem,
                       options.record_path ? 1 + updates_per_epoch * options.epochs : 2);
  result.path.col(0) = theta;
  result.cost.push_back(f(theta, all).cost);  // J(theta) at the start
  if (!std::isfinite(result.cost.back())) result.diverged = true;

  for (int epoch = 1; epoch <= options.epochs && !result.diverged; ++epoch) {
    // batch GD keeps the natural order; mini-batch and SGD reshuffle an index vector
    const arma::uvec order = (B < m && options.shuffle) ? rng.permutation(m) : all;
    for (arma::uword start = 0; start < m; start += B) {
      const arma::uvec batch = order.subvec(start, std::min(start + B, m) - 1);
      CostGradient cg = f(theta, batch);
      if (cg.grad.n_elem != theta.n_elem) {
        throw ShapeError("gradient_descent: objective returned a gradient of " +
                         std::to_string(cg.grad.n_elem) + " entries, expected " +
                         std::to_string(theta.n_elem) + " (one per parameter)");
      }
      if (!options.fit_intercept) cg.grad(0) = 0.0;  // theta_0 stays fixed
      // BEGIN SOLUTION
      theta -= options.lr * cg.grad;  // theta = theta - eta dJ_B/dtheta
      // END SOLUTION
      ++result.steps;
      if (options.record_path) result.path.col(result.steps) = theta;
      if (on_step) on_step(GDStep{epoch, result.steps, cg.cost, cg.grad, theta});
    }
    result.cost.push_back(f(theta, all).cost);  // J(theta) on all the data after the epoch
    if (!std::isfinite(result.cost.back())) result.diverged = true;
  }
  if (options.record_path) {
    result.path.resize(theta.n_elem, result.steps + 1);
  } else {
    result.path.col(1) = theta;  // only the start and the end
  }
  result.theta = theta;
  return result;
}

}  // namespace nn
