// Graded tests of chapter 01's library exercises: nn::threshold_unit and nn::Perceptron::update.
#include <armadillo>

#include <nn/model/perceptron.hpp>

#include "homework.hpp"

using nn::PerceptronLabels;
using nn::TieRule;

TEST(HwThresholdUnit, PositiveAndNegativeNetInputs) {
  HW_NEAR(nn::threshold_unit(0.7), 1.0, 0.0, "threshold_unit(0.7) with labels 0/1");
  HW_NEAR(nn::threshold_unit(-2.0), 0.0, 0.0, "threshold_unit(-2) with labels 0/1");
  HW_NEAR(nn::threshold_unit(3.0, PerceptronLabels::MinusPlus), 1.0, 0.0,
          "threshold_unit(3) with labels -1/+1");
  HW_NEAR(nn::threshold_unit(-1e-9, PerceptronLabels::MinusPlus), -1.0, 0.0,
          "threshold_unit(-1e-9) with labels -1/+1");
}

TEST(HwThresholdUnit, TheTieRuleDecidesAtZero) {
  HW_NEAR(nn::threshold_unit(0.0, PerceptronLabels::ZeroOne, TieRule::Negative), 0.0, 0.0,
          "threshold_unit(0) with TieRule::Negative (labels 0/1)");
  HW_NEAR(nn::threshold_unit(0.0, PerceptronLabels::ZeroOne, TieRule::Positive), 1.0, 0.0,
          "threshold_unit(0) with TieRule::Positive (labels 0/1)");
  HW_NEAR(nn::threshold_unit(0.0, PerceptronLabels::MinusPlus, TieRule::Negative), -1.0, 0.0,
          "threshold_unit(0) with TieRule::Negative (labels -1/+1)");
  HW_NEAR(nn::threshold_unit(0.0, PerceptronLabels::MinusPlus, TieRule::Positive), 1.0, 0.0,
          "threshold_unit(0) with TieRule::Positive (labels -1/+1)");
}

// One mistake from w = (0, 0), b = 0 on x = (1, 1) with target 1, eta = 0.5: the unit says 0 at
// z = 0 (ties go to the negative class), so the rule moves w and b by eta (1 - 0) = 0.5.
TEST(HwPerceptronUpdate, OneMistakeMovesTheWeightsTowardsTheTarget) {
  nn::Perceptron unit(arma::vec{0.0, 0.0}, 0.0);
  HW_TRUE(unit.update(arma::vec{1.0, 1.0}, 1.0, 0.5),
          "update() on a misclassified example should return true");
  HW_MAT_NEAR(arma::mat(unit.w()), (hw::col({0.5, 0.5})), 1e-15,
              "w after one update (eta = 0.5, x = (1, 1), y = 1)");
  HW_NEAR(unit.b(), 0.5, 1e-15, "b after one update (eta = 0.5, x = (1, 1), y = 1)");
}

// A positive prediction for a target of 0 moves the other way: from w = (1, 2), b = 0.5,
// x = (2, -1) gives z = 0.5 > 0, yhat = 1, y = 0: w -= 0.25 x, b -= 0.25 (eta = 0.25).
TEST(HwPerceptronUpdate, AFalsePositiveMovesAwayFromTheExample) {
  nn::Perceptron unit(arma::vec{1.0, 2.0}, 0.5);
  HW_TRUE(unit.update(arma::vec{2.0, -1.0}, 0.0, 0.25),
          "update() on a misclassified example should return true");
  HW_MAT_NEAR(arma::mat(unit.w()), (hw::col({0.5, 2.25})), 1e-15, "w after the update");
  HW_NEAR(unit.b(), 0.25, 1e-15, "b after the update");
}

// Deck 1's trace (chapter 01): AND from w = 0, b = 0, eta = 1 stops in epoch 6 at w = (2, 1), b =
// -2.
TEST(HwPerceptronUpdate, TheLecturesAndRunConverges) {
  const arma::mat X = {{0, 0, 1, 1}, {0, 1, 0, 1}};
  const arma::rowvec y = {0, 0, 0, 1};
  nn::Perceptron unit(2);
  const nn::PerceptronFit fit = unit.fit(X, y, {.epochs = 20, .eta = 1.0});
  HW_TRUE(fit.converged, "training AND should converge");
  HW_TRUE(fit.epochs == 6,
          "training AND should stop in epoch 6, stopped in epoch " + std::to_string(fit.epochs));
  HW_MAT_NEAR(arma::mat(unit.w()), (hw::col({2.0, 1.0})), 1e-12, "the AND weights after training");
  HW_NEAR(unit.b(), -2.0, 1e-12, "the AND bias after training");
}
