// Divergence in Sequential::fit is found by the NaN guard nn::TerminateOnNaN (Keras's
// TerminateOnNaN), which fit installs before every other callback: a model whose outputs become
// NaN, or whose loss overflows to inf with finite outputs, stops with a nn::DataError naming the
// epoch, the batch and the examples. Other errors from a training step are not reported as
// divergence any more, and the guard can be switched off.
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

namespace {

using nn_test::Throws;
using nn_test::ThrowsDataError;

// Its input until the `after`-th forward, NaN from then on.
class PoisonAfter : public nn::Layer {
 public:
  explicit PoisonAfter(int after) : after_(after) {}
  arma::mat forward(const arma::mat& X) override {
    return ++calls_ >= after_
               ? arma::mat(arma::size(X)).fill(std::numeric_limits<double>::quiet_NaN())
               : X;
  }
  arma::mat backward(const arma::mat& dY) override { return dY; }
  std::string name() const override { return "PoisonAfter"; }

 private:
  int after_, calls_ = 0;
};

// 2 -> 1 regression on 10 examples.
struct Regression {
  arma::mat X, Y;
  Regression() {
    nn::Rng rng(4);
    X = rng.randn(2, 10);
    Y = X.row(0) - 2.0 * X.row(1);
  }
};

TEST(NanGuard, NanOutputsStopFitNamingEpochBatchAndExamplesBeforeAnyNanIsPrinted) {
  const Regression d;
  nn::Sequential model;
  model.add<nn::Dense>(2, 1);
  model.add<PoisonAfter>(7);  // batches of 4: 3 per epoch, so forward 7 is epoch 3, batch 1
  model.compile(nn::MSE(), nn::SGD(model.parameters(), {.lr = 0.01}));
  std::ostringstream out;
  EXPECT_TRUE(ThrowsDataError(
      [&] {
        model.fit(d.X, d.Y,
                  {.epochs = 5, .batch_size = 4, .shuffle = false, .verbose = 2, .out = &out});
      },
      {"Sequential::fit: the loss is not finite (NaN/inf) at epoch 3, batch 1 of 3",
       "(examples 0..3 of the epoch's order)", "nan", "try a smaller learning rate"}));
  EXPECT_NE(out.str().find("Epoch 2/5"), std::string::npos) << out.str();
  // the guard runs before the progress output
  EXPECT_EQ(out.str().find("nan"), std::string::npos) << out.str();
  EXPECT_TRUE(model.training());
}

// Weights near 1e200: the outputs are finite, their square overflows, so the loss (nn::mse) is inf
// (nn::NonFiniteLoss): still divergence, still reported by the guard, never a bare loss error.
TEST(NanGuard, ALossThatOverflowsIsDivergenceToo) {
  const Regression d;
  nn::Sequential model;
  model.add<nn::Dense>(arma::mat{{1e200, 1e200}}, arma::vec{0.0});
  model.compile(nn::MSE(), nn::SGD(model.parameters(), {.lr = 0.01}));
  const arma::mat W0 = model.parameters()[0]->value;
  EXPECT_TRUE(ThrowsDataError(
      [&] { model.fit(d.X, d.Y, {.epochs = 2, .batch_size = 5, .shuffle = false, .verbose = 0}); },
      {"at epoch 1, batch 1 of 2 (examples 0..4", "is inf", "smaller learning rate"}));
  EXPECT_TRUE(arma::approx_equal(model.parameters()[0]->value, W0, "absdiff", 0.0))
      << "a non-finite batch made an update";
  // train_step itself reports the value instead of throwing
  EXPECT_EQ(model.train_step(d.X, d.Y), arma::datum::inf);
}

// With the guard off, fit trains on: the non-finite batches make no update and the History shows
// them (Keras without TerminateOnNaN).
TEST(NanGuard, SwitchedOffFitTrainsOnAndTheHistoryShowsNan) {
  const Regression d;
  nn::Sequential model;
  model.add<nn::Dense>(2, 1);
  model.add<PoisonAfter>(4);
  model.compile(nn::MSE(), nn::SGD(model.parameters(), {.lr = 0.01}));
  const nn::History h = model.fit(
      d.X, d.Y,
      {.epochs = 3, .batch_size = 5, .shuffle = false, .verbose = 0, .terminate_on_nan = false});
  ASSERT_EQ(h.epochs(), 3u);
  EXPECT_TRUE(std::isfinite(h.loss[0]));
  EXPECT_TRUE(std::isnan(h.loss[1]));
  EXPECT_TRUE(std::isnan(h.loss[2]));
}

// A loss that refuses its targets throws its own nn::DataError: fit passes it on as it is, not as
// "the weights have diverged" (before, every nn::DataError of a training step was re-worded so).
class PickyLoss : public nn::MSE {
 public:
  double forward(const arma::mat& Yhat, const arma::mat& T) override {
    if (T.max() > 100.0) throw nn::DataError("PickyLoss: targets above 100");
    return MSE::forward(Yhat, T);
  }
};

TEST(NanGuard, OtherDataErrorsAreNotReportedAsDivergence) {
  Regression d;
  d.Y(0, 3) = 1000.0;
  nn::Sequential model;
  model.add<nn::Dense>(2, 1);
  model.compile(PickyLoss(), nn::SGD(model.parameters()));
  EXPECT_TRUE(ThrowsDataError([&] { model.fit(d.X, d.Y, {.verbose = 0}); },
                              {"PickyLoss: targets above 100"}, {"diverged", "not finite"}));
}

// The guard on its own: it needs the batch layout of on_train_begin to name the examples; the
// last batch of an epoch may be shorter.
TEST(NanGuard, TheCallbackNamesTheExamplesOfTheFailingBatch) {
  nn::TerminateOnNaN guard;
  guard.on_train_begin({.epochs = 4,
                        .batches_per_epoch = 3,
                        .examples = 10,
                        .has_validation = false,
                        .batch_size = 4});
  EXPECT_NO_THROW(guard.on_batch_end(1, 1, 0.25, 0.5));
  EXPECT_NO_THROW(guard.on_batch_end(1, 2, 1e300, 0.5));
  EXPECT_TRUE(ThrowsDataError([&] { guard.on_batch_end(2, 3, arma::datum::nan, 0.5); },
                              {"at epoch 2, batch 3 of 3 (examples 8..9 of the epoch's order)"}));
  EXPECT_TRUE(ThrowsDataError([&] { guard.on_batch_end(4, 2, -arma::datum::inf, 0.5); },
                              {"examples 4..7", "-inf"}));
}

}  // namespace
