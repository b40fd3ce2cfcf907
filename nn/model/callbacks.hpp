#pragma once
/// \file
/// \brief Keras-like training callbacks for nn::Sequential::fit: nn::EarlyStopping, nn::CsvLogger,
/// nn::LearningRateScheduler and the NaN guard nn::TerminateOnNaN (installed by fit itself).
///
/// Callbacks are not owned by the model: create them next to the model and hand their addresses
/// to fit through FitOptions::callbacks.
/// \code
/// nn::Sequential model;
/// model.add<nn::Dense>(2, 8);
/// model.add<nn::Tanh>();
/// model.add<nn::Dense>(8, 3);
/// model.compile(nn::SoftmaxCrossEntropy(), nn::SGD(model.parameters(), {.lr = 0.1}));
///
/// // Stop when val_loss has not improved by more than 1e-4 for 5 epochs; keep the best weights.
/// nn::EarlyStopping stop({.monitor = "val_loss", .min_delta = 1e-4, .patience = 5,
///                         .restore_best_weights = true},
///                        model.parameters());
/// nn::CsvLogger log("training.csv");                                  // one line per epoch
/// nn::LearningRateScheduler lr(nn::StepDecay(0.1, 0.5, 10), model.optimizer());  // per epoch
///
/// nn::History h = model.fit(X, y, {.epochs = 100, .validation_X = &Xv, .validation_labels = &yv,
///                                  .callbacks = {&stop, &log, &lr}});
/// // h.epochs() == stop.stopped_epoch() when it stopped early; the weights are those of
/// // epoch stop.best_epoch(), whose val_loss was stop.best().
/// \endcode
///
/// Epochs are numbered from 1 here, as in fit's progress lines and nn::EpochEnd (Keras counts
/// from 0 in its callbacks and CSV files).

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <armadillo>

#include <nn/core/parameter.hpp>
#include <nn/model/callback.hpp>
#include <nn/optim/optimizer.hpp>
#include <nn/schedules/schedule.hpp>

namespace nn {

/// \brief Whether a monitored quantity should go down (losses) or up (accuracies).
enum class MonitorMode {
  Min,  ///< Smaller is better: `loss`, `val_loss`.
  Max,  ///< Larger is better: `accuracy`, `val_accuracy`.
};

/// \brief The names a callback can monitor: `loss`, `accuracy`, `val_loss`, `val_accuracy`
/// (the fields of nn::EpochEnd, spelled as Keras's `logs` keys).
const std::vector<std::string>& monitor_names();

/// \brief The direction of `monitor`, as Keras's `mode="auto"`: Min for the losses, Max for the
/// accuracies. Throws nn::ArgumentError for any other name, listing the valid ones.
MonitorMode monitor_mode(const std::string& monitor);

/// \brief The value of `monitor` in one epoch's `logs`.
///
/// Throws nn::ArgumentError for an unknown name (listing the valid ones), and for a `val_*`
/// name when `logs.has_validation` is false.
double monitored_value(const EpochEnd& logs, const std::string& monitor);

/// \brief The improvement test of early stopping: is `value` \f$ v \f$ better than the reference
/// \f$ v^* \f$ by more than \f$ \delta \f$ = `min_delta` \f$ \ge 0 \f$?
/// \f[ \text{Min: } v < v^* - \delta, \qquad \text{Max: } v > v^* + \delta. \f]
/// NaN never improves; any finite value improves on \f$ v^* = +\infty \f$ (Min) or
/// \f$ -\infty \f$ (Max).
bool is_improvement(double value, double reference, double min_delta, MonitorMode mode);

/// \brief Options of nn::EarlyStopping (an aggregate: `{.monitor = "val_accuracy", .patience = 3}`;
/// designated fields must appear in declaration order). Keras's `mode` is not an option: it
/// follows from the monitor (monitor_mode).
struct EarlyStoppingOptions {
  std::string monitor = "val_loss";  ///< One of monitor_names(); the direction follows from it
                                     ///< (monitor_mode): Min for losses, Max for accuracies.
  double min_delta = 0.0;    ///< \f$ \delta \ge 0 \f$: a change of at most \f$ \delta \f$ is no
                             ///< improvement (see is_improvement).
  std::size_t patience = 0;  ///< Epochs without improvement after which training stops (Keras's
                             ///< default 0; 0 and 1 both stop at the first epoch without
                             ///< improvement, as in Keras).
  bool restore_best_weights = false;  ///< At the end of training, put back the parameter values of
                                      ///< the best epoch (needs the parameters in the constructor).
  std::optional<double> baseline = std::nullopt;  ///< If set, an epoch resets the patience counter
                                                  ///< only when it also improves on this value.
  std::size_t start_from_epoch = 0;  ///< Warm-up: epochs \f$ 1..s \f$ are not monitored.
  std::ostream* out = nullptr;       ///< Where to report the stop and the restore (Keras's
                                     ///< `verbose=1`); null is silent.
};

/// \brief Stops training when the monitored quantity has stopped improving, with the rules and
/// defaults of Keras 3's `keras.callbacks.EarlyStopping` (a negative `min_delta` is an error here;
/// Keras takes its absolute value).
///
/// After each epoch \f$ e \f$ (1-based) with monitored value \f$ v_e \f$ and best value so far
/// \f$ v^* \f$ (\f$ +\infty \f$ for Min, \f$ -\infty \f$ for Max at the start), the callback
/// increments a counter `wait`; if is_improvement\f$ (v_e, v^*, \delta) \f$ it sets
/// \f$ v^* = v_e \f$, `best_epoch` = \f$ e \f$, snapshots the parameters (when
/// `restore_best_weights`) and resets `wait` to 0 (only if \f$ v_e \f$ also improves on the
/// `baseline`, when one is given). Otherwise, when `wait` \f$ \ge \f$ `patience` and \f$ e > 1 \f$,
/// it asks fit to stop (`stop_training()` becomes true) and records `stopped_epoch` = \f$ e \f$.
/// So with patience \f$ p \ge 1 \f$ training stops after \f$ p \f$ consecutive epochs without
/// improvement.
///
/// `restore_best_weights` follows Keras 3 (not Keras 2.x): when training ends normally, the
/// parameters are set to their values at the end of the best epoch whether or not training
/// stopped early (Keras 2.x restored only when it stopped early). The first monitored epoch is
/// always snapshotted, so a run whose values are all NaN restores that epoch. When fit ends with an
/// exception (`on_train_end(false)`) nothing is restored.
///
/// Parameters: restoring needs the model's parameter list, given to the constructor as
/// `model.parameters()` (the same list optimizers are built from; the pointers stay valid while
/// the model lives, also when it is moved).
///
/// Errors: an unknown monitor name throws nn::ArgumentError in the constructor, listing the
/// valid names; monitoring `val_loss`/`val_accuracy` in a fit without validation data throws
/// nn::ArgumentError from `on_train_begin` (so fit fails before the first epoch), saying how
/// to pass validation data.
class EarlyStopping : public Callback {
 public:
  /// \brief An early stopper with `options`; `parameters` (from `model.parameters()`) are needed
  /// only with `restore_best_weights`. Throws nn::ArgumentError for an unknown monitor, a
  /// negative or NaN `min_delta`, a null parameter pointer, or `restore_best_weights` without
  /// parameters.
  explicit EarlyStopping(EarlyStoppingOptions options = {},
                         std::vector<Parameter*> parameters = {});

  /// \brief Resets the state (so one object can serve several fits) and checks that a `val_*`
  /// monitor has validation data (nn::ArgumentError otherwise).
  void on_train_begin(const TrainBegin& info) override;
  /// \brief Applies the rule of the class description to the epoch's monitored value.
  void on_epoch_end(const EpochEnd& logs) override;
  /// \brief Restores the best parameters when asked and `completed`; reports to `options.out`.
  void on_train_end(bool completed) override;
  /// \brief True once the patience ran out.
  bool stop_training() const override { return stop_; }

  /// \brief The epoch (1-based) after which training was stopped; 0 if it was not stopped.
  std::size_t stopped_epoch() const { return stopped_epoch_; }
  /// \brief The epoch (1-based) of the best value \f$ v^* \f$; 0 before any epoch was monitored.
  std::size_t best_epoch() const { return best_epoch_; }
  /// \brief The best monitored value \f$ v^* \f$ (\f$ \pm\infty \f$ before any improvement).
  double best() const { return best_; }
  /// \brief Epochs since the last improvement (the counter compared with `patience`).
  std::size_t wait() const { return wait_; }
  /// \brief Min for losses, Max for accuracies.
  MonitorMode mode() const { return mode_; }
  /// \brief True when the last `on_train_end` put the best parameters back.
  bool restored() const { return restored_; }
  /// \brief The options given to the constructor.
  const EarlyStoppingOptions& options() const { return options_; }

 private:
  void snapshot();

  EarlyStoppingOptions options_;
  std::vector<Parameter*> parameters_;
  MonitorMode mode_;
  std::vector<arma::mat> best_values_;  // parameter values at the end of best_epoch_
  double best_ = 0.0;
  std::size_t wait_ = 0, best_epoch_ = 0, stopped_epoch_ = 0;
  bool stop_ = false, restored_ = false;
};

/// \brief Options of nn::CsvLogger.
struct CsvLoggerOptions {
  char separator = ',';  ///< Field separator (Keras's `separator`).
  bool append = false;   ///< Append to an existing file instead of overwriting it; the header is
                         ///< written only when the file is empty or new (as Keras).
};

/// \brief The CSV header nn::CsvLogger writes:
/// `epoch,loss,accuracy,seconds`, or `epoch,loss,accuracy,val_loss,val_accuracy,seconds` with
/// validation data.
std::string csv_log_header(bool has_validation, char separator = ',');

/// \brief One CSV line (without newline) for `logs`, fields as in
/// csv_log_header(logs.has_validation): the 1-based epoch, then every number in the shortest form
/// that reads back to the same double (as Python's `repr`, which Keras writes).
std::string csv_log_row(const EpochEnd& logs, char separator = ',');

/// \brief Writes the metrics of every epoch to a CSV file (Keras's `CSVLogger`), one line per
/// epoch, flushed after each epoch so the file can be watched (or survives a crash).
///
/// The file is opened at `on_train_begin` (truncated, or in append mode appended to) and closed
/// at `on_train_end`. Columns: see csv_log_header; `epoch` is 1-based, like fit's progress lines
/// (Keras writes 0-based epochs).
/// \code
/// nn::CsvLogger log("run.csv", {.append = true});
/// model.fit(X, y, {.epochs = 20, .callbacks = {&log}});
/// \endcode
///
/// Errors (nn::DataError naming the path): a file that cannot be opened (with the system's reason,
/// e.g. `No such file or directory`), a failed write, and in append mode an existing header that
/// differs from this run's (e.g. one run with validation data, the other without).
class CsvLogger : public Callback {
 public:
  /// \brief A logger writing to `path`.
  explicit CsvLogger(std::string path, CsvLoggerOptions options = {});
  /// \brief Closes the file if it is still open.
  ~CsvLogger() override;
  CsvLogger(const CsvLogger&) = delete;             ///< Not copyable (owns an open file).
  CsvLogger& operator=(const CsvLogger&) = delete;  ///< Not copyable (owns an open file).

  /// \brief Opens the file and writes the header (unless appending to a non-empty file).
  void on_train_begin(const TrainBegin& info) override;
  /// \brief Writes and flushes csv_log_row(logs). nn::CallOrderError when the file is not open or
  /// `logs.has_validation` differs from the header's columns.
  void on_epoch_end(const EpochEnd& logs) override;
  /// \brief Closes the file.
  void on_train_end(bool completed) override;

  /// \brief The file written.
  const std::string& path() const { return path_; }

 private:
  /// \cond
  // (a private helper; hidden from Doxygen, which would otherwise link an empty "Classes" section)
  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  /// \endcond
  void write(const std::string& line);

  std::string path_;
  CsvLoggerOptions options_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  bool has_validation_ = false;
};

/// \brief The NaN guard (Keras's `TerminateOnNaN`): stops training at the first batch whose loss
/// is NaN or \f$ \pm\infty \f$, with a message that names the epoch, the batch, the examples and
/// what to try:
/// \code
/// Sequential::fit: the loss is not finite (NaN/inf) at epoch 2, batch 3 of 12 (examples 20..29 of
/// the epoch's order): the mean loss of the epoch so far is nan. The weights have diverged ...
/// \endcode
/// nn::Sequential::fit installs one before every other callback unless
/// FitOptions::terminate_on_nan is false, so a diverged run never goes on printing NaN as if it
/// were a result. Unlike Keras, which ends training quietly, it throws nn::DataError from
/// `on_batch_end`; fit then calls every callback's `on_train_end(false)` and passes the error on.
/// A batch's loss is not finite when the model's output is (NaN or infinite activations) or when
/// the loss overflows (nn::NonFiniteLoss); fit then skips that batch's update.
class TerminateOnNaN : public Callback {
 public:
  /// \brief Remembers the batch layout, to name the examples of the failing batch.
  void on_train_begin(const TrainBegin& info) override;
  /// \brief Throws nn::DataError when `loss` (the epoch's running mean, so NaN from the first
  /// non-finite batch on) is not finite.
  void on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) override;

 private:
  TrainBegin info_;
};

/// \brief Sets the optimizer's learning rate from a nn::Schedule at the start of every epoch
/// (Keras's `LearningRateScheduler`): before epoch \f$ e \f$ (1-based),
/// \f[ \eta \leftarrow \eta(t), \qquad t = e - 1, \f]
/// so the schedule's counter \f$ t \f$ counts epochs here, not steps (for a per-step schedule
/// call nn::apply_schedule yourself).
///
/// The optimizer is the model's, `model.optimizer()` after `compile` (it must outlive the
/// callback); the schedule is copied.
/// \code
/// nn::LearningRateScheduler lr(nn::InverseTimeDecay(0.5, 0.1), model.optimizer());
/// model.fit(X, y, {.epochs = 30, .callbacks = {&lr}});   // lr.rates()[e-1] = 0.5 / (1 + 0.1
/// (e-1)) \endcode
class LearningRateScheduler : public Callback {
 public:
  /// \brief Copies `schedule` (any nn::Schedule subclass, e.g. `nn::StepDecay(0.1, 0.5, 10)`) and
  /// drives `optimizer`.
  template <class S, class = std::enable_if_t<std::is_base_of<Schedule, S>::value>>
  LearningRateScheduler(S schedule, Optimizer& optimizer)
      : LearningRateScheduler(std::unique_ptr<Schedule>(std::make_unique<S>(std::move(schedule))),
                              optimizer) {}

  /// \brief Takes ownership of `schedule` (nn::ArgumentError when null) and drives `optimizer`.
  LearningRateScheduler(std::unique_ptr<Schedule> schedule, Optimizer& optimizer);

  /// \brief Clears rates().
  void on_train_begin(const TrainBegin& info) override;
  /// \brief \f$ \eta \leftarrow \eta(\text{epoch} - 1) \f$ and records it.
  void on_epoch_begin(std::size_t epoch) override;

  /// \brief The rate set before each epoch of the last fit (index 0 = epoch 1).
  const std::vector<double>& rates() const { return rates_; }
  /// \brief The schedule.
  const Schedule& schedule() const { return *schedule_; }

 private:
  std::unique_ptr<Schedule> schedule_;
  Optimizer& optimizer_;
  std::vector<double> rates_;
};

}  // namespace nn
