// Graded tests of chapter 04's library exercises: nn::softmax, nn::one_hot and
// nn::softmax_cross_entropy_gradient. One example per column.
#include <armadillo>
#include <cmath>

#include <nn/activations/softmax.hpp>
#include <nn/data/encode.hpp>
#include <nn/losses/cross_entropy.hpp>

#include "homework.hpp"

// softmax(1000, 1001, 1002) = softmax(0, 1, 2): finite, to 16 digits (Python, from the definition).
TEST(HwSoftmax, LargeLogitsStayFinite) {
  const arma::mat P = nn::softmax(hw::col({1000.0, 1001.0, 1002.0}));
  HW_MAT_NEAR(P, (hw::col({0.09003057317038046, 0.24472847105479764, 0.6652409557748218})), 1e-15,
              "softmax of the column (1000, 1001, 1002)");
}

TEST(HwSoftmax, EachColumnIsADistribution) {
  const arma::mat Z = {{0.5, -3.0, 10.0}, {1.5, 0.0, -10.0}, {-2.0, 2.0, 0.0}};
  const arma::mat P = nn::softmax(Z);
  HW_MAT_NEAR(arma::sum(P, 0), arma::mat(1, 3, arma::fill::ones), 1e-15,
              "the column sums of softmax(Z)");
  HW_TRUE(P.min() > 0.0, "every probability of softmax(Z) should be positive");
  // ratios: p_i / p_j = e^(z_i - z_j) in every column
  for (arma::uword n = 0; n < 3; ++n) {
    HW_NEAR(std::log(P(0, n) / P(1, n)), Z(0, n) - Z(1, n), 1e-12,
            "ln(p_1 / p_2) in column " + std::to_string(n + 1));
  }
}

TEST(HwSoftmax, ColumnsAreIndependent) {
  // two copies of (0, ln 3) in different columns, one shifted by 100: both give (1/4, 3/4)
  const arma::mat P = nn::softmax(arma::mat{{0.0, 100.0}, {std::log(3.0), 100.0 + std::log(3.0)}});
  HW_MAT_NEAR(P, (arma::mat{{0.25, 0.25}, {0.75, 0.75}}), 1e-15,
              "softmax of the columns (0, ln 3) and (100, 100 + ln 3)");
}

TEST(HwOneHot, OneColumnPerLabel) {
  HW_MAT_NEAR(nn::one_hot(arma::uvec{2, 0, 1}, 3), (arma::mat{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}),
              0.0, "one_hot(labels = (2, 0, 1), K = 3)");
  HW_MAT_NEAR(nn::one_hot(arma::uvec{1, 1, 0, 3}, 4),
              (arma::mat{{0, 0, 1, 0}, {1, 1, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}), 0.0,
              "one_hot(labels = (1, 1, 0, 3), K = 4)");
}

// With Z = 0 every class has p = 1/K. T one-hot: dL/dZ = (P - T) / N for the mean.
TEST(HwSoftmaxCrossEntropyGradient, AtZeroLogits) {
  const arma::mat Z(2, 2, arma::fill::zeros);
  const arma::mat T = {{1.0, 0.0}, {0.0, 1.0}};
  HW_MAT_NEAR(nn::softmax_cross_entropy_gradient(Z, T), (arma::mat{{-0.25, 0.25}, {0.25, -0.25}}),
              1e-15, "softmax_cross_entropy_gradient(Z = 0, T = I), the mean over N = 2");
  HW_MAT_NEAR(nn::softmax_cross_entropy_gradient(Z, T, nn::Reduction::Sum),
              (arma::mat{{-0.5, 0.5}, {0.5, -0.5}}), 1e-15,
              "softmax_cross_entropy_gradient(Z = 0, T = I, Sum)");
}

TEST(HwSoftmaxCrossEntropyGradient, AgreesWithFiniteDifferencesOfTheLoss) {
  const arma::mat Z = {{0.3, -1.0, 2.0}, {1.2, 0.5, -0.4}, {-0.7, 0.1, 0.0}};
  const arma::mat T = {{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 0.0, 1.0}};
  const auto L = [&](const arma::mat& z) { return nn::softmax_cross_entropy(z, T); };
  HW_MAT_NEAR(
      nn::softmax_cross_entropy_gradient(Z, T), hw::gradient(L, Z), 1e-9,
      "softmax_cross_entropy_gradient on 3 examples of 3 classes (finite differences of the loss)");
}
