#pragma once
/// \file
/// \brief nn::Dataset: examples as columns with their class labels, and nn::RegressionData.

#include <armadillo>

namespace nn {

/// \brief A classification data set: \f$ X: D \times N \f$ (one example per column) and
/// \f$ y \f$: \f$ N \f$ class indices \f$ 0, \dots, K-1 \f$.
struct Dataset {
  arma::mat X;   ///< Features, \f$ D \times N \f$.
  arma::uvec y;  ///< Class labels, \f$ N \f$ entries.

  /// \brief The number of examples \f$ N \f$ (columns of `X`).
  arma::uword size() const { return X.n_cols; }
};

/// \brief A regression data set: inputs \f$ X: D \times N \f$ and real targets
/// \f$ Y: M \times N \f$, one example per column.
struct RegressionData {
  arma::mat X;  ///< Inputs, \f$ D \times N \f$.
  arma::mat Y;  ///< Targets, \f$ M \times N \f$.
};

}  // namespace nn
