// Graded tests of chapter 02's library exercises: nn::linear_cost, nn::linear_cost_gradient and
// the update of nn::gradient_descent. theta = (theta_0, w): intercept first.
#include <armadillo>

#include <nn/core/rng.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/linear_regression.hpp>

#include "homework.hpp"

namespace {
const arma::mat kX = hw::row({1.0, 2.0, 4.0});  // three examples of one feature
const arma::rowvec kY = {2.0, 3.0, 7.0};
}  // namespace

// theta = (0, 1): predictions 1, 2, 4, errors -1, -1, -3, squared 1 + 1 + 9 = 11, J = 11 / 6.
TEST(HwLinearCost, HalfTheMeanSquaredError) {
  HW_NEAR(nn::linear_cost(arma::vec{0.0, 1.0}, kX, kY), 11.0 / 6.0, 1e-14,
          "linear_cost(theta = (0, 1)) on x = (1, 2, 4), y = (2, 3, 7)");
  // theta = (1, 1.5): predictions 2.5, 4, 7, errors 0.5, 1, 0: J = 1.25 / 6
  HW_NEAR(nn::linear_cost(arma::vec{1.0, 1.5}, kX, kY), 1.25 / 6.0, 1e-14,
          "linear_cost(theta = (1, 1.5)) on the same data");
}

TEST(HwLinearCost, ZeroOnAPerfectFitAndOneExample) {
  HW_NEAR(nn::linear_cost(arma::vec{-1.0, 2.0}, hw::row({1.0, 3.0}), arma::rowvec{1.0, 5.0}), 0.0,
          1e-15, "linear_cost of a line through every point");
  HW_NEAR(nn::linear_cost(arma::vec{0.0, 0.0}, hw::row({5.0}), arma::rowvec{4.0}), 8.0, 1e-14,
          "linear_cost(theta = 0) on one example with y = 4");
}

// theta = (0, 1): errors e = (-1, -1, -3); dJ/dtheta_0 = mean e = -5/3; dJ/dw = mean(e x) = -15/3.
TEST(HwLinearCostGradient, ByHand) {
  HW_MAT_NEAR(arma::mat(nn::linear_cost_gradient(arma::vec{0.0, 1.0}, kX, kY)),
              (hw::col({-5.0 / 3.0, -5.0})), 1e-14,
              "linear_cost_gradient(theta = (0, 1)) on x = (1, 2, 4), y = (2, 3, 7)");
}

TEST(HwLinearCostGradient, AgreesWithFiniteDifferencesOfTheCost) {
  const arma::mat X = {{0.5, -1.0, 2.0, 3.0}, {1.0, 0.0, -2.0, 0.5}};
  const arma::rowvec y = {1.0, -2.0, 0.5, 4.0};
  const arma::vec theta = {0.3, -0.7, 1.1};
  // the cost as a function of theta, by its definition: (1/2m) sum of squared errors
  const auto J = [&](const arma::mat& t) {
    const arma::rowvec e = nn::linear_predict(arma::vec(t), X) - y;
    return 0.125 * arma::accu(arma::square(e));
  };
  HW_MAT_NEAR(
      arma::mat(nn::linear_cost_gradient(theta, X, y)), hw::gradient(J, theta), 1e-9,
      "linear_cost_gradient on 4 examples of 2 features (compared with finite differences of J)");
}

// Batch gradient descent on one parameter with J(theta) = (theta - 3)^2, gradient 2 (theta - 3):
// from 0 with eta = 0.25 each step halves the distance to 3: 1.5, 2.25, 2.625.
TEST(HwGradientDescent, StepsAgainstTheGradient) {
  const nn::BatchObjective f = [](const arma::vec& theta, const arma::uvec&) {
    return nn::CostGradient{(theta(0) - 3.0) * (theta(0) - 3.0), arma::vec{2.0 * (theta(0) - 3.0)}};
  };
  nn::Rng rng(1);
  const nn::GDResult r = nn::gradient_descent(f, arma::vec{0.0}, 1, {.lr = 0.25, .epochs = 3}, rng);
  HW_NEAR(r.theta(0), 2.625, 1e-15, "theta after 3 steps of eta = 0.25 on (theta - 3)^2 from 0");
  HW_TRUE(r.steps == 3, "gradient_descent should make 3 updates");
}

TEST(HwGradientDescent, MiniBatchesUseTheirOwnGradient) {
  // J_B(theta) = mean over the batch of (theta - c_i)^2 / 2 with c = (1, 5): gradient theta -
  // mean(c_B).
  const arma::vec c = {1.0, 5.0};
  const nn::BatchObjective f = [&](const arma::vec& theta, const arma::uvec& batch) {
    const double target = arma::mean(c.elem(batch));
    return nn::CostGradient{0.0, arma::vec{theta(0) - target}};
  };
  nn::Rng rng(1);
  // batch size 1 in the natural order: theta = 0 - 0.5 (0 - 1) = 0.5, then 0.5 - 0.5 (0.5 - 5)
  // = 2.75
  const nn::GDResult r = nn::gradient_descent(
      f, arma::vec{0.0}, 2, {.lr = 0.5, .epochs = 1, .batch_size = 1, .shuffle = false}, rng);
  HW_NEAR(r.theta(0), 2.75, 1e-15, "theta after one epoch of stochastic steps (batch size 1)");
}
