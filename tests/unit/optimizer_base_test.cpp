// nn::Optimizer owns what every optimizer shares: the step counter, the loop over the parameters
// with its shape check, prepare_step once per step, the declared hyper-parameters (their range
// checks and name()). These tests use a small optimizer written the way docs/contributing.md says,
// and then hold every library optimizer to the same checks.
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/lion.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/optimizer.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>

namespace {

using nn_test::Throws;

// Gradient descent with a "decay" hyper-parameter, recording every call the base class makes.
class Recording : public nn::Optimizer {
 public:
  Recording(std::vector<nn::Parameter*> params, double lr, double decay, bool verbose)
      : Optimizer(std::move(params), lr, "Recording"),
        decay_(hyper_parameter("decay", decay, Range::UnitInterval, Shown::IfNonZero)),
        verbose_(flag("verbose", verbose)) {}

  std::vector<std::string> calls;  // "prepare t" and "update i name t", in order

  // the protected helpers, for the tests below
  using Optimizer::filled_like_parameters;
  using Optimizer::hyper_parameter;
  using Optimizer::Range;
  using Optimizer::zeros_like_parameters;

 protected:
  void prepare_step() override { calls.push_back("prepare " + std::to_string(iterations())); }
  void update(std::size_t i, nn::Parameter& p) override {
    calls.push_back("update " + std::to_string(i) + " " + p.name + " " +
                    std::to_string(iterations()));
    p.value -= lr_ * (p.grad + decay_ * p.value);  // w = w - eta (g + decay w)
  }

 private:
  double decay_;
  bool verbose_;
};

nn::Parameter param(const std::string& name, arma::uword rows, arma::uword cols, double grad) {
  return {name, arma::mat(rows, cols, arma::fill::ones),
          arma::mat(rows, cols, arma::fill::value(grad))};
}

TEST(OptimizerBase, StepCountsThenPreparesOnceThenUpdatesEveryParameterInOrder) {
  nn::Parameter W = param("W", 2, 3, 0.5), b = param("b", 2, 1, -1.0);
  Recording opt({&W, &b}, 0.1, 0.0, false);
  EXPECT_EQ(opt.iterations(), 0);
  opt.step();
  opt.step();
  EXPECT_EQ(opt.iterations(), 2);
  const std::vector<std::string> expected = {"prepare 1", "update 0 W 1", "update 1 b 1",
                                             "prepare 2", "update 0 W 2", "update 1 b 2"};
  EXPECT_EQ(opt.calls, expected);
  // 1 - 2 (0.1 0.5)
  EXPECT_TRUE(
      arma::approx_equal(W.value, arma::mat(2, 3, arma::fill::value(0.9)), "absdiff", 1e-15));
  // 1 + 2 (0.1)
  EXPECT_TRUE(
      arma::approx_equal(b.value, arma::mat(2, 1, arma::fill::value(1.2)), "absdiff", 1e-15));
}

TEST(OptimizerBase, AGradientOfTheWrongShapeStopsTheStepBeforeItsUpdate) {
  nn::Parameter W = param("W", 2, 3, 0.5), b = param("b", 2, 1, -1.0);
  b.grad = arma::mat(1, 2, arma::fill::zeros);
  Recording opt({&W, &b}, 0.1, 0.0, false);
  EXPECT_TRUE(Throws<nn::ShapeError>(
      [&] { opt.step(); }, {"Recording::step (parameter b)", "grad is 1 x 2", "value is 2 x 1"}));
  EXPECT_EQ(opt.calls.back(), "update 0 W 1");  // W was updated, b was not
}

TEST(OptimizerBase, NameListsTheDeclaredHyperParametersAndTheCurrentRate) {
  nn::Parameter W = param("W", 1, 1, 0.0);
  Recording plain({&W}, 0.01, 0.0, false);
  EXPECT_EQ(plain.name(), "Recording(lr=0.01)");  // decay 0 is not shown, nor an unset flag
  Recording full({&W}, 0.5, 0.25, true);
  EXPECT_EQ(full.name(), "Recording(lr=0.5, decay=0.25, verbose)");
  full.set_learning_rate(1e-7);
  EXPECT_EQ(full.name(), "Recording(lr=1e-07, decay=0.25, verbose)");
}

TEST(OptimizerBase, RangesOfHyperParametersNameTheOptimizerTheArgumentAndTheValue) {
  nn::Parameter W = param("W", 1, 1, 0.0);
  Recording opt({&W}, 0.1, 0.0, false);
  using R = Recording::Range;
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("rho", 1.0, R::UnitInterval); },
                                        {"Recording: rho must be in [0, 1), got 1"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("rho", -0.1, R::UnitInterval); },
                                        {"got -0.1"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("eps", -1e-9, R::NonNegative); },
                                        {"Recording: eps must be >= 0, got -1e-09"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("n0", 0.0, R::Positive); },
                                        {"Recording: n0 must be > 0, got 0"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("p", 0.5, R::NonPositive); },
                                        {"Recording: p must be <= 0, got 0.5"}));
  for (R r : {R::Positive, R::NonNegative, R::NonPositive, R::UnitInterval})  // NaN is in no range
    EXPECT_TRUE(Throws<nn::ArgumentError>([&] { opt.hyper_parameter("x", arma::datum::nan, r); },
                                          {"x must be"}));
  EXPECT_EQ(opt.hyper_parameter("eps", 0.0, R::NonNegative), 0.0);  // the bounds themselves
  EXPECT_EQ(opt.hyper_parameter("beta", 0.0, R::UnitInterval), 0.0);
  EXPECT_EQ(opt.hyper_parameter("p", 0.0, R::NonPositive), 0.0);
  // the state helpers: one array per parameter, of its shape
  nn::Parameter b = param("b", 3, 1, 0.0);
  Recording two({&W, &b}, 0.1, 0.0, false);
  const std::vector<arma::mat> G0 = two.filled_like_parameters(0.1);
  ASSERT_EQ(G0.size(), 2u);
  EXPECT_TRUE(arma::approx_equal(G0[1], arma::mat(3, 1, arma::fill::value(0.1)), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(two.zeros_like_parameters()[0], arma::mat(1, 1, arma::fill::zeros),
                                 "absdiff", 0.0));
}

// Every optimizer of the library goes through the same base class: the learning rate is checked
// there (also NaN), the shape check names the optimizer, and name() starts with its class.
TEST(OptimizerBase, EveryLibraryOptimizerSharesTheChecks) {
  using Make = std::function<std::unique_ptr<nn::Optimizer>(nn::Parameter*, double lr)>;
  using P = std::vector<nn::Parameter*>;
  const std::vector<std::pair<std::string, Make>> all = {
      {"SGD", [](nn::Parameter* p,
                 double lr) { return std::make_unique<nn::SGD>(P{p}, nn::SGDOptions{lr}); }},
      {"Adagrad",
       [](nn::Parameter* p, double lr) {
         return std::make_unique<nn::Adagrad>(P{p}, nn::AdagradOptions{lr});
       }},
      {"Adadelta",
       [](nn::Parameter* p, double lr) {
         return std::make_unique<nn::Adadelta>(P{p}, nn::AdadeltaOptions{lr});
       }},
      {"RMSprop",
       [](nn::Parameter* p, double lr) {
         return std::make_unique<nn::RMSprop>(P{p}, nn::RMSpropOptions{lr});
       }},
      {"Adam", [](nn::Parameter* p,
                  double lr) { return std::make_unique<nn::Adam>(P{p}, nn::AdamOptions{lr}); }},
      {"AMSGrad",
       [](nn::Parameter* p, double lr) {
         return std::make_unique<nn::AMSGrad>(P{p}, nn::AdamOptions{lr});
       }},
      {"Adamax",
       [](nn::Parameter* p, double lr) {
         return std::make_unique<nn::Adamax>(P{p}, nn::AdamaxOptions{lr});
       }},
      {"Nadam", [](nn::Parameter* p,
                   double lr) { return std::make_unique<nn::Nadam>(P{p}, nn::NadamOptions{lr}); }},
      {"Ftrl", [](nn::Parameter* p,
                  double lr) { return std::make_unique<nn::Ftrl>(P{p}, nn::FtrlOptions{lr}); }},
      {"Lion", [](nn::Parameter* p,
                  double lr) { return std::make_unique<nn::Lion>(P{p}, nn::LionOptions{lr}); }},
  };
  for (const auto& [who, make] : all) {
    nn::Parameter W = param("W", 2, 2, 0.5);
    for (double bad : {0.0, -1e-3, arma::datum::nan})
      EXPECT_TRUE(
          Throws<nn::ArgumentError>([&] { make(&W, bad); }, {who + ": learning rate must be > 0"}));
    const auto opt = make(&W, 0.1);
    EXPECT_EQ(opt->name().rfind(who + "(lr=0.1", 0), 0u) << opt->name();
    opt->step();
    EXPECT_EQ(opt->iterations(), 1) << who;
    W.grad = arma::mat(2, 3, arma::fill::zeros);
    EXPECT_TRUE(
        Throws<nn::ShapeError>([&] { opt->step(); }, {who + "::step (parameter W)", "2 x 3"}));
  }
}

}  // namespace
