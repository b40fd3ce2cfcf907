#include <nn/app/chapter.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iostream>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/kernels/kernels.hpp>

// OpenBLAS's own control (declared here so that no OpenBLAS header is needed).
extern "C" void openblas_set_num_threads(int num_threads);

namespace nn {

CLI::Validator positive_finite() {
  return CLI::Validator(
      [](std::string& text) {
        std::size_t used = 0;
        double value = 0.0;
        try {
          value = std::stod(text, &used);
        } catch (const std::exception&) {
          return "not a number: " + text;
        }
        if (used != text.size()) return "not a number: " + text;
        if (!std::isfinite(value) || value <= 0.0) return "must be a finite number > 0, got " + text;
        return std::string();
      },
      "> 0");
}

CLI::Validator count_in(long lo, long hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        std::size_t used = 0;
        long value = 0;
        try {
          value = std::stol(text, &used);
        } catch (const std::exception&) {
          return "not an integer: " + text;
        }
        if (used != text.size()) return "not an integer: " + text;
        if (value < lo || value > hi) {
          return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                 text;
        }
        return std::string();
      },
      "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

CLI::Validator seed_value() {
  return CLI::Validator(
      [](std::string& text) {
        const bool digits = !text.empty() && text.size() <= 20 &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        errno = 0;
        if (!digits) return "must be an integer from 0 to 18446744073709551615, got " + text;
        std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE) return "must be at most 18446744073709551615, got " + text;
        return std::string();
      },
      "0 .. 2^64-1");
}

Chapter::Chapter(std::string slug, const std::string& title) : app_(title, "ch" + slug) {
  options_.slug = std::move(slug);
  // A seed is 0 .. 2^64 - 1 written in decimal digits: "-1" or "18446744073709551616" would
  // otherwise wrap or saturate silently.
  app_.add_option("--seed", options_.seed, "seed of the random generator")
      ->check(seed_value())
      ->capture_default_str();
  app_.add_option("--plot", options_.plot, "where plots go: png (files in plots/<chapter>/), "
                                           "term (drawn in the terminal) or none")
      ->check(CLI::IsMember({"png", "term", "none"}))
      ->capture_default_str();
  app_.add_flag("--quiet", options_.quiet, "print the worked examples only, no progress output");
  app_.add_option("--data-dir", options_.data_dir, "directory with the MNIST IDX files")
      ->capture_default_str();
  if (const char* env = std::getenv("OPENBLAS_NUM_THREADS")) {
    const long n = std::strtol(env, nullptr, 10);
    if (n >= 1) options_.threads = static_cast<int>(std::min(n, 1024L));  // as --threads allows
  }
  app_.add_option("--threads", options_.threads,
                  "OpenBLAS threads for the matrix products (default 1, or OPENBLAS_NUM_THREADS)")
      ->check(count_in(1, 1024))
      ->capture_default_str();
}

int Chapter::run(int argc, char** argv, const std::function<void(const ChapterOptions&)>& body) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app_.exit(e);  // prints help (code 0) or the error message
    return code == 0 ? 0 : 2;
  }
  set_seed(options_.seed);
  openblas_set_num_threads(options_.threads);
  try {
    kernels::active();  // a bad NN_KERNELS is reported here, before the chapter prints anything
    body(options_);
  } catch (const DataError& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const ShapeError& e) {
    std::cout.flush();
    std::cerr << "shape error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace nn
