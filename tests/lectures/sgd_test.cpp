// Worked examples of the lectures with topic `sgd` (chapter 08_sgd_optimizers): gradient descent in
// 1-D and n-D, batch / mini-batch / stochastic updates per epoch, the mini-batch gradient and its
// expectation, the SGD update in code. Expected numbers come from
// ../shared/lectures/WORKED_EXAMPLES.md (recomputed there in Python), never from this library's own
// output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/split.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/regression/linear_regression.hpp>

namespace {

// Number of parameter updates in one epoch of N examples with batch size B: ceil(N / B).
arma::uword updates_per_epoch(arma::uword N, arma::uword B) {
  return nn::batch_indices(N, B).size();
}

}  // namespace

// L1-27: 12 observations. Lecture: "Batch GD: 1 update per epoch; mini-batch (size 3): 4 updates
// per epoch"; stochastic GD (batch 1) gives 12.
TEST(Deck1, Ex27UpdatesPerEpochBatchMiniBatchStochastic) {
  RecordProperty("catalogue_id", "L1-27");
  EXPECT_EQ(updates_per_epoch(12, 12), 1u);
  EXPECT_EQ(updates_per_epoch(12, 3), 4u);
  EXPECT_EQ(updates_per_epoch(12, 1), 12u);
  for (const arma::uvec& batch : nn::batch_indices(12, 3)) EXPECT_EQ(batch.n_elem, 3u);
}

// L2-01 (ERRATUM typo): the lecture writes the step size range as alpha in (0, inf]; it must be
// finite (and below 2 / curvature). CONSTRUCTED: L(x) = (x - 3)^2, x0 = 0, alpha = 0.1:
// 0 -> 0.6 -> 1.08 -> 1.464, L = 9, 5.76, 3.6864, 2.359296; L(x) = x1^2 + 10 x2^2 from (1, 1),
// alpha = 0.04: (0.92, 0.2), (0.8464, 0.04), (0.778688, 0.008), L = 11, 1.2464, 0.73239296,
// 0.606995001.
TEST(Deck2, Ex01GradientDescent1DAndND) {
  RecordProperty("catalogue_id", "L2-01");
  nn::Parameter x{"x", arma::mat{0.0}, arma::mat{0.0}};
  nn::SGD gd1({&x}, {.lr = 0.1});
  const std::vector<double> xs = {0.6, 1.08, 1.464};
  const std::vector<double> losses = {5.76, 3.6864, 2.359296};
  for (std::size_t t = 0; t < xs.size(); ++t) {
    x.grad(0, 0) = 2.0 * (x.value(0, 0) - 3.0);  // L'(x) = 2 (x - 3)
    gd1.step();
    EXPECT_NEAR(x.value(0, 0), xs[t], 1e-12);
    const double L = (x.value(0, 0) - 3.0) * (x.value(0, 0) - 3.0);
    EXPECT_NEAR(L, losses[t], 1e-12);
  }
  // The error shrinks by 1 - 2 alpha = 0.8 per step: |x_3 - 3| = 3 * 0.8^3.
  EXPECT_NEAR(3.0 - x.value(0, 0), 3.0 * 0.512, 1e-12);

  nn::Parameter w{"x", arma::mat(arma::vec{1.0, 1.0}), arma::mat(2, 1, arma::fill::zeros)};
  nn::SGD gd2({&w}, {.lr = 0.04});
  const std::vector<arma::vec> path = {{0.92, 0.2}, {0.8464, 0.04}, {0.778688, 0.008}};
  const std::vector<double> L2 = {1.2464, 0.73239296, 0.606995001};
  for (std::size_t t = 0; t < path.size(); ++t) {
    // grad L = (2 x1, 20 x2)
    w.grad = arma::mat(arma::vec{2.0 * w.value(0, 0), 20.0 * w.value(1, 0)});
    gd2.step();
    EXPECT_NEAR(w.value(0, 0), path[t](0), 1e-12);
    EXPECT_NEAR(w.value(1, 0), path[t](1), 1e-12);
    const double L = w.value(0, 0) * w.value(0, 0) + 10.0 * w.value(1, 0) * w.value(1, 0);
    EXPECT_NEAR(L, L2[t], 1e-9);
  }
  // The erratum: the step must be finite and below 2 / curvature. In 2-D the x2 curvature is 20,
  // so alpha = 0.11 > 0.1 makes x2 oscillate with growing amplitude (factor |1 - 20 alpha| = 1.2).
  nn::Parameter v{"x", arma::mat(arma::vec{1.0, 1.0}), arma::mat(2, 1, arma::fill::zeros)};
  nn::SGD too_big({&v}, {.lr = 0.11});
  for (int t = 0; t < 10; ++t) {
    v.grad = arma::mat(arma::vec{2.0 * v.value(0, 0), 20.0 * v.value(1, 0)});
    too_big.step();
  }
  EXPECT_GT(std::abs(v.value(1, 0)), 6.0);  // 1.2^10 = 6.19
}

// L2-10: g~ = (1/M) sum_{i in I} grad l_i. CONSTRUCTED: l_i = 0.5 (theta x_i - y_i)^2,
// x = (1,2,3,4), y = (2,4,6,8), theta = 0, I = {2, 4} (1-based), alpha = 0.01: per-sample
// gradients (-2, -8, -18, -32), g~ = -20, theta_1 = 0.2, full-batch mean gradient -15.
// l_i is nn::linear_cost on the one example i (J = 1/(2m) sum e^2 with m = 1) at intercept 0, so
// every gradient below is entry 1 (the weight) of nn::linear_cost_gradient on a batch of columns.
TEST(Deck2, Ex10MiniBatchGradientEstimate) {
  RecordProperty("catalogue_id", "L2-10");
  const arma::mat X = {{1, 2, 3, 4}};  // one feature, 4 examples (columns)
  const arma::rowvec y = {2, 4, 6, 8};
  const arma::vec at_zero = {0.0, 0.0};  // (intercept, theta)
  auto gradient_on = [&](const arma::uvec& batch) {
    return nn::linear_cost_gradient(at_zero, X.cols(batch), y.cols(batch))(1);
  };
  // per-sample gradients: stochastic batches of one example each
  const std::vector<arma::uvec> singles = nn::batch_indices(4, 1);
  ASSERT_EQ(singles.size(), 4u);
  const std::vector<double> expected_per_sample = {-2, -8, -18, -32};
  for (std::size_t i = 0; i < singles.size(); ++i) {
    EXPECT_NEAR(gradient_on(singles[i]), expected_per_sample[i], 1e-15) << "example " << i + 1;
  }
  // the lecture's mini-batch I = {2, 4} (1-based)
  const arma::uvec I = {1, 3};
  EXPECT_NEAR(gradient_on(I), -20.0, 1e-15);
  // the full batch: the mean gradient
  const std::vector<arma::uvec> full = nn::batch_indices(4, 4);
  ASSERT_EQ(full.size(), 1u);
  EXPECT_NEAR(gradient_on(full[0]), -15.0, 1e-15);
  // one SGD step with the mini-batch estimate
  nn::Parameter theta{"theta", arma::mat{0.0}, arma::mat{gradient_on(I)}};
  nn::SGD sgd({&theta}, {.lr = 0.01});
  sgd.step();
  EXPECT_NEAR(theta.value(0, 0), 0.2, 1e-15);
}

// L3-16: W <- W - alpha dE/dW; "if the batch size is 32 then the loss for 32 examples is computed
// before the weights are updated". CONSTRUCTED: W = [[0.5, -0.3]], dW = [[0.2, -0.1]], b = 0.1,
// db = 0.5, lr = 0.1 -> W = [[0.48, -0.29]], b = 0.05; N = 50,000 with batch 32: 1563 updates, the
// last batch has 16 examples.
TEST(Deck3, Ex16SgdUpdateInCodeAndBatchSize32) {
  RecordProperty("catalogue_id", "L3-16");
  nn::Parameter W{"W", arma::mat{{0.5, -0.3}}, arma::mat{{0.2, -0.1}}};
  nn::Parameter b{"b", arma::mat{0.1}, arma::mat{0.5}};
  nn::SGD sgd({&W, &b}, {.lr = 0.1});
  sgd.step();
  EXPECT_NEAR(W.value(0, 0), 0.48, 1e-15);
  EXPECT_NEAR(W.value(0, 1), -0.29, 1e-15);
  EXPECT_NEAR(b.value(0, 0), 0.05, 1e-15);
  const auto batches = nn::batch_indices(50000, 32);
  EXPECT_EQ(batches.size(), 1563u);
  EXPECT_EQ(batches.back().n_elem, 16u);
}

// L4-08 (ERRATUM formula): the lecture states E(g^t) = grad L(theta^t) with L = sum_i L_i. With
// the mini-batch *mean* g = (1/|I|) sum_{i in I} grad L_i the expectation is the mean gradient,
// grad L / N. CONSTRUCTED: per-sample gradients (1, 2, 3, 6), |I| = 2, all 6 subsets equally
// likely: E[g] = 3 while grad L = 12. Here L_i is nn::linear_cost on example i with x_i = 1 and
// y_i = -(1, 2, 3, 6) at theta = 0, whose weight gradient is (h - y) x = (1, 2, 3, 6); every g is
// nn::linear_cost_gradient on the columns of a batch.
TEST(Deck4, Ex08MiniBatchGradientExpectationScaling) {
  RecordProperty("catalogue_id", "L4-08");
  const arma::mat X(1, 4, arma::fill::ones);
  const arma::rowvec y = {-1, -2, -3, -6};
  const arma::vec at_zero = {0.0, 0.0};
  auto gradient_on = [&](const arma::uvec& batch) {
    return nn::linear_cost_gradient(at_zero, X.cols(batch), y.cols(batch))(1);
  };
  // grad L for L = sum_i L_i: the sum of the per-sample gradients (stochastic batches of one)
  double grad_L = 0.0;
  for (const arma::uvec& one : nn::batch_indices(4, 1)) grad_L += gradient_on(one);
  EXPECT_EQ(grad_L, 12.0);
  // E[g] over the 6 equally likely mini-batches of size 2
  double sum_over_subsets = 0.0;
  int subsets = 0;
  for (arma::uword i = 0; i < 4; ++i) {
    for (arma::uword j = i + 1; j < 4; ++j) {
      sum_over_subsets += gradient_on(arma::uvec{i, j});
      ++subsets;
    }
  }
  ASSERT_EQ(subsets, 6);
  const double expectation = sum_over_subsets / subsets;
  EXPECT_EQ(expectation, 3.0);         // the mean gradient (1/N) sum_i grad L_i ...
  EXPECT_EQ(expectation * 4, grad_L);  // ... = grad L / N, not grad L (the erratum)
  // The same from the epochs SGD runs: over any reshuffled epoch (nn::batch_indices with an Rng),
  // the two batch gradients average to the mean gradient 3.
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    nn::Rng rng(seed);
    const std::vector<arma::uvec> epoch = nn::batch_indices(4, 2, rng);
    ASSERT_EQ(epoch.size(), 2u);
    EXPECT_EQ((gradient_on(epoch[0]) + gradient_on(epoch[1])) / 2.0, 3.0) << "seed " << seed;
  }
}

// L4-09: "N/B steps per epoch"; shuffle the training samples in each epoch and take the
// mini-batches in order. 400/100 = 4, 50,000/100 = 500 (600 on the 60,000-image files).
TEST(Deck4, Ex09StepsPerEpochAndReshuffle) {
  RecordProperty("catalogue_id", "L4-09");
  EXPECT_EQ(updates_per_epoch(400, 100), 4u);
  EXPECT_EQ(updates_per_epoch(50000, 100), 500u);
  EXPECT_EQ(updates_per_epoch(60000, 100), 600u);
  nn::Rng rng(2024);
  const auto epoch1 = nn::batch_indices(400, 100, rng);
  const auto epoch2 = nn::batch_indices(400, 100, rng);
  ASSERT_EQ(epoch1.size(), 4u);
  ASSERT_EQ(epoch2.size(), 4u);
  arma::uvec all1, all2;
  for (const auto& b : epoch1) all1 = arma::join_cols(all1, b);
  for (const auto& b : epoch2) all2 = arma::join_cols(all2, b);
  // Each epoch visits every example exactly once ...
  EXPECT_TRUE(arma::all(arma::sort(all1) == arma::regspace<arma::uvec>(0, 399)));
  EXPECT_TRUE(arma::all(arma::sort(all2) == arma::regspace<arma::uvec>(0, 399)));
  // ... in a different order each epoch.
  EXPECT_FALSE(arma::all(all1 == all2));
}
