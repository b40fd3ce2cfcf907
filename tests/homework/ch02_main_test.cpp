// Graded tests of chapter 02's own exercises (chapters/02_linear_regression/main.cpp, included so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter02_main
#include "chapters/02_linear_regression/main.cpp"
#undef main

#include <vector>

#include "homework.hpp"

// x = (1, 2, 3): J'' = (1 + 4 + 9) / 3 = 14/3, so the steps stay stable below 2 / J'' = 3/7.
TEST(HwMaxStableLambda1d, TwoOverTheCurvature) {
  HW_NEAR(max_stable_lambda_1d(hw::row({1.0, 2.0, 3.0})), 3.0 / 7.0, 1e-15,
          "max_stable_lambda_1d(x = (1, 2, 3))");
  HW_NEAR(max_stable_lambda_1d(hw::row({2.0})), 0.5, 1e-15, "max_stable_lambda_1d(x = (2))");
}

TEST(HwMaxStableLambda1d, ScalingTheFeatureScalesTheLimit) {
  // x = (10, 20, 30): the curvature is 100 times larger
  HW_NEAR(max_stable_lambda_1d(hw::row({10.0, 20.0, 30.0})), 3.0 / 700.0, 1e-17,
          "max_stable_lambda_1d(x = (10, 20, 30))");
}

TEST(HwEpochsToReach, FirstEpochWithinTheTolerance) {
  const std::vector<double> cost = {9.0, 4.0, 2.5, 2.04, 2.001, 2.0001};
  HW_TRUE(epochs_to_reach(cost, 2.0, 0.05) == 3,
          "epochs_to_reach(J = 9, 4, 2.5, 2.04, ...; J* = 2, tol 0.05) should be 3, got " +
              std::to_string(epochs_to_reach(cost, 2.0, 0.05)));
  HW_TRUE(epochs_to_reach(cost, 2.0, 0.001) == 4,
          "with tol 0.001 it should be 4 (within the tolerance counts), got " +
              std::to_string(epochs_to_reach(cost, 2.0, 0.001)));
  HW_TRUE(epochs_to_reach(cost, 2.0, 0.5) == 2,
          "with tol 0.5, J = 2.5 is exactly within it: 2, got " +
              std::to_string(epochs_to_reach(cost, 2.0, 0.5)));
  HW_TRUE(epochs_to_reach(cost, 2.0, 10.0) == 0,
          "with tol 10 the start already counts: 0, got " +
              std::to_string(epochs_to_reach(cost, 2.0, 10.0)));
}

TEST(HwEpochsToReach, NeverReached) {
  HW_TRUE(epochs_to_reach({5.0, 4.0, 3.5}, 1.0, 0.1) == -1,
          "epochs_to_reach of a run that never gets close should be -1, got " +
              std::to_string(epochs_to_reach({5.0, 4.0, 3.5}, 1.0, 0.1)));
  HW_TRUE(epochs_to_reach({}, 1.0, 0.1) == -1, "epochs_to_reach of an empty history should be -1");
}
