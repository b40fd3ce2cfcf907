#pragma once
/// \file
/// \brief A small dense tensor of any rank (column-major, double) and the tensor dot product, to
/// show gradient tensors and their linearisation (chapter 00). The library's layers work on
/// `arma::mat`; this type is for teaching shapes, not for speed.

#include <armadillo>

#include <nn/tensor/shape.hpp>

namespace nn {

/// \brief A tensor of shape \f$ (d_1, \dots, d_N) \f$: \f$ d_1 \cdots d_N \f$ doubles stored
/// column-major (the first index varies fastest, like `arma::mat` and `arma::cube`), so a matrix
/// or a cube converts without reordering.
///
/// Element access `T({i1, ..., iN})` is bounds-checked (nn::ShapeError naming the index and the
/// shape). Deck 4, "What is a Tensor?" / "Indexing Tensors" (catalogue L4-14).
class Tensor {
 public:
  /// \brief A tensor of the given shape, every element `value`.
  explicit Tensor(Shape shape, double value = 0.0);

  /// \brief A tensor of the given shape over `data` (column-major); nn::ShapeError unless
  /// `data` has \f$ d_1 \cdots d_N \f$ elements.
  Tensor(Shape shape, arma::vec data);

  /// \brief The matrix `A` as a rank-2 tensor (same memory order).
  static Tensor from(const arma::mat& A);

  /// \brief The cube `A` as a rank-3 tensor (same memory order).
  static Tensor from(const arma::cube& A);

  /// \brief The shape \f$ (d_1, \dots, d_N) \f$.
  const Shape& shape() const { return shape_; }
  /// \brief The rank (number of dimensions) \f$ N \f$.
  arma::uword rank() const { return shape_.size(); }
  /// \brief The number of elements \f$ d_1 \cdots d_N \f$.
  arma::uword numel() const { return data_.n_elem; }

  /// \brief Element \f$ T[i_1, \dots, i_N] \f$ (0-based, checked).
  double& operator()(const Shape& index);
  /// \brief Element \f$ T[i_1, \dots, i_N] \f$ (0-based, checked).
  double operator()(const Shape& index) const;

  /// \brief The elements in memory order (column-major).
  const arma::vec& data() const { return data_; }
  /// \brief The elements in memory order (column-major).
  arma::vec& data() { return data_; }

  /// \brief The tensor as a matrix with the first `leading` dimensions as rows and the others as
  /// columns: \f$ (d_1 \cdots d_k) \times (d_{k+1} \cdots d_N) \f$, no reordering (column-major).
  /// For a gradient tensor with `leading` = rank of the output this is the Jacobian of the
  /// flattened output with respect to the flattened input.
  arma::mat unfold(arma::uword leading) const;

 private:
  Shape shape_;
  arma::vec data_;
};

/// \brief The tensor dot product over all of `v`'s indices (deck 4, "Gradient Tensor Linear
/// Approximation", catalogue L4-22):
/// \f[ \langle u, v \rangle[i_1..i_M] = \sum_{j_1..j_N} u[i_1..i_M, j_1..j_N]\, v[j_1..j_N]. \f]
/// `u`'s trailing dimensions must be `v`'s shape (nn::tensordot_shape, else nn::ShapeError). With
/// \f$ u = \partial f / \partial x \f$ and \f$ v = x - x_0 \f$ it is the first-order change of
/// \f$ f \f$, a tensor shaped like the output. Computed as one matrix-vector product,
/// \f$ \operatorname{unfold}(u) \operatorname{vec}(v) \f$.
Tensor tensordot(const Tensor& u, const Tensor& v);

}  // namespace nn
