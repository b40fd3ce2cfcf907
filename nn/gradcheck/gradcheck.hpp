#pragma once
/// \file
/// \brief Numerical gradient checks: central differences and the relative error, for a layer, a
/// loss, or a whole model (any nn::Layer) under a loss.

#include <armadillo>
#include <functional>
#include <string>
#include <vector>

#include <nn/core/layer.hpp>
#include <nn/core/rng.hpp>
#include <nn/losses/loss.hpp>

namespace nn {

/// \brief The comparison of one gradient tensor: the analytic gradient (from `backward`) and the
/// central-difference estimate, with their relative error (nn::relative_error).
struct GradCheckEntry {
  std::string name;  ///< What was differentiated: `"dX"`, `"dYhat"`, or `"d<param>"` (e.g. `"dW"`).
  double rel_error;  ///< \f$ \lVert A - N \rVert / (\lVert A \rVert + \lVert N \rVert) \f$.
  arma::mat analytic;  ///< \f$ A \f$: the gradient computed by `backward`.
  arma::mat numeric;   ///< \f$ N \f$: the central-difference estimate.
};

/// \brief The result of a gradient check: the worst relative error over every checked tensor,
/// each tensor's comparison, and a printable report showing both matrices of each.
struct GradCheckResult {
  double max_rel_error = 0.0;  ///< \f$ \max \f$ of the entries' relative errors.
  std::string report;          ///< Per tensor: name, shape, error, analytic and numeric matrices.
  /// One entry per checked tensor (dX first, then parameters).
  std::vector<GradCheckEntry> entries;

  /// \brief True when every relative error is at most `tol` (1e-7 for smooth functions).
  bool passed(double tol = 1e-7) const { return max_rel_error <= tol; }
};

/// \brief Central-difference estimate of the gradient of a scalar function \f$ f \f$ at \f$ x \f$:
/// \f[ \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}, \f]
/// one pair of evaluations per entry of \f$ x \f$ (\f$ 2 \cdot \text{numel}(x) \f$ calls).
///
/// The truncation error is \f$ O(h^2) \f$ and the rounding error \f$ O(\epsilon_\text{mach} |f| /
/// h) \f$; \f$ h = 10^{-6} \f$ balances them in double precision (about \f$ 10^{-10} \f$ relative).
arma::mat numerical_gradient(const std::function<double(const arma::mat&)>& f, arma::mat x,
                             double h = 1e-6);

/// \brief Relative error between two arrays (Frobenius norms):
/// \f[ \operatorname{rel}(A, B) = \frac{\lVert A - B \rVert}{\lVert A \rVert + \lVert B \rVert},
/// \f] 0 when both are zero; 1 when exactly one is zero. Shapes must agree (nn::ShapeError).
/// Scale-free: \f$ \le 10^{-7} \f$ means "the same gradient" for a smooth function.
double relative_error(const arma::mat& A, const arma::mat& B);

/// \brief Checks a layer's backward pass against central differences.
///
/// Draws a fixed random \f$ dY \f$ (standard normal, from `rng`, shaped like \f$ Y = f(X) \f$) and
/// checks the gradients of the scalar projection
/// \f[ L(X, \theta) = \sum_{ij} dY_{ij}\, f(X; \theta)_{ij} \f]
/// — whose gradient with respect to \f$ Y \f$ is exactly \f$ dY \f$ — with respect to \f$ X \f$
/// (`layer.backward(dY)`) and to every parameter separately (its `grad`). The layer must be
/// deterministic between calls (put RReLU/dropout in inference mode or fix their randomness).
/// Parameters are restored after each perturbation.
GradCheckResult gradcheck_layer(Layer& layer, const arma::mat& X, Rng& rng, double h = 1e-6);

/// \brief Checks a loss's `backward()` against central differences of `loss.forward(Yhat, T)`
/// with respect to \f$ \hat{Y} \f$ (the targets stay fixed).
GradCheckResult gradcheck_loss(Loss& loss, const arma::mat& Yhat, const arma::mat& T,
                               double h = 1e-6);

/// \brief Checks a whole model (any nn::Layer, e.g. a nn::Sequential or one layer) under a loss:
/// the gradients of \f$ L = \text{loss}(\text{model}(X), T) \f$ with respect to \f$ X \f$ and every
/// parameter, from `model.backward(loss.backward())`, against central differences.
GradCheckResult gradcheck_model(Layer& model, Loss& loss, const arma::mat& X, const arma::mat& T,
                                double h = 1e-6);

}  // namespace nn
