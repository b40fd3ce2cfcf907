#pragma once
/// \file
/// \brief Adding a bias to a batch (broadcasting), NumPy's broadcasting rule for matrices, and the
/// tiling rule deck 0 describes instead (catalogue L0-02).

#include <armadillo>

namespace nn {

/// \brief Adds the bias \f$ b \f$ (\f$ D \times 1 \f$) to every column of \f$ Z \f$
/// (\f$ D \times N \f$, one example per column):
/// \f[ Y = Z + b\,\mathbf{1}^T, \qquad Y_{dn} = Z_{dn} + b_d. \f]
/// This is the broadcast in a dense layer's \f$ W X + b \f$. Throws nn::ShapeError unless `b` has
/// exactly \f$ D \f$ entries (one bias per row, i.e. per output unit), naming both shapes.
arma::mat add_bias(const arma::mat& Z, const arma::vec& b);

/// \brief \f$ A + B \f$ with NumPy's broadcasting rule for two matrices: in each dimension the
/// sizes must be equal or one of them 1, and a size-1 dimension is stretched (repeated). So a
/// column \f$ D \times 1 \f$ is added to every column, a row \f$ 1 \times N \f$ to every row, a
/// \f$ 1 \times 1 \f$ to every element. Anything else throws nn::ShapeError naming both shapes
/// (nn::broadcast_shape).
arma::mat broadcast_add(const arma::mat& A, const arma::mat& B);

/// \brief The rule deck 0 prints as "broadcasting" (slide "Matrix Addition (Broadcast)"): "A + B
/// will only work if A is cleanly divisible by B; replicate B until it matches A's dimensions,
/// then perform elementwise addition". That is tiling (`np.tile`, `repmat`, R's recycling):
/// \f[ A + \operatorname{repmat}(B, r_A / r_B, c_A / c_B). \f]
/// Throws nn::ShapeError unless \f$ r_B \f$ divides \f$ r_A \f$ and \f$ c_B \f$ divides
/// \f$ c_A \f$. Kept to show the erratum (L0-02): for a \f$ 2 \times 4 \f$ `A` and a
/// \f$ 1 \times 2 \f$ `B` it silently adds \f$ (b_1, b_2, b_1, b_2) \f$ to each row, where NumPy,
/// TensorFlow and nn::broadcast_add raise an error.
arma::mat tile_add(const arma::mat& A, const arma::mat& B);

}  // namespace nn
