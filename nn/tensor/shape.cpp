#include <nn/tensor/shape.hpp>

#include <algorithm>

#include <nn/core/errors.hpp>

namespace nn {

arma::uword rank(const Shape& shape) { return shape.size(); }

arma::uword numel(const Shape& shape) {
  // d1 d2 ... dN
  arma::uword n = 1;
  for (arma::uword d : shape) n *= d;
  return n;
}

std::string to_string(const Shape& shape) {
  std::string s = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (k > 0) s += ", ";
    s += std::to_string(shape[k]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

Shape shape_of(const arma::mat& A) { return {A.n_rows, A.n_cols}; }

Shape shape_of(const arma::cube& A) { return {A.n_rows, A.n_cols, A.n_slices}; }

void check_index(const Shape& shape, const Shape& index, const std::string& where) {
  if (index.size() != shape.size()) {
    throw ShapeError(where + ": index " + to_string(index) + " has " +
                     std::to_string(index.size()) + " entries, but the tensor of shape " +
                     to_string(shape) + " has rank " + std::to_string(shape.size()));
  }
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (index[k] >= shape[k]) {
      throw ShapeError(where + ": index " + to_string(index) + " is out of range for shape " +
                       to_string(shape) + ": position " + std::to_string(k) + " is " +
                       std::to_string(index[k]) + ", expected 0.." +
                       std::to_string(shape[k] == 0 ? 0 : shape[k] - 1));
    }
  }
}

arma::uword linear_index(const Shape& shape, const Shape& index) {
  check_index(shape, index, "nn::linear_index");
  // l = i1 + d1 (i2 + d2 (i3 + ...)), evaluated from the last index inwards
  arma::uword l = 0;
  for (std::size_t k = shape.size(); k-- > 0;) l = l * shape[k] + index[k];
  return l;
}

Shape gradient_tensor_shape(const Shape& output, const Shape& input) {
  // df/dx has shape (k1..kM, d1..dN): every output index, then every input index
  Shape g = output;
  g.insert(g.end(), input.begin(), input.end());
  return g;
}

Shape tensordot_shape(const Shape& u, const Shape& v) {
  const bool fits = v.size() <= u.size() && std::equal(v.begin(), v.end(), u.end() - v.size());
  if (!fits) {
    throw ShapeError("nn::tensordot_shape: cannot contract u of shape " + to_string(u) +
                     " with v of shape " + to_string(v) +
                     ": the trailing dimensions of u must be " + to_string(v));
  }
  // <u, v>[i1..iM] sums over v's indices: u's leading dimensions remain
  return Shape(u.begin(), u.end() - v.size());
}

Shape broadcast_shape(const Shape& a, const Shape& b) {
  const std::size_t n = std::max(a.size(), b.size());
  Shape out(n);
  // align at the trailing dimension; a missing leading dimension counts as 1
  for (std::size_t k = 0; k < n; ++k) {
    const arma::uword da = k < n - a.size() ? 1 : a[k - (n - a.size())];
    const arma::uword db = k < n - b.size() ? 1 : b[k - (n - b.size())];
    if (da != db && da != 1 && db != 1) {
      throw ShapeError(
          "nn::broadcast_shape: operands could not be broadcast together with shapes " +
          to_string(a) + " and " + to_string(b) + ": dimension -" + std::to_string(n - k) +
          " (counted from the end) is " + std::to_string(da) + " vs " + std::to_string(db) +
          "; sizes must be equal or one of them 1");
    }
    out[k] = da == 1 ? db : da;
  }
  return out;
}

}  // namespace nn
