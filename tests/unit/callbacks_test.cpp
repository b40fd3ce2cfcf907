// Unit tests of the training callbacks: nn::EarlyStopping (driven by hand-made epoch values and
// through Sequential::fit), nn::CsvLogger (file content parsed back, append mode, bad paths) and
// nn::LearningRateScheduler.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/schedules/schedule.hpp>

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Helpers

// Three Gaussian blobs in 2-D, 20 points each, centres (0, 2), (-2, -1), (2, -1), sd 0.6.
nn::Dataset blobs(std::uint64_t seed) {
  nn::Rng rng(seed);
  const arma::mat centres = {{0.0, -2.0, 2.0}, {2.0, -1.0, -1.0}};
  return nn::make_blobs(20, centres, 0.6, rng);
}

nn::Sequential classifier(std::uint64_t seed, double lr = 0.05) {
  nn::set_seed(seed);
  nn::Sequential model;
  model.add<nn::Dense>(2, 8);
  model.add<nn::Tanh>();
  model.add<nn::Dense>(8, 3);
  model.compile(nn::SoftmaxCrossEntropy(), nn::Adam(model.parameters(), {.lr = lr}));
  return model;
}

// A 1 x 1 parameter "W" with value v.
nn::Parameter scalar_parameter(double v) {
  nn::Parameter p{"W", arma::mat(1, 1), arma::mat(1, 1, arma::fill::zeros)};
  p.value(0, 0) = v;
  return p;
}

// One epoch's logs with only the monitored fields that matter set.
nn::EpochEnd logs(std::size_t epoch, double loss, double val_loss = 0.0, double accuracy = 0.0,
                  double val_accuracy = 0.0, bool has_validation = true) {
  nn::EpochEnd e;
  e.epoch = epoch;
  e.epochs = 100;
  e.loss = loss;
  e.accuracy = accuracy;
  e.has_validation = has_validation;
  e.val_loss = val_loss;
  e.val_accuracy = val_accuracy;
  return e;
}

nn::TrainBegin begin(bool has_validation = true) { return {100, 1, 10, has_validation}; }

// Feeds val_loss values (epoch 1, 2, ...) until the callback asks to stop; returns the epochs run.
std::size_t feed_val_loss(nn::EarlyStopping& es, const std::vector<double>& values) {
  es.on_train_begin(begin());
  std::size_t e = 0;
  for (double v : values) {
    es.on_epoch_end(logs(++e, /*loss=*/100.0, v));
    if (es.stop_training()) break;
  }
  return e;
}

// Keras's rule without baseline / min_delta, written independently: stop at the first epoch
// e > 1 that is max(p, 1) epochs after the last improvement; 0 if it never stops.
std::size_t expected_stop(const std::vector<double>& values, std::size_t patience) {
  double best = std::numeric_limits<double>::infinity();
  std::size_t best_epoch = 0;
  for (std::size_t e = 1; e <= values.size(); ++e) {
    if (values[e - 1] < best) {
      best = values[e - 1];
      best_epoch = e;
    } else if (e > 1 && e - best_epoch >= std::max<std::size_t>(patience, 1)) {
      return e;
    }
  }
  return 0;
}

// Records every parameter value at the end of every epoch (listed before EarlyStopping in fit).
class ParameterRecorder : public nn::Callback {
 public:
  explicit ParameterRecorder(std::vector<nn::Parameter*> p) : params_(std::move(p)) {}
  void on_epoch_end(const nn::EpochEnd&) override {
    std::vector<arma::mat> now;
    for (nn::Parameter* p : params_) now.push_back(p->value);
    epochs_.push_back(now);
  }
  const std::vector<arma::mat>& at_epoch(std::size_t e) const { return epochs_.at(e - 1); }
  std::size_t epochs() const { return epochs_.size(); }

 private:
  std::vector<nn::Parameter*> params_;
  std::vector<std::vector<arma::mat>> epochs_;
};

bool same_values(const std::vector<nn::Parameter*>& params, const std::vector<arma::mat>& values) {
  if (params.size() != values.size()) return false;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (!arma::approx_equal(params[i]->value, values[i], "absdiff", 0.0)) return false;
  }
  return true;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& line, char sep = ',') {
  std::vector<std::string> fields;
  std::stringstream s(line);
  for (std::string f; std::getline(s, f, sep);) fields.push_back(f);
  return fields;
}

// A fresh directory per test, removed afterwards.
class CsvLoggerTest : public nn_test::TempDirTest {
 protected:
  CsvLoggerTest() : TempDirTest("nn-csvlogger-test") {}
};

// ---------------------------------------------------------------------------------------------
// Free functions

TEST(EarlyStopping, MonitorModesAndNames) {
  EXPECT_EQ(nn::monitor_mode("loss"), nn::MonitorMode::Min);
  EXPECT_EQ(nn::monitor_mode("val_loss"), nn::MonitorMode::Min);
  EXPECT_EQ(nn::monitor_mode("accuracy"), nn::MonitorMode::Max);
  EXPECT_EQ(nn::monitor_mode("val_accuracy"), nn::MonitorMode::Max);
  EXPECT_EQ(nn::monitor_names(),
            (std::vector<std::string>{"loss", "accuracy", "val_loss", "val_accuracy"}));
  const nn::EpochEnd e = logs(1, 0.5, 0.75, 0.25, 0.125);
  EXPECT_EQ(nn::monitored_value(e, "loss"), 0.5);
  EXPECT_EQ(nn::monitored_value(e, "val_loss"), 0.75);
  EXPECT_EQ(nn::monitored_value(e, "accuracy"), 0.25);
  EXPECT_EQ(nn::monitored_value(e, "val_accuracy"), 0.125);
}

TEST(EarlyStopping, ImprovementTestIsStrictByMoreThanMinDelta) {
  using nn::MonitorMode;
  // Min: v < v* - delta (binary fractions, so the boundary is exact)
  EXPECT_TRUE(nn::is_improvement(0.5, 1.0, 0.25, MonitorMode::Min));
  EXPECT_FALSE(nn::is_improvement(0.75, 1.0, 0.25, MonitorMode::Min));  // exactly delta: no
  EXPECT_FALSE(nn::is_improvement(1.0, 1.0, 0.0, MonitorMode::Min));    // equal: no
  // Max: v > v* + delta
  EXPECT_TRUE(nn::is_improvement(0.75, 0.25, 0.25, MonitorMode::Max));
  EXPECT_FALSE(nn::is_improvement(0.5, 0.25, 0.25, MonitorMode::Max));
  EXPECT_FALSE(nn::is_improvement(0.5, 0.25, 0.25, MonitorMode::Min));
  // NaN never improves; anything finite beats the initial +-inf
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(nn::is_improvement(nan, 1.0, 0.0, MonitorMode::Min));
  EXPECT_FALSE(nn::is_improvement(nan, inf, 0.0, MonitorMode::Min));
  EXPECT_TRUE(nn::is_improvement(1e300, inf, 0.5, MonitorMode::Min));
  EXPECT_TRUE(nn::is_improvement(-1e300, -inf, 0.5, MonitorMode::Max));
}

// ---------------------------------------------------------------------------------------------
// EarlyStopping driven by hand-made sequences

TEST(EarlyStopping, StopsAfterPatienceEpochsWithoutImprovement) {
  // val_loss 1.0 0.8 | 0.9 (wait 1) 0.85 (wait 2 = patience: stop after epoch 4) 0.95 0.7
  nn::EarlyStopping es({.monitor = "val_loss", .patience = 2});
  es.on_train_begin(begin());
  const std::vector<double> v = {1.0, 0.8, 0.9, 0.85, 0.95, 0.7};
  const std::vector<bool> stop_after = {false, false, false, true};
  for (std::size_t e = 1; e <= 4; ++e) {
    es.on_epoch_end(logs(e, 100.0, v[e - 1]));
    EXPECT_EQ(es.stop_training(), stop_after[e - 1]) << "after epoch " << e;
  }
  EXPECT_EQ(es.stopped_epoch(), 4u);
  EXPECT_EQ(es.best_epoch(), 2u);
  EXPECT_EQ(es.best(), 0.8);
  EXPECT_EQ(es.wait(), 2u);
  EXPECT_EQ(expected_stop(v, 2), 4u);  // the independent rule agrees
}

TEST(EarlyStopping, PatienceZeroAndOneBothStopAtTheFirstEpochWithoutImprovement) {
  for (std::size_t p : {0u, 1u}) {
    nn::EarlyStopping es({.monitor = "val_loss", .patience = p});
    EXPECT_EQ(feed_val_loss(es, {1.0, 0.9, 0.8, 0.8, 0.1}), 4u) << "patience " << p;
    EXPECT_EQ(es.stopped_epoch(), 4u);
    EXPECT_EQ(es.best_epoch(), 3u);
  }
  // patience 3: three epochs without improvement after epoch 3
  nn::EarlyStopping es3({.monitor = "val_loss", .patience = 3});
  EXPECT_EQ(feed_val_loss(es3, {1.0, 0.9, 0.8, 0.8, 0.85, 0.81, 0.1}), 6u);
  EXPECT_EQ(es3.best_epoch(), 3u);
}

TEST(EarlyStopping, NeverStopsWhileImprovingAndNeverAfterTheFirstEpoch) {
  nn::EarlyStopping es({.monitor = "val_loss"});
  EXPECT_EQ(feed_val_loss(es, {5, 4, 3, 2, 1}), 5u);
  EXPECT_FALSE(es.stop_training());
  EXPECT_EQ(es.stopped_epoch(), 0u);
  EXPECT_EQ(es.best_epoch(), 5u);
  EXPECT_EQ(es.best(), 1.0);
  // A NaN first epoch is no improvement, but epoch 1 never stops (Keras's epoch > 0 rule).
  nn::EarlyStopping nan_first({.monitor = "val_loss"});
  EXPECT_EQ(feed_val_loss(nan_first, {std::nan(""), 1.0, std::nan("")}), 3u);
  EXPECT_EQ(nan_first.stopped_epoch(), 3u);
  EXPECT_EQ(nan_first.best_epoch(), 2u);
}

TEST(EarlyStopping, MinDeltaSmallChangesDoNotCount) {
  // delta = 0.25: 1.0 -> 0.5 improves; 0.25 is exactly delta below 0.5 (no); 0.3 (no) -> stop at 4
  nn::EarlyStopping es({.monitor = "val_loss", .min_delta = 0.25, .patience = 2});
  EXPECT_EQ(feed_val_loss(es, {1.0, 0.5, 0.25, 0.3, 0.0}), 4u);
  EXPECT_EQ(es.best(), 0.5);
  EXPECT_EQ(es.best_epoch(), 2u);
  // The same values with delta 0: 0.25 improves, only epoch 4 fails to, epoch 5 improves: no stop.
  nn::EarlyStopping es0({.monitor = "val_loss", .patience = 2});
  EXPECT_EQ(feed_val_loss(es0, {1.0, 0.5, 0.25, 0.3, 0.0}), 5u);
  EXPECT_EQ(es0.stopped_epoch(), 0u);
  EXPECT_EQ(es0.best(), 0.0);
}

TEST(EarlyStopping, MaxModeForAccuracy) {
  // accuracy 0.5 0.7 | 0.65 (wait 1) 0.71 (not > 0.7 + 0.02: wait 2 -> stop at epoch 4)
  nn::EarlyStopping es({.monitor = "accuracy", .min_delta = 0.02, .patience = 2});
  EXPECT_EQ(es.mode(), nn::MonitorMode::Max);
  es.on_train_begin(begin(false));  // a training metric needs no validation data
  const std::vector<double> acc = {0.5, 0.7, 0.65, 0.71, 0.9};
  std::size_t e = 0;
  for (double a : acc) {
    ++e;
    // The loss falls every epoch: a callback that looked at it (or minimised) would not stop.
    es.on_epoch_end(logs(e, 1.0 / static_cast<double>(e), 0.0, a, 0.0, false));
    if (es.stop_training()) break;
  }
  EXPECT_EQ(e, 4u);
  EXPECT_EQ(es.stopped_epoch(), 4u);
  EXPECT_EQ(es.best(), 0.7);
  EXPECT_EQ(es.best_epoch(), 2u);

  nn::EarlyStopping val({.monitor = "val_accuracy", .patience = 1});
  val.on_train_begin(begin());
  val.on_epoch_end(logs(1, 9.0, 9.0, 0.0, 0.6));
  val.on_epoch_end(logs(2, 9.0, 9.0, 0.0, 0.8));
  EXPECT_FALSE(val.stop_training());
  val.on_epoch_end(logs(3, 9.0, 9.0, 0.0, 0.8));
  EXPECT_TRUE(val.stop_training());
  EXPECT_EQ(val.best(), 0.8);
}

TEST(EarlyStopping, BaselineKeepsCountingUntilItIsBeaten) {
  // Baseline 0.5 is never reached: improving epochs do not reset the counter, so the first
  // epoch without improvement (epoch 3, wait = 3 >= 2) stops. Without baseline wait is 1 there.
  nn::EarlyStopping with({.monitor = "val_loss", .patience = 2, .baseline = 0.5});
  EXPECT_EQ(feed_val_loss(with, {1.0, 0.9, 0.95, 0.7}), 3u);
  EXPECT_EQ(with.best_epoch(), 2u);
  nn::EarlyStopping without({.monitor = "val_loss", .patience = 2});
  EXPECT_EQ(feed_val_loss(without, {1.0, 0.9, 0.95, 0.7}), 4u);
  EXPECT_EQ(without.stopped_epoch(), 0u);
  // Once the baseline is beaten the counter resets as usual.
  nn::EarlyStopping beaten({.monitor = "val_loss", .patience = 2, .baseline = 0.5});
  EXPECT_EQ(feed_val_loss(beaten, {0.4, 0.3, 0.35, 0.2}), 4u);
  EXPECT_EQ(beaten.stopped_epoch(), 0u);
}

TEST(EarlyStopping, StartFromEpochIgnoresTheWarmUp) {
  // Epochs 1-2 are not monitored (their low values would otherwise stop training at epoch 3).
  nn::EarlyStopping es({.monitor = "val_loss", .patience = 1, .start_from_epoch = 2});
  EXPECT_EQ(feed_val_loss(es, {0.1, 0.2, 1.0, 0.9, 0.95, 0.5}), 5u);
  EXPECT_EQ(es.best_epoch(), 4u);
  EXPECT_EQ(es.best(), 0.9);
  nn::EarlyStopping no_warmup({.monitor = "val_loss", .patience = 1});
  EXPECT_EQ(feed_val_loss(no_warmup, {0.1, 0.2, 1.0, 0.9, 0.95, 0.5}), 2u);
}

TEST(EarlyStopping, OnTrainBeginResetsForAnotherFit) {
  nn::EarlyStopping es({.monitor = "val_loss", .patience = 1});
  EXPECT_EQ(feed_val_loss(es, {0.1, 0.2}), 2u);
  EXPECT_TRUE(es.stop_training());
  // Second run: larger values than the first run's best must still count as improvements.
  EXPECT_EQ(feed_val_loss(es, {5.0, 4.0, 3.0}), 3u);
  EXPECT_FALSE(es.stop_training());
  EXPECT_EQ(es.stopped_epoch(), 0u);
  EXPECT_EQ(es.best(), 3.0);
  EXPECT_EQ(es.best_epoch(), 3u);
}

TEST(EarlyStopping, RestoreByHandAndNotAfterAnException) {
  nn::Parameter w = scalar_parameter(1.0);
  nn::EarlyStopping es({.monitor = "loss", .patience = 5, .restore_best_weights = true}, {&w});
  for (bool completed : {true, false}) {
    es.on_train_begin(begin(false));
    const std::vector<double> loss = {3.0, 1.0, 2.0};  // best: epoch 2
    for (std::size_t e = 1; e <= 3; ++e) {
      w.value(0, 0) = 10.0 * static_cast<double>(e);  // the "weights" after epoch e
      es.on_epoch_end(logs(e, loss[e - 1], 0.0, 0.0, 0.0, false));
    }
    es.on_train_end(completed);
    EXPECT_EQ(es.restored(), completed);
    EXPECT_EQ(w.value(0, 0), completed ? 20.0 : 30.0) << "completed = " << completed;
  }
}

TEST(EarlyStopping, ReportsStopAndRestoreWhenGivenAStream) {
  nn::Parameter w = scalar_parameter(1.0);
  std::ostringstream out;
  nn::EarlyStopping es({.monitor = "val_loss", .restore_best_weights = true, .out = &out}, {&w});
  feed_val_loss(es, {1.0, 0.5, 0.7});
  es.on_train_end(true);
  EXPECT_EQ(
      out.str(),
      "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n");
}

// ---------------------------------------------------------------------------------------------
// EarlyStopping errors

TEST(EarlyStopping, UnknownMonitorListsTheValidNames) {
  try {
    nn::EarlyStopping es({.monitor = "val_acc"});
    FAIL() << "no exception for monitor 'val_acc'";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("EarlyStopping"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'val_acc'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("loss, accuracy, val_loss, val_accuracy"), std::string::npos) << msg;
  }
  EXPECT_THROW(nn::monitor_mode("mse"), std::invalid_argument);
  EXPECT_THROW(nn::monitored_value(logs(1, 0.0), "Loss"), std::invalid_argument);
}

TEST(EarlyStopping, BadOptionsAreRejected) {
  EXPECT_THROW(nn::EarlyStopping({.min_delta = -0.1}), std::invalid_argument);
  EXPECT_THROW(nn::EarlyStopping({.min_delta = std::nan("")}), std::invalid_argument);
  try {
    nn::EarlyStopping es({.restore_best_weights = true});
    FAIL() << "restore_best_weights without parameters was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("model.parameters()"), std::string::npos) << e.what();
  }
  EXPECT_THROW(nn::EarlyStopping({}, {nullptr}), std::invalid_argument);
}

TEST(EarlyStopping, ValidationMonitorWithoutValidationDataFailsBeforeTraining) {
  const nn::Dataset d = blobs(1);
  nn::Sequential model = classifier(2);
  const std::vector<arma::mat> before = {model.parameters()[0]->value,
                                         model.parameters()[1]->value};
  nn::EarlyStopping es;  // monitor "val_loss" by default
  try {
    model.fit(d.X, d.y, {.epochs = 3, .verbose = 0, .callbacks = {&es}});
    FAIL() << "fit without validation data accepted monitor val_loss";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("EarlyStopping"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'val_loss'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("validation_X"), std::string::npos) << msg;
    EXPECT_NE(msg.find("validation_labels"), std::string::npos) << msg;
  }
  // No epoch ran: the first layer's parameters are untouched.
  EXPECT_TRUE(arma::approx_equal(model.parameters()[0]->value, before[0], "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(model.parameters()[1]->value, before[1], "absdiff", 0.0));
  // Driven by hand, an epoch without validation values is refused too.
  nn::EarlyStopping direct({.monitor = "val_accuracy"});
  EXPECT_THROW(direct.on_epoch_end(logs(1, 0.5, 0.0, 0.0, 0.0, false)), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// EarlyStopping through Sequential::fit

// Validation set: the training inputs with every 4th label shifted by one class. With a slow
// Adam (lr 0.003) val_loss first falls, then rises as the model grows confident on the wrong
// quarter (a U-shaped curve, minimum at epoch 7, 6, 10 for seeds 3, 4, 5), so early stopping
// triggers after a best epoch > 1.
struct NoisyValidation {
  nn::Dataset train = blobs(11);
  arma::uvec val_labels;
  NoisyValidation() : val_labels(train.y) {
    for (arma::uword i = 0; i < val_labels.n_elem; i += 4) val_labels[i] = (val_labels[i] + 1) % 3;
  }
  nn::FitOptions options(std::size_t epochs, std::vector<nn::Callback*> callbacks) const {
    return {.epochs = epochs,
            .batch_size = 10,
            .validation_X = &train.X,
            .validation_labels = &val_labels,
            .verbose = 0,
            .callbacks = std::move(callbacks)};
  }
};

constexpr double kSlowLr = 0.003;

TEST(EarlyStopping, StopsFitAtTheEpochTheRulePredicts) {
  const NoisyValidation d;
  for (std::size_t patience : {0u, 2u}) {
    nn::Sequential model = classifier(3, kSlowLr);
    nn::EarlyStopping es({.monitor = "val_loss", .patience = patience});
    const nn::History h = model.fit(d.train.X, d.train.y, d.options(30, {&es}));
    ASSERT_GT(es.stopped_epoch(), 0u) << "patience " << patience << ": training was not stopped";
    EXPECT_LT(h.epochs(), 30u);
    EXPECT_EQ(h.epochs(), es.stopped_epoch());
    EXPECT_EQ(es.stopped_epoch(), expected_stop(h.val_loss, patience)) << "patience " << patience;
    const auto best = std::min_element(h.val_loss.begin(), h.val_loss.end());
    EXPECT_EQ(es.best(), *best);
    EXPECT_EQ(es.best_epoch(), static_cast<std::size_t>(best - h.val_loss.begin()) + 1);
    EXPECT_GT(es.best_epoch(), 1u);  // val_loss fell before it rose
  }
}

// The slow classifier (seed) trained on NoisyValidation for `epochs` with a ParameterRecorder
// and an EarlyStopping(options) given the model's parameters.
struct RecordedRun {
  NoisyValidation d;
  nn::Sequential model;
  ParameterRecorder rec;
  nn::EarlyStopping es;
  nn::History h;
  RecordedRun(std::uint64_t seed, nn::EarlyStoppingOptions options, std::size_t epochs)
      : model(classifier(seed, kSlowLr)),
        rec(model.parameters()),
        es(std::move(options), model.parameters()) {
    h = model.fit(d.train.X, d.train.y, d.options(epochs, {&rec, &es}));
  }
  // Whether the model's parameters now equal those at the end of epoch e.
  bool parameters_of_epoch(std::size_t e) {
    return same_values(model.parameters(), rec.at_epoch(e));
  }
};

TEST(EarlyStopping, RestoreBestWeightsPutsBackTheBestEpochsParameters) {
  RecordedRun r(4, {.monitor = "val_loss", .patience = 3, .restore_best_weights = true}, 30);
  ASSERT_GT(r.es.stopped_epoch(), 0u);
  ASSERT_EQ(r.rec.epochs(), r.h.epochs());
  // otherwise the test could not tell restore from none
  ASSERT_NE(r.es.best_epoch(), r.h.epochs());
  ASSERT_GT(r.es.best_epoch(), 1u);  // not just the first-epoch snapshot
  EXPECT_TRUE(r.es.restored());
  EXPECT_TRUE(r.parameters_of_epoch(r.es.best_epoch()));
  EXPECT_FALSE(r.parameters_of_epoch(r.h.epochs()));
  // The restored model really is the best one: its val_loss is the best epoch's.
  EXPECT_NEAR(r.model.evaluate(r.d.train.X, r.d.val_labels).loss, r.es.best(), 1e-12);
}

TEST(EarlyStopping, RestoresAlsoWhenTrainingRanToTheLastEpoch) {
  // Keras 3 semantics: restore at train end even without an early stop.
  RecordedRun r(5, {.monitor = "val_loss", .patience = 100, .restore_best_weights = true}, 15);
  EXPECT_EQ(r.h.epochs(), 15u);
  EXPECT_EQ(r.es.stopped_epoch(), 0u);
  ASSERT_GT(r.es.best_epoch(), 1u);  // not just the first-epoch snapshot
  ASSERT_LT(r.es.best_epoch(), 15u);
  EXPECT_TRUE(r.es.restored());
  EXPECT_TRUE(r.parameters_of_epoch(r.es.best_epoch()));
}

TEST(EarlyStopping, WithoutRestoreTheLastEpochsParametersStay) {
  RecordedRun r(4, {.monitor = "val_loss", .patience = 3}, 30);
  ASSERT_NE(r.es.best_epoch(), r.h.epochs());  // the best and the last parameters differ
  EXPECT_FALSE(r.es.restored());
  EXPECT_TRUE(r.parameters_of_epoch(r.h.epochs()));
  EXPECT_FALSE(r.parameters_of_epoch(r.es.best_epoch()));
}

// ---------------------------------------------------------------------------------------------
// CsvLogger

TEST(CsvLogger, HeaderAndRowFormat) {
  EXPECT_EQ(nn::csv_log_header(false), "epoch,loss,accuracy,seconds");
  EXPECT_EQ(nn::csv_log_header(true), "epoch,loss,accuracy,val_loss,val_accuracy,seconds");
  EXPECT_EQ(nn::csv_log_header(true, ';'), "epoch;loss;accuracy;val_loss;val_accuracy;seconds");
  nn::EpochEnd e = logs(3, 0.1, 0.25, 0.9, 0.875);
  e.seconds = 1.5;
  EXPECT_EQ(nn::csv_log_row(e), "3,0.1,0.9,0.25,0.875,1.5");
  e.has_validation = false;
  EXPECT_EQ(nn::csv_log_row(e, '\t'), "3\t0.1\t0.9\t1.5");
  e.loss = 1.0 / 3.0;  // shortest round-trip form: 17 significant digits here
  EXPECT_EQ(nn::csv_log_row(e), "3,0.3333333333333333,0.9,1.5");
}

TEST_F(CsvLoggerTest, OneLinePerEpochThatReadsBackToTheHistory) {
  const nn::Dataset d = blobs(21);
  nn::Sequential model = classifier(6);
  const std::string p = path("log.csv");
  nn::CsvLogger log(p);
  const nn::History h = model.fit(d.X, d.y,
                                  {.epochs = 4,
                                   .batch_size = 16,
                                   .validation_X = &d.X,
                                   .validation_labels = &d.y,
                                   .verbose = 0,
                                   .callbacks = {&log}});
  const std::vector<std::string> lines = read_lines(p);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "epoch,loss,accuracy,val_loss,val_accuracy,seconds");
  for (std::size_t e = 1; e <= 4; ++e) {
    const std::vector<std::string> f = split(lines[e]);
    ASSERT_EQ(f.size(), 6u) << lines[e];
    EXPECT_EQ(std::stoul(f[0]), e);
    EXPECT_EQ(std::stod(f[1]), h.loss[e - 1]);  // exact: the text round-trips
    EXPECT_EQ(std::stod(f[2]), h.accuracy[e - 1]);
    EXPECT_EQ(std::stod(f[3]), h.val_loss[e - 1]);
    EXPECT_EQ(std::stod(f[4]), h.val_accuracy[e - 1]);
    EXPECT_EQ(std::stod(f[5]), h.seconds[e - 1]);
  }
}

TEST_F(CsvLoggerTest, TogetherWithEarlyStoppingOneLinePerEpochRun) {
  const NoisyValidation d;
  nn::Sequential model = classifier(3, kSlowLr);
  const std::string p = path("stop.csv");
  nn::CsvLogger log(p);
  nn::EarlyStopping es({.monitor = "val_loss", .patience = 1});
  // val_loss rises after its minimum (see NoisyValidation), so training stops early; the log has
  // one line per epoch run.
  const nn::History h = model.fit(d.train.X, d.train.y, d.options(20, {&log, &es}));
  ASSERT_GT(es.stopped_epoch(), 0u);
  ASSERT_LT(h.epochs(), 20u);
  const std::vector<std::string> lines = read_lines(p);
  ASSERT_EQ(lines.size(), h.epochs() + 1);
  EXPECT_EQ(lines[0], "epoch,loss,accuracy,val_loss,val_accuracy,seconds");
  const std::vector<std::string> last = split(lines.back());
  ASSERT_EQ(last.size(), 6u);
  EXPECT_EQ(std::stoul(last[0]), es.stopped_epoch());
  EXPECT_EQ(std::stod(last[3]), h.val_loss.back());
}

TEST_F(CsvLoggerTest, FlushesEveryEpoch) {
  const std::string p = path("flush.csv");
  nn::CsvLogger log(p);
  log.on_train_begin(begin(false));
  nn::EpochEnd e = logs(1, 0.5, 0.0, 0.25, 0.0, false);
  e.seconds = 2.0;
  log.on_epoch_end(e);
  // The file is still open: the line must already be on disk.
  EXPECT_EQ(read_lines(p),
            (std::vector<std::string>{"epoch,loss,accuracy,seconds", "1,0.5,0.25,2"}));
  log.on_train_end(true);
  EXPECT_THROW(log.on_epoch_end(e), std::logic_error);  // closed
}

TEST_F(CsvLoggerTest, AppendModeWritesTheHeaderOnce) {
  const nn::Dataset d = blobs(22);
  const std::string p = path("append.csv");
  nn::Sequential model = classifier(7);
  nn::CsvLogger log(p, {.append = true});
  model.fit(d.X, d.y, {.epochs = 3, .verbose = 0, .callbacks = {&log}});
  model.fit(d.X, d.y, {.epochs = 2, .verbose = 0, .callbacks = {&log}});
  std::vector<std::string> lines = read_lines(p);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "epoch,loss,accuracy,seconds");
  std::vector<unsigned long> epochs;
  for (std::size_t i = 1; i < lines.size(); ++i) epochs.push_back(std::stoul(split(lines[i])[0]));
  EXPECT_EQ(epochs, (std::vector<unsigned long>{1, 2, 3, 1, 2}));

  // Without append the next fit overwrites the file.
  nn::CsvLogger fresh(p);
  model.fit(d.X, d.y, {.epochs = 2, .verbose = 0, .callbacks = {&fresh}});
  lines = read_lines(p);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "epoch,loss,accuracy,seconds");
  EXPECT_EQ(split(lines[2])[0], "2");
}

TEST_F(CsvLoggerTest, AppendingWithOtherColumnsIsADataError) {
  const std::string p = path("mixed.csv");
  std::ofstream(p) << "epoch,loss,accuracy,seconds\n1,0.5,0.5,0.1\n";
  nn::CsvLogger log(p, {.append = true});
  try {
    log.on_train_begin(begin(true));
    FAIL() << "appended validation columns to a file without them";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(p), std::string::npos) << msg;
    EXPECT_NE(msg.find("epoch,loss,accuracy,seconds"), std::string::npos) << msg;
    EXPECT_NE(msg.find("val_loss"), std::string::npos) << msg;
  }
  EXPECT_EQ(read_lines(p).size(), 2u);  // untouched
}

TEST_F(CsvLoggerTest, UnopenablePathIsADataErrorNamingPathAndReason) {
  const nn::Dataset d = blobs(23);
  nn::Sequential model = classifier(8);
  const std::string missing_dir = path("no-such-dir/log.csv");
  nn::CsvLogger log(missing_dir);
  try {
    model.fit(d.X, d.y, {.epochs = 1, .verbose = 0, .callbacks = {&log}});
    FAIL() << "fit wrote a log into a missing directory";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(missing_dir), std::string::npos) << msg;
    EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
  }
  // A directory is not a file (and root can write everywhere, so this is the portable case).
  nn::CsvLogger dir_log(dir_.string());
  try {
    dir_log.on_train_begin(begin(false));
    FAIL() << "opened a directory as the log file";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
  }
}

TEST_F(CsvLoggerTest, FailedWriteIsADataError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  nn::CsvLogger log("/dev/full");
  try {
    log.on_train_begin(begin(false));  // the header write fails at the flush
    FAIL() << "writing to /dev/full succeeded";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("/dev/full"), std::string::npos) << msg;
    EXPECT_NE(msg.find("No space left on device"), std::string::npos) << msg;
  }
}

// ---------------------------------------------------------------------------------------------
// LearningRateScheduler

TEST(Callbacks, LearningRateSchedulerSetsTheRateBeforeEachEpoch) {
  const nn::Dataset d = blobs(31);
  nn::set_seed(9);
  nn::Sequential model;
  model.add<nn::Dense>(2, 3);
  model.compile(nn::SoftmaxCrossEntropy(), nn::SGD(model.parameters(), {.lr = 0.9}));

  // Records the optimizer's rate while each epoch trains (after the scheduler's on_epoch_begin).
  struct RateProbe : nn::Callback {
    nn::Optimizer* opt = nullptr;
    std::vector<double> seen;
    void on_batch_end(std::size_t, std::size_t batch, double, double) override {
      if (batch == 1) seen.push_back(opt->learning_rate());
    }
  } probe;
  probe.opt = &model.optimizer();

  // eta(t) = 0.5 / (1 + 0.1 t), t = epoch - 1
  nn::LearningRateScheduler lr(nn::InverseTimeDecay(0.5, 0.1), model.optimizer());
  model.fit(d.X, d.y, {.epochs = 4, .batch_size = 20, .verbose = 0, .callbacks = {&lr, &probe}});
  const std::vector<double> expected = {0.5, 0.5 / 1.1, 0.5 / 1.2, 0.5 / 1.3};
  ASSERT_EQ(lr.rates().size(), 4u);
  ASSERT_EQ(probe.seen.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(lr.rates()[i], expected[i], 1e-15) << "epoch " << i + 1;
    EXPECT_EQ(probe.seen[i], lr.rates()[i]) << "epoch " << i + 1;
  }
  EXPECT_EQ(model.optimizer().learning_rate(), lr.rates().back());

  // A second fit starts the schedule again at t = 0 (step decay: halve every 2 epochs).
  nn::LearningRateScheduler step(nn::StepDecay(0.2, 0.5, 2), model.optimizer());
  model.fit(d.X, d.y, {.epochs = 5, .verbose = 0, .callbacks = {&step}});
  EXPECT_EQ(step.rates(), (std::vector<double>{0.2, 0.2, 0.1, 0.1, 0.05}));
  model.fit(d.X, d.y, {.epochs = 1, .verbose = 0, .callbacks = {&step}});
  EXPECT_EQ(step.rates(), (std::vector<double>{0.2}));
  EXPECT_EQ(step.schedule().name(), nn::StepDecay(0.2, 0.5, 2).name());
}

TEST(Callbacks, LearningRateSchedulerRejectsANullSchedule) {
  nn::Parameter w = scalar_parameter(1.0);
  nn::SGD sgd({&w}, {.lr = 0.1});
  EXPECT_THROW(nn::LearningRateScheduler(std::unique_ptr<nn::Schedule>(), sgd),
               std::invalid_argument);
}

}  // namespace
