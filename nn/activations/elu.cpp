#include <nn/activations/elu.hpp>

#include <cmath>

namespace nn {

double elu(double z, double alpha) {
  return z > 0.0 ? z : alpha * std::expm1(z);  // z or alpha (e^z - 1)
}

double elu_derivative(double z, double alpha) {
  return z > 0.0 ? 1.0 : alpha * std::exp(z);  // 1 or alpha e^z
}

arma::mat elu(const arma::mat& Z, double alpha) {
  arma::mat Y = Z;
  Y.transform([alpha](double z) { return elu(z, alpha); });
  return Y;
}

arma::mat elu_derivative(const arma::mat& Z, double alpha) {
  arma::mat D = Z;
  D.transform([alpha](double z) { return elu_derivative(z, alpha); });
  return D;
}

double selu(double z) { return selu_lambda * elu(z, selu_alpha); }  // lambda elu(z; alpha)

double selu_derivative(double z) {
  return selu_lambda * elu_derivative(z, selu_alpha);  // lambda or lambda alpha e^z
}

arma::mat selu(const arma::mat& Z) { return selu_lambda * elu(Z, selu_alpha); }

arma::mat selu_derivative(const arma::mat& Z) {
  return selu_lambda * elu_derivative(Z, selu_alpha);
}

}  // namespace nn
