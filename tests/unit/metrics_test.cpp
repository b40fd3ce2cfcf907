// Unit tests of nn/metrics: argmax, thresholds, accuracy, confusion matrix, precision/recall.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nn/core/errors.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/regression/logistic_regression.hpp>

namespace {

TEST(Metrics, ArgmaxColumnsPicksTheLargestRowTiesToTheFirst) {
  const arma::mat P = {{0.1, 0.7, 0.5}, {0.6, 0.2, 0.5}, {0.3, 0.1, 0.0}};
  const arma::uvec expected = {1, 0, 0};
  EXPECT_TRUE(arma::all(nn::argmax_columns(P) == expected));
  EXPECT_THROW(nn::argmax_columns(arma::mat()), nn::ShapeError);
}

TEST(Metrics, ThresholdAndOneRowClasses) {
  const arma::mat P = {{0.2, 0.49, 0.5, 0.51, 0.9}};
  // p >= t is class 1 (deck 1: class 1 when p >= 0.5), so p = 0.5 exactly is class 1
  const arma::umat expected = arma::conv_to<arma::umat>::from(arma::mat{{0, 0, 1, 1, 1}});
  EXPECT_TRUE(arma::all(arma::vectorise(nn::threshold(P, 0.5) == expected)));
  const arma::uvec c = nn::predicted_classes(P);
  EXPECT_TRUE(arma::all(c == arma::uvec({0, 0, 1, 1, 1})));
  const arma::mat Z = {{-1.0, -1e-300, 0.0, 0.3}};  // logits: threshold 0, z = 0 is class 1
  EXPECT_TRUE(arma::all(nn::predicted_classes(Z, 0.0) == arma::uvec({0, 0, 1, 1})));
  EXPECT_TRUE(arma::all(nn::target_classes(arma::mat{{0.0, 1.0, 0.5}}) == arma::uvec({0, 1, 1})));
}

// The library's three decision rules agree at the boundary: nn::threshold, nn::predicted_classes
// and nn::logistic_predict all send p = 0.5 (z = 0) to class 1, and p just below it to class 0.
TEST(Metrics, DecisionRulesAgreeWithTheDeckAtTheBoundary) {
  // theta = (b, w) = (-1, 2): z = 2 x - 1 is exactly 0 at x = 0.5; sigma(0) = 0.5 exactly
  const arma::vec theta = {-1.0, 2.0};
  const arma::mat X = {{0.25, 0.5 - 1e-12, 0.5, 0.75}};
  const arma::rowvec p = nn::logistic_predict_proba(theta, X);
  ASSERT_EQ(p(2), 0.5);
  const arma::uvec expected = {0, 0, 1, 1};
  EXPECT_TRUE(arma::all(nn::logistic_predict(theta, X) == expected));
  EXPECT_TRUE(arma::all(nn::predicted_classes(arma::mat(p)) == expected));
  EXPECT_TRUE(arma::all(arma::vectorise(nn::threshold(arma::mat(p), 0.5)) == expected));
  // the same on the logits with threshold 0
  const arma::mat z = nn::logistic_logit(theta, X);
  EXPECT_TRUE(arma::all(nn::predicted_classes(z, 0.0) == expected));
  // and with another threshold: p >= t
  EXPECT_TRUE(arma::all(nn::logistic_predict(theta, X, p(3)) == arma::uvec({0, 0, 0, 1})));
  EXPECT_TRUE(arma::all(nn::predicted_classes(arma::mat(p), p(3)) == arma::uvec({0, 0, 0, 1})));
}

TEST(Metrics, Accuracy) {
  const arma::uvec pred = {0, 1, 2, 2, 1}, truth = {0, 1, 1, 2, 0};
  EXPECT_DOUBLE_EQ(nn::accuracy(pred, truth), 3.0 / 5.0);
  try {
    nn::accuracy(pred, arma::uvec{0, 1});
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("5"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2"), std::string::npos) << e.what();
  }
}

// truth 0: predicted 0, 0, 1 -> row 0 = [2 1 0]; truth 1: predicted 1, 2 -> [0 1 1];
// truth 2: predicted 2 -> [0 0 1]
TEST(Metrics, ConfusionMatrixRowsAreTruth) {
  const arma::uvec truth = {0, 0, 0, 1, 1, 2}, pred = {0, 0, 1, 1, 2, 2};
  const arma::umat C = nn::confusion_matrix(pred, truth, 3);
  const arma::mat expected = {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}};
  EXPECT_TRUE(arma::approx_equal(arma::conv_to<arma::mat>::from(C), expected, "absdiff", 0.0)) << C;
  // precision_k = C(k,k) / column sum: 2/2, 1/2, 1/2; recall_k = C(k,k) / row sum: 2/3, 1/2, 1/1
  const arma::vec p = nn::precision(C), r = nn::recall(C);
  EXPECT_DOUBLE_EQ(p(0), 1.0);
  EXPECT_DOUBLE_EQ(p(1), 0.5);
  EXPECT_DOUBLE_EQ(p(2), 0.5);
  EXPECT_DOUBLE_EQ(r(0), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r(1), 0.5);
  EXPECT_DOUBLE_EQ(r(2), 1.0);
  EXPECT_DOUBLE_EQ(nn::f1_score(C)(0), 2.0 * 1.0 * (2.0 / 3.0) / (1.0 + 2.0 / 3.0));  // 0.8
}

TEST(Metrics, ConfusionMatrixLabelOutOfRangeIsDataError) {
  try {
    nn::confusion_matrix(arma::uvec{0, 3}, arma::uvec{0, 1}, 3);
    FAIL() << "expected nn::DataError";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("example 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("K = 3"), std::string::npos) << e.what();
  }
}

TEST(Metrics, PrecisionOfANeverPredictedClassIsNaN) {
  const arma::umat C = nn::confusion_matrix(arma::uvec{0, 0}, arma::uvec{0, 1}, 2);
  EXPECT_TRUE(std::isnan(nn::precision(C)(1)));
  EXPECT_DOUBLE_EQ(nn::recall(C)(1), 0.0);
}

TEST(Metrics, FormatConfusionMatrix) {
  const arma::umat C = arma::conv_to<arma::umat>::from(arma::mat{{50, 2}, {3, 45}});
  const std::string expected =
      "truth \\ pred      0      1   recall\n"
      "           0     50      2   0.9615\n"
      "           1      3     45   0.9375\n"
      "   precision 0.9434 0.9574\n";
  EXPECT_EQ(nn::format_confusion_matrix(C), expected);
  const std::string named = nn::format_confusion_matrix(C, {"ham", "spam"});
  EXPECT_NE(named.find("        spam      3     45   0.9375"), std::string::npos) << named;
}

}  // namespace
