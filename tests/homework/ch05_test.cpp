// Graded tests of chapter 05's library exercises: the derivatives of tanh and ReLU, the gradient
// of MSE, binary cross-entropy on logits and its gradient, and nn::numerical_gradient.
#include <armadillo>
#include <cmath>
#include <string>

#include <nn/activations/relu.hpp>
#include <nn/activations/tanh.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/mse.hpp>

#include "homework.hpp"

namespace {
const arma::mat kZ = {{-3.0, -0.5, 0.0}, {0.25, 1.0, 4.0}};

// The entry-wise slope of f at Z (five-point stencil).
arma::mat slope(double (*f)(double), const arma::mat& Z) {
  arma::mat D(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i) D(i) = hw::derivative(f, Z(i));
  return D;
}
double tnh(double z) { return std::tanh(z); }
}  // namespace

// tanh'(1) and tanh'(-0.5) to 16 digits (Python); tanh'(0) = 1.
TEST(HwTanhDerivativeMatrix, KnownValuesAndSlope) {
  HW_MAT_NEAR(nn::tanh_derivative(hw::row({0.0, 1.0, -0.5})),
              (hw::row({1.0, 0.41997434161402614, 0.7864477329659274})), 1e-15,
              "tanh_derivative(0, 1, -0.5)");
  HW_MAT_NEAR(nn::tanh_derivative(kZ), slope(tnh, kZ), 1e-10,
              "tanh_derivative(Z) against the slope of tanh");
}

TEST(HwTanhDerivative, KnownValuesAndSlope) {
  HW_NEAR(nn::tanh_derivative(0.0), 1.0, 1e-15, "tanh_derivative(0)");
  HW_NEAR(nn::tanh_derivative(1.0), 0.41997434161402614, 1e-15, "tanh_derivative(1)");
  for (double z : {-2.0, -0.3, 0.8, 3.0})
    HW_NEAR(nn::tanh_derivative(z), hw::derivative(tnh, z), 1e-10,
            "tanh_derivative(" + hw::num(z) + ") against the slope of tanh");
}

TEST(HwReluDerivative, StepWithZeroAtZero) {
  HW_MAT_NEAR(nn::relu_derivative(arma::mat{{-2.0, 0.0, 1e-12}, {3.0, -1e-12, 0.5}}),
              (arma::mat{{0, 0, 1}, {1, 0, 1}}), 0.0,
              "relu_derivative([-2, 0, 1e-12; 3, -1e-12, 0.5]) (0 at z = 0)");
}

// MSE L = 1/(K N) sum (yhat - t)^2: dL/dyhat = 2 (yhat - t) / (K N); for a sum over examples, / K.
TEST(HwMseGradient, MeanAndSum) {
  const arma::mat Yhat = {{1.0, 2.0}, {0.0, -1.0}};
  const arma::mat T = {{0.5, 2.0}, {1.0, 1.0}};
  // yhat - t = [0.5, 0; -1, -2], K = 2, N = 2
  HW_MAT_NEAR(nn::mse_gradient(Yhat, T), (arma::mat{{0.25, 0.0}, {-0.5, -1.0}}), 1e-15,
              "mse_gradient (mean, K = 2, N = 2)");
  HW_MAT_NEAR(nn::mse_gradient(Yhat, T, nn::Reduction::Sum), (arma::mat{{0.5, 0.0}, {-1.0, -2.0}}),
              1e-15, "mse_gradient (sum over examples, K = 2)");
}

TEST(HwMseGradient, AgreesWithFiniteDifferencesOfTheLoss) {
  const arma::mat Yhat = {{0.3, -1.2, 2.0}, {0.7, 0.1, -0.4}, {1.5, 0.0, 0.2}};
  const arma::mat T = {{0.0, -1.0, 1.0}, {1.0, 0.0, 0.0}, {2.0, 0.5, -0.5}};
  const auto L = [&](const arma::mat& y) { return nn::mse(y, T); };
  HW_MAT_NEAR(nn::mse_gradient(Yhat, T), hw::gradient(L, Yhat), 1e-10,
              "mse_gradient (3 x 3) against finite differences of nn::mse");
}

// l = ln(1 + e^z) - t z per entry, averaged over the K outputs of each example; values from Python.
TEST(HwBceFromLogits, KnownValues) {
  const arma::mat Z = {{1.0, -2.0}, {0.5, 3.0}};
  const arma::mat T = {{1.0, 0.0}, {0.0, 1.0}};
  HW_NEAR(nn::binary_cross_entropy_from_logits(Z, T), 0.365713508578761, 1e-14,
          "binary_cross_entropy_from_logits (mean)");
  HW_NEAR(nn::binary_cross_entropy_from_logits(Z, T, nn::Reduction::Sum), 0.731427017157522, 1e-14,
          "binary_cross_entropy_from_logits (sum over examples)");
  HW_NEAR(nn::binary_cross_entropy_from_logits(hw::row({0.0}), hw::row({1.0})), std::log(2.0),
          1e-15, "binary_cross_entropy_from_logits(z = 0, t = 1) = ln 2");
}

TEST(HwBceFromLogits, NoOverflowAtLargeLogits) {
  HW_NEAR(nn::binary_cross_entropy_from_logits(hw::row({800.0}), hw::row({0.0})), 800.0, 1e-12,
          "binary_cross_entropy_from_logits(z = 800, t = 0)");
  HW_NEAR(nn::binary_cross_entropy_from_logits(hw::row({-800.0}), hw::row({1.0})), 800.0, 1e-12,
          "binary_cross_entropy_from_logits(z = -800, t = 1)");
  HW_NEAR(nn::binary_cross_entropy_from_logits(hw::row({800.0}), hw::row({1.0})), 0.0, 1e-12,
          "binary_cross_entropy_from_logits(z = 800, t = 1)");
}

TEST(HwBceFromLogitsGradient, KnownValues) {
  const arma::mat Z = {{1.0, -2.0}, {0.5, 3.0}};
  const arma::mat T = {{1.0, 0.0}, {0.0, 1.0}};
  HW_MAT_NEAR(nn::binary_cross_entropy_from_logits_gradient(Z, T),
              (arma::mat{{-0.06723535534249878, 0.029800730505529387},
                         {0.15561483280046365, -0.011856468294391659}}),
              1e-15, "binary_cross_entropy_from_logits_gradient (mean, K = 2, N = 2)");
}

TEST(HwBceFromLogitsGradient, AgreesWithFiniteDifferencesOfTheLoss) {
  const arma::mat Z = {{0.3, -1.2, 2.0}, {0.7, 0.1, -0.4}};
  const arma::mat T = {{0.0, 1.0, 1.0}, {1.0, 0.0, 0.0}};
  const auto L = [&](const arma::mat& z) {
    return nn::binary_cross_entropy_from_logits(z, T, nn::Reduction::Sum);
  };
  HW_MAT_NEAR(
      nn::binary_cross_entropy_from_logits_gradient(Z, T, nn::Reduction::Sum), hw::gradient(L, Z),
      1e-9,
      "binary_cross_entropy_from_logits_gradient (sum) against finite differences of the loss");
}

// f(x) = sum x^3 has gradient 3 x^2; a quadratic's central differences are exact up to rounding.
TEST(HwNumericalGradient, CubicAndQuadratic) {
  const arma::mat x = {{0.5, -1.0}, {2.0, 0.0}};
  const arma::mat g = nn::numerical_gradient(
      [](const arma::mat& v) { return arma::accu(arma::pow(v, 3)); }, x, 1e-5);
  HW_MAT_NEAR(g, (arma::mat{{0.75, 3.0}, {12.0, 0.0}}), 1e-8,
              "numerical_gradient of sum x^3 at [0.5, -1; 2, 0]");
  const arma::mat q =
      nn::numerical_gradient([](const arma::mat& v) { return 3.0 * v(0) * v(0) - v(0) * v(1); },
                             hw::row({1.0, 2.0}), 1e-3);
  HW_MAT_NEAR(q, (hw::row({4.0, -1.0})), 1e-9, "numerical_gradient of 3 a^2 - a b at (1, 2)");
}

TEST(HwNumericalGradient, LeavesTheInputAsItWas) {
  // f reads every entry: when an entry stays perturbed the next partial derivative is off.
  const auto f = [](const arma::mat& v) { return std::exp(v(0)) * v(1) + v(1) * v(1); };
  const arma::mat g = nn::numerical_gradient(f, hw::row({0.0, 1.0}), 1e-5);
  HW_MAT_NEAR(g, (hw::row({1.0, 3.0})), 1e-8, "numerical_gradient of e^a b + b^2 at (0, 1)");
}
