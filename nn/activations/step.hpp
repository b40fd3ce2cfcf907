#pragma once
/// \file
/// \brief The Heaviside step activation of the perceptron.

#include <armadillo>

namespace nn {

/// \brief Heaviside step, element-wise:
/// \f[ \operatorname{step}(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases} \f]
///
/// The threshold unit of Rosenblatt's perceptron (the lectures' "> 0 -> class 1" rule, L3-01).
/// Note \f$ \operatorname{step}(0) = 0 \f$.
arma::mat step(const arma::mat& Z);

/// \brief Derivative of the step, \f$ \operatorname{step}'(z) = 0 \f$ for \f$ z \ne 0 \f$
/// (undefined at 0; we return 0 there too): a zero matrix shaped like `Z`.
///
/// This is why a step network cannot be trained by gradient descent: no gradient flows through it.
arma::mat step_derivative(const arma::mat& Z);

/// \brief Scalar step: 1 if \f$ z > 0 \f$, else 0.
double step(double z);

/// \brief Scalar derivative of the step: always 0 (see the matrix overload).
double step_derivative(double z);

}  // namespace nn
