#pragma once
/// \file
/// \brief The hyperbolic tangent activation and its derivative.

#include <armadillo>

namespace nn {

/// \brief Hyperbolic tangent, element-wise:
/// \f[ \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = \frac{1 - e^{-2z}}{1 + e^{-2z}}
///     = 2\sigma(2z) - 1 \in (-1, 1). \f]
///
/// Lectures: L1-20, L2-04. Zero-centred, unlike the sigmoid.
arma::mat tanh(const arma::mat& Z);

/// \brief Derivative of tanh, taking the pre-activation \f$ Z \f$:
/// \f[ \tanh'(z) = 1 - \tanh^2(z). \f]
arma::mat tanh_derivative(const arma::mat& Z);

/// \brief Scalar \f$ \tanh(z) \f$.
double tanh(double z);

/// \brief Scalar derivative \f$ 1 - \tanh^2(z) \f$.
double tanh_derivative(double z);

}  // namespace nn
