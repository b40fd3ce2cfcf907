#pragma once
/// \file
/// \brief The command line shared by every chapter executable (CLI11): `--seed`, `--plot`,
/// `--quiet`, `--data-dir`, plus each chapter's own flags, and uniform exit codes.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>

namespace nn {

/// \brief The flags every chapter accepts (DESIGN §5).
struct ChapterOptions {
  std::uint64_t seed = 42;            ///< `--seed`: seeds nn::global_rng before the chapter runs.
  std::string plot = "png";           ///< `--plot png|term|none`: PNG files, terminal plots, or none.
  bool quiet = false;                 ///< `--quiet`: only the worked-example lines, no progress output.
  std::string data_dir = "data/mnist";  ///< `--data-dir`: where the MNIST IDX files are.
  /// `--threads`: OpenBLAS threads. Default 1 (or `OPENBLAS_NUM_THREADS` when set): the lectures'
  /// matrices are small, so more threads gain little, and on a shared machine a second thread
  /// waiting for a busy core makes epoch times erratic (0.33-0.9 s instead of a steady 0.47 s for
  /// chapter 06 on the development VM).
  int threads = 1;
  std::string slug;                   ///< The chapter's folder name, e.g. `"01_perceptron"`.

  /// \brief Where this chapter writes its PNG files: `plots/<slug>`.
  std::string plot_dir() const { return "plots/" + slug; }
};

/// \brief CLI11 validator for rates and other real parameters: a finite number \f$ > 0 \f$
/// (rejects 0, negatives, `nan` and `inf` with a message naming the value).
CLI::Validator positive_finite();

/// \brief CLI11 validator for counts (epochs, batch sizes): an integer in `[lo, hi]`.
CLI::Validator count_in(long lo, long hi);

/// \brief CLI11 validator for seeds: decimal digits only, \f$ 0 \le s \le 2^{64} - 1 \f$ (so
/// "-1" or "18446744073709551616" are refused instead of wrapping or saturating silently).
CLI::Validator seed_value();

/// \brief A chapter program: parses the shared and chapter-specific flags, seeds the generator,
/// runs the body and turns errors into exit codes.
///
/// Exit codes: 0 success; 1 a data or shape problem (the message names the file or the shapes);
/// 2 a bad flag (CLI11's message). Usage:
/// \code
/// int main(int argc, char** argv) {
///   nn::Chapter chapter("01_perceptron", "The perceptron");
///   int epochs = 10;
///   chapter.app().add_option("--epochs", epochs, "training epochs");
///   return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) { ... });
/// }
/// \endcode
class Chapter {
 public:
  /// \brief A chapter named by its folder `slug`, with a one-line `title` for `--help`.
  Chapter(std::string slug, const std::string& title);

  /// \brief The CLI11 application, to add chapter flags before `run`.
  CLI::App& app() { return app_; }

  /// \brief The parsed shared options.
  const ChapterOptions& options() const { return options_; }

  /// \brief Parses `argv`, calls nn::set_seed, runs `body`; returns the process exit code.
  int run(int argc, char** argv, const std::function<void(const ChapterOptions&)>& body);

 private:
  CLI::App app_;
  ChapterOptions options_;
};

}  // namespace nn
