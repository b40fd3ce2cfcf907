#pragma once
/// \file
/// \brief Exponential linear units: ELU and the self-normalizing SELU.

#include <armadillo>

namespace nn {

/// \brief SELU's scale \f$ \lambda \approx 1.0507 \f$ (Klambauer et al. 2017, to 20 digits).
inline constexpr double selu_lambda = 1.0507009873554804934193349852946;

/// \brief SELU's \f$ \alpha \approx 1.6733 \f$ (Klambauer et al. 2017, to 20 digits).
inline constexpr double selu_alpha = 1.6732632423543772848170429916717;

/// \brief Exponential linear unit (Clevert et al. 2015), element-wise:
/// \f[ \operatorname{elu}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}
///     \qquad (\alpha = 1 \text{ by default}). \f]
///
/// Smooth for \f$ \alpha = 1 \f$, saturating at \f$ -\alpha \f$ for large negative inputs.
/// \f$ e^z - 1 \f$ is computed with `expm1` (accurate near 0).
arma::mat elu(const arma::mat& Z, double alpha = 1.0);

/// \brief Derivative of ELU, taking the pre-activation \f$ Z \f$:
/// \f[ \operatorname{elu}'(z) = \begin{cases} 1 & z > 0 \\ \alpha e^{z} & z \le 0 \end{cases} \f]
arma::mat elu_derivative(const arma::mat& Z, double alpha = 1.0);

/// \brief Scalar ELU: \f$ z \f$ if \f$ z > 0 \f$, else \f$ \alpha(e^z - 1) \f$.
double elu(double z, double alpha = 1.0);

/// \brief Scalar derivative of ELU: 1 if \f$ z > 0 \f$, else \f$ \alpha e^z \f$.
double elu_derivative(double z, double alpha = 1.0);

/// \brief Scaled ELU (self-normalizing networks, Klambauer et al. 2017), element-wise:
/// \f[ \operatorname{selu}(z) = \lambda \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0
///     \end{cases} = \lambda\,\operatorname{elu}(z; \alpha), \f]
/// with nn::selu_lambda \f$ \lambda \approx 1.0507 \f$ and nn::selu_alpha \f$ \alpha \approx 1.6733
/// \f$ (pair it with LeCun-normal initialization).
arma::mat selu(const arma::mat& Z);

/// \brief Derivative of SELU: \f$ \lambda \f$ for \f$ z > 0 \f$, \f$ \lambda \alpha e^{z} \f$ for
/// \f$ z \le 0 \f$.
arma::mat selu_derivative(const arma::mat& Z);

/// \brief Scalar SELU \f$ \lambda\,\operatorname{elu}(z; \alpha) \f$.
double selu(double z);

/// \brief Scalar derivative of SELU: \f$ \lambda \f$ if \f$ z > 0 \f$, else \f$ \lambda\alpha e^z
/// \f$.
double selu_derivative(double z);

}  // namespace nn
