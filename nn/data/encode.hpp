#pragma once
/// \file
/// \brief One-hot encoding of class labels.

#include <armadillo>

namespace nn {

/// \brief The one-hot matrix of `labels`: \f$ T: K \times N \f$ with
/// \f[ T_{kn} = \begin{cases} 1 & k = y_n \\ 0 & \text{otherwise.} \end{cases} \f]
/// Throws nn::DataError naming the label, its index and \f$ K \f$ if a label is \f$ \ge K \f$.
arma::mat one_hot(const arma::uvec& labels, arma::uword K);

}  // namespace nn
