// Graded tests of chapter 11's library exercises: nn::dropout_with_mask and nn::weight_decay_step.
#include <armadillo>

#include <nn/layers/dropout.hpp>
#include <nn/regularization/l2.hpp>

#include "homework.hpp"

// Inverted dropout with rate p: kept entries are scaled by 1/(1 - p), dropped ones are 0.
TEST(HwDropoutWithMask, KeptEntriesAreScaled) {
  const arma::mat X = {{1.0, -2.0, 3.0}, {0.5, 4.0, -1.0}};
  const arma::mat M = {{1.0, 0.0, 1.0}, {0.0, 1.0, 1.0}};
  HW_MAT_NEAR(nn::dropout_with_mask(X, M, 0.5), (arma::mat{{2.0, 0.0, 6.0}, {0.0, 8.0, -2.0}}),
              1e-15, "dropout_with_mask(X, mask, p = 0.5)");
  HW_MAT_NEAR(nn::dropout_with_mask(X, M, 0.75), (arma::mat{{4.0, 0.0, 12.0}, {0.0, 16.0, -4.0}}),
              1e-14, "dropout_with_mask(X, mask, p = 0.75)");
}

TEST(HwDropoutWithMask, RateZeroKeepsEverything) {
  const arma::mat X = hw::row({1.5, -0.25});
  HW_MAT_NEAR(nn::dropout_with_mask(X, hw::row({1.0, 1.0}), 0.0), X, 0.0,
              "dropout_with_mask(X, all kept, p = 0)");
}

// w' = (1 - eta lambda) w - eta dl/dw: w = 2, dl/dw = 0.5, eta = 0.1, lambda = 0.01 gives
// 0.999 * 2 - 0.05 = 1.948.
TEST(HwWeightDecayStep, ByHand) {
  HW_MAT_NEAR(nn::weight_decay_step(hw::row({2.0}), hw::row({0.5}), 0.1, 0.01), (hw::row({1.948})),
              1e-15, "weight_decay_step(w = 2, dl/dw = 0.5, eta = 0.1, lambda = 0.01)");
  HW_MAT_NEAR(nn::weight_decay_step(hw::row({1.0, -3.0}), hw::row({0.0, 0.0}), 0.5, 0.2),
              (hw::row({0.9, -2.7})), 1e-15,
              "weight_decay_step(w = (1, -3), dl/dw = 0, eta = 0.5, lambda = 0.2) (decay alone)");
}

TEST(HwWeightDecayStep, NoDecayIsAPlainStep) {
  HW_MAT_NEAR(nn::weight_decay_step(hw::row({1.0, -1.0}), hw::row({2.0, 4.0}), 0.25, 0.0),
              (hw::row({0.5, -2.0})), 1e-15,
              "weight_decay_step(w = (1, -1), dl/dw = (2, 4), eta = 0.25, lambda = 0)");
}
