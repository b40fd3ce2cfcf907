#pragma once
/// \file
/// \brief The library's own exponential: the same bits on every CPU, in every vector width.

#include <armadillo>

namespace nn {

/// \brief The exponential \f$ e^x \f$, computed by the library itself (not by the C library), so
/// that it gives the same bits on every x86-64 CPU and in every kernel variant.
///
/// The C library picks its `exp` by CPU (glibc has FMA and non-FMA versions, and other vector
/// versions again), and they differ in the last bit for a few inputs in ten thousand; a long
/// training run can amplify one bit into a printed digit. This one uses only IEEE
/// \f$ +, -, \times \f$ and integer bit operations:
/// \f{align*}{
///   k &= \operatorname{round}(x / \ln 2), \qquad r = x - k \ln 2 \in [-\tfrac{\ln 2}{2},
///   \tfrac{\ln 2}{2}],
///   \\ e^x &= 2^k e^r, \qquad
///   e^r = 1 + r + r^2 \sum_{j=0}^{12} \frac{r^j}{(j+2)!} \quad (\text{Taylor, truncation} <
///   2^{-57}),
/// \f}
/// with \f$ \ln 2 \f$ split in two parts (Cody and Waite) so that \f$ k \ln 2 \f$ is subtracted
/// exactly, the rounding errors of \f$ r \f$ and of \f$ 1 + r \f$ carried into the small terms,
/// and \f$ 2^k \f$ built in the exponent field as \f$ 2^{k_1} 2^{k - k_1} \f$,
/// \f$ k_1 = \operatorname{round}(k/2) \f$, so that a subnormal result is rounded once.
///
/// Accuracy, measured against `expl` in long double over 350 million uniform points: at most
/// 0.629 ulp for normal results and 0.766 ulp for subnormal ones (about 1.2 % of the results are
/// not correctly rounded); `tests/unit/kernels_test.cpp` asserts 0.65 and 0.8 over 8 million
/// points. `exp(0) == 1` exactly.
/// Special values: NaN gives NaN, \f$ +\infty \f$ gives \f$ +\infty \f$, \f$ -\infty \f$ gives 0,
/// \f$ x > 709.78 \f$ overflows to \f$ +\infty \f$, \f$ x < -745.13 \f$ underflows to 0.
double exp(double x);

/// \brief Element-wise \f$ Y_{ij} = e^{X_{ij}} \f$ with nn::exp(double), any shape.
///
/// The textbook loop; when nn::kernels::fast() it runs as the vectorised nn::kernels::exp,
/// which gives the same bits.
arma::mat exp(const arma::mat& X);

}  // namespace nn
