// Graded tests of chapter 03's own exercises (chapters/03_logistic_regression/main.cpp, included so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter03_main
#include "chapters/03_logistic_regression/main.cpp"
#undef main

#include "homework.hpp"

// dL/dz = phi - y (chapter 03); at z = 1.1, phi = 0.7502601055951177 (Python).
TEST(HwNumericalDLDz, MatchesPhiMinusY) {
  HW_NEAR(numerical_dL_dz(1.1, 1.0), 0.7502601055951177 - 1.0, 1e-8,
          "numerical_dL_dz(z = 1.1, y = 1)");
  HW_NEAR(numerical_dL_dz(1.1, 0.0), 0.7502601055951177, 1e-8, "numerical_dL_dz(z = 1.1, y = 0)");
  HW_NEAR(numerical_dL_dz(0.0, 1.0), -0.5, 1e-8, "numerical_dL_dz(z = 0, y = 1)");
}

TEST(HwNumericalDLDz, UsesTheStepItIsGiven) {
  // with h = 0.5 the central difference of the loss at z = 0, y = 0 is (L(0.5) - L(-0.5)) / 1 with
  // L(z) = ln(1 + e^z): ln((1 + e^0.5) / (1 + e^-0.5)) = 0.5 exactly, because (1 + e^a)/(1 + e^-a)
  // = e^a
  HW_NEAR(numerical_dL_dz(0.0, 0.0, 0.5), 0.5, 1e-12, "numerical_dL_dz(z = 0, y = 0, h = 0.5)");
  HW_NEAR(numerical_dL_dz(3.0, 1.0, 1e-5), 0.04742587317756678 * -1.0, 1e-8,
          "numerical_dL_dz(z = 3, y = 1, h = 1e-5)");
}

TEST(HwAccuracyOf, FractionOfCorrectPredictions) {
  HW_NEAR(accuracy_of(arma::uvec{1, 0, 1, 1}, arma::uvec{1, 0, 0, 1}), 0.75, 1e-15,
          "accuracy_of(3 of 4 right)");
  HW_NEAR(accuracy_of(arma::uvec{0, 0}, arma::uvec{1, 1}), 0.0, 1e-15, "accuracy_of(none right)");
  HW_NEAR(accuracy_of(arma::uvec{2, 1, 0}, arma::uvec{2, 1, 0}), 1.0, 1e-15,
          "accuracy_of(all right)");
}
