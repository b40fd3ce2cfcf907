#pragma once
/// \file
/// \brief Splitting and scaling data sets: train/test split, subsets, mini-batch indices,
/// standardisation and min-max scaling (fitted on one set, applied to others).

#include <nn/core/rng.hpp>
#include <nn/data/dataset.hpp>

#include <vector>

namespace nn {

/// \brief A training set and a held-out set.
struct TrainTest {
  Dataset train;  ///< The examples to fit on.
  Dataset test;   ///< The held-out examples.
};

/// \brief The examples `idx` of `data`, in that order (`X.cols(idx)`, `y(idx)`).
Dataset subset(const Dataset& data, const arma::uvec& idx);

/// \brief Columns `first .. first + n - 1` of `A` as a matrix that shares `A`'s memory (no copy):
/// for passing part of a large data set to functions that take `const arma::mat&`, such as
/// nn::Sequential::fit, without the copy that `A.cols(a, b)` would make there. Use it read-only,
/// and only while `A` lives and keeps its size. Throws nn::ShapeError if the range does not fit.
const arma::mat column_view(const arma::mat& A, arma::uword first, arma::uword n);

/// \brief The first `n` examples of `data` (all of them if it has fewer), e.g. a quick MNIST run.
Dataset head(const Dataset& data, arma::uword n);

/// \brief A random split: \f$ N_{test} = \mathrm{round}(f N) \f$ examples (`test_fraction` \f$ f
/// \f$ in [0, 1]) go to `test`, the rest to `train`, both in the order of one permutation drawn
/// from `rng`. Throws std::invalid_argument if \f$ f \notin [0, 1] \f$.
TrainTest train_test_split(const Dataset& data, double test_fraction, Rng& rng = global_rng());

/// \brief Mini-batch index sets covering \f$ 0, \dots, n-1 \f$ in order: \f$ \lceil n / B \rceil
/// \f$ batches of \f$ B \f$ = `batch_size` (the last may be smaller). Throws std::invalid_argument
/// if `batch_size == 0`.
std::vector<arma::uvec> batch_indices(arma::uword n, arma::uword batch_size);

/// \brief As above, over a fresh random permutation drawn from `rng` (deck 4: reshuffle the
/// training samples every epoch and take the mini-batches in order).
std::vector<arma::uvec> batch_indices(arma::uword n, arma::uword batch_size, Rng& rng);

/// \brief Per-feature standardisation \f$ z = (x - \mu) / \sigma \f$, fitted by nn::standardize.
struct Standardizer {
  arma::vec mean;  ///< \f$ \mu \f$: per-feature (row) means, \f$ D \times 1 \f$.
  /// \f$ \sigma \f$: per-feature standard deviations (1 where a feature is constant).
  arma::vec sd;

  /// \brief \f$ Z = (X - \mu 1^T) / \sigma \f$, row by row. Throws nn::ShapeError if `X` does not
  /// have \f$ D \f$ rows.
  arma::mat apply(const arma::mat& X) const;

  /// \brief \f$ X = Z \sigma + \mu 1^T \f$, the inverse of apply.
  arma::mat inverse(const arma::mat& Z) const;
};

/// \brief Fits a nn::Standardizer to the rows of `X` (\f$ D \times N \f$):
/// \f$ \mu_d = \frac1N \sum_n X_{dn} \f$, \f$ \sigma_d = \sqrt{\frac1N \sum_n (X_{dn} - \mu_d)^2}
/// \f$ (population standard deviation, as scikit-learn's `StandardScaler`); a constant feature gets
/// \f$ \sigma_d = 1 \f$ so it maps to 0 instead of dividing by zero. Fit on the training set,
/// apply to every set.
Standardizer standardize(const arma::mat& X);

/// \brief Per-feature min-max scaling to \f$ [lo, hi] \f$, fitted by nn::min_max_scale:
/// \f$ z = lo + (x - \min) \frac{hi - lo}{\max - \min} \f$.
struct MinMaxScaler {
  arma::vec min;    ///< Per-feature minimum, \f$ D \times 1 \f$.
  arma::vec max;    ///< Per-feature maximum (equal to `min` for a constant feature).
  double lo = 0.0;  ///< Lower end of the target range.
  double hi = 1.0;  ///< Upper end of the target range.

  /// \brief Scales `X` (\f$ D \times N \f$) row by row; a constant feature maps to `lo`. Throws
  /// nn::ShapeError if `X` does not have \f$ D \f$ rows.
  arma::mat apply(const arma::mat& X) const;

  /// \brief The inverse of apply (a constant feature maps back to its value).
  arma::mat inverse(const arma::mat& Z) const;
};

/// \brief Fits a nn::MinMaxScaler to the rows of `X` with target range \f$ [lo, hi] \f$.
MinMaxScaler min_max_scale(const arma::mat& X, double lo = 0.0, double hi = 1.0);

}  // namespace nn
