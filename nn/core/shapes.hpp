#pragma once
/// \file
/// \brief Shape checks that throw nn::ShapeError with messages naming the operation and the shapes.

#include <armadillo>
#include <string>

namespace nn {

/// \brief Formats a matrix shape as `"R x C"`.
std::string shape_str(const arma::mat& A);

/// \brief Formats a shape as `"R x C"`.
std::string shape_str(arma::uword rows, arma::uword cols);

/// \brief Throws nn::ShapeError unless `X` has `rows` rows.
///
/// Message: `<where>: input is R x C (features x examples), expected <rows> rows`.
void check_rows(const arma::mat& X, arma::uword rows, const std::string& where);

/// \brief Throws nn::ShapeError unless `A` is `rows x cols`; `name` names `A` in the message.
void check_shape(const arma::mat& A, arma::uword rows, arma::uword cols, const std::string& where,
                 const std::string& name);

/// \brief Throws nn::ShapeError unless `A` and `B` have the same shape; `a_name` and `b_name`
/// name the two arrays in the message.
void check_same_shape(const arma::mat& A, const arma::mat& B, const std::string& where,
                      const std::string& a_name = "first argument",
                      const std::string& b_name = "second argument");

/// \brief Throws nn::ShapeError unless the product \f$ A B \f$ is defined (`ncol(A) == nrow(B)`).
void check_matmul(const arma::mat& A, const arma::mat& B, const std::string& where);

/// \brief Throws nn::ShapeError unless `A` is non-empty.
void check_not_empty(const arma::mat& A, const std::string& where, const std::string& name);

/// \brief \f$ Z = A B \f$ with a shape check whose error names both shapes (instead of
/// Armadillo's bare "matrix multiplication: incompatible matrix dimensions").
arma::mat matmul(const arma::mat& A, const arma::mat& B);

}  // namespace nn
