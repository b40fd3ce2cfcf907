#pragma once
/// \file
/// \brief The Jacobian of a vector function by central differences (chapter 00).

#include <armadillo>
#include <functional>

namespace nn {

/// \brief A vector function \f$ f: \mathbb{R}^N \to \mathbb{R}^M \f$.
using VectorFunction = std::function<arma::vec(const arma::vec&)>;

/// \brief Central-difference estimate of the Jacobian of \f$ f \f$ at \f$ w \f$, the
/// \f$ M \times N \f$ matrix (deck 4, "Jacobian", catalogue L4-18..L4-20)
/// \f[ J_{ij} = \frac{\partial f_i(w)}{\partial w_j}
///     \approx \frac{f_i(w + h e_j) - f_i(w - h e_j)}{2h}, \f]
/// one pair of evaluations per input (column \f$ j \f$). The error is \f$ O(h^2) \f$ plus
/// rounding \f$ O(\epsilon |f| / h) \f$; with \f$ h = 10^{-6} \f$ about \f$ 10^{-10} \f$ for
/// values of order 1, and exact (up to rounding) for an affine \f$ f \f$.
///
/// It linearises \f$ f \f$: \f$ f(w) \approx f(w_0) + J(w_0)(w - w_0) \f$. Examples: \f$ f(w) = A w
/// \f$ has \f$ J = A \f$; an element-wise \f$ f \f$ has \f$ J = \operatorname{diag}(f_i'(w_i)) \f$.
/// Throws nn::ShapeError if \f$ f \f$ changes its output size between calls.
arma::mat numerical_jacobian(const VectorFunction& f, const arma::vec& w, double h = 1e-6);

}  // namespace nn
