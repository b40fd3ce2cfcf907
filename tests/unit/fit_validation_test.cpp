// Sequential::fit checks its validation data the way it checks the training data, before the
// first epoch: NaN/inf values, shapes (features, outputs, columns), label ranges, and half-given
// validation options. Before, a NaN in the validation set made fit fail after epoch 1 with a loss
// message that did not mention the validation set.
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

#include <limits>
#include <stdexcept>

namespace {

using nn_test::Throws;
using nn_test::ThrowsDataError;

// A compiled 3 -> 2 softmax model, 8 training examples (3 x 8) with labels 0/1.
struct Trainer {
  nn::Sequential model;
  arma::mat X, Xv;
  arma::uvec y, yv;
  arma::mat W0;  // the first layer's weights before fit
  Trainer() {
    nn::set_seed(3);
    model.add<nn::Dense>(3, 2);
    model.add<nn::Softmax>();
    model.compile(nn::CategoricalCrossEntropy(), nn::SGD(model.parameters(), {.lr = 0.1}));
    X = nn::global_rng().randn(3, 8, 0.0, 1.0);
    y = arma::uvec{0, 1, 0, 1, 0, 1, 0, 1};
    Xv = nn::global_rng().randn(3, 4, 0.0, 1.0);
    yv = arma::uvec{1, 0, 1, 0};
    W0 = model.parameters()[0]->value;
  }
  nn::FitOptions options() const {
    nn::FitOptions o;
    o.epochs = 2;
    o.batch_size = 4;
    o.verbose = 0;
    o.validation_X = &Xv;
    o.validation_labels = &yv;
    return o;
  }
  bool untouched() { return arma::approx_equal(model.parameters()[0]->value, W0, "absdiff", 0.0); }
};

TEST(FitValidation, NanInValidationXIsRefusedBeforeTrainingNamingTheValidationSet) {
  Trainer s;
  s.Xv(2, 3) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(ThrowsDataError([&] { s.model.fit(s.X, s.y, s.options()); },
                              {"Sequential::fit", "validation X", "3 x 4", "row 2, column 3"}));
  EXPECT_TRUE(s.untouched()) << "fit trained before checking the validation data";
  s.Xv(2, 3) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(
      ThrowsDataError([&] { s.model.fit(s.X, s.y, s.options()); }, {"validation X", "NaN/inf"}));
}

TEST(FitValidation, NanInValidationYIsRefused) {
  Trainer s;
  arma::mat Yv(2, 4, arma::fill::zeros);
  Yv.row(0).fill(1.0);
  Yv(1, 1) = std::numeric_limits<double>::quiet_NaN();
  nn::FitOptions o = s.options();
  o.validation_labels = nullptr;
  o.validation_Y = &Yv;
  EXPECT_TRUE(
      ThrowsDataError([&] { s.model.fit(s.X, s.y, o); }, {"validation Y", "row 1, column 1"}));
  EXPECT_TRUE(s.untouched());
}

TEST(FitValidation, ValidationShapesAreChecked) {
  Trainer s;
  arma::mat wrong_rows = nn::global_rng().randn(4, 4, 0.0, 1.0);
  nn::FitOptions o = s.options();
  o.validation_X = &wrong_rows;
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { s.model.fit(s.X, s.y, o); },
                                     {"validation X is 4 x 4", "training X is 3 x 8", "3 rows"}));
  arma::uvec three{0, 1, 0};
  o = s.options();
  o.validation_labels = &three;
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { s.model.fit(s.X, s.y, o); },
                                     {"validation X is 3 x 4", "3 validation labels"}));
  arma::mat Yv3(3, 4, arma::fill::zeros);
  o = s.options();
  o.validation_labels = nullptr;
  o.validation_Y = &Yv3;
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { s.model.fit(s.X, s.y, o); },
                                     {"validation Y is 3 x 4", "outputs 2 rows"}));
  arma::mat empty(3, 0);
  arma::uvec none;
  o = s.options();
  o.validation_X = &empty;
  o.validation_labels = &none;
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { s.model.fit(s.X, s.y, o); },
                                     {"validation X is 3 x 0", "at least one example"}));
  arma::uvec out_of_range{0, 1, 2, 0};
  o = s.options();
  o.validation_labels = &out_of_range;
  EXPECT_TRUE(ThrowsDataError([&] { s.model.fit(s.X, s.y, o); }, {"(validation)", "label 2"}));
  o = s.options();
  o.validation_X = nullptr;  // labels without inputs: not silently ignored
  EXPECT_TRUE(Throws<std::invalid_argument>([&] { s.model.fit(s.X, s.y, o); }, {"validation_X"}));
  EXPECT_TRUE(s.untouched());
}

TEST(FitValidation, GoodValidationDataIsEvaluatedEveryEpoch) {
  Trainer s;
  const nn::History h = s.model.fit(s.X, s.y, s.options());
  EXPECT_EQ(h.val_loss.size(), 2u);
  EXPECT_EQ(h.val_accuracy.size(), 2u);
  EXPECT_FALSE(s.untouched());
}

}  // namespace
