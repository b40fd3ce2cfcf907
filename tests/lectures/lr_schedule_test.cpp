// Worked example of the lectures with topic `lr-schedule` (chapter 08_sgd_optimizers): the
// inverse-time decay of deck 3. Expected numbers from ../shared/lectures/WORKED_EXAMPLES.md.
#include <gtest/gtest.h>

#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/schedules/schedule.hpp>

// L3-17: init_learning_rate = 1.0; learning_rate_decay = 0.1; for step in range(20):
// learning_rate = init_learning_rate * (1. / (1 + learning_rate_decay * step)). Catalogue: 1,
// 0.909090909, 0.833333333, ..., 0.344827586 (= 1/2.9); the rate halves at step 10.
TEST(Deck3, Ex17LearningRateDecayTwentySteps) {
  RecordProperty("catalogue_id", "L3-17");
  const nn::InverseTimeDecay schedule(1.0, 0.1);
  const std::vector<double> table = {
      1,           0.909090909, 0.833333333, 0.769230769, 0.714285714, 0.666666667, 0.625,
      0.588235294, 0.555555556, 0.526315789, 0.5,         0.476190476, 0.454545455, 0.434782609,
      0.416666667, 0.4,         0.384615385, 0.370370370, 0.357142857, 0.344827586};
  for (long s = 0; s < 20; ++s) {
    EXPECT_NEAR(schedule(s), 1.0 * (1.0 / (1.0 + 0.1 * static_cast<double>(s))), 1e-15)
        << "step " << s;
    // 9 digits
    EXPECT_NEAR(schedule(s), table[static_cast<std::size_t>(s)], 5e-10) << "step " << s;
  }
  EXPECT_NEAR(schedule(19), 0.3448275862, 1e-10);
  EXPECT_EQ(schedule(10), 0.5);
  EXPECT_EQ(schedule(0), 1.0);
  // Applied to an optimizer before each step.
  nn::Parameter w{"w", arma::mat{0.0}, arma::mat{1.0}};
  nn::SGD sgd({&w}, {.lr = 1.0});
  double moved = 0.0;
  for (long s = 0; s < 20; ++s) {
    moved += nn::apply_schedule(schedule, sgd, s);
    sgd.step();
  }
  EXPECT_NEAR(-w.value(0, 0), moved, 1e-12);  // sum of the 20 rates, gradient 1
}
