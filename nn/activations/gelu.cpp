#include <nn/activations/gelu.hpp>

#include <cmath>

namespace nn {

namespace {
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;   // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr double kCubic = 0.044715;
}  // namespace

double gelu(double z) {
  return 0.5 * z * (1.0 + std::erf(z / kSqrt2));  // z Phi(z) = z/2 (1 + erf(z / sqrt 2))
}

double gelu_derivative(double z) {
  const double Phi = 0.5 * (1.0 + std::erf(z / kSqrt2));    // Phi(z)
  const double phi = kInvSqrt2Pi * std::exp(-0.5 * z * z);  // phi(z) = e^(-z^2/2) / sqrt(2 pi)
  return Phi + z * phi;                                     // Phi(z) + z phi(z)
}

double gelu_tanh(double z) {
  const double u = kSqrt2OverPi * (z + kCubic * z * z * z);  // u = sqrt(2/pi) (z + 0.044715 z^3)
  return 0.5 * z * (1.0 + std::tanh(u));                     // z/2 (1 + tanh u)
}

double gelu_tanh_derivative(double z) {
  const double u = kSqrt2OverPi * (z + kCubic * z * z * z);  // u = sqrt(2/pi) (z + 0.044715 z^3)
  const double t = std::tanh(u);
  const double du = kSqrt2OverPi * (1.0 + 3.0 * kCubic * z * z);  // du/dz
  return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du;          // (1+t)/2 + z/2 (1-t^2) du/dz
}

arma::mat gelu(const arma::mat& Z) {
  arma::mat Y = Z;
  Y.transform([](double z) { return gelu(z); });
  return Y;
}

arma::mat gelu_derivative(const arma::mat& Z) {
  arma::mat D = Z;
  D.transform([](double z) { return gelu_derivative(z); });
  return D;
}

arma::mat gelu_tanh(const arma::mat& Z) {
  arma::mat Y = Z;
  Y.transform([](double z) { return gelu_tanh(z); });
  return Y;
}

arma::mat gelu_tanh_derivative(const arma::mat& Z) {
  arma::mat D = Z;
  D.transform([](double z) { return gelu_tanh_derivative(z); });
  return D;
}

}  // namespace nn
