#include <nn/model/callbacks.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {

std::string valid_monitor_list() {
  std::string list;
  for (const std::string& m : monitor_names()) list += (list.empty() ? "" : ", ") + m;
  return list;
}

std::string unknown_monitor(const std::string& monitor) {
  return "unknown monitor '" + monitor + "'; valid names are " + valid_monitor_list();
}

bool is_validation_monitor(const std::string& monitor) { return monitor.rfind("val_", 0) == 0; }

std::string missing_validation(const std::string& monitor) {
  return "monitor '" + monitor +
         "' needs validation data, but fit was given none; pass it with FitOptions{..., "
         ".validation_X = &Xv, .validation_Y = &Yv (or .validation_labels = &yv), ...}, or monitor "
         "'" +
         monitor.substr(4) + "' (the training value)";
}

// The shortest decimal text that reads back to the same double (Python's repr).
std::string shortest(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

}  // namespace

const std::vector<std::string>& monitor_names() {
  static const std::vector<std::string> names = {"loss", "accuracy", "val_loss", "val_accuracy"};
  return names;
}

MonitorMode monitor_mode(const std::string& monitor) {
  if (monitor == "loss" || monitor == "val_loss") return MonitorMode::Min;
  if (monitor == "accuracy" || monitor == "val_accuracy") return MonitorMode::Max;
  throw ArgumentError(unknown_monitor(monitor));
}

double monitored_value(const EpochEnd& logs, const std::string& monitor) {
  monitor_mode(monitor);  // rejects unknown names
  if (is_validation_monitor(monitor) && !logs.has_validation) {
    throw ArgumentError("epoch " + std::to_string(logs.epoch) + ": " + missing_validation(monitor));
  }
  if (monitor == "loss") return logs.loss;
  if (monitor == "accuracy") return logs.accuracy;
  if (monitor == "val_loss") return logs.val_loss;
  return logs.val_accuracy;
}

bool is_improvement(double value, double reference, double min_delta, MonitorMode mode) {
  if (mode == MonitorMode::Min) return value < reference - min_delta;  // v < v* - delta
  return value > reference + min_delta;                                // v > v* + delta
}

EarlyStopping::EarlyStopping(EarlyStoppingOptions options, std::vector<Parameter*> parameters)
    : options_(std::move(options)), parameters_(std::move(parameters)), mode_(MonitorMode::Min) {
  try {
    mode_ = monitor_mode(options_.monitor);
  } catch (const ArgumentError& e) {
    throw ArgumentError(std::string("EarlyStopping: ") + e.what());
  }
  if (!(options_.min_delta >= 0.0)) {
    throw ArgumentError("EarlyStopping: min_delta must be >= 0, got " +
                        shortest(options_.min_delta));
  }
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (!parameters_[i]) {
      throw ArgumentError("EarlyStopping: parameter pointer " + std::to_string(i) + " is null");
    }
  }
  if (options_.restore_best_weights && parameters_.empty()) {
    throw ArgumentError(
        "EarlyStopping: restore_best_weights needs the model's parameters; construct it as "
        "nn::EarlyStopping(options, model.parameters())");
  }
  best_ = mode_ == MonitorMode::Min ? std::numeric_limits<double>::infinity()
                                    : -std::numeric_limits<double>::infinity();
}

void EarlyStopping::on_train_begin(const TrainBegin& info) {
  if (is_validation_monitor(options_.monitor) && !info.has_validation) {
    throw ArgumentError("EarlyStopping: " + missing_validation(options_.monitor));
  }
  // v* = +inf (Min) or -inf (Max): the first finite value is an improvement
  best_ = mode_ == MonitorMode::Min ? std::numeric_limits<double>::infinity()
                                    : -std::numeric_limits<double>::infinity();
  wait_ = best_epoch_ = stopped_epoch_ = 0;
  stop_ = restored_ = false;
  best_values_.clear();
}

void EarlyStopping::snapshot() {
  best_values_.resize(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i) best_values_[i] = parameters_[i]->value;
}

void EarlyStopping::on_epoch_end(const EpochEnd& logs) {
  double v = 0.0;
  try {
    v = monitored_value(logs, options_.monitor);
  } catch (const ArgumentError& e) {
    throw ArgumentError(std::string("EarlyStopping: ") + e.what());
  }
  if (logs.epoch <= options_.start_from_epoch) return;  // warm-up: not monitored
  if (options_.restore_best_weights && best_values_.empty()) {
    snapshot();  // the first monitored epoch is the best one until another improves on it
    best_epoch_ = logs.epoch;
  }
  ++wait_;
  if (is_improvement(v, best_, options_.min_delta, mode_)) {
    best_ = v;
    best_epoch_ = logs.epoch;
    if (options_.restore_best_weights) snapshot();
    if (!options_.baseline || is_improvement(v, *options_.baseline, options_.min_delta, mode_))
      wait_ = 0;
    return;
  }
  if (wait_ >= options_.patience && logs.epoch > 1) {
    stopped_epoch_ = logs.epoch;
    stop_ = true;
  }
}

void EarlyStopping::on_train_end(bool completed) {
  if (stopped_epoch_ > 0 && options_.out)
    *options_.out << "Epoch " << stopped_epoch_ << ": early stopping\n";
  if (!completed || !options_.restore_best_weights || best_values_.empty()) return;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    check_same_shape(parameters_[i]->value, best_values_[i],
                     "EarlyStopping::on_train_end (restore)",
                     "parameter '" + parameters_[i]->name + "'", "its saved best value");
  }
  for (std::size_t i = 0; i < parameters_.size(); ++i) parameters_[i]->value = best_values_[i];
  restored_ = true;
  if (options_.out)
    *options_.out << "Restoring model weights from the end of the best epoch: " << best_epoch_
                  << ".\n";
}

std::string csv_log_header(bool has_validation, char separator) {
  const char s = separator;
  std::string h = std::string("epoch") + s + "loss" + s + "accuracy";
  if (has_validation) h += std::string(1, s) + "val_loss" + s + "val_accuracy";
  return h + s + "seconds";
}

std::string csv_log_row(const EpochEnd& logs, char separator) {
  const char s = separator;
  std::string r =
      std::to_string(logs.epoch) + s + shortest(logs.loss) + s + shortest(logs.accuracy);
  if (logs.has_validation) r += s + shortest(logs.val_loss) + s + shortest(logs.val_accuracy);
  return r + s + shortest(logs.seconds);
}

/// \cond
void CsvLogger::FileCloser::operator()(std::FILE* f) const { std::fclose(f); }
/// \endcond

CsvLogger::CsvLogger(std::string path, CsvLoggerOptions options)
    : path_(std::move(path)), options_(options) {}

CsvLogger::~CsvLogger() = default;

void CsvLogger::on_train_begin(const TrainBegin& info) {
  file_.reset();
  has_validation_ = info.has_validation;
  const std::string header = csv_log_header(has_validation_, options_.separator);
  bool write_header = true;
  if (options_.append) {
    std::ifstream existing(path_);
    std::string first;
    if (existing && std::getline(existing, first)) {
      if (!first.empty() && first.back() == '\r') first.pop_back();
      if (first != header) {
        throw DataError("CsvLogger('" + path_ + "'): cannot append: the file's header is '" +
                        first + "', this run writes '" + header + "' (" +
                        (has_validation_ ? "with" : "without") +
                        " validation data); use another file or append = false");
      }
      write_header = false;
    }
  }
  errno = 0;
  file_.reset(std::fopen(path_.c_str(), options_.append ? "a" : "w"));
  if (!file_) {
    throw DataError("CsvLogger('" + path_ + "'): cannot open for writing: " + std::strerror(errno));
  }
  if (write_header) write(header);
}

void CsvLogger::write(const std::string& line) {
  errno = 0;
  const bool ok = std::fputs(line.c_str(), file_.get()) >= 0 &&
                  std::fputc('\n', file_.get()) != EOF && std::fflush(file_.get()) == 0;
  if (!ok) {
    const int err = errno;
    file_.reset();
    throw DataError("CsvLogger('" + path_ + "'): cannot write: " + std::strerror(err));
  }
}

void CsvLogger::on_epoch_end(const EpochEnd& logs) {
  if (!file_)
    throw CallOrderError("CsvLogger('" + path_ + "'): on_epoch_end before on_train_begin");
  if (logs.has_validation != has_validation_) {
    throw CallOrderError("CsvLogger('" + path_ + "'): epoch " + std::to_string(logs.epoch) +
                         (logs.has_validation ? " has" : " has no") +
                         " validation values, but the header was written for the other case");
  }
  write(csv_log_row(logs, options_.separator));
}

void CsvLogger::on_train_end(bool) { file_.reset(); }

LearningRateScheduler::LearningRateScheduler(std::unique_ptr<Schedule> schedule,
                                             Optimizer& optimizer)
    : schedule_(std::move(schedule)), optimizer_(optimizer) {
  if (!schedule_) throw ArgumentError("LearningRateScheduler: the schedule is null");
}

void TerminateOnNaN::on_train_begin(const TrainBegin& info) { info_ = info; }

void TerminateOnNaN::on_batch_end(std::size_t epoch, std::size_t batch, double loss, double) {
  if (std::isfinite(loss)) return;
  const std::size_t first = (batch - 1) * info_.batch_size;
  const std::size_t last = std::min(first + info_.batch_size, info_.examples) - 1;
  std::ostringstream s;
  s << "Sequential::fit: the loss is not finite (NaN/inf) at epoch " << epoch << ", batch " << batch
    << " of " << info_.batches_per_epoch << " (examples " << first << ".." << last
    << " of the epoch's order): the mean loss of the epoch so far is " << loss
    << ". The weights have diverged or produced invalid values: try a smaller learning rate, check "
       "the data scaling, or use a loss on logits.";
  throw DataError(s.str());
}

void LearningRateScheduler::on_train_begin(const TrainBegin&) { rates_.clear(); }

void LearningRateScheduler::on_epoch_begin(std::size_t epoch) {
  // eta = eta(t), t = epoch - 1 (epochs counted from 0 by the schedule, as Keras)
  const long t = static_cast<long>(epoch) - 1;
  rates_.push_back(apply_schedule(*schedule_, optimizer_, t));
}

}  // namespace nn
