#pragma once
/// \file
/// \brief Batch, mini-batch and stochastic gradient descent on the parameter vector
/// \f$ \theta \f$ of a one-neuron model, with a per-step callback (for plotting descent paths).

#include <armadillo>
#include <functional>
#include <vector>

#include <nn/core/rng.hpp>

namespace nn {

/// \brief The cost of a batch and its gradient with respect to \f$ \theta \f$.
struct CostGradient {
  double cost = 0.0;  ///< \f$ J_B(\theta) \f$, the batch's mean cost.
  arma::vec grad;     ///< \f$ \nabla_\theta J_B(\theta) \f$, same length as \f$ \theta \f$.
};

/// \brief An objective evaluated on a batch: `f(theta, batch)` returns the mean cost of the
/// examples (columns) whose indices are in `batch`, and its gradient.
///
/// nn::linear_regression_objective and nn::logistic_regression_objective build one from a data set.
using BatchObjective = std::function<CostGradient(const arma::vec& theta, const arma::uvec& batch)>;

/// \brief Hyper-parameters of nn::gradient_descent.
///
/// `batch_size` picks the variant of the lecture (deck 1, "Gradient Descent Variations"):
/// 0 (or \f$ \ge m \f$) is *batch* GD (one update per epoch, from all \f$ m \f$ examples),
/// 1 is *stochastic* GD (\f$ m \f$ updates per epoch), anything in between is *mini-batch* GD
/// (\f$ \lceil m / B \rceil \f$ updates per epoch; the last batch may be smaller).
struct GDOptions {
  /// Learning rate \f$ \eta \f$ (the lecture's \f$ \lambda \f$ or \f$ \alpha \f$).
  double lr = 0.01;
  int epochs = 100;            ///< Passes through the data.
  arma::uword batch_size = 0;  ///< 0: batch GD; 1: stochastic; B: mini-batches of B.
  bool shuffle = true;         ///< Reshuffle the example order every epoch (mini-batch and SGD).
  /// \brief Train \f$ \theta_0 \f$ (the intercept / bias). `false` keeps \f$ \theta_0 \f$ at its
  /// initial value, e.g. the lecture's “let us assume \f$ \theta_0 = 0 \f$” (L1-23, L1-25).
  bool fit_intercept = true;
  /// \brief Keep \f$ \theta \f$ after every update in nn::GDResult::path. `false` keeps only the
  /// first and the last column (long stochastic runs: one column per update adds up).
  bool record_path = true;
};

/// \brief What the callback of nn::gradient_descent sees after each update.
struct GDStep {
  int epoch = 0;            ///< Epoch of this update, 1-based.
  arma::uword step = 0;     ///< Update counter over the whole run, 1-based.
  double batch_cost = 0.0;  ///< \f$ J_B \f$ of the batch at \f$ \theta \f$ *before* the update.
  arma::vec grad;           ///< The gradient that was used.
  arma::vec theta;          ///< \f$ \theta \f$ *after* the update.
};

/// \brief Called after every update (e.g. to record or print the path).
using GDCallback = std::function<void(const GDStep&)>;

/// \brief The outcome of nn::gradient_descent.
struct GDResult {
  arma::vec theta;           ///< Final parameters.
  std::vector<double> cost;  ///< Full-data cost: `cost[0]` at the start, `cost[e]` after epoch e.
  /// \brief \f$ \theta \f$ before the first and after every update, one per column (`steps + 1`
  /// columns), or only the first and the last when GDOptions::record_path is false.
  arma::mat path;
  arma::uword steps = 0;  ///< Number of updates made.
  bool diverged = false;  ///< The full-data cost became infinite or NaN (run stopped there).
};

/// \brief Minimizes `f` by gradient descent from `theta`:
/// \f[ \theta \leftarrow \theta - \eta\, \nabla_\theta J_B(\theta) \f]
/// for every batch \f$ B \f$ of every epoch (the lecture's “Update \f$ \theta_0 \f$: \f$ \theta_0 =
/// \theta_0 - \lambda\, dJ/d\theta_0 \f$”, all components at once from the same gradient).
///
/// `n_examples` is \f$ m \f$; batches are drawn from a permutation of \f$ 0..m-1 \f$ (from `rng`,
/// re-drawn each epoch when `shuffle`), never by reordering the data. After each epoch the cost on
/// all the data is recorded (the lecture's “Print: \f$ J(\theta_0, \theta_1) \f$”). The run stops
/// early, with `diverged = true`, if that cost is not finite. Throws std::invalid_argument for
/// `lr <= 0`, `epochs < 0`, `n_examples == 0` or an empty `theta`.
GDResult gradient_descent(const BatchObjective& f, arma::vec theta, arma::uword n_examples,
                          const GDOptions& options, Rng& rng, const GDCallback& on_step = {});

}  // namespace nn
