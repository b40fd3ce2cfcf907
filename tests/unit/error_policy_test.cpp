// The exception policy of nn/core/errors.hpp (and docs/contributing.md): argument errors are
// nn::ArgumentError (nn::ShapeError is one), raised where the argument is given; call-order bugs
// are nn::CallOrderError; a loss that is not finite is nn::NonFiniteLoss (a nn::DataError).
// The standard bases keep older catch sites working.
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <memory>
#include <stdexcept>
#include <type_traits>

#include <nn/activations/relu.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mae.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/clipping.hpp>
#include <nn/optim/sgd.hpp>

namespace {

using nn_test::Throws;

TEST(ErrorPolicy, TheTypesDeriveFromTheStandardOnes) {
  static_assert(std::is_base_of<std::invalid_argument, nn::ArgumentError>::value, "");
  static_assert(std::is_base_of<nn::ArgumentError, nn::ShapeError>::value, "");
  static_assert(std::is_base_of<std::logic_error, nn::CallOrderError>::value, "");
  static_assert(std::is_base_of<std::runtime_error, nn::DataError>::value, "");
  static_assert(std::is_base_of<nn::DataError, nn::NonFiniteLoss>::value, "");
  const nn::NonFiniteLoss e("nn::mse: the loss is not finite (inf)", arma::datum::inf);
  EXPECT_EQ(e.value(), arma::datum::inf);
  EXPECT_STREQ(e.what(), "nn::mse: the loss is not finite (inf)");
}

// A loss's eps is checked by the constructor, naming the class, the argument and the value: before,
// BinaryCrossEntropy(Mean, 0.7) was accepted and fit reported its first forward as divergence.
TEST(ErrorPolicy, LossArgumentsFailAtConstruction) {
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::BinaryCrossEntropy(nn::Reduction::Mean, 0.7); },
                                        {"BinaryCrossEntropy: eps = 0.7 must be in [0, 0.5)"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::BinaryCrossEntropy(nn::Reduction::Sum, -1e-3); },
                                        {"eps = -0.001"}));
  EXPECT_TRUE(
      Throws<nn::ArgumentError>([] { nn::CategoricalCrossEntropy(nn::Reduction::Mean, 0.5); },
                                {"CategoricalCrossEntropy: eps = 0.5 must be in [0, 0.5)"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>(
      [] { nn::BinaryCrossEntropy(nn::Reduction::Mean, arma::datum::nan); }, {"eps = nan"}));
  EXPECT_NO_THROW(nn::BinaryCrossEntropy(nn::Reduction::Mean, 0.0));  // no clipping at all
  // the free functions check the same argument
  const arma::mat P(1, 2, arma::fill::value(0.5)), T(1, 2, arma::fill::ones);
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::binary_cross_entropy(P, T, 0.7); },
                                        {"nn::binary_cross_entropy: eps = 0.7"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::categorical_cross_entropy_gradient(P, T, 0.6); },
                                        {"nn::categorical_cross_entropy_gradient: eps = 0.6"}));
}

TEST(ErrorPolicy, OtherArgumentErrors) {
  nn::Rng rng(1);
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::RReLU(0.5, 0.1); },
                                        {"RReLU: the slope range [0.5, 0.1] is empty"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::rrelu_slopes(2, 2, 0.5, 0.1, true, rng); },
                                        {"nn::rrelu_slopes"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::Dropout(1.0); },
                                        {"Dropout: drop rate p must be in [0, 1)"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::BatchNorm(3, 1.0); },
                                        {"BatchNorm: momentum must be in [0, 1)"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::BatchNorm(3, 0.9, -1.0); },
                                        {"BatchNorm: eps must be >= 0, got"}));
  nn::Dropout drop(0.5);
  EXPECT_TRUE(Throws<nn::ArgumentError>(
      [&] {
        drop.fix_mask(arma::mat{{0.5, 1.0}});
      },
      {"fix_mask", "0 or 1"}));
  std::vector<nn::Parameter*> none;
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::clip_by_value(none, -1.0); },
                                        {"clip_by_value: c must be >= 0, got"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::clip_by_global_norm(none, 0.0); },
                                        {"max_norm must be > 0"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([] { nn::EarlyStopping({.monitor = "val_los"}); },
                                        {"unknown monitor 'val_los'"}));
  nn::Sequential model;
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { model.add(std::unique_ptr<nn::Layer>()); },
                                        {"Sequential::add: null layer"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>(
      [&] { model.compile(std::unique_ptr<nn::Loss>(), std::unique_ptr<nn::Optimizer>()); },
      {"null loss or optimizer"}));
  model.add<nn::Dense>(2, 1);
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { model.predict(arma::mat(2, 3), 0); },
                                        {"batch_size must be at least 1"}));
  model.compile(nn::MSE(), nn::SGD(model.parameters()));
  EXPECT_TRUE(Throws<nn::ArgumentError>(
      [&] { model.fit(arma::mat(2, 3), arma::mat(1, 3), {.batch_size = 0, .verbose = 0}); },
      {"Sequential::fit: batch_size must be at least 1"}));
  // and they are still std::invalid_argument for code that catches that
  EXPECT_THROW(nn::SGD(model.parameters(), {.lr = 0.0}), std::invalid_argument);
}

// backward before forward: each loss object and each kind of layer says so with nn::CallOrderError.
TEST(ErrorPolicy, BackwardBeforeForwardIsACallOrderError) {
  std::vector<std::unique_ptr<nn::Loss>> losses;
  losses.push_back(std::make_unique<nn::MSE>());
  losses.push_back(std::make_unique<nn::MAE>());
  losses.push_back(std::make_unique<nn::BinaryCrossEntropy>());
  losses.push_back(std::make_unique<nn::BinaryCrossEntropyFromLogits>());
  losses.push_back(std::make_unique<nn::CategoricalCrossEntropy>());
  losses.push_back(std::make_unique<nn::SoftmaxCrossEntropy>());
  losses.push_back(std::make_unique<nn::NLLLoss>());
  for (const auto& loss : losses)
    EXPECT_TRUE(Throws<nn::CallOrderError>([&] { loss->backward(); },
                                           {loss->name() + "::backward: called before forward"}));
  std::vector<std::unique_ptr<nn::Layer>> layers;
  layers.push_back(std::make_unique<nn::Dense>(3, 2));
  layers.push_back(std::make_unique<nn::BatchNorm>(2));
  layers.push_back(std::make_unique<nn::Dropout>(0.5));
  layers.push_back(std::make_unique<nn::Sigmoid>());
  layers.push_back(std::make_unique<nn::PReLU>(0.25));
  const arma::mat dY(2, 4, arma::fill::ones);
  for (const auto& layer : layers)
    EXPECT_TRUE(Throws<nn::CallOrderError>(
        [&] { layer->backward(dY); },
        {layer->name() + "::backward: called before forward (dY is 2 x 4)"}));
  // after a forward, a dY of the wrong shape is a shape error again
  nn::Dense dense(3, 2);
  dense.forward(arma::mat(3, 4, arma::fill::zeros));
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { dense.backward(arma::mat(2, 5)); },
                                     {"Dense(3 -> 2)::backward"}));
}

TEST(ErrorPolicy, ModelCallOrderErrors) {
  nn::Sequential empty;
  empty.compile(nn::MSE(), nn::SGD(empty.parameters()));
  EXPECT_TRUE(Throws<nn::CallOrderError>(
      [&] { empty.fit(arma::mat(2, 3), arma::mat(1, 3), {.verbose = 0}); },
      {"Sequential::fit: the model has no layers"}));
  EXPECT_TRUE(Throws<nn::CallOrderError>(
      [&] { empty.train_step(arma::mat(2, 3), arma::mat(1, 3)); }, {"no layers"}));
  nn::Sequential model;
  model.add<nn::Dense>(2, 1);
  const arma::mat X(2, 3, arma::fill::zeros), Y(1, 3, arma::fill::zeros);
  EXPECT_TRUE(Throws<nn::CallOrderError>(
      [&] { model.fit(X, Y, {.verbose = 0}); },
      {"Sequential::fit: the model is not compiled; call compile(loss, optimizer) first"}));
  EXPECT_TRUE(Throws<nn::CallOrderError>([&] { model.loss(); }, {"Sequential::loss"}));
  model.compile(nn::MSE(), nn::SGD(model.parameters()));
  model.add<nn::Dense>(1, 1);  // after compile: the optimizer does not know this layer
  EXPECT_TRUE(
      Throws<nn::CallOrderError>([&] { model.fit(X, Y, {.verbose = 0}); },
                                 {"build it from model.parameters() after the last add()"}));
  nn::CsvLogger log("/nonexistent/never-opened.csv");
  EXPECT_TRUE(Throws<nn::CallOrderError>([&] { log.on_epoch_end({}); },
                                         {"on_epoch_end before on_train_begin"}));
  // and they are still std::logic_error
  EXPECT_THROW(model.fit(X, Y, {.verbose = 0}), std::logic_error);
}

// A typed query instead of name sniffing: the decision threshold of a one-output model follows
// Loss::expects_logits().
class ScoreLoss : public nn::MSE {  // "Logits" in its name, but it takes values: threshold 0.5
 public:
  std::string name() const override { return "NotLogitsLoss"; }
};
// a loss on raw scores without "Logits" in its name: threshold 0
class RawScores : public nn::MSE {
 public:
  std::string name() const override { return "Hinge"; }
  bool expects_logits() const override { return true; }
};

TEST(ErrorPolicy, ExpectsLogitsIsATypedQuery) {
  EXPECT_TRUE(nn::SoftmaxCrossEntropy().expects_logits());
  EXPECT_TRUE(nn::BinaryCrossEntropyFromLogits().expects_logits());
  EXPECT_FALSE(nn::BinaryCrossEntropy().expects_logits());
  EXPECT_FALSE(nn::CategoricalCrossEntropy().expects_logits());
  EXPECT_FALSE(nn::MSE().expects_logits());
  EXPECT_FALSE(nn::MAE().expects_logits());
  EXPECT_FALSE(nn::NLLLoss().expects_logits());
  nn::Sequential a, b;
  a.add<nn::Dense>(2, 1);
  b.add<nn::Dense>(2, 1);
  a.compile(ScoreLoss(), nn::SGD(a.parameters()));
  b.compile(RawScores(), nn::SGD(b.parameters()));
  EXPECT_EQ(a.decision_threshold(), 0.5);
  EXPECT_EQ(b.decision_threshold(), 0.0);
}

}  // namespace
