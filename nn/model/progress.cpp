#include <nn/model/progress.hpp>

#include <unistd.h>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace nn {

bool is_terminal(const std::ostream& out) {
  if (&out == &std::cout) return ::isatty(STDOUT_FILENO) != 0;
  if (&out == &std::cerr || &out == &std::clog) return ::isatty(STDERR_FILENO) != 0;
  return false;
}

std::string format_epoch_line(const EpochEnd& logs) {
  std::ostringstream s;
  s << "Epoch " << logs.epoch << '/' << logs.epochs << std::fixed << std::setprecision(4)
    << " - loss " << logs.loss << " - accuracy " << logs.accuracy;
  if (logs.has_validation) {
    s << " - val_loss " << logs.val_loss << " - val_accuracy " << logs.val_accuracy;
  }
  s << std::setprecision(2) << " - " << logs.seconds << " s";
  return s.str();
}

Progress::Progress(std::ostream& out, bool bar) : out_(out), bar_(bar) {}

void Progress::on_train_begin(const TrainBegin& info) { info_ = info; }

void Progress::on_epoch_begin(std::size_t) {
  epoch_start_ = std::chrono::steady_clock::now();
  last_draw_ = epoch_start_ - std::chrono::seconds(1);
}

void Progress::on_batch_end(std::size_t epoch, std::size_t batch, double loss, double accuracy) {
  if (!bar_) return;
  const auto now = std::chrono::steady_clock::now();
  const std::size_t total = info_.batches_per_epoch;
  if (batch != total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - epoch_start_).count();
  // ETA = elapsed / done * (total - done)
  const double eta = elapsed / static_cast<double>(batch) * static_cast<double>(total - batch);
  constexpr std::size_t width = 30;
  const std::size_t filled = total == 0 ? width : width * batch / total;
  std::string bar(width, '.');
  for (std::size_t i = 0; i < filled; ++i) bar[i] = '=';
  if (filled < width) bar[filled] = '>';
  std::ostringstream s;
  s << "Epoch " << epoch << '/' << info_.epochs << " [" << bar << "] " << batch << '/' << total
    << std::fixed << std::setprecision(1) << " - ETA " << eta << " s" << std::setprecision(4)
    << " - loss " << loss << " - accuracy " << accuracy;
  std::string text = s.str();
  const std::size_t w = text.size();
  if (w < last_width_) text.append(last_width_ - w, ' ');  // erase the rest of a longer line
  last_width_ = w;
  out_ << '\r' << text << std::flush;
  line_open_ = true;
}

void Progress::on_epoch_end(const EpochEnd& logs) {
  std::string text = format_epoch_line(logs);
  if (line_open_) {
    const std::size_t w = text.size();
    if (w < last_width_) text.append(last_width_ - w, ' ');
    out_ << '\r';
  }
  out_ << text << '\n' << std::flush;
  line_open_ = false;
  last_width_ = 0;
}

void Progress::on_train_end(bool) {
  if (line_open_) out_ << '\n' << std::flush;
  line_open_ = false;
}

}  // namespace nn
