#include <nn/tensor/broadcast.hpp>

#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/tensor/shape.hpp>

namespace nn {

arma::mat add_bias(const arma::mat& Z, const arma::vec& b) {
  if (b.n_elem != Z.n_rows) {
    throw ShapeError("nn::add_bias: Z is " + shape_str(Z) + " (units x examples) but b has " +
                     std::to_string(b.n_elem) + " entries, expected " + std::to_string(Z.n_rows) +
                     " (one bias per row of Z)");
  }
  // BEGIN SOLUTION
  arma::mat Y = Z;
  Y.each_col() += b;  // Y = Z + b 1^T
  return Y;
  // END SOLUTION
}

arma::mat broadcast_add(const arma::mat& A, const arma::mat& B) {
  const Shape out = broadcast_shape(shape_of(A), shape_of(B));  // throws if they do not conform
  if (out[0] == 0 || out[1] == 0) return arma::mat(out[0], out[1]);
  // stretch every size-1 dimension to the result's size, then add element-wise
  const arma::mat A_full = arma::repmat(A, out[0] / A.n_rows, out[1] / A.n_cols);
  const arma::mat B_full = arma::repmat(B, out[0] / B.n_rows, out[1] / B.n_cols);
  return A_full + B_full;
}

arma::mat tile_add(const arma::mat& A, const arma::mat& B) {
  if (B.is_empty() || A.n_rows % B.n_rows != 0 || A.n_cols % B.n_cols != 0) {
    throw ShapeError("nn::tile_add: A is " + shape_str(A) + " and B is " + shape_str(B) +
                     ": B's sizes must divide A's");
  }
  // replicate B until it matches A, then add element-wise
  return A + arma::repmat(B, A.n_rows / B.n_rows, A.n_cols / B.n_cols);
}

}  // namespace nn
