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
/// Message: `<where>: input is R x C (features x examples), expected <rows> rows`, followed by
/// nn::inputs_hint when `X` looks transposed.
void check_rows(const arma::mat& X, arma::uword rows, const std::string& where);

/// \brief The same for a float32 batch (mixed precision, nn::Precision).
void check_rows(const arma::fmat& X, arma::uword rows, const std::string& where);

/// \brief The likely mistake behind inputs `X` that should have `rows` rows (features), as text to
/// append to an error message, or empty.
///
/// When `X` has `rows` columns instead, it was most likely passed as examples x features (the
/// NumPy/Keras layout): `"; did you pass X transposed? one example per column (use X.t())"`.
/// \param X the inputs as passed
/// \param rows the number of features expected
/// \param name what the message calls `X`
std::string inputs_hint(const arma::mat& X, arma::uword rows, const std::string& name = "X");

/// \brief The likely mistake behind targets `T` that should be \f$ K \times N \f$ (one column per
/// example), as text to append to an error message, or empty:
///
/// - `T` is \f$ N \times K \f$ (and not also \f$ K \times N \f$): passed transposed,
///   `"; did you pass T transposed? one example per column (use T.t())"`;
/// - \f$ K > 1 \f$ and `T` is a column or row of \f$ N \f$ whole numbers \f$ \ge 0 \f$: class
///   labels stored as `arma::vec` (or `arma::rowvec`). A vector of doubles binds to the overload
///   that takes `T` as the targets themselves; class labels must be an `arma::uvec`, which picks
///   the overload that turns them into one-hot targets (`arma::conv_to<arma::uvec>::from(y)`).
/// \param T the targets as passed
/// \param K the rows expected (classes or outputs)
/// \param N the columns expected (examples)
/// \param name what the message calls `T` (e.g. `"Y"`)
std::string targets_hint(const arma::mat& T, arma::uword K, arma::uword N,
                         const std::string& name = "T");

/// \brief Throws nn::ShapeError unless `A` is `rows x cols`; `name` names `A` in the message.
void check_shape(const arma::mat& A, arma::uword rows, arma::uword cols, const std::string& where,
                 const std::string& name);

/// \brief Throws nn::ShapeError unless `A` and `B` have the same shape; `a_name` and `b_name`
/// name the two arrays in the message, `hint` (e.g. from nn::targets_hint) ends it.
void check_same_shape(const arma::mat& A, const arma::mat& B, const std::string& where,
                      const std::string& a_name = "first argument",
                      const std::string& b_name = "second argument", const std::string& hint = "");

/// \brief Throws nn::ShapeError unless the product \f$ A B \f$ is defined (`ncol(A) == nrow(B)`).
void check_matmul(const arma::mat& A, const arma::mat& B, const std::string& where);

/// \brief Throws nn::ShapeError unless `A` is non-empty.
void check_not_empty(const arma::mat& A, const std::string& where, const std::string& name);

/// \brief \f$ Z = A B \f$ with a shape check whose error names both shapes (instead of
/// Armadillo's bare "matrix multiplication: incompatible matrix dimensions").
arma::mat matmul(const arma::mat& A, const arma::mat& B);

}  // namespace nn
