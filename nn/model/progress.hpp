#pragma once
/// \file
/// \brief The training output of nn::Sequential::fit: a progress bar with ETA on a terminal, one
/// line per epoch otherwise.

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

#include <nn/model/callback.hpp>

namespace nn {

/// \brief True when `out` is `std::cout` (or `std::cerr`/`std::clog`) and that stream is a terminal
/// (`isatty`); false for any other stream.
bool is_terminal(const std::ostream& out);

/// \brief Formats one epoch as
/// `Epoch 3/10 - loss 0.2345 - accuracy 0.9312 - val_loss 0.2400 - val_accuracy 0.9300 - 0.53 s`
/// (4 decimals; validation fields only when present; time with 2 decimals).
std::string format_epoch_line(const EpochEnd& logs);

/// \brief Prints training progress, as Keras's `verbose=1` (bar) and `verbose=2` (line per epoch).
///
/// In bar mode each epoch shows `Epoch 3/10 [=======>......] 312/600 - ETA 0.2 s - loss 0.2345 -
/// accuracy 0.9312`, redrawn in place with `\r` at most every 0.1 s, and is replaced by the epoch
/// line when the epoch ends. In line mode only the epoch lines are printed, so a log file or a
/// golden output gets exactly one line per epoch.
class Progress : public Callback {
 public:
  /// \brief Writes to `out`; `bar` selects the progress bar (use `is_terminal(out)`).
  Progress(std::ostream& out, bool bar);

  /// \brief Remembers the number of epochs and batches.
  void on_train_begin(const TrainBegin& info) override;
  /// \brief Starts the epoch's clock.
  void on_epoch_begin(std::size_t epoch) override;
  /// \brief Redraws the bar (bar mode, rate-limited).
  void on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) override;
  /// \brief Prints the epoch line.
  void on_epoch_end(const EpochEnd& logs) override;
  /// \brief Ends an unfinished bar line, so an error message starts on its own line.
  void on_train_end(bool completed) override;

 private:
  std::ostream& out_;
  bool bar_;
  TrainBegin info_;
  std::chrono::steady_clock::time_point epoch_start_, last_draw_;
  bool line_open_ = false;  // a bar is drawn and not yet terminated by '\n'
  std::size_t last_width_ = 0;
};

}  // namespace nn
