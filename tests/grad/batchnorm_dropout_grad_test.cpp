// Gradient checks of BatchNorm (training and inference mode) and Dropout (fixed mask) against
// central differences (relative error <= 1e-7, STYLE "Tests").
#include <gtest/gtest.h>

#include <armadillo>

#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/sequential.hpp>

#include "support/gradcheck_assert.hpp"

namespace {

arma::mat batch(arma::uword rows, arma::uword cols, std::uint64_t seed) {
  nn::Rng rng(seed);
  return rng.randn(rows, cols, 0.5, 2.0);
}

}  // namespace

// Training mode: the batch mean and variance depend on every input, so dX has the three terms.
TEST(BatchNormGrad, TrainingModeMatchesCentralDifferences) {
  nn::BatchNorm bn(3, 0.99, 1e-3);
  nn::Rng rng(7);
  bn.gamma().value = rng.randn(3, 1, 1.0, 0.5);
  bn.beta().value = rng.randn(3, 1, 0.0, 0.5);
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(bn, batch(3, 6, 11), 1e-7));
}

TEST(BatchNormGrad, TrainingModeWithoutEpsilon) {
  nn::BatchNorm bn(2, 0.9, 0.0);
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(bn, batch(2, 5, 12), 1e-7));
}

// Inference mode: a fixed affine map per feature.
TEST(BatchNormGrad, InferenceModeMatchesCentralDifferences) {
  nn::BatchNorm bn(3);
  bn.set_running_stats(arma::vec{0.5, -1.0, 2.0}, arma::vec{1.5, 0.25, 4.0});
  bn.gamma().value = arma::vec{1.5, -0.5, 2.0};
  bn.set_training(false);
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(bn, batch(3, 4, 13), 1e-7));
}

TEST(DropoutGrad, FixedMaskMatchesCentralDifferences) {
  nn::Dropout drop(0.3);
  nn::Rng rng(5);
  drop.fix_mask(rng.bernoulli(4, 5, 0.7));
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(drop, batch(4, 5, 14), 1e-7));
  drop.set_training(false);
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(drop, batch(4, 5, 15), 1e-7));
}

// A small model BatchNorm -> Dense -> Dropout(fixed) -> Dense under MSE. (BatchNorm goes first: a
// bias just before it has gradient exactly 0 -- the batch mean removes it -- and a relative error
// of two zeros is meaningless.)
TEST(BatchNormDropoutGrad, ModelUnderMse) {
  nn::Rng rng(21);
  nn::Sequential model;
  model.add<nn::BatchNorm>(3, 0.99, 1e-3);
  const arma::mat W1 = rng.randn(4, 3, 0.0, 0.7);
  const arma::vec b1 = rng.randn(4, 1, 0.0, 0.1);
  model.add(std::make_unique<nn::Dense>(W1, b1));
  nn::Dropout& drop = model.add<nn::Dropout>(0.25);
  drop.fix_mask(rng.bernoulli(4, 6, 0.75));
  const arma::mat W2 = rng.randn(2, 4, 0.0, 0.7);
  const arma::vec b2 = rng.randn(2, 1, 0.0, 0.1);
  model.add(std::make_unique<nn::Dense>(W2, b2));
  nn::MSE loss;
  EXPECT_TRUE(
      nn::testing::ModelGradientsMatch(model, loss, batch(3, 6, 16), rng.randn(2, 6), 1e-7));
}
