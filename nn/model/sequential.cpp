#include <nn/model/sequential.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/core/shapes.hpp>
#include <nn/core/text.hpp>
#include <nn/data/split.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/progress.hpp>

namespace nn {

namespace {

// Copies the columns idx[first .. first+n) of A into B (B must have A.n_rows rows and n columns):
//   B(:, j) = A(:, idx(first + j))
// Four columns at a time, a cache line of each per round (why: docs/performance.md).
template <typename T>
void gather_columns(const arma::Mat<T>& A, const arma::uvec& idx, arma::uword first, arma::uword n,
                    arma::Mat<T>& B) {
  const arma::uword rows = A.n_rows;
  arma::uword j = 0;
  for (; j + 4 <= n; j += 4) {
    const T* a0 = A.colptr(idx[first + j]);
    const T* a1 = A.colptr(idx[first + j + 1]);
    const T* a2 = A.colptr(idx[first + j + 2]);
    const T* a3 = A.colptr(idx[first + j + 3]);
    T* b0 = B.colptr(j);
    T* b1 = B.colptr(j + 1);
    T* b2 = B.colptr(j + 2);
    T* b3 = B.colptr(j + 3);
    constexpr arma::uword chunk = 64 / sizeof(T);  // one 64-byte cache line of each column
    arma::uword r = 0;
    for (; r + chunk <= rows; r += chunk) {
      std::memcpy(b0 + r, a0 + r, chunk * sizeof(T));
      std::memcpy(b1 + r, a1 + r, chunk * sizeof(T));
      std::memcpy(b2 + r, a2 + r, chunk * sizeof(T));
      std::memcpy(b3 + r, a3 + r, chunk * sizeof(T));
    }
    for (; r < rows; ++r) {
      b0[r] = a0[r];
      b1[r] = a1[r];
      b2[r] = a2[r];
      b3[r] = a3[r];
    }
  }
  for (; j < n; ++j) std::memcpy(B.colptr(j), A.colptr(idx[first + j]), rows * sizeof(T));
}

// Inputs X and targets Y with different numbers of columns: X passed transposed (its rows match
// Y's columns), or Y of the wrong shape (transposed, class labels as arma::vec) for K outputs.
std::string columns_hint(const arma::mat& X, const arma::mat& Y, arma::uword K,
                         const std::string& x_name, const std::string& y_name) {
  if (X.n_rows == Y.n_cols) return inputs_hint(X, X.n_cols, x_name);
  return targets_hint(Y, K, X.n_cols, y_name);
}

// Inputs X and n labels that do not match: X passed transposed when its rows match the labels.
std::string labels_hint(const arma::mat& X, arma::uword n_labels) {
  return X.n_rows == n_labels ? inputs_hint(X, X.n_cols) : "";
}

void check_finite(const arma::mat& A, const std::string& where, const std::string& name) {
  if (A.is_finite()) return;
  const arma::uvec bad = arma::find_nonfinite(A);
  const arma::uword i = bad(0);
  std::ostringstream s;
  s << where << ": " << name << " (" << shape_str(A) << ") contains " << bad.n_elem
    << " NaN/inf value(s), the first at row " << i % A.n_rows << ", column " << i / A.n_rows;
  throw DataError(s.str());
}

// Targets for a model with K outputs from class labels: one-hot columns (K > 1), or the labels
// as a 0/1 row (K = 1). nn::DataError for a label the model cannot output.
arma::mat targets_from_labels(const arma::uvec& labels, arma::uword K, const std::string& where) {
  const arma::uword limit = K == 1 ? 2 : K;
  if (labels.n_elem > 0 && labels.max() >= limit) {
    const arma::uword n = arma::index_max(labels);
    throw DataError(where + ": label " + std::to_string(labels(n)) + " (example " +
                    std::to_string(n) + ") is out of range: the model has " + std::to_string(K) +
                    " output(s), so labels must be < " + std::to_string(limit));
  }
  if (K == 1) return arma::conv_to<arma::rowvec>::from(labels);  // 0/1 targets in one row
  arma::mat T(K, labels.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < labels.n_elem; ++n) T(labels(n), n) = 1.0;  // T(y_n, n) = 1
  return T;
}

// The loss of the model's output, or a value that is not finite when the model has diverged:
// a NaN/inf output has no loss (NaN), and a loss that overflows says so with nn::NonFiniteLoss.
double batch_loss(Loss& loss, const arma::mat& Yhat, const arma::mat& T) {
  if (!Yhat.is_finite()) return arma::datum::nan;
  try {
    return loss.forward(Yhat, T);  // L = loss(Yhat, T)
  } catch (const NonFiniteLoss& e) {
    return e.value();
  }
}

// What fit trains on, after check_fit_inputs: the data, the validation set (its targets made
// from labels when given so), the batch layout and the reused batch buffers.
struct FitPlan {
  const arma::mat& X;
  const arma::mat& Y;
  const arma::mat* Xv = nullptr;
  const arma::mat* Yv = nullptr;
  arma::mat Tv_from_labels;
  arma::uword N = 0, K = 0, B = 0;  // examples, outputs, batch size
  std::size_t batches = 0;          // ceil(N / B)
  arma::uvec order;                 // the epoch's order of the examples
  arma::uvec truth;                 // class of each target column
  double threshold = 0.5;           // decision threshold for one output
  arma::mat Xb, Tb, Yhat;           // batch buffers, reused for every batch
  bool float32 = false;             // the first layer computes in float32 (mixed precision)
  arma::fmat X32, Xb32;             // then: float(X), made once per fit, and its batch buffer
  FitPlan(const arma::mat& X_, const arma::mat& Y_) : X(X_), Y(Y_) {}
};

// Step 1 of fit: every input checked before the first epoch (shapes, NaN/inf, the optimizer's
// parameters, the validation set), then the batch layout.
void check_fit_inputs(Sequential& model, FitPlan& plan, const FitOptions& options) {
  const std::string where = "Sequential::fit";
  const arma::mat& X = plan.X;
  const arma::mat& Y = plan.Y;
  if (model.size() == 0)
    throw CallOrderError(where + ": the model has no layers; add() them first");
  const arma::uword K = model.output_rows(X.n_rows);
  if (X.n_cols != Y.n_cols) {
    throw ShapeError(where + ": X is " + shape_str(X) + " and Y is " + shape_str(Y) +
                     "; they must have the same number of columns (one example per column)" +
                     columns_hint(X, Y, K, "X", "Y"));
  }
  if (X.n_cols == 0)
    throw ShapeError(where + ": X is " + shape_str(X) + ", expected at least one example");
  if (options.batch_size == 0) throw ArgumentError(where + ": batch_size must be at least 1");
  if (Y.n_rows != K) {
    throw ShapeError(where + ": Y is " + shape_str(Y) + " but the model outputs " +
                     std::to_string(K) + " rows for " + std::to_string(X.n_rows) + "-row inputs" +
                     targets_hint(Y, K, X.n_cols, "Y"));
  }
  const std::vector<Parameter*> params = model.parameters();
  if (model.optimizer().parameters() != params) {
    const std::size_t n = model.optimizer().parameters().size();
    throw CallOrderError(where + ": the optimizer updates " + std::to_string(n) +
                         " parameters but the model has " + std::to_string(params.size()) +
                         " (or others); build it from model.parameters() after the last add()");
  }
  plan.Xv = options.validation_X;
  plan.Yv = options.validation_Y;
  if (plan.Xv && !plan.Yv && options.validation_labels) {
    plan.Tv_from_labels =
        targets_from_labels(*options.validation_labels, K, where + " (validation)");
    plan.Yv = &plan.Tv_from_labels;
  }
  if ((plan.Xv == nullptr) != (plan.Yv == nullptr) || (!plan.Xv && options.validation_labels)) {
    throw ArgumentError(where +
                        ": give validation_X together with validation_Y or validation_labels");
  }
  check_finite(X, where, "X");
  check_finite(Y, where, "Y");
  if (plan.Xv) {  // the validation set is checked like the training set
    const arma::mat& Xv = *plan.Xv;
    const arma::mat& Yv = *plan.Yv;
    const bool from_labels = plan.Yv == &plan.Tv_from_labels;
    if (Xv.n_cols != Yv.n_cols) {
      const std::string hint =
          from_labels ? "" : columns_hint(Xv, Yv, K, "validation_X", "validation_Y");
      throw ShapeError(
          where + ": validation X is " + shape_str(Xv) + " and " +
          (from_labels ? "there are " + std::to_string(Yv.n_cols) + " validation labels"
                       : "validation Y is " + shape_str(Yv)) +
          "; they must have the same number of columns" + hint +
          (hint.find("labels") != std::string::npos ? " (give them as .validation_labels)" : ""));
    }
    if (Xv.n_cols == 0)
      throw ShapeError(where + ": validation X is " + shape_str(Xv) +
                       ", expected at least one example");
    if (Xv.n_rows != X.n_rows) {
      throw ShapeError(where + ": validation X is " + shape_str(Xv) + " but the training X is " +
                       shape_str(X) + "; the validation set must have the same " +
                       std::to_string(X.n_rows) + " rows (features)");
    }
    if (Yv.n_rows != K) {
      throw ShapeError(where + ": validation Y is " + shape_str(Yv) + " but the model outputs " +
                       std::to_string(K) + " rows");
    }
    check_finite(Xv, where, "validation X");
    check_finite(Yv, where, "validation Y");
  }
  plan.N = X.n_cols;
  plan.K = K;
  plan.B = std::min<arma::uword>(options.batch_size, plan.N);
  plan.batches = (plan.N + plan.B - 1) / plan.B;  // ceil(N / B)
  plan.order = arma::regspace<arma::uvec>(0, plan.N - 1);
  plan.truth = predicted_classes(Y, 0.5);
  plan.threshold = model.decision_threshold();
  plan.Tb.set_size(K, plan.B);
  plan.float32 = model.layer(0).compute() == Precision::Float32;
  if (plan.float32) {
    plan.X32 = arma::conv_to<arma::fmat>::from(X);  // one float32 copy of the data set per fit
    plan.Xb32.set_size(X.n_rows, plan.B);
  } else {
    plan.Xb.set_size(X.n_rows, plan.B);
  }
}

// The callbacks of one fit, in the order they are called: the NaN guard, the progress output,
// then the caller's (Keras's CallbackList).
class CallbackList {
 public:
  explicit CallbackList(const FitOptions& options) {
    if (options.terminate_on_nan) list_.push_back(&nan_guard_);
    std::ostream& out = options.out ? *options.out : std::cout;
    if (options.verbose > 0) {
      progress_ = std::make_unique<Progress>(out, options.verbose == 1 && is_terminal(out));
      list_.push_back(progress_.get());
    }
    for (Callback* c : options.callbacks) {
      if (c) list_.push_back(c);
    }
  }
  void train_begin(const TrainBegin& info) {
    for (Callback* c : list_) c->on_train_begin(info);
  }
  void epoch_begin(std::size_t epoch) {
    for (Callback* c : list_) c->on_epoch_begin(epoch);
  }
  void batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) {
    for (Callback* c : list_) c->on_batch_end(epoch, batch, loss, accuracy);
  }
  // true when a callback asks to stop training
  bool epoch_end(const EpochEnd& logs) {
    for (Callback* c : list_) c->on_epoch_end(logs);
    bool stop = false;
    for (Callback* c : list_) stop = stop || c->stop_training();
    return stop;
  }
  void train_end(bool completed) {
    for (Callback* c : list_) c->on_train_end(completed);
  }

 private:
  TerminateOnNaN nan_guard_;
  std::unique_ptr<Progress> progress_;
  std::vector<Callback*> list_;
};

// Step 2 of fit: one pass over the training set in a new order, one optimizer step per batch;
// returns the epoch's mean loss and accuracy (weighted by batch size).
EpochEnd run_epoch(Sequential& model, FitPlan& plan, bool shuffle, std::size_t epoch,
                   CallbackList& callbacks) {
  // a new order of the indices, X untouched
  if (shuffle) plan.order = global_rng().permutation(plan.N);
  double loss_sum = 0.0;
  arma::uword correct = 0, seen = 0;
  for (std::size_t b = 0; b < plan.batches; ++b) {
    const arma::uword first = b * plan.B, n = std::min<arma::uword>(plan.B, plan.N - first);
    plan.Tb.set_size(plan.K, n);  // no-op unless the size changed (last batch, first step)
    gather_columns(plan.Y, plan.order, first, n, plan.Tb);  // T_B = Y(:, order(first : first+n))
    // the first layer keeps X_B; the buffer gets its old cache (Layer::forward_owned)
    double L;
    if (plan.float32) {
      plan.Xb32.set_size(plan.X32.n_rows, n);
      gather_columns(plan.X32, plan.order, first, n, plan.Xb32);  // the same from float(X)
      L = model.train_step(std::move(plan.Xb32), plan.Tb, &plan.Yhat);
    } else {
      plan.Xb.set_size(plan.X.n_rows, n);
      gather_columns(plan.X, plan.order, first, n, plan.Xb);  // X_B = X(:, order(first : first+n))
      L = model.train_step(std::move(plan.Xb), plan.Tb, &plan.Yhat);
    }
    loss_sum += L * static_cast<double>(n);  // weighted by batch size
    const arma::uvec pred = predicted_classes(plan.Yhat, plan.threshold);
    for (arma::uword j = 0; j < n; ++j) correct += pred[j] == plan.truth[plan.order[first + j]];
    seen += n;
    callbacks.batch_end(epoch, b + 1, loss_sum / static_cast<double>(seen),
                        static_cast<double>(correct) / static_cast<double>(seen));
  }
  EpochEnd logs;
  logs.epoch = epoch;
  logs.loss = loss_sum / static_cast<double>(plan.N);
  logs.accuracy = static_cast<double>(correct) / static_cast<double>(plan.N);
  return logs;
}

// Step 3 of fit: the validation loss and accuracy after the epoch, in inference mode.
void evaluate_validation(Sequential& model, const FitPlan& plan, EpochEnd& logs) {
  const Evaluation e = model.evaluate(*plan.Xv, *plan.Yv);
  logs.has_validation = true;
  logs.val_loss = e.loss;
  logs.val_accuracy = e.accuracy;
}

void record(History& history, const EpochEnd& logs) {
  history.loss.push_back(logs.loss);
  history.accuracy.push_back(logs.accuracy);
  if (logs.has_validation) {
    history.val_loss.push_back(logs.val_loss);
    history.val_accuracy.push_back(logs.val_accuracy);
  }
  history.seconds.push_back(logs.seconds);
}

}  // namespace

Layer& Sequential::add(std::unique_ptr<Layer> layer) {
  if (!layer) throw ArgumentError("Sequential::add: null layer");
  layers_.push_back(std::move(layer));
  return *layers_.back();
}

void Sequential::compile(std::unique_ptr<Loss> loss, std::unique_ptr<Optimizer> optimizer) {
  if (!loss || !optimizer) throw ArgumentError("Sequential::compile: null loss or optimizer");
  loss_ = std::move(loss);
  optimizer_ = std::move(optimizer);
}

Loss& Sequential::loss() {
  check_compiled("Sequential::loss");
  return *loss_;
}

Optimizer& Sequential::optimizer() {
  check_compiled("Sequential::optimizer");
  return *optimizer_;
}

void Sequential::check_compiled(const std::string& where) const {
  if (!loss_ || !optimizer_) {
    throw CallOrderError(where +
                         ": the model is not compiled; call compile(loss, optimizer) first");
  }
}

std::vector<Parameter*> Sequential::parameters() {
  std::vector<Parameter*> all;
  for (auto& layer : layers_) {
    for (Parameter* p : layer->parameters()) all.push_back(p);
  }
  return all;
}

std::vector<Buffer> Sequential::buffers() {
  std::vector<Buffer> all;
  for (auto& layer : layers_) {
    for (const Buffer& b : layer->buffers()) all.push_back(b);
  }
  return all;
}

std::size_t Sequential::parameter_count() const {
  std::size_t n = 0;
  for (const auto& layer : layers_) {
    for (const Parameter* p : layer->parameters()) n += p->value.n_elem;
  }
  return n;
}

void Sequential::set_training(bool training) {
  training_ = training;
  for (auto& layer : layers_) layer->set_training(training);
}

arma::uword Sequential::output_rows(arma::uword input_rows) const {
  arma::uword rows = input_rows;
  for (const auto& layer : layers_) rows = layer->output_rows(rows);
  return rows;
}

double Sequential::decision_threshold() const {
  if (has_threshold_) return threshold_;
  // outputs are logits z when the loss takes logits: sigma(z) >= 0.5  <=>  z >= 0
  return loss_ && loss_->expects_logits() ? 0.0 : 0.5;
}

std::string Sequential::summary_text(arma::uword input_rows) const {
  std::ostringstream s;
  const std::string rule(65, '_'), double_rule(65, '=');
  auto row = [&s](const std::string& a, const std::string& b, const std::string& c) {
    s << ' ' << std::left << std::setw(28) << a << std::setw(26) << b << c << '\n';
  };
  s << "Model: \"sequential\"\n" << rule << '\n';
  row("Layer (type)", "Output Shape", "Param #");
  s << double_rule << '\n';
  arma::uword rows = input_rows;
  std::size_t trainable = 0, non_trainable = 0;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    Layer& layer = *layers_[i];
    rows = layer.output_rows(rows);
    std::size_t params = 0, state = 0;
    for (const Parameter* p : layer.parameters()) params += p->value.n_elem;
    for (const Buffer& b : layer.buffers()) state += b.value->n_elem;
    trainable += params;
    non_trainable += state;
    row(layer.name(), "(None, " + std::to_string(rows) + ")", grouped(params + state));
    if (i + 1 < layers_.size()) s << '\n';
  }
  s << double_rule << '\n';
  s << "Total params: " << grouped(trainable + non_trainable) << '\n'
    << "Trainable params: " << grouped(trainable) << '\n'
    << "Non-trainable params: " << grouped(non_trainable) << '\n'
    << rule << '\n';
  return s.str();
}

std::string Sequential::summary(arma::uword input_rows, std::ostream& out) const {
  std::string text = summary_text(input_rows);
  out << text << std::flush;
  return text;
}

arma::mat Sequential::forward(const arma::mat& X) {
  if (layers_.empty()) return X;
  arma::mat A = layers_.front()->forward(X);  // A_1 = f_1(X)
  return forward_rest(std::move(A));
}

arma::mat Sequential::forward_owned(arma::mat&& X) {
  if (layers_.empty()) return std::move(X);
  // X itself goes to the first layer, so X receives that layer's old cache (fit reuses it as the
  // next batch buffer instead of allocating one)
  arma::mat A = layers_.front()->forward_owned(std::move(X));  // A_1 = f_1(X)
  return forward_rest(std::move(A));
}

arma::mat Sequential::backward(const arma::mat& dY) {
  if (layers_.empty()) return dY;
  arma::mat dA = layers_.back()->backward(dY);
  // dL/dA_{i-1} = f_i'^T dL/dA_i, from the last layer to the first
  for (std::size_t i = layers_.size() - 1; i-- > 0;) dA = layers_[i]->backward(dA);
  return dA;
}

void Sequential::backward_params(const arma::mat& dY) {
  if (layers_.empty()) return;
  arma::mat dA = dY;
  for (std::size_t i = layers_.size() - 1; i > 0; --i) dA = layers_[i]->backward(dA);
  layers_.front()->backward_params(dA);  // nobody reads dL/dX of the model's input
}

double Sequential::train_step(const arma::mat& X, const arma::mat& T, arma::mat* Yhat) {
  return train_step(arma::mat(X), T, Yhat);  // one copy of the batch, kept by the first layer
}

double Sequential::train_step(arma::mat&& X, const arma::mat& T, arma::mat* Yhat) {
  check_trainable();
  return finish_step(forward_owned(std::move(X)), T, Yhat);  // Yhat = f_L(... f_1(X))
}

double Sequential::train_step(arma::fmat&& X, const arma::mat& T, arma::mat* Yhat) {
  check_trainable();
  return finish_step(forward_float32(std::move(X)), T, Yhat);  // Yhat = f_L(... f_1(X))
}

arma::mat Sequential::forward_rest(arma::mat&& A) {
  // A_i = f_i(A_{i-1}), each activation handed to the next layer
  for (std::size_t i = 1; i < layers_.size(); ++i) A = layers_[i]->forward_owned(std::move(A));
  return std::move(A);
}

arma::mat Sequential::forward_float32(arma::fmat&& X) {
  if (layers_.empty()) return arma::conv_to<arma::mat>::from(X);
  arma::mat A = layers_.front()->forward_float32(std::move(X));  // A_1 = f_1(X)
  return forward_rest(std::move(A));
}

void Sequential::set_compute(Precision p) {
  for (auto& l : layers_) l->set_compute(p);
}

Precision Sequential::compute() const {
  return layers_.empty() ? Precision::Float64 : layers_.front()->compute();
}

void Sequential::check_trainable() const {
  check_compiled("Sequential::train_step");
  if (layers_.empty())
    throw CallOrderError("Sequential::train_step: the model has no layers; add() them first");
}

double Sequential::finish_step(arma::mat&& A, const arma::mat& T, arma::mat* Yhat) {
  const double L = batch_loss(*loss_, A, T);  // L = loss(Yhat, T), NaN/inf if diverged
  if (std::isfinite(L)) {
    backward_params(loss_->backward());  // from dL/dYhat: every dL/dtheta, no dL/dX
    optimizer_->step();                  // theta <- update(theta, dL/dtheta)
  }
  if (Yhat) *Yhat = std::move(A);
  return L;
}

History Sequential::fit(const arma::mat& X, const arma::uvec& labels, const FitOptions& options) {
  const arma::uword K = output_rows(X.n_rows);
  if (labels.n_elem != X.n_cols) {
    throw ShapeError("Sequential::fit: X is " + shape_str(X) +
                     " (features x examples) but there are " + std::to_string(labels.n_elem) +
                     " labels; expected one label per column" + labels_hint(X, labels.n_elem));
  }
  return fit(X, targets_from_labels(labels, K, "Sequential::fit"), options);
}

History Sequential::fit(const arma::mat& X, const arma::mat& Y, const FitOptions& options) {
  check_compiled("Sequential::fit");
  FitPlan plan(X, Y);
  check_fit_inputs(*this, plan, options);  // 1. check the inputs
  CallbackList callbacks(options);         // the NaN guard, the progress output, the caller's
  History history;
  set_training(true);
  try {
    // inside the try: a callback that refuses to start (e.g. early stopping on val_loss without
    // validation data) still lets the others end (a CSV logger closes its file)
    callbacks.train_begin({options.epochs, plan.batches, plan.N, plan.Xv != nullptr, plan.B});
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
      const auto start = std::chrono::steady_clock::now();
      callbacks.epoch_begin(epoch);
      EpochEnd logs = run_epoch(*this, plan, options.shuffle, epoch, callbacks);  // 2. one epoch
      logs.epochs = options.epochs;
      if (plan.Xv) evaluate_validation(*this, plan, logs);  // 3. evaluate
      logs.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      record(history, logs);
      if (callbacks.epoch_end(logs)) break;  // 4. callbacks (they may stop training)
    }
  } catch (...) {
    callbacks.train_end(false);
    set_training(true);
    throw;
  }
  callbacks.train_end(true);
  return history;
}

arma::mat Sequential::predict(const arma::mat& X, std::size_t batch_size) {
  if (layers_.empty()) return X;
  if (batch_size == 0) throw ArgumentError("Sequential::predict: batch_size must be at least 1");
  const bool was_training = training_;
  set_training(false);
  arma::mat P;
  try {
    const arma::uword N = X.n_cols;
    for (arma::uword first = 0; first < N; first += batch_size) {
      const arma::uword n = std::min<arma::uword>(batch_size, N - first);
      const arma::mat Yb = forward(column_view(X, first, n));  // Yhat_B = f(X(:, first : first+n))
      if (first == 0) P.set_size(Yb.n_rows, N);
      P.cols(first, first + n - 1) = Yb;
    }
    if (N == 0) P.set_size(output_rows(X.n_rows), 0);
  } catch (...) {
    set_training(was_training);
    throw;
  }
  set_training(was_training);
  return P;
}

arma::uvec Sequential::predict_classes(const arma::mat& X, std::size_t batch_size) {
  return predicted_classes(predict(X, batch_size), decision_threshold());
}

Evaluation Sequential::evaluate(const arma::mat& X, const arma::mat& Y, std::size_t batch_size) {
  check_compiled("Sequential::evaluate");
  if (X.n_cols != Y.n_cols) {
    throw ShapeError("Sequential::evaluate: X is " + shape_str(X) + " and Y is " + shape_str(Y) +
                     "; they must have the same number of columns (one example per column)" +
                     columns_hint(X, Y, output_rows(X.n_rows), "X", "Y"));
  }
  const arma::mat P = predict(X, batch_size);
  Evaluation e;
  e.loss = loss_->forward(P, Y);  // L over the whole set, one call: exact for any reduction
  e.accuracy = accuracy(predicted_classes(P, decision_threshold()), predicted_classes(Y, 0.5));
  return e;
}

Evaluation Sequential::evaluate(const arma::mat& X, const arma::uvec& labels,
                                std::size_t batch_size) {
  if (labels.n_elem != X.n_cols) {
    throw ShapeError("Sequential::evaluate: X is " + shape_str(X) +
                     " (features x examples) but there are " + std::to_string(labels.n_elem) +
                     " labels; expected one label per column" + labels_hint(X, labels.n_elem));
  }
  return evaluate(X, targets_from_labels(labels, output_rows(X.n_rows), "Sequential::evaluate"),
                  batch_size);
}

}  // namespace nn
