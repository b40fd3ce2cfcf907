#pragma once
/// \file
/// \brief Logistic regression as a one-neuron network: a sigmoid output trained with binary
/// cross-entropy (deck 0 "Single Node with Sigmoid & Cross-Entropy Loss", deck 1 "Math (Logistic
/// Regression)"; L0-07, L0-09, L0-10, L1-04 .. L1-07).
///
/// Same conventions as nn/regression/linear_regression.hpp: \f$ X: D \times m \f$ (one example per
/// column), labels \f$ y \in \{0, 1\} \f$ as a \f$ 1 \times m \f$ row, parameters
/// \f$ \theta = (b, w_1, \dots, w_D)^T \f$ with the bias first.

#include <armadillo>

#include <nn/core/rng.hpp>
#include <nn/regression/gradient_descent.hpp>

namespace nn {

/// \brief The logits of a batch, \f$ z = b\,\mathbf{1}^T + w^T X \f$ (\f$ 1 \times m \f$).
/// Throws nn::ShapeError unless \f$ \theta \f$ has \f$ D + 1 \f$ entries.
arma::rowvec logistic_logit(const arma::vec& theta, const arma::mat& X);

/// \brief The predicted probabilities of class 1, \f$ \hat{p} = \sigma(z) = \frac{1}{1 + e^{-z}}
/// \f$ (nn::sigmoid of nn::logistic_logit), \f$ 1 \times m \f$.
arma::rowvec logistic_predict_proba(const arma::vec& theta, const arma::mat& X);

/// \brief Predicted labels (L1-04): \f$ \hat{y} = 1 \f$ if \f$ \hat{p} \ge \text{threshold} \f$,
/// else 0. With the default threshold 0.5 this is \f$ \hat{y} = 1 \iff z \ge 0 \f$ (decided on
/// \f$ z \f$ then, so no rounding of \f$ \sigma \f$ can move a point across the boundary).
/// Throws std::invalid_argument unless \f$ 0 < \text{threshold} < 1 \f$.
arma::uvec logistic_predict(const arma::vec& theta, const arma::mat& X, double threshold = 0.5);

/// \brief The cost over the training set (L1-05), the mean binary cross-entropy
/// \f[ J(\theta) = -\frac1m \sum_{i=1}^m \bigl[y^{(i)} \ln \hat{p}^{(i)} + (1 - y^{(i)}) \ln(1 -
/// \hat{p}^{(i)})\bigr], \f] computed by nn::binary_cross_entropy (probabilities clipped to \f$
/// [10^{-7}, 1 - 10^{-7}] \f$). Throws nn::ShapeError for mismatched shapes, nn::DataError for a
/// label other than 0 or 1.
double logistic_cost(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y);

/// \brief Gradient of nn::logistic_cost (L0-10): with \f$ \partial J/\partial z^{(i)} =
/// (\hat{p}^{(i)} - y^{(i)})/m \f$,
/// \f[ \frac{\partial J}{\partial b} = \frac1m \sum_i (\hat{p}^{(i)} - y^{(i)}), \qquad
///     \frac{\partial J}{\partial w_j} = \frac1m \sum_i (\hat{p}^{(i)} - y^{(i)})\, x^{(i)}_j. \f]
/// (Exact for the unclipped loss; it differs from the clipped one only where
/// \f$ \hat{p} \f$ is within \f$ 10^{-7} \f$ of 0 or 1.)
arma::vec logistic_cost_gradient(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y);

/// \brief The objective of nn::gradient_descent for logistic regression on \f$ (X, y) \f$
/// (nn::logistic_cost and nn::logistic_cost_gradient of the batch's columns). Copies `X`, `y`.
BatchObjective logistic_regression_objective(const arma::mat& X, const arma::rowvec& y);

/// \brief Fits \f$ \theta \f$ by gradient descent from `theta` (see nn::GDOptions for batch,
/// mini-batch and stochastic variants): nn::gradient_descent on nn::logistic_regression_objective.
GDResult fit_logistic_regression(const arma::mat& X, const arma::rowvec& y, const arma::vec& theta,
                                 const GDOptions& options, Rng& rng,
                                 const GDCallback& on_step = {});

/// \brief The derivative of the per-example BCE with respect to the probability (L0-07):
/// \f[ \frac{dL}{d\varphi} = -\frac{y}{\varphi} + \frac{1-y}{1-\varphi}
///     = \frac{\varphi - y}{\varphi(1 - \varphi)}, \qquad 0 < \varphi < 1. \f]
/// Throws std::invalid_argument unless \f$ 0 < \varphi < 1 \f$.
double bce_dphi(double phi, double y);

/// \brief The chain rule through one sigmoid neuron with BCE, each factor kept (L0-09):
/// \f[ \frac{dL}{dz} = \frac{dL}{d\varphi}\cdot\frac{d\varphi}{dz}
///     = \frac{\varphi - y}{\varphi(1-\varphi)} \cdot \varphi(1 - \varphi) = \varphi - y. \f]
struct LogisticChain {
  double z = 0.0;    ///< The logit.
  double phi = 0.0;  ///< \f$ \varphi = \sigma(z) \f$.
  /// \f$ L = -[y \ln\varphi + (1-y)\ln(1-\varphi)] \f$ (stable, from the logit).
  double loss = 0.0;
  double dL_dphi = 0.0;  ///< \f$ (\varphi - y)/(\varphi(1-\varphi)) \f$ (nn::bce_dphi).
  double dphi_dz = 0.0;  ///< \f$ \varphi(1-\varphi) \f$ (nn::sigmoid_derivative).
  /// The product \f$ \frac{dL}{d\varphi}\frac{d\varphi}{dz} \f$, which equals \f$ \varphi - y \f$.
  double dL_dz = 0.0;
};

/// \brief Evaluates every line of the derivation of \f$ dL/dz \f$ at logit `z` and label `y`
/// (see nn::LogisticChain). `dL_dz` is computed as the product of the two factors, so a test can
/// compare it with the simplified \f$ \varphi - y \f$ and with central differences.
LogisticChain logistic_chain(double z, double y);

/// \brief For two features, the decision boundary \f$ z = 0 \f$ as a line
/// \f$ x_2 = -(b + w_1 x_1)/w_2 \f$ evaluated at the points `x1`.
/// Throws nn::ShapeError unless \f$ \theta \f$ has 3 entries, std::domain_error if \f$ w_2 = 0 \f$
/// (the boundary is then vertical).
arma::vec decision_boundary_x2(const arma::vec& theta, const arma::vec& x1);

}  // namespace nn
