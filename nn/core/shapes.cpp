#include <nn/core/shapes.hpp>

#include <nn/core/errors.hpp>

namespace nn {

std::string shape_str(arma::uword rows, arma::uword cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

std::string shape_str(const arma::mat& A) { return shape_str(A.n_rows, A.n_cols); }

namespace {
// inputs_hint and check_rows on the shape alone (a double or a float32 X)
std::string inputs_hint_for(arma::uword n_rows, arma::uword n_cols, arma::uword rows,
                            const std::string& name) {
  if (n_rows == rows || n_cols != rows) return "";
  return "; did you pass " + name + " transposed? one example per column (use " + name + ".t())";
}

void check_rows_for(arma::uword n_rows, arma::uword n_cols, arma::uword rows,
                    const std::string& where) {
  if (n_rows != rows) {
    throw ShapeError(where + ": input is " + shape_str(n_rows, n_cols) +
                     " (features x examples), expected " + std::to_string(rows) + " rows" +
                     inputs_hint_for(n_rows, n_cols, rows, "X"));
  }
}
}  // namespace

void check_rows(const arma::mat& X, arma::uword rows, const std::string& where) {
  check_rows_for(X.n_rows, X.n_cols, rows, where);
}

void check_rows(const arma::fmat& X, arma::uword rows, const std::string& where) {
  check_rows_for(X.n_rows, X.n_cols, rows, where);
}

std::string inputs_hint(const arma::mat& X, arma::uword rows, const std::string& name) {
  return inputs_hint_for(X.n_rows, X.n_cols, rows, name);
}

std::string targets_hint(const arma::mat& T, arma::uword K, arma::uword N,
                         const std::string& name) {
  if (T.n_rows == K && T.n_cols == N) return "";
  if (T.n_rows == N && T.n_cols == K) {
    return "; did you pass " + name + " transposed? one example per column (use " + name + ".t())";
  }
  const bool vector = T.n_cols == 1 || T.n_rows == 1;
  if (K > 1 && vector && T.n_elem == N && T.is_finite() && arma::all(arma::vectorise(T) >= 0.0) &&
      arma::all(arma::vectorise(T) == arma::floor(arma::vectorise(T)))) {
    return std::string("; did you pass class labels as arma::") +
           (T.n_cols == 1 ? "vec" : "rowvec") +
           "? Labels must be an arma::uvec (arma::conv_to<arma::uvec>::from(y)), which turns them "
           "into one-hot targets; a matrix " +
           name + " is taken as the " + std::to_string(K) + " x " + std::to_string(N) +
           " targets themselves";
  }
  return "";
}

void check_shape(const arma::mat& A, arma::uword rows, arma::uword cols, const std::string& where,
                 const std::string& name) {
  if (A.n_rows != rows || A.n_cols != cols) {
    throw ShapeError(where + ": " + name + " is " + shape_str(A) + ", expected " +
                     shape_str(rows, cols));
  }
}

void check_same_shape(const arma::mat& A, const arma::mat& B, const std::string& where,
                      const std::string& a_name, const std::string& b_name,
                      const std::string& hint) {
  if (A.n_rows != B.n_rows || A.n_cols != B.n_cols) {
    throw ShapeError(where + ": " + a_name + " is " + shape_str(A) + " but " + b_name + " is " +
                     shape_str(B) + "; they must have the same shape" + hint);
  }
}

void check_matmul(const arma::mat& A, const arma::mat& B, const std::string& where) {
  if (A.n_cols != B.n_rows) {
    throw ShapeError(where + ": cannot multiply " + shape_str(A) + " by " + shape_str(B) +
                     ": ncol(A) = " + std::to_string(A.n_cols) +
                     " must equal nrow(B) = " + std::to_string(B.n_rows));
  }
}

void check_not_empty(const arma::mat& A, const std::string& where, const std::string& name) {
  if (A.is_empty()) throw ShapeError(where + ": " + name + " is empty (" + shape_str(A) + ")");
}

arma::mat matmul(const arma::mat& A, const arma::mat& B) {
  check_matmul(A, B, "nn::matmul");
  return A * B;
}

}  // namespace nn
