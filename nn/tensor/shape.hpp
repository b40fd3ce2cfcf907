#pragma once
/// \file
/// \brief Tensor shapes as lists of sizes: rank, element count, multi-indices, the shape of a
/// gradient tensor and NumPy's broadcasting rule (chapter 00).

#include <armadillo>
#include <string>
#include <vector>

namespace nn {

/// \brief The shape \f$ (d_1, \dots, d_N) \f$ of a tensor of rank (order) \f$ N \f$, e.g.
/// `{200, 300, 3, 50}` for 50 colour images of 200 x 300 pixels.
using Shape = std::vector<arma::uword>;

/// \brief The rank (order) of a tensor: its number of dimensions \f$ N \f$ (deck 4, "What is a
/// Tensor?": not the rank of linear algebra).
arma::uword rank(const Shape& shape);

/// \brief The number of elements \f$ d_1 d_2 \cdots d_N \f$ (1 for the empty shape, a scalar).
arma::uword numel(const Shape& shape);

/// \brief NumPy-style text: `"(10, 20, 40)"`, `"(2,)"` for rank 1, `"()"` for rank 0.
std::string to_string(const Shape& shape);

/// \brief The shape of a matrix, `{n_rows, n_cols}`.
Shape shape_of(const arma::mat& A);

/// \brief The shape of a cube, `{n_rows, n_cols, n_slices}`.
Shape shape_of(const arma::cube& A);

/// \brief Throws nn::ShapeError unless `index` is a valid multi-index of `shape`: as many indices
/// as dimensions and \f$ 0 \le i_k < d_k \f$ for each \f$ k \f$. The message names `where`, the
/// index, the shape and the first offending position.
void check_index(const Shape& shape, const Shape& index, const std::string& where);

/// \brief The position of element \f$ (i_1, \dots, i_N) \f$ in memory, column-major (the first
/// index varies fastest, as in Armadillo and Fortran; NumPy's default is the opposite):
/// \f[ \ell = i_1 + d_1 \left(i_2 + d_2 \left(i_3 + \cdots + d_{N-1} i_N\right)\right). \f]
/// Checked with nn::check_index.
arma::uword linear_index(const Shape& shape, const Shape& index);

/// \brief The shape of the gradient tensor of \f$ y = f(x) \f$ (deck 4, "Gradient for Tensors
/// Inputs & Outputs"): the output's shape followed by the input's,
/// \f[ \left[\frac{\partial f(x)}{\partial x}\right]_{i_1 \dots i_M j_1 \dots j_N}
///     = \frac{\partial f_{i_1 \dots i_M}(x)}{\partial x_{j_1 \dots j_N}}, \f]
/// of rank \f$ M + N \f$. Example: output (10, 20, 40), input (50, 30) gives (10, 20, 40, 50, 30),
/// 12,000,000 elements (catalogue L4-21).
Shape gradient_tensor_shape(const Shape& output, const Shape& input);

/// \brief The shape of the tensor dot product \f$ \langle u, v \rangle \f$ that sums over all of
/// \f$ v \f$'s indices (deck 4, "Gradient Tensor Linear Approximation"):
/// \f[ \langle u, v \rangle[i_1..i_M] = \sum_{j_1..j_N} u[i_1..i_M, j_1..j_N]\, v[j_1..j_N]. \f]
/// `u`'s trailing dimensions must equal `v`'s shape (else nn::ShapeError); the result has `u`'s
/// leading dimensions. Example: (5, 10, 15, 20, 30) with (20, 30) gives (5, 10, 15) (L4-22).
Shape tensordot_shape(const Shape& u, const Shape& v);

/// \brief NumPy's broadcasting rule for `a + b`: align the shapes at their trailing dimensions;
/// each pair of sizes must be equal or one of them 1 (a size-1 dimension, or a missing leading
/// one, is stretched). Returns the result's shape, or throws nn::ShapeError naming both shapes
/// and the dimension that does not conform.
///
/// Example: (2, 2) + (2,) gives (2, 2); (2, 4) + (2,) is an error, although 4 is "cleanly
/// divisible" by 2 (deck 0's rule, catalogue L0-02 erratum).
Shape broadcast_shape(const Shape& a, const Shape& b);

}  // namespace nn
