#pragma once
/// \file
/// \brief The logistic sigmoid \f$ \sigma(z) = 1/(1+e^{-z}) \f$, its derivative, and softplus.

#include <armadillo>

namespace nn {

/// \brief Logistic sigmoid, element-wise:
/// \f[ \sigma(z) = \frac{1}{1 + e^{-z}} \in (0, 1). \f]
///
/// Computed as written, with the library's nn::exp: the same bits on every CPU, and with or
/// without the vectorised kernel (nn::kernels::sigmoid). No branch is needed at the extremes:
/// \f$ z \to -\infty \f$ gives \f$ e^{-z} = \infty \f$ and \f$ 1/\infty = 0 \f$; the result
/// is accurate to a few ulp wherever it is a normal number (\f$ z > -708 \f$), and 0 below
/// \f$ z \approx -709.8 \f$. Lectures: L0-08, L1-05, L2-04, L4-02.
arma::mat sigmoid(const arma::mat& Z);

/// \brief Derivative of the sigmoid, taking the pre-activation \f$ Z \f$:
/// \f[ \sigma'(z) = \frac{e^{-z}}{(1+e^{-z})^2} = \sigma(z)\,\bigl(1 - \sigma(z)\bigr). \f]
///
/// Maximum \f$ \sigma'(0) = 1/4 \f$ (L0-08, L1-19, L3-13).
arma::mat sigmoid_derivative(const arma::mat& Z);

/// \brief Scalar sigmoid \f$ \sigma(z) = 1/(1+e^{-z}) \f$; `sigmoid(Z)` gives its bits on every
/// element.
double sigmoid(double z);

/// \brief Scalar derivative \f$ \sigma'(z) = \sigma(z)(1-\sigma(z)) \f$.
double sigmoid_derivative(double z);

/// \brief Softplus, element-wise, the antiderivative of the sigmoid:
/// \f[ \operatorname{softplus}(z) = \ln(1 + e^{z}) = \max(z, 0) + \ln\bigl(1 + e^{-|z|}\bigr). \f]
///
/// Evaluated in the stable right-hand form, so `softplus(1000) == 1000` instead of `inf`.
/// It is the building block of the logistic loss \f$ \ln(1 + e^{-yz}) \f$ (L4-01) and of
/// nn::binary_cross_entropy_from_logits.
arma::mat softplus(const arma::mat& Z);

/// \brief Derivative of softplus: \f$ \operatorname{softplus}'(z) = \sigma(z) \f$.
arma::mat softplus_derivative(const arma::mat& Z);

/// \brief Scalar softplus \f$ \ln(1+e^z) = \max(z,0) + \ln(1+e^{-|z|}) \f$ (stable).
double softplus(double z);

/// \brief Scalar derivative of softplus, \f$ \sigma(z) \f$.
double softplus_derivative(double z);

}  // namespace nn
