#pragma once
/// \file
/// \brief The command line shared by every chapter executable (CLI11): `--seed`, `--plot`,
/// `--quiet`, `--data-dir`, plus each chapter's own flags, and uniform exit codes.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nn/plot/plot.hpp>

namespace nn {

/// \brief The flags every chapter accepts (DESIGN §5).
///
/// Paths: Chapter::run makes the repository root (nn::repository_root) the working directory, so
/// `data_dir` and plot_dir() count from there whatever folder the program was started in; a
/// relative `--data-dir` given on the command line counts from that folder, as usual.
struct ChapterOptions {
  std::uint64_t seed = 42;   ///< `--seed`: seeds nn::global_rng before the chapter runs.
  std::string plot = "png";  ///< `--plot png|term|none`: PNG files, terminal plots, or none.
  bool quiet = false;        ///< `--quiet`: only the worked-example lines, no progress output.
  /// `--data-dir`, only on chapters that read a data set (Chapter::add_data_dir): where the MNIST
  /// IDX files are. The default `data/mnist` is the folder `make data` fills, in the repository.
  std::string data_dir = "data/mnist";
  /// `--threads`: OpenBLAS threads. Default 1 (or `OPENBLAS_NUM_THREADS` when set): the lectures'
  /// matrices are small, so more threads gain little.
  int threads = 1;
  std::string slug;  ///< The chapter's folder name, e.g. `"01_perceptron"`.
  /// The repository root the chapter runs in (absolute), or empty when none was found: then
  /// paths count from the folder the program was started in.
  std::string root;

  /// \brief Where this chapter writes its PNG files: `plots/<slug>` (under the repository root,
  /// the working directory of a running chapter).
  std::string plot_dir() const { return "plots/" + slug; }

  /// \brief Where this chapter's plots go: the mode `--plot` names (nn::plot::parse_mode) and the
  /// directory plot_dir(). A chapter builds it once and passes it to the nn::plot functions.
  nn::plot::Target plot_target() const { return nn::plot::Target(plot, plot_dir()); }
};

/// \brief The folder a chapter's `data/` and `plots/` are in, whatever the working directory.
///
/// In order: the environment variable `NN_REPO_ROOT` when it is set (it must name a directory,
/// else std::invalid_argument); the nearest folder holding the repository, going up from the
/// running program's own folder (the clone a chapter was built in: `build/release/chapters/` is
/// inside it); the same going up from the working directory; else an empty string (no root:
/// paths count from the working directory). The result is absolute.
std::string repository_root();

/// \brief `start` or the nearest of its parents that holds the repository (a folder `chapters/`
/// and the file `nn/app/chapter.hpp`), as an absolute path; empty when there is none.
std::string find_repository_root(const std::string& start);

/// \brief The flags of `known` closest to the mistyped `flag` (`"--epoch"` -> `{"--epochs"}`):
/// those at the smallest edit distance (letters inserted, removed or changed, ignoring case) when
/// it is at most 2 and less than half the length of the name, or else the only flag that starts
/// with `flag`. Empty when nothing is close.
std::vector<std::string> closest_flags(const std::string& flag,
                                       const std::vector<std::string>& known);

/// \brief CLI11 validator for rates and other real parameters: a finite number \f$ > 0 \f$
/// (rejects 0, negatives, `nan` and `inf` with a message naming the value).
CLI::Validator positive_finite();

/// \brief CLI11 validator for real parameters with bounds: a finite number in \f$ [lo, hi] \f$
/// (e.g. `real_in(0, 1000)` for a decay rate; `nan`, `inf` and text are refused with a message
/// naming the value and the range).
CLI::Validator real_in(double lo, double hi);

/// \brief CLI11 validator for counts (epochs, batch sizes): an integer in `[lo, hi]`.
CLI::Validator count_in(long lo, long hi);

/// \brief CLI11 validator for seeds: decimal digits only, \f$ 0 \le s \le 2^{64} - 1 \f$ (so
/// "-1" or "18446744073709551616" are refused instead of wrapping or saturating silently).
CLI::Validator seed_value();

/// \brief A chapter program: parses the shared and chapter-specific flags, seeds the generator,
/// moves to the repository root, runs the body and turns errors into exit codes.
///
/// Exit codes: 0 success; 1 a data or shape problem, or any other error the body throws (the
/// message, never an abort); 2 a bad flag (CLI11's message; an unknown flag names the closest
/// known ones: `--epoch: unknown flag; did you mean --epochs?`). `--help` lists the flags with
/// their ranges and defaults. Usage:
/// \code
/// int main(int argc, char** argv) {
///   nn::Chapter chapter("01_perceptron", "The perceptron");
///   int epochs = 10;
///   chapter.add_option("--epochs", epochs, "training epochs", nn::count_in(1, 1000));
///   return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) { ... });
/// }
/// \endcode
class Chapter {
 public:
  /// \brief A chapter named by its folder `slug`, with a one-line `title` for `--help`.
  Chapter(std::string slug, const std::string& title);

  /// \brief The CLI11 application, to add chapter flags before `run`.
  CLI::App& app() { return app_; }

  /// \brief Adds the chapter flag `name` (e.g. `"--epochs"`) that sets `value`, checked by `check`
  /// (e.g. nn::count_in, nn::positive_finite, `CLI::Range`); `--help` shows `help`, the range and
  /// the default (what `value` holds now):
  /// \code
  /// int epochs = 50;
  /// chapter.add_option("--epochs", epochs, "training epochs", nn::count_in(1, 1000000));
  /// \endcode
  template <typename T>
  CLI::Option* add_option(const std::string& name, T& value, const std::string& help,
                          const CLI::Validator& check) {
    return app_.add_option(name, value, help)->check(check)->capture_default_str();
  }

  /// \brief Adds `--data-dir DIR` (into ChapterOptions::data_dir), for a chapter that reads a
  /// data set; `help` says what the folder holds (--help adds the default, `data/mnist`).
  void add_data_dir(const std::string& help);

  /// \brief The parsed shared options.
  const ChapterOptions& options() const { return options_; }

  /// \brief Parses `argv`, calls nn::set_seed, changes the working directory to the repository
  /// root (when there is one), runs `body`; returns the process exit code.
  int run(int argc, char** argv, const std::function<void(const ChapterOptions&)>& body);

 private:
  CLI::App app_;
  ChapterOptions options_;
};

}  // namespace nn
