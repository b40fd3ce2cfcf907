// Graded tests of chapter 06's own exercises (chapters/06_mlp/main.cpp, included so that its
// functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter06_main
#include "chapters/06_mlp/main.cpp"
#undef main

#include "homework.hpp"

// collapse(first, second) must compute what the two layers compute, for any input.
TEST(HwCollapse, SameMapAsTheTwoLayers) {
  nn::Dense first(arma::mat{{1.0, -2.0}, {0.5, 3.0}}, arma::vec{0.25, -1.0});
  nn::Dense second(arma::mat{{2.0, 1.0}, {-1.0, 0.5}}, arma::vec{-0.5, 2.0});
  const arma::mat X = {{1.0, 0.0, -2.0}, {0.5, 1.0, 3.0}};
  nn::Dense single = collapse(first, second);
  HW_MAT_NEAR(
      single.forward(X), second.forward(first.forward(X)), 1e-13,
      "collapse(first, second).forward(X) against second.forward(first.forward(X)) (2 x 2 layers)");
}

TEST(HwCollapse, DifferentWidths) {
  // 2 -> 3
  nn::Dense first(arma::mat{{1.0, 2.0}, {0.0, -1.0}, {3.0, 0.5}}, arma::vec{1.0, 0.0, -2.0});
  nn::Dense second(hw::row({0.5, -1.0, 2.0}), arma::vec{0.75});  // 3 -> 1
  nn::Dense single = collapse(first, second);
  HW_TRUE(single.W().value.n_rows == 1 && single.W().value.n_cols == 2,
          "collapse of 2 -> 3 -> 1 should be one 2 -> 1 layer (W of 1 x 2)");
  const arma::mat X = {{2.0, -1.0}, {1.0, 4.0}};
  HW_MAT_NEAR(single.forward(X), second.forward(first.forward(X)), 1e-13,
              "collapse(first, second).forward(X) against the two layers (2 -> 3 -> 1)");
}

// The slide's expression, by hand: x = 0 -> -0.7; x = 0.05 -> -0.4; x >= 7/60 -> 0; x < 0 -> -0.7.
TEST(HwReluExpression, ValuesByHand) {
  HW_NEAR(relu_expression(0.0), -0.7, 1e-15, "relu_expression(0)");
  HW_NEAR(relu_expression(0.05), -0.4, 1e-15, "relu_expression(0.05)");
  HW_NEAR(relu_expression(1.0), 0.0, 0.0, "relu_expression(1)");
  HW_NEAR(relu_expression(-1.0), -0.7, 1e-15, "relu_expression(-1)");
}

// N_H (d + 1) + K (N_H + 1): chapter 06's MNIST network 784-100-10 has 79,510 parameters.
TEST(HwParamCount, LectureNetworks) {
  HW_TRUE(param_count(784, 100, 10) == 79510, "param_count(784, 100, 10) should be 79510, got " +
                                                  std::to_string(param_count(784, 100, 10)));
  HW_TRUE(param_count(2, 3, 1) == 13,
          "param_count(2, 3, 1) should be 13 (9 + 4), got " + std::to_string(param_count(2, 3, 1)));
  HW_TRUE(param_count(5, 0, 4) == 4,
          "param_count(5, 0, 4) should be 4 (only the output biases), got " +
              std::to_string(param_count(5, 0, 4)));
}
