// Unit tests of nn::Sequential: summary, training on a tiny problem, shuffling, determinism,
// the output of fit, and its errors (shapes, NaN data; a NaN loss: nan_guard_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <sstream>
#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mse.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/progress.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/sgd.hpp>

namespace {

// Three Gaussian blobs in 2-D, 40 points each, centres (0, 2), (-2, -1), (2, -1), sd 0.5.
struct Blobs {
  arma::mat X;
  arma::uvec y;
};
Blobs make_blobs(std::uint64_t seed) {
  nn::Rng rng(seed);
  const arma::mat centres = {{0.0, -2.0, 2.0}, {2.0, -1.0, -1.0}};
  Blobs b{arma::mat(2, 120), arma::uvec(120)};
  for (arma::uword n = 0; n < 120; ++n) {
    const arma::uword k = n % 3;
    b.y(n) = k;
    b.X(0, n) = rng.normal(centres(0, k), 0.5);
    b.X(1, n) = rng.normal(centres(1, k), 0.5);
  }
  return b;
}

nn::Sequential make_classifier(std::uint64_t seed) {
  nn::set_seed(seed);
  nn::Sequential model;
  model.add<nn::Dense>(2, 8);
  model.add<nn::Tanh>();
  model.add<nn::Dense>(8, 3);
  model.compile(nn::SoftmaxCrossEntropy(), nn::Adam(model.parameters(), {.lr = 0.05}));
  return model;
}

TEST(Sequential, SummaryOfThe784_100_10Network) {
  nn::Sequential model;
  model.add<nn::Dense>(784, 100);
  model.add<nn::Sigmoid>();
  model.add(std::make_unique<nn::Dense>(100, 10));
  model.add<nn::Softmax>();
  // 784 * 100 + 100 = 78,500; 100 * 10 + 10 = 1,010; total 79,510
  const std::string expected =
      "Model: \"sequential\"\n"
      "_________________________________________________________________\n"
      " Layer (type)                Output Shape              Param #\n"
      "=================================================================\n"
      " Dense(784 -> 100)           (None, 100)               78,500\n"
      "\n"
      " Sigmoid                     (None, 100)               0\n"
      "\n"
      " Dense(100 -> 10)            (None, 10)                1,010\n"
      "\n"
      " Softmax                     (None, 10)                0\n"
      "=================================================================\n"
      "Total params: 79,510\n"
      "Trainable params: 79,510\n"
      "Non-trainable params: 0\n"
      "_________________________________________________________________\n";
  EXPECT_EQ(model.summary_text(784), expected);
  std::ostringstream out;
  EXPECT_EQ(model.summary(784, out), expected);
  EXPECT_EQ(out.str(), expected);
  EXPECT_EQ(model.parameter_count(), 79510u);
  EXPECT_EQ(model.parameters().size(), 4u);
  EXPECT_EQ(model.size(), 4u);
  EXPECT_EQ(model.output_rows(784), 10u);
  EXPECT_EQ(model.layer(2).name(), "Dense(100 -> 10)");
}

TEST(Sequential, AddReturnsTheTypedLayer) {
  nn::Sequential model;
  nn::Dense& d = model.add<nn::Dense>(3, 2);
  EXPECT_EQ(d.out_features(), 2u);
  EXPECT_EQ(&model.layer(0), &d);
}

TEST(Sequential, LossDecreasesOnATinyProblem) {
  const Blobs data = make_blobs(7);
  nn::Sequential model = make_classifier(1);
  const double before = model.evaluate(data.X, data.y).loss;
  const nn::History h = model.fit(data.X, data.y, {.epochs = 30, .batch_size = 16, .verbose = 0});
  ASSERT_EQ(h.epochs(), 30u);
  EXPECT_LT(h.loss.back(), 0.5 * h.loss.front());
  const nn::Evaluation e = model.evaluate(data.X, data.y);
  EXPECT_LT(e.loss, 0.1 * before);
  EXPECT_GE(e.accuracy, 0.95);
  EXPECT_GE(nn::accuracy(model.predict_classes(data.X), data.y), 0.95);
  EXPECT_TRUE(h.val_loss.empty());
}

TEST(Sequential, FitNeverReordersX) {
  const Blobs data = make_blobs(7);
  const arma::mat X_copy = data.X;
  const arma::uvec y_copy = data.y;
  nn::Sequential model = make_classifier(1);
  model.fit(data.X, data.y, {.epochs = 3, .batch_size = 7, .shuffle = true, .verbose = 0});
  EXPECT_TRUE(arma::approx_equal(data.X, X_copy, "absdiff", 0.0));
  EXPECT_TRUE(arma::all(data.y == y_copy));
}

TEST(Sequential, SameSeedSameHistory) {
  const Blobs data = make_blobs(7);
  auto run = [&](std::uint64_t seed) {
    nn::Sequential model = make_classifier(seed);
    return model.fit(data.X, data.y,
                     {.epochs = 4,
                      .batch_size = 10,
                      .validation_X = &data.X,
                      .validation_labels = &data.y,
                      .verbose = 0});
  };
  const nn::History a = run(3), b = run(3), c = run(4);
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(a.accuracy, b.accuracy);
  EXPECT_EQ(a.val_loss, b.val_loss);
  EXPECT_NE(a.loss, c.loss);
  EXPECT_EQ(a.val_loss.size(), 4u);
}

TEST(Sequential, LabelsAndOneHotTargetsTrainAlike) {
  const Blobs data = make_blobs(7);
  arma::mat T(3, data.y.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < data.y.n_elem; ++n) T(data.y(n), n) = 1.0;
  nn::Sequential m1 = make_classifier(5);  // seeds the global generator: same weights, same order
  const nn::History a = m1.fit(data.X, data.y, {.epochs = 2, .batch_size = 12, .verbose = 0});
  nn::Sequential m2 = make_classifier(5);
  const nn::History b = m2.fit(data.X, T, {.epochs = 2, .batch_size = 12, .verbose = 0});
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(a.accuracy, b.accuracy);
}

TEST(Sequential, WithoutShuffleTheEpochLossIsTheMeanOfTheBatchLosses) {
  // N = 10, B = 4: batches of 4, 4, 2; plain SGD with a tiny rate so we can replay it by hand
  nn::set_seed(2);
  nn::Rng rng(9);
  const arma::mat X = rng.randn(3, 10);
  const arma::mat Y = rng.randn(2, 10);
  nn::Sequential model;
  model.add<nn::Dense>(3, 2);
  model.compile(nn::MSE(), nn::SGD(model.parameters(), {.lr = 0.01}));
  nn::Sequential replay;
  nn::Dense& d = replay.add<nn::Dense>(3, 2);
  d.W().value = dynamic_cast<nn::Dense&>(model.layer(0)).W().value;
  replay.compile(nn::MSE(), nn::SGD(replay.parameters(), {.lr = 0.01}));
  const nn::History h =
      model.fit(X, Y, {.epochs = 1, .batch_size = 4, .shuffle = false, .verbose = 0});
  double sum = 0.0;
  for (arma::uword first : {0u, 4u, 8u}) {
    const arma::uword n = first == 8 ? 2 : 4;
    sum += n * replay.train_step(X.cols(first, first + n - 1), Y.cols(first, first + n - 1));
  }
  EXPECT_NEAR(h.loss[0], sum / 10.0, 1e-15);
}

TEST(Sequential, OneLinePerEpochWhenNotATerminal) {
  const Blobs data = make_blobs(7);
  nn::Sequential model = make_classifier(1);
  std::ostringstream out;
  model.fit(data.X, data.y,
            {.epochs = 3,
             .batch_size = 32,
             .validation_X = &data.X,
             .validation_labels = &data.y,
             .verbose = 1,
             .out = &out});
  const std::regex line(
      "Epoch [1-3]/3 - loss \\d\\.\\d{4} - accuracy \\d\\.\\d{4} - val_loss \\d\\.\\d{4} - "
      "val_accuracy \\d\\.\\d{4} - \\d+\\.\\d\\d s");
  std::istringstream lines(out.str());
  std::string l;
  int count = 0;
  while (std::getline(lines, l)) {
    EXPECT_TRUE(std::regex_match(l, line)) << l;
    ++count;
  }
  EXPECT_EQ(count, 3);
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_FALSE(nn::is_terminal(out));
}

TEST(Sequential, ProgressBarRedrawsInPlace) {
  std::ostringstream out;
  nn::Progress bar(out, /*bar=*/true);
  bar.on_train_begin({2, 4, 40, false});
  bar.on_epoch_begin(1);
  bar.on_batch_end(1, 4, 0.5, 0.75);  // the last batch is always drawn
  nn::EpochEnd logs;
  logs.epoch = 1;
  logs.epochs = 2;
  logs.loss = 0.5;
  logs.accuracy = 0.75;
  logs.seconds = 0.25;
  bar.on_epoch_end(logs);
  const std::string s = out.str();
  EXPECT_NE(s.find("\rEpoch 1/2 [==============================] 4/4 - ETA 0.0 s - loss 0.5000 - "
                   "accuracy 0.7500"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("\rEpoch 1/2 - loss 0.5000 - accuracy 0.7500 - 0.25 s"), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n');
}

TEST(Sequential, FitColumnMismatchNamesBothShapes) {
  nn::Sequential model = make_classifier(1);
  const arma::mat X(2, 10, arma::fill::zeros), Y(3, 9, arma::fill::zeros);
  try {
    model.fit(X, Y, {.verbose = 0});
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("2 x 10"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("3 x 9"), std::string::npos) << e.what();
  }
  EXPECT_THROW(model.fit(X, arma::uvec(9, arma::fill::zeros), {.verbose = 0}), nn::ShapeError);
  EXPECT_THROW(model.fit(X, arma::mat(4, 10, arma::fill::zeros), {.verbose = 0}), nn::ShapeError);
}

TEST(Sequential, LabelOutOfRangeIsDataError) {
  nn::Sequential model = make_classifier(1);
  const arma::mat X(2, 4, arma::fill::zeros);
  EXPECT_THROW(model.fit(X, arma::uvec{0, 1, 3, 2}, {.verbose = 0}), nn::DataError);
}

TEST(Sequential, NaNInTheDataIsDataError) {
  nn::Sequential model = make_classifier(1);
  arma::mat X(2, 4, arma::fill::zeros);
  X(1, 2) = std::numeric_limits<double>::quiet_NaN();
  try {
    model.fit(X, arma::uvec{0, 1, 2, 0}, {.verbose = 0});
    FAIL() << "expected nn::DataError";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 1, column 2"), std::string::npos) << e.what();
  }
}

TEST(Sequential, FitBeforeCompileOrWithAStaleOptimizerIsALogicError) {
  nn::Sequential model;
  model.add<nn::Dense>(2, 3);
  const arma::mat X(2, 4, arma::fill::zeros);
  EXPECT_THROW(model.fit(X, arma::uvec{0, 1, 2, 0}, {.verbose = 0}), std::logic_error);
  model.compile(nn::SoftmaxCrossEntropy(), nn::Adam(model.parameters()));
  model.add<nn::Dense>(3, 3);  // the optimizer does not know this layer's parameters
  EXPECT_THROW(model.fit(X, arma::uvec{0, 1, 2, 0}, {.verbose = 0}), std::logic_error);
}

TEST(Sequential, PredictIsBatchedAndInInferenceMode) {
  const Blobs data = make_blobs(7);
  nn::Sequential model = make_classifier(1);
  const arma::mat full = model.forward(data.X);
  const arma::mat batched = model.predict(data.X, 7);  // 120 = 17 * 7 + 1
  EXPECT_TRUE(arma::approx_equal(full, batched, "absdiff", 1e-14));
  EXPECT_TRUE(model.training());
  EXPECT_TRUE(model.layer(0).training());
}

TEST(Sequential, DecisionThresholdForOneOutput) {
  nn::Sequential probabilities;
  probabilities.add<nn::Dense>(2, 1);
  probabilities.add<nn::Sigmoid>();
  probabilities.compile(nn::BinaryCrossEntropy(), nn::SGD(probabilities.parameters()));
  EXPECT_EQ(probabilities.decision_threshold(), 0.5);
  nn::Sequential logits;
  nn::Dense& d = logits.add<nn::Dense>(arma::mat{{1.0, 0.0}}, arma::vec{0.0});
  logits.compile(nn::BinaryCrossEntropyFromLogits(), nn::SGD(logits.parameters()));
  EXPECT_EQ(logits.decision_threshold(), 0.0);
  const arma::mat X = {{-0.5, 0.2, 0.7}, {0.0, 0.0, 0.0}};
  EXPECT_TRUE(arma::all(logits.predict_classes(X) == arma::uvec({0, 1, 1})));
  logits.set_decision_threshold(0.5);
  EXPECT_TRUE(arma::all(logits.predict_classes(X) == arma::uvec({0, 0, 1})));
  (void)d;
}

}  // namespace
