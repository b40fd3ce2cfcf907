#pragma once
/// \file
/// \brief The Gaussian error linear unit: exact (erf) form and tanh approximation.

#include <armadillo>

namespace nn {

/// \brief GELU (Hendrycks & Gimpel 2016), exact form, element-wise:
/// \f[ \operatorname{gelu}(z) = z\,\Phi(z) = \frac{z}{2}\Bigl(1 +
/// \operatorname{erf}\bigl(z/\sqrt{2}\bigr)\Bigr), \f] where \f$ \Phi \f$ is the standard normal
/// CDF. \f$ \operatorname{gelu}(1) = \Phi(1) \approx 0.8413447461 \f$ (L1-41).
arma::mat gelu(const arma::mat& Z);

/// \brief Derivative of the exact GELU:
/// \f[ \operatorname{gelu}'(z) = \Phi(z) + z\,\varphi(z), \qquad
///     \varphi(z) = \frac{1}{\sqrt{2\pi}} e^{-z^2/2}. \f]
arma::mat gelu_derivative(const arma::mat& Z);

/// \brief Scalar exact GELU \f$ z\,\Phi(z) \f$.
double gelu(double z);

/// \brief Scalar derivative \f$ \Phi(z) + z\varphi(z) \f$.
double gelu_derivative(double z);

/// \brief GELU, tanh approximation (as in BERT/GPT-2 and PyTorch's `approximate="tanh"`):
/// \f[ \operatorname{gelu}_{\tanh}(z) = \frac{z}{2}\Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(z +
/// 0.044715\,z^3)\bigr)\Bigr). \f]
///
/// Within \f$ 5 \cdot 10^{-4} \f$ of the exact form everywhere (\f$ \operatorname{gelu}_{\tanh}(1)
/// \approx 0.8411919906 \f$, L1-41).
arma::mat gelu_tanh(const arma::mat& Z);

/// \brief Derivative of the tanh-form GELU, with \f$ u = \sqrt{2/\pi}(z + 0.044715 z^3) \f$ and
/// \f$ t = \tanh u \f$:
/// \f[ \frac{d}{dz}\operatorname{gelu}_{\tanh}(z) = \frac{1 + t}{2} + \frac{z}{2}(1 - t^2)\,
///     \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\, z^2). \f]
arma::mat gelu_tanh_derivative(const arma::mat& Z);

/// \brief Scalar tanh-form GELU.
double gelu_tanh(double z);

/// \brief Scalar derivative of the tanh-form GELU.
double gelu_tanh_derivative(double z);

}  // namespace nn
