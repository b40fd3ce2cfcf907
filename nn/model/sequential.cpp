#include <nn/model/sequential.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/core/shapes.hpp>
#include <nn/data/split.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/progress.hpp>

namespace nn {

namespace {

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  const std::size_t len = digits.size();
  for (std::size_t i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Copies the columns idx[first .. first+n) of A into B (B must have A.n_rows rows and n columns):
//   B(:, j) = A(:, idx(first + j))
// Four columns are copied side by side, row by row: the columns lie at random places of a large
// matrix (a shuffled epoch), and with four streams in flight the memory latency at the start of
// each column overlaps (1.5x faster than one memcpy per column on the 376 MB MNIST matrix).
void gather_columns(const arma::mat& A, const arma::uvec& idx, arma::uword first, arma::uword n,
                    arma::mat& B) {
  const arma::uword rows = A.n_rows;
  arma::uword j = 0;
  for (; j + 4 <= n; j += 4) {
    const double* a0 = A.colptr(idx[first + j]);
    const double* a1 = A.colptr(idx[first + j + 1]);
    const double* a2 = A.colptr(idx[first + j + 2]);
    const double* a3 = A.colptr(idx[first + j + 3]);
    double* b0 = B.colptr(j);
    double* b1 = B.colptr(j + 1);
    double* b2 = B.colptr(j + 2);
    double* b3 = B.colptr(j + 3);
    constexpr arma::uword chunk = 8;  // one 64-byte cache line of each column per round
    arma::uword r = 0;
    for (; r + chunk <= rows; r += chunk) {
      std::memcpy(b0 + r, a0 + r, chunk * sizeof(double));
      std::memcpy(b1 + r, a1 + r, chunk * sizeof(double));
      std::memcpy(b2 + r, a2 + r, chunk * sizeof(double));
      std::memcpy(b3 + r, a3 + r, chunk * sizeof(double));
    }
    for (; r < rows; ++r) {
      b0[r] = a0[r];
      b1[r] = a1[r];
      b2[r] = a2[r];
      b3[r] = a3[r];
    }
  }
  for (; j < n; ++j) std::memcpy(B.colptr(j), A.colptr(idx[first + j]), rows * sizeof(double));
}

// Inputs X and targets Y with different numbers of columns: X passed transposed (its rows match
// Y's columns), or Y of the wrong shape (transposed, class labels as arma::vec) for K outputs.
std::string columns_hint(const arma::mat& X, const arma::mat& Y, arma::uword K, const std::string& x_name,
                         const std::string& y_name) {
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

}  // namespace

Layer& Sequential::add(std::unique_ptr<Layer> layer) {
  if (!layer) throw std::invalid_argument("Sequential::add: null layer");
  layers_.push_back(std::move(layer));
  return *layers_.back();
}

void Sequential::compile(std::unique_ptr<Loss> loss, std::unique_ptr<Optimizer> optimizer) {
  if (!loss || !optimizer) throw std::invalid_argument("Sequential::compile: null loss or optimizer");
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
    throw std::logic_error(where + ": the model is not compiled; call compile(loss, optimizer) first");
  }
}

std::vector<Parameter*> Sequential::parameters() {
  std::vector<Parameter*> all;
  for (auto& layer : layers_) {
    for (Parameter* p : layer->parameters()) all.push_back(p);
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
  const bool sigmoid_last = !layers_.empty() && layers_.back()->name() == "Sigmoid";
  const bool logits_loss = loss_ && loss_->name().find("Logits") != std::string::npos;
  // sigma(z) > 0.5  <=>  z > 0
  return (!sigmoid_last && logits_loss) ? 0.0 : 0.5;
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
  std::size_t total = 0;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const Layer& layer = *layers_[i];
    rows = layer.output_rows(rows);
    std::size_t count = 0;
    for (const Parameter* p : layers_[i]->parameters()) count += p->value.n_elem;
    total += count;
    row(layer.name(), "(None, " + std::to_string(rows) + ")", thousands(count));
    if (i + 1 < layers_.size()) s << '\n';
  }
  s << double_rule << '\n';
  // every Parameter is trained by the optimizer; state such as batch-norm running averages is not a Parameter
  s << "Total params: " << thousands(total) << '\n'
    << "Trainable params: " << thousands(total) << '\n'
    << "Non-trainable params: 0\n"
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
  for (std::size_t i = 1; i < layers_.size(); ++i) A = layers_[i]->forward_owned(std::move(A));  // A_i = f_i(A_{i-1})
  return A;
}

arma::mat Sequential::forward_owned(arma::mat&& X) {
  if (layers_.empty()) return std::move(X);
  // X itself goes to the first layer, so X receives that layer's old cache (fit reuses it as the
  // next batch buffer instead of allocating one)
  arma::mat A = layers_.front()->forward_owned(std::move(X));  // A_1 = f_1(X)
  for (std::size_t i = 1; i < layers_.size(); ++i) A = layers_[i]->forward_owned(std::move(A));  // A_i = f_i(A_{i-1})
  return A;
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
  check_compiled("Sequential::train_step");
  if (layers_.empty()) throw std::logic_error("Sequential::train_step: the model has no layers");
  arma::mat A = forward_owned(std::move(X));  // Yhat = f_L(... f_1(X))
  const double L = loss_->forward(A, T);       // L = loss(Yhat, T)
  if (std::isfinite(L)) {
    backward_params(loss_->backward());  // from dL/dYhat: every dL/dtheta, no dL/dX
    optimizer_->step();                  // theta <- update(theta, dL/dtheta)
  }
  if (Yhat) *Yhat = std::move(A);
  return L;
}

arma::mat Sequential::targets_from_labels(const arma::uvec& labels, arma::uword K,
                                          const std::string& where) const {
  const arma::uword limit = K == 1 ? 2 : K;
  if (labels.n_elem > 0 && labels.max() >= limit) {
    const arma::uword n = arma::index_max(labels);
    throw DataError(where + ": label " + std::to_string(labels(n)) + " (example " + std::to_string(n) +
                    ") is out of range: the model has " + std::to_string(K) + " output(s), so labels must be < " +
                    std::to_string(limit));
  }
  if (K == 1) return arma::conv_to<arma::rowvec>::from(labels);  // 0/1 targets in one row
  arma::mat T(K, labels.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < labels.n_elem; ++n) T(labels(n), n) = 1.0;  // T(y_n, n) = 1
  return T;
}

History Sequential::fit(const arma::mat& X, const arma::uvec& labels, const FitOptions& options) {
  const arma::uword K = output_rows(X.n_rows);
  if (labels.n_elem != X.n_cols) {
    throw ShapeError("Sequential::fit: X is " + shape_str(X) + " (features x examples) but there are " +
                     std::to_string(labels.n_elem) + " labels; expected one label per column" +
                     labels_hint(X, labels.n_elem));
  }
  return fit(X, targets_from_labels(labels, K, "Sequential::fit"), options);
}

History Sequential::fit(const arma::mat& X, const arma::mat& Y, const FitOptions& options) {
  const std::string where = "Sequential::fit";
  check_compiled(where);
  if (layers_.empty()) throw std::logic_error(where + ": the model has no layers");
  if (X.n_cols != Y.n_cols) {
    throw ShapeError(where + ": X is " + shape_str(X) + " and Y is " + shape_str(Y) +
                     "; they must have the same number of columns (one example per column)" +
                     columns_hint(X, Y, output_rows(X.n_rows), "X", "Y"));
  }
  if (X.n_cols == 0) throw ShapeError(where + ": X is " + shape_str(X) + ", expected at least one example");
  if (options.batch_size == 0) throw std::invalid_argument(where + ": batch_size must be at least 1");
  const arma::uword K = output_rows(X.n_rows);
  if (Y.n_rows != K) {
    throw ShapeError(where + ": Y is " + shape_str(Y) + " but the model outputs " + std::to_string(K) +
                     " rows for " + std::to_string(X.n_rows) + "-row inputs" +
                     targets_hint(Y, K, X.n_cols, "Y"));
  }
  if (optimizer_->parameters() != parameters()) {
    throw std::logic_error(where + ": the optimizer updates " + std::to_string(optimizer_->parameters().size()) +
                           " parameters but the model has " + std::to_string(parameters().size()) +
                           " (or others); build it from model.parameters() after the last add()");
  }
  const arma::mat* Xv = options.validation_X;
  const arma::mat* Yv = options.validation_Y;
  arma::mat Tv_from_labels;
  if (Xv && !Yv && options.validation_labels) {
    Tv_from_labels = targets_from_labels(*options.validation_labels, K, where + " (validation)");
    Yv = &Tv_from_labels;
  }
  if ((Xv == nullptr) != (Yv == nullptr) || (!Xv && options.validation_labels)) {
    throw std::invalid_argument(where + ": give validation_X together with validation_Y or validation_labels");
  }
  check_finite(X, where, "X");
  check_finite(Y, where, "Y");
  // the validation set is checked like the training set, before the first epoch
  if (Xv) {
    const bool from_labels = Yv == &Tv_from_labels;
    if (Xv->n_cols != Yv->n_cols) {
      const std::string hint = from_labels ? "" : columns_hint(*Xv, *Yv, K, "validation_X", "validation_Y");
      throw ShapeError(where + ": validation X is " + shape_str(*Xv) + " and " +
                       (from_labels ? "there are " + std::to_string(Yv->n_cols) + " validation labels"
                                    : "validation Y is " + shape_str(*Yv)) +
                       "; they must have the same number of columns" + hint +
                       (hint.find("labels") != std::string::npos ? " (give them as .validation_labels)" : ""));
    }
    if (Xv->n_cols == 0) throw ShapeError(where + ": validation X is " + shape_str(*Xv) + ", expected at least one example");
    if (Xv->n_rows != X.n_rows) {
      throw ShapeError(where + ": validation X is " + shape_str(*Xv) + " but the training X is " + shape_str(X) +
                       "; the validation set must have the same " + std::to_string(X.n_rows) + " rows (features)");
    }
    if (Yv->n_rows != K) {
      throw ShapeError(where + ": validation Y is " + shape_str(*Yv) + " but the model outputs " + std::to_string(K) +
                       " rows");
    }
    check_finite(*Xv, where, "validation X");
    check_finite(*Yv, where, "validation Y");
  }

  const arma::uword N = X.n_cols, D = X.n_rows;
  const arma::uword B = std::min<arma::uword>(options.batch_size, N);
  const std::size_t batches = (N + B - 1) / B;  // ceil(N / B)
  const double t = decision_threshold();
  const arma::uvec truth = predicted_classes(Y, 0.5);  // class of each target column

  std::ostream& out = options.out ? *options.out : std::cout;
  std::vector<Callback*> callbacks;
  std::unique_ptr<Progress> progress;
  if (options.verbose > 0) {
    progress = std::make_unique<Progress>(out, options.verbose == 1 && is_terminal(out));
    callbacks.push_back(progress.get());
  }
  for (Callback* c : options.callbacks) {
    if (c) callbacks.push_back(c);
  }
  set_training(true);
  History history;
  arma::uvec order = arma::regspace<arma::uvec>(0, N - 1);
  arma::mat Xb(D, B), Tb(K, B), Yhat;  // batch buffers, reused for every batch
  try {
    // inside the try: a callback that refuses to start (e.g. early stopping on val_loss without
    // validation data) still lets the others end (a CSV logger closes its file)
    for (Callback* c : callbacks) c->on_train_begin({options.epochs, batches, N, Xv != nullptr});
    for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
      const auto start = std::chrono::steady_clock::now();
      for (Callback* c : callbacks) c->on_epoch_begin(epoch);
      if (options.shuffle) order = global_rng().permutation(N);  // a new order of the indices, X untouched
      double loss_sum = 0.0;
      arma::uword correct = 0, seen = 0;
      for (std::size_t b = 0; b < batches; ++b) {
        const arma::uword first = b * B, n = std::min<arma::uword>(B, N - first);
        Xb.set_size(D, n);  // no-op unless the size changed (the last batch, or the first step)
        Tb.set_size(K, n);
        gather_columns(X, order, first, n, Xb);  // X_B = X(:, order(first : first+n))
        gather_columns(Y, order, first, n, Tb);  // T_B = Y(:, order(first : first+n))
        // A diverged model makes the loss NaN/inf; some losses refuse non-finite inputs themselves.
        auto diverged = [&](const std::string& detail) {
          std::ostringstream s;
          s << where << ": the loss is not finite (NaN/inf) at epoch " << epoch << ", batch " << b + 1
            << " of " << batches << " (examples " << first << ".." << first + n - 1
            << " of the epoch's order): " << detail
            << ". The weights have diverged or produced invalid values: try a smaller learning "
               "rate, check the data scaling, or use a loss on logits.";
          return DataError(s.str());
        };
        double L = 0.0;
        try {
          L = train_step(std::move(Xb), Tb, &Yhat);  // the first layer keeps X_B; Xb gets its old cache
        } catch (const DataError& e) {
          throw diverged(e.what());
        }
        if (!std::isfinite(L)) {
          std::ostringstream value;
          value << "loss = " << L;
          throw diverged(value.str());
        }
        loss_sum += L * static_cast<double>(n);  // weighted by batch size
        const arma::uvec pred = predicted_classes(Yhat, t);
        for (arma::uword j = 0; j < n; ++j) correct += pred[j] == truth[order[first + j]];
        seen += n;
        for (Callback* c : callbacks) {
          c->on_batch_end(epoch, b + 1, loss_sum / static_cast<double>(seen),
                          static_cast<double>(correct) / static_cast<double>(seen));
        }
      }
      EpochEnd logs;
      logs.epoch = epoch;
      logs.epochs = options.epochs;
      logs.loss = loss_sum / static_cast<double>(N);
      logs.accuracy = static_cast<double>(correct) / static_cast<double>(N);
      if (Xv) {
        const Evaluation e = evaluate(*Xv, *Yv);
        logs.has_validation = true;
        logs.val_loss = e.loss;
        logs.val_accuracy = e.accuracy;
        history.val_loss.push_back(e.loss);
        history.val_accuracy.push_back(e.accuracy);
      }
      logs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      history.loss.push_back(logs.loss);
      history.accuracy.push_back(logs.accuracy);
      history.seconds.push_back(logs.seconds);
      for (Callback* c : callbacks) c->on_epoch_end(logs);
      bool stop = false;
      for (Callback* c : callbacks) stop = stop || c->stop_training();
      if (stop) break;
    }
  } catch (...) {
    for (Callback* c : callbacks) c->on_train_end(false);
    set_training(true);
    throw;
  }
  for (Callback* c : callbacks) c->on_train_end(true);
  return history;
}

arma::mat Sequential::predict(const arma::mat& X, std::size_t batch_size) {
  if (layers_.empty()) return X;
  if (batch_size == 0) throw std::invalid_argument("Sequential::predict: batch_size must be at least 1");
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

Evaluation Sequential::evaluate(const arma::mat& X, const arma::uvec& labels, std::size_t batch_size) {
  if (labels.n_elem != X.n_cols) {
    throw ShapeError("Sequential::evaluate: X is " + shape_str(X) + " (features x examples) but there are " +
                     std::to_string(labels.n_elem) + " labels; expected one label per column" +
                     labels_hint(X, labels.n_elem));
  }
  return evaluate(X, targets_from_labels(labels, output_rows(X.n_rows), "Sequential::evaluate"), batch_size);
}

}  // namespace nn
