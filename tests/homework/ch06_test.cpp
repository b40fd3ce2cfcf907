// Graded tests of chapter 06's library exercises: the backward passes of the Sigmoid, Tanh and
// ReLU layers, each against the finite-difference gradient of L(X) = sum(dY .* layer.forward(X)).
#include <armadillo>

#include <nn/layers/activation.hpp>

#include "homework.hpp"

namespace {
const arma::mat kX = {{-2.0, -0.3, 0.4}, {1.5, 0.7, -1.1}};
const arma::mat kDY = {{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}};

// dL/dX of L(X) = sum(dY .* f(X)) by finite differences of the layer's forward pass.
template <class LayerT>
arma::mat expected_dX(const arma::mat& X, const arma::mat& dY) {
  return hw::gradient(
      [&](const arma::mat& x) {
        LayerT l;
        return arma::accu(dY % l.forward(x));
      },
      X);
}

template <class LayerT>
arma::mat backward_of(const arma::mat& X, const arma::mat& dY) {
  LayerT layer;
  layer.forward(X);
  return layer.backward(dY);
}
}  // namespace

TEST(HwSigmoidBackward, AgreesWithFiniteDifferences) {
  HW_MAT_NEAR(
      backward_of<nn::Sigmoid>(kX, kDY), expected_dX<nn::Sigmoid>(kX, kDY), 1e-10,
      "Sigmoid::backward(dY) on a 2 x 3 batch (finite differences of sum(dY .* sigmoid(X)))");
}

TEST(HwSigmoidBackward, OneEntry) {
  // at x = 0, sigma' = 1/4: dX = 1/4 dY
  HW_MAT_NEAR(backward_of<nn::Sigmoid>(hw::row({0.0}), hw::row({2.0})), (hw::row({0.5})), 1e-15,
              "Sigmoid::backward(dY = 2) at x = 0");
}

TEST(HwTanhBackward, AgreesWithFiniteDifferences) {
  HW_MAT_NEAR(backward_of<nn::Tanh>(kX, kDY), expected_dX<nn::Tanh>(kX, kDY), 1e-10,
              "Tanh::backward(dY) on a 2 x 3 batch (finite differences of sum(dY .* tanh(X)))");
  HW_MAT_NEAR(backward_of<nn::Tanh>(hw::row({0.0}), hw::row({-3.0})), (hw::row({-3.0})), 1e-15,
              "Tanh::backward(dY = -3) at x = 0");
}

TEST(HwReluBackward, PassesTheGradientWhereTheInputIsPositive) {
  HW_MAT_NEAR(backward_of<nn::ReLU>(kX, kDY), (arma::mat{{0.0, 0.0, 2.0}, {1.5, 0.25, 0.0}}), 0.0,
              "ReLU::backward(dY) on a 2 x 3 batch");
  HW_MAT_NEAR(backward_of<nn::ReLU>(hw::row({0.0, -0.0}), hw::row({4.0, 4.0})),
              (hw::row({0.0, 0.0})), 0.0,
              "ReLU::backward at x = 0 (the derivative there is taken as 0)");
}
