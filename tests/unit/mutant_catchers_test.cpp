// Unit tests written for the catalogue of classic mistakes (tests/mutants/catalogue.toml): each
// pins one formula that a planted mistake got past (or past all but one test), with inputs chosen
// so that the right formula and the mistake give clearly different numbers. The expected values
// are the formula evaluated on the inputs, written out next to it; the value the mistake would
// give is checked to be far away, so each test can fail.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/init/init.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/model/perceptron.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/linear_regression.hpp>
#include <nn/regularization/l2.hpp>

namespace {

arma::mat scalar(double x) { return arma::mat(1, 1, arma::fill::value(x)); }

// Keras/PyTorch RMSprop (no momentum, not centred): v = rho v + (1 - rho) g^2 and
// w <- w - eta g / (sqrt(v) + eps). With a gradient of the size of eps, where eps sits decides
// the step: outside the root it is comparable to sqrt(v); inside, sqrt(v + eps) ~ sqrt(eps) is
// thousands of times larger than sqrt(v) + eps. (Mutant rmsprop-eps-inside-sqrt.)
TEST(MutantCatcher, RmspropEpsilonOutsideTheSquareRoot) {
  const double lr = 1e-3, rho = 0.9, eps = 1e-7, g = 1e-7;
  nn::Parameter w{"w", scalar(1.0), scalar(g)};
  nn::RMSprop opt({&w}, {.lr = lr, .rho = rho, .momentum = 0.0, .eps = eps});
  opt.step();
  // v_1 = 0.1 * 1e-14 = 1e-15, sqrt(v_1) = 3.1622776601683794e-8:
  // w_1 = 1 - 1e-3 * 1e-7 / (3.1622776601683794e-8 + 1e-7) = 1 - 7.5974692664795...e-4
  const double step1 = lr * g / (std::sqrt((1.0 - rho) * g * g) + eps);
  EXPECT_NEAR(step1, 7.5974692664795e-4, 1e-15);
  EXPECT_NEAR(w.value(0, 0), 1.0 - step1, 1e-15);
  const double step_if_inside = lr * g / std::sqrt((1.0 - rho) * g * g + eps);  // 3.16e-7
  EXPECT_GT(std::abs(w.value(0, 0) - (1.0 - step_if_inside)), 1e-4);

  // a second step with a gradient 1000 times larger: v_2 = 0.9 v_1 + 0.1 g_2^2
  const double g2 = 1e-4;
  w.grad = scalar(g2);
  opt.step();
  const double v2 = rho * (1.0 - rho) * g * g + (1.0 - rho) * g2 * g2;
  EXPECT_NEAR(w.value(0, 0), 1.0 - step1 - lr * g2 / (std::sqrt(v2) + eps), 1e-15);
}

// Keras's running averages: mu_run <- rho mu_run + (1 - rho) mu_B, the same for the (biased)
// variance, rho = momentum. With rho = 0.9 and a batch whose mean is far from the initial 0 and
// whose variance is far from the initial 1, rho on the old value and rho on the new one differ
// by a factor 9. (Mutant bn-running-mean-rho-inverted; PyTorch's momentum = 0.1 is 1 - rho.)
TEST(MutantCatcher, BatchNormRunningMeanKeepsRhoOfTheOldValue) {
  nn::BatchNorm bn(2, 0.9, 1e-3);
  bn.set_training(true);
  // row 0: mean 2, biased variance 1/3 * (1 + 0 + 1) = 2/3; row 1: mean -4, variance 8/3
  const arma::mat X = {{1.0, 2.0, 3.0}, {-6.0, -4.0, -2.0}};
  bn.forward(X);
  // mu_run = 0.9 * 0 + 0.1 * (2, -4) = (0.2, -0.4); var_run = 0.9 * 1 + 0.1 * (2/3, 8/3)
  EXPECT_NEAR(bn.running_mean()(0), 0.2, 1e-15);
  EXPECT_NEAR(bn.running_mean()(1), -0.4, 1e-15);
  EXPECT_NEAR(bn.running_var()(0), 0.9 + 0.1 * 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(bn.running_var()(1), 0.9 + 0.1 * 8.0 / 3.0, 1e-15);
  // a second batch: the old average keeps weight 0.9 again
  bn.forward(X + 1.0);  // mean (3, -3), the same variances
  EXPECT_NEAR(bn.running_mean()(0), 0.9 * 0.2 + 0.1 * 3.0, 1e-15);
  EXPECT_NEAR(bn.running_mean()(1), 0.9 * -0.4 + 0.1 * -3.0, 1e-15);
}

// Mini-batch gradient descent over m = 12 examples with B = 3 (L1-27: 4 updates per epoch;
// L4-09: reshuffle every epoch): each epoch's batches are disjoint, of B examples each, and
// together hold every example once. The objective records the batches it is asked about (the
// full-data cost before the first and after every epoch comes in between).
// (Mutant minibatch-overlap-off-by-one.)
TEST(MutantCatcher, GradientDescentBatchesPartitionEachEpoch) {
  std::vector<arma::uvec> calls;
  const nn::BatchObjective f = [&calls](const arma::vec& theta, const arma::uvec& batch) {
    calls.push_back(batch);
    return nn::CostGradient{0.5 * arma::dot(theta, theta), theta};  // J = |theta|^2 / 2
  };
  nn::Rng rng(27);
  const int epochs = 3;
  const nn::GDResult r = nn::gradient_descent(f, arma::vec{1.0, -2.0}, 12,
                                              {.lr = 0.1, .epochs = epochs, .batch_size = 3}, rng);
  EXPECT_EQ(r.steps, 4u * epochs);
  ASSERT_EQ(calls.size(), 1u + 5u * epochs);  // J at the start, then 4 batches and J per epoch
  const arma::uvec all = arma::regspace<arma::uvec>(0, 11);
  for (int e = 0; e < epochs; ++e) {
    arma::uvec seen;
    for (int k = 1; k <= 4; ++k) {
      const arma::uvec& batch = calls[5 * e + k];
      EXPECT_EQ(batch.n_elem, 3u) << "epoch " << e + 1 << ", batch " << k;
      seen = arma::join_cols(seen, batch);
    }
    ASSERT_EQ(seen.n_elem, 12u) << "epoch " << e + 1 << ": " << seen.t();
    EXPECT_TRUE(arma::all(arma::sort(seen) == all)) << "epoch " << e + 1 << ": " << seen.t();
    EXPECT_TRUE(arma::all(calls[5 * e + 5] == all)) << "the cost after epoch " << e + 1;
  }
}

// The same run by definition: each epoch one permutation of the 12 examples, cut into 4
// consecutive batches of 3, one step theta -= eta dJ_B/dtheta per batch (L2-10's mini-batch
// gradient). nn::fit_linear_regression must land on the same theta, step for step.
TEST(MutantCatcher, MiniBatchGradientDescentIsStepsOverAShuffledPartition) {
  const arma::mat X = arma::linspace<arma::rowvec>(-1.0, 1.0, 12);
  const arma::rowvec y = 2.0 * X + 1.0 + 0.1 * arma::cos(7.0 * X);
  const double lr = 0.2;
  nn::Rng rng(10), same(10);
  const nn::GDResult r = nn::fit_linear_regression(
      X, y, arma::vec{0.0, 0.0}, {.lr = lr, .epochs = 2, .batch_size = 3, .shuffle = true}, rng);
  arma::vec theta = {0.0, 0.0};
  for (int epoch = 0; epoch < 2; ++epoch) {
    const arma::uvec order = same.permutation(12);
    for (arma::uword start = 0; start < 12; start += 3) {
      const arma::uvec batch = order.subvec(start, start + 2);
      theta -= lr * nn::linear_cost_gradient(theta, X.cols(batch), y.cols(batch));
    }
  }
  ASSERT_EQ(r.steps, 8u);
  EXPECT_NEAR(r.theta(0), theta(0), 1e-14);
  EXPECT_NEAR(r.theta(1), theta(1), 1e-14);
}

// L1-35: He's variance is 2/fan_in and LeCun's uniform limit sqrt(3/fan_in), from the fan-in
// (columns: W is fan_out x fan_in) whatever the fan-out. Two shapes, 10,000 draws each, fan-in 25
// and 400: the variances differ 16-fold. (Mutants he-normal-variance-as-sd, lecun-uniform-fan-out.)
TEST(MutantCatcher, InitialisersScaleWithTheFanIn) {
  nn::Rng rng(35);
  const auto mean_square = [](const arma::mat& W) {
    return arma::accu(arma::square(W)) / W.n_elem;
  };
  for (const arma::uword fan_in : {25u, 400u}) {
    const arma::uword fan_out = 10000 / fan_in;
    const arma::mat he = nn::he_normal(fan_out, fan_in, rng);
    EXPECT_NEAR(mean_square(he) / (2.0 / fan_in), 1.0, 0.05) << "he_normal, fan_in " << fan_in;
    const arma::mat lecun = nn::lecun_uniform(fan_out, fan_in, rng);
    const double limit = std::sqrt(3.0 / fan_in);  // fan_in 25: 0.3464; 400: 0.0866
    EXPECT_LE(arma::abs(lecun).max(), limit) << "lecun_uniform, fan_in " << fan_in;
    EXPECT_GT(arma::abs(lecun).max(), 0.99 * limit) << "lecun_uniform, fan_in " << fan_in;
    EXPECT_NEAR(mean_square(lecun) / (1.0 / fan_in), 1.0, 0.05)
        << "lecun_uniform, fan_in " << fan_in;
  }
}

// L1-37: w <- (1 - eta lambda) w - eta dl/dw, which is one gradient step on l + lambda/2 |w|^2.
// w = (1, -2), dl/dw = (0.5, 0.5), eta = 0.1, lambda = 0.2:
// (0.98 * 1 - 0.05, 0.98 * -2 - 0.05) = (0.93, -2.01). (Mutant weight-decay-sign.)
TEST(MutantCatcher, WeightDecayStepShrinksTheWeights) {
  const arma::vec w = {1.0, -2.0}, g = {0.5, 0.5};
  const arma::mat next = nn::weight_decay_step(w, g, 0.1, 0.2);
  EXPECT_NEAR(next(0), 0.93, 1e-15);
  EXPECT_NEAR(next(1), -2.01, 1e-15);
  const arma::mat step = w - 0.1 * (g + nn::l2_penalty_gradient(w, 0.2));
  EXPECT_LT(arma::abs(next - step).max(), 1e-15);
}

// The perceptron rule moves the bias like a weight with a constant input 1 (L1-17):
// b <- b + eta (y - yhat). (Mutants perceptron-no-bias-update, perceptron-update-sign.)
TEST(MutantCatcher, PerceptronUpdateMovesTheBias) {
  nn::Perceptron unit(arma::vec{-1.0, -1.0}, 0.0);  // labels 0/1
  // x = (1, 2): z = -3, yhat = 0, y = 1: w += 0.5 (1, 2), b += 0.5
  EXPECT_TRUE(unit.update(arma::vec{1.0, 2.0}, 1.0, 0.5));
  EXPECT_DOUBLE_EQ(unit.b(), 0.5);
  EXPECT_DOUBLE_EQ(unit.w()(0), -0.5);
  EXPECT_DOUBLE_EQ(unit.w()(1), 0.0);
  // x = (0, 1): z = 0.5, yhat = 1, y = 0: w -= 0.5 (0, 1), b -= 0.5
  EXPECT_TRUE(unit.update(arma::vec{0.0, 1.0}, 0.0, 0.5));
  EXPECT_DOUBLE_EQ(unit.b(), 0.0);
  EXPECT_DOUBLE_EQ(unit.w()(1), -0.5);
  EXPECT_FALSE(unit.update(arma::vec{0.0, 1.0}, 0.0, 0.5));  // now right: no update
}

// L1-16: the boundary w1 x1 + w2 x2 + b = 0 is x2 = (-w1/w2) x1 + (-b/w2). For w = (1, 2),
// b = 4: x2 = -0.5 x1 - 2, and its points give z = 0. (Mutant decision-line-intercept-sign.)
TEST(MutantCatcher, DecisionLineHoldsThePointsWhereZIsZero) {
  const nn::DecisionLine line = nn::decision_line(arma::vec{1.0, 2.0}, 4.0);
  ASSERT_TRUE(line.exists);
  ASSERT_FALSE(line.vertical);
  EXPECT_DOUBLE_EQ(line.slope, -0.5);
  EXPECT_DOUBLE_EQ(line.intercept, -2.0);
  for (const double x1 : {-3.0, 0.0, 2.0}) {
    EXPECT_NEAR(1.0 * x1 + 2.0 * line.x2_at(x1) + 4.0, 0.0, 1e-15) << "x1 = " << x1;
  }
}

}  // namespace
