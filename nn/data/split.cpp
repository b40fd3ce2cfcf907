#include <nn/data/split.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace nn {

namespace {

void check_features(const arma::mat& X, arma::uword D, const std::string& where) {
  if (X.n_rows != D)
    throw ShapeError(where + ": input is " + shape_str(X) + " (features x examples), fitted on " +
                     std::to_string(D) + " features");
}

}  // namespace

Dataset subset(const Dataset& data, const arma::uvec& idx) {
  if (data.y.n_elem != data.X.n_cols)
    throw ShapeError("subset: X is " + shape_str(data.X) + " but y has " +
                     std::to_string(data.y.n_elem) + " labels");
  if (!idx.is_empty() && idx.max() >= data.X.n_cols)
    throw std::out_of_range("subset: index " + std::to_string(idx.max()) +
                            " but the data set has " + std::to_string(data.X.n_cols) + " examples");
  return Dataset{data.X.cols(idx), data.y.elem(idx)};
}

const arma::mat column_view(const arma::mat& A, arma::uword first, arma::uword n) {
  if (first > A.n_cols || n > A.n_cols - first) {
    throw ShapeError("column_view: columns " + std::to_string(first) + " .. " +
                     std::to_string(first + n) + " (exclusive) of a " + shape_str(A) +
                     " matrix are out of range");
  }
  // an Armadillo matrix over A's memory: copy_aux_mem = false, strict = true (its size is fixed)
  return arma::mat(const_cast<double*>(A.colptr(0)) + first * A.n_rows, A.n_rows, n, false, true);
}

Dataset head(const Dataset& data, arma::uword n) {
  const arma::uword m = std::min<arma::uword>(n, data.X.n_cols);
  if (m == 0) return Dataset{arma::mat(data.X.n_rows, 0), arma::uvec()};
  return Dataset{data.X.head_cols(m), data.y.head(m)};
}

TrainTest train_test_split(const Dataset& data, double test_fraction, Rng& rng) {
  if (!(test_fraction >= 0.0 && test_fraction <= 1.0))
    throw std::invalid_argument("train_test_split: test_fraction = " +
                                std::to_string(test_fraction) + ", expected a value in [0, 1]");
  const arma::uword N = data.X.n_cols;
  const auto n_test =
      static_cast<arma::uword>(std::llround(test_fraction * static_cast<double>(N)));
  const arma::uvec perm = rng.permutation(N);
  TrainTest out;
  out.test = subset(data, n_test > 0 ? arma::uvec(perm.head(n_test)) : arma::uvec());
  out.train = subset(data, n_test < N ? arma::uvec(perm.tail(N - n_test)) : arma::uvec());
  return out;
}

std::vector<arma::uvec> batch_indices(arma::uword n, arma::uword batch_size) {
  if (batch_size == 0) throw std::invalid_argument("batch_indices: batch_size must be at least 1");
  std::vector<arma::uvec> batches;
  for (arma::uword start = 0; start < n; start += batch_size) {
    const arma::uword end = std::min(n, start + batch_size);  // [start, end)
    batches.push_back(arma::regspace<arma::uvec>(start, end - 1));
  }
  return batches;
}

std::vector<arma::uvec> batch_indices(arma::uword n, arma::uword batch_size, Rng& rng) {
  if (batch_size == 0) throw std::invalid_argument("batch_indices: batch_size must be at least 1");
  const arma::uvec perm = rng.permutation(n);
  std::vector<arma::uvec> batches = batch_indices(n, batch_size);
  for (arma::uvec& b : batches) b = perm.elem(b);
  return batches;
}

Standardizer standardize(const arma::mat& X) {
  Standardizer s;
  s.mean = arma::mean(X, 1);                  // mu_d = (1/N) sum_n X_dn
  s.sd = arma::stddev(X, 1, 1);               // sigma_d = sqrt((1/N) sum_n (X_dn - mu_d)^2)
  s.sd.elem(arma::find(s.sd == 0.0)).ones();  // constant feature: sigma_d = 1
  return s;
}

arma::mat Standardizer::apply(const arma::mat& X) const {
  check_features(X, mean.n_elem, "Standardizer::apply");
  arma::mat Z = X;
  Z.each_col() -= mean;  // X - mu 1^T
  Z.each_col() /= sd;    // ./ sigma
  return Z;
}

arma::mat Standardizer::inverse(const arma::mat& Z) const {
  check_features(Z, mean.n_elem, "Standardizer::inverse");
  arma::mat X = Z;
  X.each_col() %= sd;    // Z .* sigma
  X.each_col() += mean;  // + mu 1^T
  return X;
}

MinMaxScaler min_max_scale(const arma::mat& X, double lo, double hi) {
  MinMaxScaler s;
  s.min = arma::min(X, 1);
  s.max = arma::max(X, 1);
  s.lo = lo;
  s.hi = hi;
  return s;
}

arma::mat MinMaxScaler::apply(const arma::mat& X) const {
  check_features(X, min.n_elem, "MinMaxScaler::apply");
  arma::vec range = max - min;
  range.elem(arma::find(range == 0.0)).ones();  // constant feature: x - min = 0 -> lo
  arma::mat Z = X;
  Z.each_col() -= min;        // x - min
  Z.each_col() /= range;      // / (max - min)
  return lo + (hi - lo) * Z;  // lo + (hi - lo) (x - min)/(max - min)
}

arma::mat MinMaxScaler::inverse(const arma::mat& Z) const {
  check_features(Z, min.n_elem, "MinMaxScaler::inverse");
  arma::vec range = max - min;
  arma::mat X = (Z - lo) / (hi - lo);  // (z - lo)/(hi - lo)
  X.each_col() %= range;               // * (max - min)
  X.each_col() += min;                 // + min
  return X;
}

}  // namespace nn
