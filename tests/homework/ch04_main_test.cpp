// Graded tests of chapter 04's own exercises (chapters/04_softmax_multilabel/main.cpp, included so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter04_main
#include "chapters/04_softmax_multilabel/main.cpp"
#undef main

#include <cmath>

#include "homework.hpp"

TEST(HwSoftmaxByHand, LargeLogitsStayFinite) {
  HW_MAT_NEAR(arma::mat(softmax_by_hand(arma::vec{1000.0, 1001.0, 1002.0})),
              (hw::col({0.09003057317038046, 0.24472847105479764, 0.6652409557748218})), 1e-15,
              "softmax_by_hand(1000, 1001, 1002)");
}

TEST(HwSoftmaxByHand, ADistributionWithTheRightRatios) {
  const arma::vec p = softmax_by_hand(arma::vec{0.0, std::log(2.0), std::log(5.0)});
  HW_MAT_NEAR(arma::mat(p), (hw::col({0.125, 0.25, 0.625})), 1e-15,
              "softmax_by_hand(0, ln 2, ln 5)");
}

TEST(HwPredictLabelsFromLogits, OnWhenTheLogitIsPositive) {
  const arma::umat Y = predict_labels_from_logits(arma::mat{{2.0, -0.5, 0.0}, {-1e-9, 3.0, 1e-9}});
  HW_TRUE(arma::approx_equal(arma::mat(arma::conv_to<arma::mat>::from(Y)),
                             arma::mat{{1, 0, 0}, {0, 1, 1}}, "absdiff", 0.0),
          "predict_labels_from_logits([2, -0.5, 0; -1e-9, 3, 1e-9]) should be [1, 0, 0; 0, 1, 1] "
          "(z = 0 is off), got " +
              hw::mat_text(arma::conv_to<arma::mat>::from(Y)));
}

// One step from W = 0, b = 0 (so P = 1/2 for both classes) on two examples, eta = 1:
// dZ = (P - T)/2 = [-1/4, 1/4; 1/4, -1/4], dW = dZ X^T, db = dZ 1.
TEST(HwSoftmaxRegressionStep, OneStepFromZero) {
  arma::mat W(2, 2, arma::fill::zeros);
  arma::vec b(2, arma::fill::zeros);
  const arma::mat X = {{1.0, 3.0}, {2.0, -1.0}};  // examples (1, 2) and (3, -1)
  const arma::mat T = {{1.0, 0.0}, {0.0, 1.0}};
  softmax_regression_step(W, b, X, T, 1.0);
  // dW = [-1/4 + 3/4, -2/4 - 1/4; 1/4 - 3/4, 2/4 + 1/4] = [0.5, -0.75; -0.5, 0.75]; W = -dW
  HW_MAT_NEAR(W, (arma::mat{{-0.5, 0.75}, {0.5, -0.75}}), 1e-15,
              "W after one step (eta = 1) from W = 0");
  HW_MAT_NEAR(arma::mat(b), (hw::col({0.0, 0.0})), 1e-15,
              "b after one step (the two examples' dZ cancel)");
}

TEST(HwSoftmaxRegressionStep, TheBiasMovesTowardsTheTargets) {
  arma::mat W(3, 1, arma::fill::zeros);
  arma::vec b(3, arma::fill::zeros);
  const arma::mat X = hw::row({2.0});
  const arma::mat T = hw::col({0.0, 0.0, 1.0});
  softmax_regression_step(W, b, X, T, 0.3);
  // P = 1/3 each: dZ = (1/3, 1/3, -2/3), db = dZ, dW = 2 dZ
  HW_MAT_NEAR(arma::mat(b), (hw::col({-0.1, -0.1, 0.2})), 1e-15, "b after one step (eta = 0.3)");
  HW_MAT_NEAR(W, (hw::col({-0.2, -0.2, 0.4})), 1e-15, "W after one step (eta = 0.3)");
}
