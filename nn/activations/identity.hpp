#pragma once
/// \file
/// \brief The identity activation \f$ f(z) = z \f$ (linear output of a regression network).

#include <armadillo>

namespace nn {

/// \brief Identity activation \f$ f(z) = z \f$, element-wise: returns `Z` unchanged.
///
/// The output activation of a regression network (deck 1 summary table, L1-22: "none").
arma::mat identity(const arma::mat& Z);

/// \brief Derivative of the identity, \f$ f'(z) = 1 \f$: a matrix of ones shaped like `Z`.
arma::mat identity_derivative(const arma::mat& Z);

/// \brief Scalar identity \f$ f(z) = z \f$.
double identity(double z);

/// \brief Scalar derivative of the identity, \f$ f'(z) = 1 \f$.
double identity_derivative(double z);

}  // namespace nn
