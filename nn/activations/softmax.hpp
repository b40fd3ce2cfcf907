#pragma once
/// \file
/// \brief Softmax over each column, its logarithm, its Jacobian and its backward pass.

#include <armadillo>

namespace nn {

/// \brief Column-wise log-sum-exp, computed stably:
/// \f[ \operatorname{lse}(z) = \ln \sum_k e^{z_k} = m + \ln \sum_k e^{z_k - m},
///     \qquad m = \max_k z_k. \f]
///
/// \f$ Z: K \times N \f$ -> \f$ 1 \times N \f$. Finite for any finite input (L4-07).
arma::rowvec logsumexp(const arma::mat& Z);

/// \brief Softmax of each column (one example per column), numerically stable:
/// \f[ \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{z_k - m}}{\sum_j
/// e^{z_j - m}},
///     \qquad m = \max_j z_j. \f]
///
/// Subtracting the column maximum changes nothing mathematically but keeps every exponent
/// \f$ \le 0 \f$, so `softmax([1000, 1001, 1002])` is finite (L3-07). \f$ Z: K \times N \f$; each
/// output column is positive and sums to 1, and preserves the order of the logits (L2-05).
arma::mat softmax(const arma::mat& Z);

/// \brief Log-softmax of each column, stable:
/// \f[ \ln \operatorname{softmax}(z)_k = z_k - \operatorname{lse}(z) = (z_k - m) - \ln \sum_j
/// e^{z_j - m}. \f]
///
/// Finite even where `log(softmax(Z))` would give \f$ \ln 0 = -\infty \f$. Feed it to nn::nll.
arma::mat log_softmax(const arma::mat& Z);

/// \brief The softmax Jacobian for one example with probabilities \f$ s = \operatorname{softmax}(z)
/// \f$: \f[ J = \frac{\partial s}{\partial z} = \operatorname{diag}(s) - s\,s^T, \qquad
///     J_{ij} = s_i(\delta_{ij} - s_j). \f]
///
/// \f$ s: K \times 1 \f$ -> \f$ J: K \times K \f$, symmetric, rows summing to 0 (L3-14). Takes the
/// *output* \f$ s \f$, not the logits.
arma::mat softmax_jacobian(const arma::vec& s);

/// \brief Backward pass of softmax for a batch: the Jacobian-vector product \f$ J_n^T dy_n \f$ of
/// every column, without forming \f$ J \f$:
/// \f[ dZ = S \odot \bigl(dY - \mathbf{1}\,(\mathbf{1}^T (dY \odot S))\bigr), \f]
/// i.e. \f$ dz_k = s_k (dy_k - \sum_j dy_j s_j) \f$. \f$ S = \operatorname{softmax}(Z) \f$ and
/// \f$ dY \f$ are \f$ K \times N \f$ (nn::ShapeError otherwise).
arma::mat softmax_backward(const arma::mat& S, const arma::mat& dY);

/// \brief Backward pass of log-softmax: with \f$ S = \operatorname{softmax}(Z) \f$,
/// \f[ dZ = dY - S \odot (\mathbf{1}\,(\mathbf{1}^T dY)), \f]
/// i.e. \f$ dz_k = dy_k - s_k \sum_j dy_j \f$.
arma::mat log_softmax_backward(const arma::mat& S, const arma::mat& dY);

}  // namespace nn
