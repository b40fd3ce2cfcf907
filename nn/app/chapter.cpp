#include <nn/app/chapter.hpp>

#include <exception>
#include <iostream>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>

namespace nn {

Chapter::Chapter(std::string slug, const std::string& title) : app_(title, "ch" + slug) {
  options_.slug = std::move(slug);
  app_.add_option("--seed", options_.seed, "seed of the random generator")->capture_default_str();
  app_.add_option("--plot", options_.plot, "where plots go: png (files in plots/<chapter>/), "
                                           "term (drawn in the terminal) or none")
      ->check(CLI::IsMember({"png", "term", "none"}))
      ->capture_default_str();
  app_.add_flag("--quiet", options_.quiet, "print the worked examples only, no progress output");
  app_.add_option("--data-dir", options_.data_dir, "directory with the MNIST IDX files")
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
  try {
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
