// Graded tests of chapter 00's library exercise (docs/homework.md): nn::add_bias.
#include <armadillo>

#include <nn/tensor/broadcast.hpp>

#include "homework.hpp"

// Y = Z + b 1^T: the bias column is added to every column (example), worked out entry by entry.
TEST(HwAddBias, AddsTheBiasToEveryColumn) {
  const arma::mat Z = {{1.0, 2.0, 3.0}, {-1.0, 0.0, 4.0}};
  const arma::vec b = {10.0, -5.0};
  HW_MAT_NEAR(nn::add_bias(Z, b), (arma::mat{{11.0, 12.0, 13.0}, {-6.0, -5.0, -1.0}}), 0.0,
              "add_bias(Z = [1, 2, 3; -1, 0, 4], b = [10; -5])");
}

TEST(HwAddBias, OneExampleAndZeroBias) {
  HW_MAT_NEAR(nn::add_bias(hw::col({0.5, 1.5}), arma::vec{0.25, -0.5}), (hw::col({0.75, 1.0})), 0.0,
              "add_bias(Z = [0.5; 1.5], b = [0.25; -0.5])");
  const arma::mat Z = hw::row({3.0, -2.0});
  HW_MAT_NEAR(nn::add_bias(Z, arma::vec{0.0}), Z, 0.0,
              "add_bias(Z = [3, -2], b = [0]) (adding 0 changes nothing)");
}
