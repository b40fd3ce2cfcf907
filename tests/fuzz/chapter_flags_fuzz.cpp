// Fuzz target: the chapters' command line (nn::Chapter and the validators the chapters use:
// nn::count_in, nn::positive_finite, nn::seed_value, CLI::Range, CLI::IsMember, flags). The
// input is split at NUL bytes into arguments (at most 16, each cut to 64 bytes). A parse either
// fails (exit code 2, or 0 for --help) or hands the body values that obey every check; a crash,
// an uncaught exception or a value outside its range is a finding.
#include "fuzz_file.hpp"

#include <nn/app/chapter.hpp>

#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::ostringstream sink;  // CLI11's messages go here, not to the terminal

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::cout.rdbuf(sink.rdbuf());
  std::cerr.rdbuf(sink.rdbuf());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"chfuzz"};
  std::string current;
  for (std::size_t i = 0; i < size && args.size() <= 16; ++i) {
    if (data[i] == 0) {
      args.push_back(current.substr(0, 64));
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (args.size() <= 16) args.push_back(current.substr(0, 64));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  nn::Chapter chapter("99_fuzz", "Fuzzed chapter");
  int epochs = 10, steps = 100, layers = 5;
  long examples = 1000;
  std::size_t batch_size = 0;
  double lr = 0.1;
  std::string dataset = "mnist";
  bool shuffle = false;
  chapter.app().add_option("--epochs", epochs, "epochs")->check(nn::count_in(1, 100000));
  chapter.app().add_option("--steps", steps, "steps")->check(CLI::Range(1, 100000));
  chapter.app().add_option("--layers", layers, "layers")->check(CLI::Range(1, 100));
  chapter.app().add_option("--examples", examples, "examples")->check(nn::count_in(2, 1000000));
  chapter.app()
      .add_option("--batch-size", batch_size, "batch size")
      ->check(nn::count_in(0, 100000));
  chapter.app().add_option("--lr", lr, "learning rate")->check(nn::positive_finite());
  chapter.app()
      .add_option("--dataset", dataset, "dataset")
      ->check(CLI::IsMember({"mnist", "fashion"}));
  chapter.app().add_flag("--shuffle", shuffle, "shuffle");
  bool ran = false;
  const int code =
      chapter.run(static_cast<int>(args.size()), argv.data(), [&](const nn::ChapterOptions& opt) {
        ran = true;
        nn_fuzz::require(epochs >= 1 && epochs <= 100000);
        nn_fuzz::require(steps >= 1 && steps <= 100000);
        nn_fuzz::require(layers >= 1 && layers <= 100);
        nn_fuzz::require(examples >= 2 && examples <= 1000000);
        nn_fuzz::require(batch_size <= 100000);
        nn_fuzz::require(std::isfinite(lr) && lr > 0.0);
        nn_fuzz::require(dataset == "mnist" || dataset == "fashion");
        nn_fuzz::require(opt.plot == "png" || opt.plot == "term" || opt.plot == "none");
        nn_fuzz::require(opt.threads >= 1 && opt.threads <= 1024);
      });
  nn_fuzz::require(ran ? code == 0 : (code == 0 || code == 2));
  sink.str("");
  return 0;
}
