#pragma once
// The playground's model: a setup given as a query string (the page's URL), the data, network,
// loss, optimizer and schedule it describes, built with the nn library, and the training loop the
// page runs. The same file, compiled to WebAssembly (cmake/web.sh), is what the page calls through
// the C functions of api.cpp; export_cpp() writes the chapter-style main.cpp that trains the same
// network natively with the same numbers.
//
// One step is one mini-batch update; every ceil(N / B) steps a new shuffle of the training set is
// drawn (nn::batch_indices). All randomness -- the data, the split, the initial weights, the
// shuffles, dropout masks and RReLU slopes -- comes from nn::global_rng(), seeded once with `seed`.

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/losses/loss.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/optimizer.hpp>
#include <nn/schedules/schedule.hpp>

namespace playground {

// A setup: every setting that applies to it, by name, as normalised text ("0.03", "8,8", "tanh").
// Built by parse() from a query string; keys that do not apply to the choices made (beta1 for
// SGD) are dropped, missing ones get their defaults.
class Settings {
 public:
  // Parses "key=value&key=value..." (a leading '?' or '#' is ignored; '+' and %XX are decoded).
  // Throws std::invalid_argument naming the key, the value and what is allowed.
  static Settings parse(const std::string& query);

  // The normalised query string: every applying key in a fixed order, "seed=1&dataset=moons&...".
  std::string query() const;
  // Every setting, with its current value, default, choices and whether it applies, as JSON (what
  // the page builds its controls from).
  std::string schema_json() const;

  const std::string& text(const std::string& key) const;  // std::out_of_range if not applying
  double real(const std::string& key) const;
  long integer(const std::string& key) const;
  bool flag(const std::string& key) const;
  std::vector<long> integers(const std::string& key) const;      // "8,8" -> {8, 8}
  std::vector<std::string> words(const std::string& key) const;  // "tanh,relu" -> {"tanh", "relu"}
  bool has(const std::string& key) const { return values_.count(key) > 0; }

 private:
  std::map<std::string, std::string> values_;
};

// What the data set is used for.
enum class Task { binary, multiclass, regression };

// Losses and accuracies on the two sets, computed in inference mode on the whole set.
struct Metrics {
  double train_loss = 0, test_loss = 0;
  double train_accuracy = NAN, test_accuracy = NAN;  // NaN for regression
};

class Playground {
 public:
  // Builds everything the setup describes, after nn::set_seed(seed).
  explicit Playground(const std::string& query);

  const Settings& settings() const { return settings_; }
  Task task() const { return task_; }
  arma::uword classes() const { return classes_; }  // K (1 for regression)
  arma::uword inputs() const { return train_X_.n_rows; }
  arma::uword outputs() const { return outputs_; }  // rows of the model's output
  // Units of every layer of the diagram: inputs, each hidden layer, outputs.
  std::vector<arma::uword> widths() const;

  const arma::mat& train_X() const { return train_X_; }
  const arma::mat& test_X() const { return test_X_; }
  const arma::mat& train_T() const { return train_T_; }  // targets as the loss takes them
  const arma::mat& test_T() const { return test_T_; }
  const arma::uvec& train_labels() const { return train_y_; }  // classification only
  const arma::uvec& test_labels() const { return test_y_; }
  // The displayed region: {x_lo, x_hi, y_lo, y_hi} (for 1-D data y is the target's range).
  std::vector<double> domain() const { return domain_; }

  // Trains `n` more steps. Throws nn::DataError when the loss becomes NaN or infinite (the
  // model keeps the weights of the step before).
  void train(long n);
  long steps() const { return t_; }
  double epoch_progress() const;  // epochs trained, steps / ceil(N / B)
  double learning_rate() const;

  Metrics evaluate();
  // What the page draws for inputs X (D x N), in inference mode: the probability of class 1
  // (binary: 1 x N), of every class (K x N), or the prediction (regression: 1 x N).
  arma::mat display(const arma::mat& X);
  // The activations of every hidden layer for inputs X (after its activation function).
  std::vector<arma::mat> hidden(const arma::mat& X);
  // The weight matrices W of the Dense layers, first to last.
  std::vector<const arma::mat*> weights();
  // The model's summary (nn::Sequential::summary_text).
  std::string summary() const { return model_.summary_text(inputs()); }

  // The bytes of nn::save_weights for the current model.
  std::string weights_file();
  // A chapter-style main.cpp that trains this network for `steps` steps with the nn library,
  // printing the losses every `every` steps (and at the last step).
  std::string export_cpp(long steps, long every) const;

 private:
  void build_data();
  void build_model();
  void next_batch();

  Settings settings_;
  Task task_ = Task::binary;
  arma::uword classes_ = 2, outputs_ = 1;
  arma::mat train_X_, test_X_, train_T_, test_T_;
  arma::uvec train_y_, test_y_;
  std::vector<double> domain_;

  nn::Sequential model_;
  std::vector<nn::Parameter*> decayed_;   // the W of every Dense layer: what L2 acts on
  std::vector<std::size_t> activations_;  // index in model_ of each hidden layer's activation
  std::unique_ptr<nn::Loss> loss_;
  std::unique_ptr<nn::Optimizer> optimizer_;
  std::unique_ptr<nn::Schedule> schedule_;  // null: constant learning rate
  double l2_ = 0;
  double threshold_ = 0.5;  // one-output classifiers: class 1 where the output > threshold_

  std::vector<arma::uvec> batches_;
  std::size_t next_ = 0;
  long t_ = 0;
};

}  // namespace playground
