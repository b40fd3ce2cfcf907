// A student's likely mistakes get a message that names the mistake: X passed as examples x
// features ("did you pass X transposed? one example per column"), class labels stored as
// arma::vec (which binds to the one-hot/targets overload) instead of arma::uvec, targets passed
// transposed. Each message is checked where the mistake surfaces: a layer, Sequential::fit /
// evaluate / predict (also the validation data), and the losses.
#include <gtest/gtest.h>

#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

namespace {

constexpr const char* kTransposed = "did you pass X transposed? one example per column (use X.t())";

// The message of the nn::ShapeError `f` throws ("" and a test failure when it throws nothing).
template <class F>
std::string shape_error(F f) {
  try {
    f();
  } catch (const nn::ShapeError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no nn::ShapeError";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 4 features, 3 classes, 6 examples: X is 4 x 6 (one example per column), labels 0..2.
struct Problem {
  arma::mat X = arma::reshape(arma::linspace(-1.0, 1.0, 24), 4, 6);
  arma::uvec labels = {0, 1, 2, 0, 1, 2};
  nn::Sequential model;

  Problem() {
    model.add<nn::Dense>(4, 3);
    model.add<nn::Softmax>();
    model.compile(nn::CategoricalCrossEntropy(), nn::SGD(model.parameters(), {.lr = 0.1}));
  }
};

TEST(LikelyMistake, XTransposedIntoADenseLayer) {
  nn::Dense layer(4, 3);
  const std::string msg = shape_error([&] { layer.forward(arma::mat(6, 4, arma::fill::ones)); });
  EXPECT_TRUE(contains(
      msg, "Dense(4 -> 3)::forward: input is 6 x 4 (features x examples), expected 4 rows"))
      << msg;
  EXPECT_TRUE(contains(msg, kTransposed)) << msg;
}

TEST(LikelyMistake, XTransposedIntoFitWithLabels) {
  Problem p;
  const std::string msg = shape_error([&] { p.model.fit(p.X.t(), p.labels, {.verbose = 0}); });
  EXPECT_TRUE(contains(msg, "X is 6 x 4 (features x examples) but there are 6 labels")) << msg;
  EXPECT_TRUE(contains(msg, kTransposed)) << msg;
}

TEST(LikelyMistake, XTransposedIntoFitWithTargets) {
  Problem p;
  const arma::mat T = arma::eye(3, 6);
  const std::string msg = shape_error([&] { p.model.fit(p.X.t(), T, {.verbose = 0}); });
  EXPECT_TRUE(contains(msg, "X is 6 x 4 and Y is 3 x 6")) << msg;
  EXPECT_TRUE(contains(msg, kTransposed)) << msg;
}

TEST(LikelyMistake, XTransposedIntoEvaluateAndPredict) {
  Problem p;
  std::string msg = shape_error([&] { p.model.evaluate(p.X.t(), p.labels); });
  EXPECT_TRUE(contains(msg, "Sequential::evaluate: X is 6 x 4")) << msg;
  EXPECT_TRUE(contains(msg, kTransposed)) << msg;
  msg = shape_error([&] { p.model.predict(p.X.t()); });
  EXPECT_TRUE(contains(msg, "Dense(4 -> 3)::forward")) << msg;
  EXPECT_TRUE(contains(msg, kTransposed)) << msg;
}

TEST(LikelyMistake, LabelsAsVecInFit) {
  Problem p;
  const arma::vec y = arma::conv_to<arma::vec>::from(p.labels);  // 6 x 1 doubles
  const std::string msg = shape_error([&] { p.model.fit(p.X, y, {.verbose = 0}); });
  EXPECT_TRUE(contains(msg, "X is 4 x 6 and Y is 6 x 1")) << msg;
  EXPECT_TRUE(contains(msg,
                       "did you pass class labels as arma::vec? Labels must be an arma::uvec "
                       "(arma::conv_to<arma::uvec>::from(y))"))
      << msg;
  EXPECT_TRUE(contains(msg, "taken as the 3 x 6 targets themselves")) << msg;
  // the same labels as arma::uvec train
  EXPECT_NO_THROW(p.model.fit(p.X, arma::conv_to<arma::uvec>::from(y), {.verbose = 0}));
}

TEST(LikelyMistake, LabelsAsRowvecInFit) {
  Problem p;
  const arma::rowvec y = arma::conv_to<arma::rowvec>::from(p.labels);  // 1 x 6: columns match
  const std::string msg = shape_error([&] { p.model.fit(p.X, y, {.verbose = 0}); });
  EXPECT_TRUE(contains(msg, "Y is 1 x 6 but the model outputs 3 rows")) << msg;
  EXPECT_TRUE(contains(msg, "did you pass class labels as arma::rowvec?")) << msg;
}

TEST(LikelyMistake, LabelsAsVecInEvaluate) {
  Problem p;
  const arma::vec y = arma::conv_to<arma::vec>::from(p.labels);
  const std::string msg = shape_error([&] { p.model.evaluate(p.X, y); });
  EXPECT_TRUE(contains(msg, "Sequential::evaluate: X is 4 x 6 and Y is 6 x 1")) << msg;
  EXPECT_TRUE(contains(msg, "did you pass class labels as arma::vec?")) << msg;
}

TEST(LikelyMistake, LabelsAsVecInValidationData) {
  Problem p;
  const arma::vec yv = arma::conv_to<arma::vec>::from(p.labels);
  const std::string msg = shape_error([&] {
    p.model.fit(p.X, p.labels, {.validation_X = &p.X, .validation_Y = &yv, .verbose = 0});
  });
  EXPECT_TRUE(contains(msg, "validation X is 4 x 6 and validation Y is 6 x 1")) << msg;
  EXPECT_TRUE(contains(msg, "did you pass class labels as arma::vec?")) << msg;
  EXPECT_TRUE(contains(msg, ".validation_labels")) << msg;
}

TEST(LikelyMistake, LabelsAsVecInALoss) {
  const arma::mat Z = arma::reshape(arma::linspace(-1.0, 1.0, 18), 3, 6);
  const arma::vec y = {0, 1, 2, 2, 1, 0};
  std::string msg = shape_error([&] { nn::softmax_cross_entropy(Z, y); });
  EXPECT_TRUE(contains(msg, "nn::softmax_cross_entropy: Z is 3 x 6 but T is 6 x 1")) << msg;
  EXPECT_TRUE(contains(msg, "did you pass class labels as arma::vec?")) << msg;
  nn::SoftmaxCrossEntropy loss;
  msg = shape_error([&] { loss.forward(Z, y); });
  EXPECT_TRUE(contains(msg, "did you pass class labels as arma::vec?")) << msg;
  // the same labels as arma::uvec are a loss
  EXPECT_NO_THROW(nn::softmax_cross_entropy(Z, arma::conv_to<arma::uvec>::from(y)));
}

TEST(LikelyMistake, TargetsTransposedInALoss) {
  const arma::mat Yhat(2, 5, arma::fill::ones);
  const arma::mat T(5, 2, arma::fill::value(0.5));
  const std::string msg = shape_error([&] { nn::mse(Yhat, T); });
  EXPECT_TRUE(contains(msg, "nn::mse: ") && contains(msg, "2 x 5") && contains(msg, "5 x 2"))
      << msg;
  EXPECT_TRUE(contains(msg, "did you pass T transposed? one example per column (use T.t())"))
      << msg;
}

TEST(LikelyMistake, NoGuessWhenNothingPointsToOne) {
  // wrong but not transposed: no hint
  nn::Dense layer(4, 3);
  std::string msg = shape_error([&] { layer.forward(arma::mat(5, 7, arma::fill::ones)); });
  EXPECT_FALSE(contains(msg, "did you")) << msg;
  // real-valued targets in a vector are not labels
  const arma::vec y = {0.5, 1.5, 2.0, 0.0, 1.0, 2.0};
  EXPECT_EQ(nn::targets_hint(y, 3, 6, "Y"), "");
  // negative whole numbers are not labels either
  EXPECT_EQ(nn::targets_hint(arma::vec{0, -1, 2, 0, 1, 2}, 3, 6, "Y"), "");
  // the right shape needs no hint, nor a vector of the wrong length
  EXPECT_EQ(nn::targets_hint(arma::mat(3, 6, arma::fill::zeros), 3, 6, "Y"), "");
  EXPECT_EQ(nn::targets_hint(arma::vec{0, 1, 2}, 3, 6, "Y"), "");
  EXPECT_EQ(nn::inputs_hint(arma::mat(4, 6), 4), "");
  EXPECT_EQ(nn::inputs_hint(arma::mat(5, 6), 4), "");
  // one output: a column of N values is the row of targets, transposed
  EXPECT_NE(nn::targets_hint(arma::vec{0, 1, 1, 0}, 1, 4, "Y").find("did you pass Y transposed?"),
            std::string::npos);
}

}  // namespace
