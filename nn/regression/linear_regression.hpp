#pragma once
/// \file
/// \brief Linear regression as a one-neuron network with identity output: the hypothesis
/// \f$ h_\theta(x) = \theta_0 + \theta_1 x_1 + \dots + \theta_D x_D \f$, the cost
/// \f$ J(\theta) = \frac{1}{2m}\sum_i (h_\theta(x^{(i)}) - y^{(i)})^2 \f$ and its gradient,
/// the normal equation, and gradient-descent training (deck 1, L1-02, L1-23 .. L1-26).
///
/// Conventions of this module (and of nn/regression/logistic_regression.hpp): the data
/// \f$ X \f$ is \f$ D \times m \f$ (one example per column, like every other part of the library),
/// the targets \f$ y \f$ are a \f$ 1 \times m \f$ row, and the parameters are one column
/// \f$ \theta = (\theta_0, \theta_1, \dots, \theta_D)^T \f$ with the intercept (bias \f$ b \f$)
/// first and the weights \f$ w = (\theta_1..\theta_D) \f$ after it, as the lecture writes them.
/// In the layer vocabulary: \f$ b = \theta_0 \f$, \f$ W = (\theta_1 \dots \theta_D) \f$ (\f$ 1
/// \times D \f$).

#include <armadillo>

#include <nn/core/rng.hpp>
#include <nn/regression/gradient_descent.hpp>

namespace nn {

/// \brief The lecture's design matrix \f$ \vec{X} \f$: one example per *row*, a leading column
/// of ones for the intercept,
/// \f[ \vec{X} = \begin{pmatrix} 1 & x^{(1)T} \\ \vdots & \vdots \\ 1 & x^{(m)T} \end{pmatrix}
///     = \begin{pmatrix} \mathbf{1} & X^T \end{pmatrix} \quad (m \times (D+1)). \f]
///
/// This is the one place where the module turns the library's column layout (\f$ X: D \times m \f$)
/// into the row-per-example layout of the lecture's matrix formulas (L1-24).
arma::mat design_matrix(const arma::mat& X);

/// \brief The hypothesis on a batch, \f$ h_\theta(X) = \theta_0 \mathbf{1}^T + w^T X \f$
/// (\f$ 1 \times m \f$), i.e. a Dense(D -> 1) neuron with identity activation.
///
/// Throws nn::ShapeError unless \f$ \theta \f$ has \f$ D + 1 \f$ entries.
arma::rowvec linear_predict(const arma::vec& theta, const arma::mat& X);

/// \brief The lecture's cost (L1-23, L1-24):
/// \f[ J(\theta) = \frac{1}{2m}\sum_{i=1}^{m}\bigl(h_\theta(x^{(i)}) - y^{(i)}\bigr)^2
///     = \frac{1}{2m}(\vec{X}\theta - \vec{y})^T(\vec{X}\theta - \vec{y}). \f]
///
/// The \f$ \frac12 \f$ cancels the 2 of the derivative; \f$ J = \frac12 \operatorname{MSE} =
/// \frac{1}{2m}\operatorname{SSE} \f$ (L1-02). Throws nn::ShapeError for mismatched shapes.
double linear_cost(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y);

/// \brief Gradient of nn::linear_cost (L1-25, L1-26):
/// \f[ \frac{\partial J}{\partial \theta_0} = \frac1m \sum_i \bigl(h_\theta(x^{(i)}) -
/// y^{(i)}\bigr),
///     \qquad \frac{\partial J}{\partial \theta_j} = \frac1m \sum_i \bigl(h_\theta(x^{(i)}) -
///     y^{(i)}\bigr) x^{(i)}_j,
/// \f]
/// i.e. \f$ \nabla_\theta J = \frac1m \vec{X}^T(\vec{X}\theta - \vec{y}) \f$, a \f$ (D+1) \f$
/// column.
arma::vec linear_cost_gradient(const arma::vec& theta, const arma::mat& X, const arma::rowvec& y);

/// \brief The Hessian of \f$ J \f$, constant in \f$ \theta \f$ (J is a convex quadratic):
/// \f$ H = \frac1m \vec{X}^T \vec{X} \f$, \f$ (D+1) \times (D+1) \f$.
arma::mat linear_cost_hessian(const arma::mat& X);

/// \brief The largest learning rate for which batch gradient descent on \f$ J \f$ converges:
/// \f[ \eta_\text{max} = \frac{2}{\lambda_\text{max}(H)}, \qquad H = \tfrac1m \vec{X}^T\vec{X}. \f]
///
/// Along the eigenvector of \f$ \lambda_\text{max} \f$ the error is multiplied by
/// \f$ 1 - \eta\lambda_\text{max} \f$ per step: it shrinks iff \f$ |1 - \eta\lambda_\text{max}| < 1
/// \f$. Above \f$ \eta_\text{max} \f$ gradient descent diverges; well below it, it crawls.
double max_stable_learning_rate(const arma::mat& X);

/// \brief The least-squares solution in closed form, the normal equation (L1-24):
/// \f[ \theta = (\vec{X}^T\vec{X})^{-1}\vec{X}^T\vec{y}. \f]
///
/// Solved as the linear system \f$ (\vec{X}^T\vec{X})\theta = \vec{X}^T\vec{y} \f$ (no explicit
/// inverse). With `fit_intercept = false` the column of ones is left out and \f$ \theta_0 = 0 \f$.
/// Throws nn::DataError when \f$ \vec{X}^T\vec{X} \f$ is singular (fewer examples than parameters,
/// or linearly dependent features), nn::ShapeError for mismatched shapes.
arma::vec normal_equation(const arma::mat& X, const arma::rowvec& y, bool fit_intercept = true);

/// \brief The objective of nn::gradient_descent for linear regression on \f$ (X, y) \f$: for a
/// batch \f$ B \f$ it returns nn::linear_cost and nn::linear_cost_gradient of the columns in
/// \f$ B \f$ (so the batch gradient has the \f$ 1/|B| \f$ of a mean). `X` and `y` are copied.
BatchObjective linear_regression_objective(const arma::mat& X, const arma::rowvec& y);

/// \brief Fits \f$ \theta \f$ by gradient descent (batch, mini-batch or stochastic, see
/// nn::GDOptions) starting from `theta`: nn::gradient_descent on
/// nn::linear_regression_objective. Throws nn::ShapeError for mismatched shapes.
GDResult fit_linear_regression(const arma::mat& X, const arma::rowvec& y, const arma::vec& theta,
                               const GDOptions& options, Rng& rng, const GDCallback& on_step = {});

/// \brief Converts parameters learned on standardized features \f$ x'_j = (x_j - \mu_j)/s_j \f$
/// back to the original units:
/// \f[ \theta_j = \frac{\theta'_j}{s_j}, \qquad \theta_0 = \theta'_0 - \sum_j \frac{\theta'_j
/// \mu_j}{s_j}, \f] so that \f$ h_\theta(x) = h_{\theta'}(x') \f$ for every \f$ x \f$ (scaling
/// changes the path of gradient descent, not the model it converges to). `mean` and `sd` have \f$ D
/// \f$ entries.
arma::vec theta_from_standardized(const arma::vec& theta_scaled, const arma::vec& mean,
                                  const arma::vec& sd);

}  // namespace nn
