// Graded tests of chapter 03's library exercises: nn::sigmoid, nn::sigmoid_derivative (scalar and
// matrix), nn::bce_dphi and nn::logistic_cost_gradient.
#include <armadillo>
#include <cmath>
#include <string>

#include <nn/activations/sigmoid.hpp>
#include <nn/regression/logistic_regression.hpp>

#include "homework.hpp"

// Values: sigma(0) = 1/2; sigma(2), sigma(-3) and sigma(1.1) to 16 digits (computed independently
// in Python from the definition).
TEST(HwSigmoid, KnownValues) {
  HW_NEAR(nn::sigmoid(0.0), 0.5, 1e-15, "sigmoid(0)");
  HW_NEAR(nn::sigmoid(2.0), 0.8807970779778823, 1e-15, "sigmoid(2)");
  HW_NEAR(nn::sigmoid(-3.0), 0.04742587317756678, 1e-15, "sigmoid(-3)");
  HW_NEAR(nn::sigmoid(1.1), 0.7502601055951177, 1e-15, "sigmoid(1.1) (chapter 03's phi)");
}

TEST(HwSigmoid, SymmetryAndInverse) {
  for (double z : {-6.0, -1.5, -0.25, 0.5, 3.0}) {
    const double s = nn::sigmoid(z);
    HW_NEAR(s + nn::sigmoid(-z), 1.0, 1e-15, "sigmoid(z) + sigmoid(-z) at z = " + hw::num(z));
    HW_NEAR(std::log(s / (1.0 - s)), z, 1e-12,
            "the log-odds ln(s / (1 - s)) of s = sigmoid(z) at z = " + hw::num(z));
  }
}

TEST(HwSigmoid, FiniteAtTheExtremes) {
  HW_NEAR(nn::sigmoid(800.0), 1.0, 0.0, "sigmoid(800)");
  HW_NEAR(nn::sigmoid(-800.0), 0.0, 0.0,
          "sigmoid(-800) (no NaN: e^800 overflows to inf, 1/inf = 0)");
  HW_NEAR(nn::sigmoid(-40.0), 4.248354255291589e-18, 1e-30, "sigmoid(-40)");
}

// sigma'(0) = 1/4; at 2 and -1 to 16 digits (Python); everywhere the five-point derivative of
// sigma.
TEST(HwSigmoidDerivative, KnownValues) {
  HW_NEAR(nn::sigmoid_derivative(0.0), 0.25, 1e-15, "sigmoid_derivative(0)");
  HW_NEAR(nn::sigmoid_derivative(2.0), 0.10499358540350662, 1e-15, "sigmoid_derivative(2)");
  HW_NEAR(nn::sigmoid_derivative(-1.0), 0.19661193324148185, 1e-15, "sigmoid_derivative(-1)");
}

TEST(HwSigmoidDerivative, AgreesWithTheSlopeOfSigmoid) {
  for (double z : {-4.0, -0.7, 0.3, 1.9, 5.0}) {
    HW_NEAR(nn::sigmoid_derivative(z), hw::derivative([](double t) { return nn::sigmoid(t); }, z),
            1e-10, "sigmoid_derivative(" + hw::num(z) + ") against the slope of sigmoid there");
  }
  HW_NEAR(nn::sigmoid_derivative(-800.0), 0.0, 0.0, "sigmoid_derivative(-800)");
}

namespace {
const arma::mat kZ = {{-3.0, -0.5, 0.0}, {0.25, 1.0, 4.0}};

arma::mat slopes_of_sigmoid(const arma::mat& Z) {
  arma::mat D(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i)
    D(i) = hw::derivative([](double t) { return nn::sigmoid(t); }, Z(i));
  return D;
}
}  // namespace

TEST(HwSigmoidDerivativeMatrix, EntryBySlopeOfSigmoid) {
  HW_MAT_NEAR(nn::sigmoid_derivative(kZ), slopes_of_sigmoid(kZ), 1e-10,
              "sigmoid_derivative(Z) against the slope of sigmoid");
  HW_NEAR(nn::sigmoid_derivative(hw::row({0.0}))(0, 0), 0.25, 1e-15, "sigmoid_derivative at 0");
}

TEST(HwSigmoidDerivativeMatrix, KeepsTheShape) {
  const arma::mat D = nn::sigmoid_derivative(arma::mat(3, 5, arma::fill::value(2.0)));
  HW_MAT_NEAR(D, arma::mat(3, 5, arma::fill::value(0.10499358540350662)), 1e-15,
              "sigmoid_derivative of a 3 x 5 matrix of 2s");
}

// dL/dphi of L = -[y ln phi + (1 - y) ln(1 - phi)]: at phi = 0.75, y = 1 it is -1/0.75; at y = 0,
// 1/(1 - 0.75) = 4; at phi = 0.2, y = 1, -5.
TEST(HwBceDphi, ByHand) {
  HW_NEAR(nn::bce_dphi(0.75, 1.0), -4.0 / 3.0, 1e-14, "bce_dphi(phi = 0.75, y = 1)");
  HW_NEAR(nn::bce_dphi(0.75, 0.0), 4.0, 1e-14, "bce_dphi(phi = 0.75, y = 0)");
  HW_NEAR(nn::bce_dphi(0.2, 1.0), -5.0, 1e-14, "bce_dphi(phi = 0.2, y = 1)");
}

TEST(HwBceDphi, AgreesWithTheSlopeOfTheLoss) {
  for (double y : {0.0, 1.0}) {
    for (double phi : {0.1, 0.45, 0.9}) {
      const auto L = [y](double p) { return -(y * std::log(p) + (1.0 - y) * std::log(1.0 - p)); };
      HW_NEAR(nn::bce_dphi(phi, y), hw::derivative(L, phi, 1e-4), 1e-8,
              "bce_dphi(phi = " + hw::num(phi) + ", y = " + hw::num(y) +
                  ") against the slope of the loss");
    }
  }
}

// theta = 0 predicts p = 1/2 everywhere: dJ/db = mean(1/2 - y), dJ/dw_j = mean((1/2 - y) x_j).
TEST(HwLogisticCostGradient, AtThetaZero) {
  const arma::mat X = {{1.0, 2.0, -1.0, 0.0}, {0.0, 1.0, 1.0, -2.0}};
  const arma::rowvec y = {1.0, 0.0, 1.0, 0.0};
  // 1/2 - y = (-1/2, 1/2, -1/2, 1/2): mean 0; with x1: (-1/2 + 1 + 1/2 + 0)/4 = 1/4; x2: (0 + 1/2 -
  // 1/2 - 1)/4 = -1/4
  HW_MAT_NEAR(arma::mat(nn::logistic_cost_gradient(arma::vec{0.0, 0.0, 0.0}, X, y)),
              (hw::col({0.0, 0.25, -0.25})), 1e-15,
              "logistic_cost_gradient(theta = 0) on 4 examples");
}

TEST(HwLogisticCostGradient, AgreesWithFiniteDifferencesOfTheCost) {
  const arma::mat X = {{0.5, -1.0, 2.0, 3.0, -0.5}, {1.0, 0.0, -2.0, 0.5, 1.5}};
  const arma::rowvec y = {1.0, 0.0, 0.0, 1.0, 1.0};
  const arma::vec theta = {0.2, -0.4, 0.9};
  const auto J = [&](const arma::mat& t) { return nn::logistic_cost(arma::vec(t), X, y); };
  HW_MAT_NEAR(arma::mat(nn::logistic_cost_gradient(theta, X, y)), hw::gradient(J, theta), 1e-9,
              "logistic_cost_gradient on 5 examples (compared with finite differences of "
              "nn::logistic_cost)");
}
