// The MNIST training benchmark (issues 5 and 16, docs/performance.md).
//
// In one process: (1) the GEMM-only limit, i.e. the time of one epoch of the training step's
// matrix products alone, in double and in float32; (2) the lecture's setup trained through the
// public API (Sequential, Dense(784, 100), Sigmoid, Dense(100, 10), Softmax,
// CategoricalCrossEntropy, Adam 1e-3, batch 100), once per compute precision (nn::Precision:
// double, and float32 products with double weights); (3) a table with one column per precision:
// s/epoch (median), total, test accuracy, inference time, peak RSS, the ratio to that precision's
// limit, then the build flags, threads and BLAS core; (4) one JSON line per precision for scripts.
//
//   <build>/bench/bench [--quick] [--epochs N] [--precision float64|float32|both]
//                       [--data-dir data/mnist] [--check]
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <armadillo>

#include <nn/activations/sigmoid.hpp>
#include <nn/app/chapter.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/precision.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/mnist.hpp>
#include <nn/kernels/kernels.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>

// OpenBLAS's own controls (declared here so the benchmark needs no OpenBLAS header).
extern "C" void openblas_set_num_threads(int num_threads);
extern "C" int openblas_get_num_threads(void);
extern "C" char* openblas_get_corename(void);

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread: unlike wall time it does not count the time other processes
// run on the same core, so on a busy machine it stays close to the idle machine's wall time.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Records each epoch's thread CPU time (a callback of Sequential::fit).
class CpuTimePerEpoch : public nn::Callback {
 public:
  void on_epoch_begin(std::size_t) override { start_ = thread_cpu_seconds(); }
  void on_epoch_end(const nn::EpochEnd&) override {
    seconds.push_back(thread_cpu_seconds() - start_);
  }
  std::vector<double> seconds;

 private:
  double start_ = 0.0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// --- The GEMM-only limit ------------------------------------------------------------------------
// One epoch (N / B steps) of exactly the matrix products of a training step of the 784-100-10
// network, on operands of the real shapes, nothing else:
//   forward   Z1 = W1 X (100x784 * 784xB),  Z2 = W2 A1 (10x100 * 100xB)
//   backward  dW2 = dZ2 A1^T,  dA1 = W2^T dZ2,  dW1 = dZ1 X^T   (no dX for the input)
// Median of `repeats` epochs.
struct Limit {
  double wall = 0.0, cpu = 0.0;  // median seconds per epoch
};

template <typename eT>
Limit gemm_limit(arma::uword D, arma::uword H, arma::uword K, arma::uword B, arma::uword steps,
                 int repeats) {
  using Mat = arma::Mat<eT>;
  nn::Rng rng(7);
  const Mat X = arma::conv_to<Mat>::from(rng.randu(D, B));
  const Mat W1 = arma::conv_to<Mat>::from(rng.randn(H, D, 0.0, 0.05));
  const Mat W2 = arma::conv_to<Mat>::from(rng.randn(K, H, 0.0, 0.1));
  const Mat A1 = arma::conv_to<Mat>::from(rng.randu(H, B));
  const Mat dZ2 = arma::conv_to<Mat>::from(rng.randn(K, B));
  const Mat dZ1 = arma::conv_to<Mat>::from(rng.randn(H, B));
  Mat Z1(H, B), Z2(K, B), dW1(H, D), dW2(K, H), dA1(H, B);
  std::vector<double> wall, cpu;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_seconds();
    for (arma::uword s = 0; s < steps; ++s) {
      Z1 = W1 * X;
      Z2 = W2 * A1;
      dW2 = dZ2 * A1.t();
      dA1 = W2.t() * dZ2;
      dW1 = dZ1 * X.t();
    }
    wall.push_back(seconds_since(start));
    cpu.push_back(thread_cpu_seconds() - cpu_start);
  }
  if (Z1.has_nan() || Z2.has_nan() || dW1.has_nan() || dW2.has_nan() || dA1.has_nan()) std::abort();
  return {median(wall), median(cpu)};
}

// --- The parts beyond the products, each measured alone ------------------------------------------
// One epoch (`steps` calls) of the work a training step does besides its matrix products, on the
// lecture network's shapes, through the same library calls as `fit` (median of `repeats`):
//   adam     nn::Adam::step on the four parameters (79,510 doubles: w, m, v, g);
//   stream   the memory traffic of that step alone (read w, m, v, g, write w, m, v) with one
//            addition per array: what any optimizer that keeps its state in double pays;
//   sigmoid  the hidden layer's nn::sigmoid (H x B);
//   root     the two operations of Adam's update that no rearrangement removes, a square root
//            and a division per parameter (x / (sqrt(v) + e), in L1, at the active kernel
//            variant's width): the divide unit's floor of any exact double Adam;
//   convert  the float32 path's conversions: W1 to float32 and dW1 back to double.
// They bound from below what the training can take above the GEMM-only limit.
struct Parts {
  double adam = 0.0, stream = 0.0, root = 0.0, sigmoid = 0.0, convert = 0.0;  // CPU s per epoch
};

// x / (sqrt(v) + e) over n elements, `times` times, at one vector width; returns a checksum.
[[gnu::always_inline]] inline double root_loop(const double* __restrict x,
                                               const double* __restrict v, double* __restrict y,
                                               std::size_t n, std::size_t times) {
  double sum = 0.0;
  for (std::size_t t = 0; t < times; ++t) {
    for (std::size_t i = 0; i < n; ++i) y[i] = x[i] / (std::sqrt(v[i]) + 1e-7);
    sum += y[t % n];
  }
  return sum;
}
double root_baseline(const double* x, const double* v, double* y, std::size_t n, std::size_t t) {
  return root_loop(x, v, y, n, t);
}
#if defined(__x86_64__)
__attribute__((target("avx2"))) double root_avx2(const double* x, const double* v, double* y,
                                                 std::size_t n, std::size_t t) {
  return root_loop(x, v, y, n, t);
}
__attribute__((target("avx512f"))) double root_avx512(const double* x, const double* v, double* y,
                                                      std::size_t n, std::size_t t) {
  return root_loop(x, v, y, n, t);
}
#endif

// The square roots and divisions of `elements` parameters, in blocks of 512 that stay in L1, at
// the active kernel variant's width; returns a checksum.
double root_pass(std::size_t elements) {
  constexpr std::size_t n = 512;
  std::vector<double> x(n, 1.5), v(n, 2.5), y(n);
  const std::size_t times = elements / n;
#if defined(__x86_64__)
  const nn::kernels::Variant variant = nn::kernels::active();
  if (variant == nn::kernels::Variant::avx512)
    return root_avx512(x.data(), v.data(), y.data(), n, times);
  if (variant == nn::kernels::Variant::avx2)
    return root_avx2(x.data(), v.data(), y.data(), n, times);
#endif
  return root_baseline(x.data(), v.data(), y.data(), n, times);
}

template <typename F>
double cpu_epoch(F&& body, arma::uword steps, int repeats) {
  std::vector<double> cpu;
  for (int r = 0; r < repeats; ++r) {
    const double start = thread_cpu_seconds();
    for (arma::uword s = 0; s < steps; ++s) body();
    cpu.push_back(thread_cpu_seconds() - start);
  }
  return median(cpu);
}

Parts parts_alone(arma::uword D, arma::uword H, arma::uword K, arma::uword B, arma::uword steps,
                  int repeats) {
  nn::Rng rng(9);
  // W1, b1, W2, b2 with random values and gradients (one draw per statement)
  std::vector<nn::Parameter> params;
  for (const auto& [name, rows, cols] :
       {std::tuple{"W1", H, D}, std::tuple{"b1", H, arma::uword{1}}, std::tuple{"W2", K, H},
        std::tuple{"b2", K, arma::uword{1}}}) {
    arma::mat value = rng.randn(rows, cols, 0.0, 0.05);
    arma::mat grad = rng.randn(rows, cols, 0.0, 1e-3);
    params.push_back({name, std::move(value), std::move(grad)});
  }
  std::vector<nn::Parameter*> pointers;
  for (nn::Parameter& p : params) pointers.push_back(&p);
  nn::Adam adam(pointers, {.lr = 1e-3});
  Parts parts;
  parts.adam = cpu_epoch([&] { adam.step(); }, steps, repeats);
  std::vector<arma::mat> m, v;
  for (const nn::Parameter& p : params) {
    m.emplace_back(arma::size(p.value), arma::fill::zeros);
    v.emplace_back(arma::size(p.value), arma::fill::zeros);
  }
  parts.stream = cpu_epoch(
      [&] {
        for (std::size_t k = 0; k < params.size(); ++k) {
          double* w = params[k].value.memptr();
          double* mk = m[k].memptr();
          double* vk = v[k].memptr();
          const double* g = params[k].grad.memptr();
          for (arma::uword i = 0; i < params[k].value.n_elem; ++i) {
            mk[i] += g[i];
            vk[i] += g[i];
            w[i] += mk[i] + vk[i];
          }
        }
      },
      steps, repeats);
  std::size_t count = 0;
  for (const nn::Parameter& p : params) count += p.value.n_elem;
  double checksum = 0.0;
  parts.root = cpu_epoch([&] { checksum += root_pass(count * steps); }, 1, repeats);
  const arma::mat Z = rng.randn(H, B);
  arma::mat S;
  parts.sigmoid = cpu_epoch([&] { S = nn::sigmoid(Z); }, steps, repeats);
  const arma::mat& W1 = params[0].value;
  arma::fmat W32, dW32 = arma::conv_to<arma::fmat>::from(params[0].grad);
  arma::mat dW;
  parts.convert = cpu_epoch(
      [&] {
        W32 = arma::conv_to<arma::fmat>::from(W1);
        dW = arma::conv_to<arma::mat>::from(dW32);
      },
      steps, repeats);
  if (!(checksum > 0.0) || S.has_nan() || W32.has_nan() || dW.has_nan()) std::abort();
  return parts;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one + " " + five;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

// One training run of the lecture's setup with the given compute precision, timed per epoch.
struct Run {
  nn::Precision precision = nn::Precision::Float64;
  double per_epoch = 0.0, per_epoch_cpu = 0.0, total = 0.0;  // seconds
  double accuracy = 0.0, inference = 0.0, rss = 0.0;         // test accuracy, s, MB
  Limit limit;  // the GEMM-only limit of the same precision
  double ratio_cpu() const { return per_epoch_cpu / limit.cpu; }
};

Run train(nn::Precision precision, const arma::mat& X, const arma::uvec& y, const arma::mat& Xt,
          const arma::uvec& yt, int epochs, arma::uword B, std::uint64_t seed) {
  std::cout << "\n== compute precision " << nn::to_string(precision) << "\n";
  nn::set_seed(seed);
  nn::Sequential model;
  model.add<nn::Dense>(784, 100);
  model.add<nn::Sigmoid>();
  model.add<nn::Dense>(100, 10);
  model.add<nn::Softmax>();
  model.set_compute(precision);  // Float32: products in float32, weights and Adam in double
  model.compile(nn::CategoricalCrossEntropy(), nn::Adam(model.parameters(), {.lr = 1e-3}));
  model.summary(784);
  CpuTimePerEpoch cpu_time;
  Run run;
  run.precision = precision;
  auto start = Clock::now();
  const nn::History h = model.fit(X, y,
                                  {.epochs = static_cast<std::size_t>(epochs),
                                   .batch_size = B,
                                   .verbose = 1,
                                   .callbacks = {&cpu_time}});
  run.total = seconds_since(start);
  run.per_epoch = median(h.seconds);
  run.per_epoch_cpu = median(cpu_time.seconds);
  // test accuracy and inference time for the 10k test images (median of 5)
  run.accuracy = model.evaluate(Xt, yt).accuracy;
  std::vector<double> inference;
  for (int r = 0; r < 5; ++r) {
    start = Clock::now();
    const arma::mat P = model.predict(Xt);
    inference.push_back(seconds_since(start));
    if (P.n_cols != Xt.n_cols) std::abort();
  }
  run.inference = median(inference);
  run.rss = peak_rss_mb();
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"nn-lectures MNIST benchmark: 784-100 sigmoid-10 softmax, Adam 1e-3, batch 100"};
  bool quick = false, check = false;
  int epochs = 10, limit_repeats = 5;
  std::uint64_t seed = 42;
  std::string data_dir = "data/mnist";
  app.add_flag("--quick", quick, "2 epochs instead of 10");
  app.add_option("--epochs", epochs, "number of epochs (default 10)")
      ->check(nn::count_in(1, 100000));
  app.add_option("--data-dir", data_dir, "directory with the MNIST IDX files");
  app.add_option("--seed", seed, "seed of the weights and the shuffling")->check(nn::seed_value());
  app.add_option("--limit-repeats", limit_repeats,
                 "epochs of the GEMM-only limit (median; 0 skips it)")
      ->check(nn::count_in(0, 1000));
  std::string precision = "both";
  app.add_option("--precision", precision,
                 "compute precision of the products: float64, float32 or both (default)")
      ->check(CLI::IsMember({"float64", "float32", "both"}));
  app.add_flag("--check", check, "exit 1 when a target (issues 5 and 16) is missed");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints the help (code 0) or the error
    return code == 0 ? 0 : 2;      // a bad flag exits with 2, as the chapters do
  }
  if (quick) epochs = 2;
  std::vector<nn::Precision> precisions;
  if (precision != "float32") precisions.push_back(nn::Precision::Float64);
  if (precision != "float64") precisions.push_back(nn::Precision::Float32);

  openblas_set_num_threads(1);  // the benchmark is defined on one core
  const char* coretype_env = std::getenv("OPENBLAS_CORETYPE");
  const std::string coretype = coretype_env ? coretype_env : "(unset)";
  const std::string corename = openblas_get_corename();
  const int threads = openblas_get_num_threads();

  const std::string load_at_start = load_average();
  try {
    nn::kernels::active();  // a bad NN_KERNELS fails here, before the data is loaded
    // the data: X 784 x 60000 (376 MB in double), test 784 x 10000
    auto start = Clock::now();
    const nn::MnistData mnist = nn::load_mnist(data_dir);
    const arma::mat& X = mnist.train.X;
    const arma::uvec& y = mnist.train.y;
    const arma::mat& Xt = mnist.test.X;
    const arma::uvec& yt = mnist.test.y;
    const double load_s = seconds_since(start);
    const arma::uword B = 100, steps = (X.n_cols + B - 1) / B;
    std::cout << "MNIST: train " << X.n_rows << " x " << X.n_cols << ", test " << Xt.n_rows << " x "
              << Xt.n_cols << " (loaded in " << std::fixed << std::setprecision(2) << load_s
              << " s)\n";

    // (1) the GEMM-only limit
    const Limit lim = limit_repeats > 0 ? gemm_limit<double>(784, 100, 10, B, steps, limit_repeats)
                                        : Limit{NAN, NAN};
    std::cout << "GEMM-only limit: " << std::setprecision(3) << lim.wall << " s/epoch, CPU "
              << lim.cpu << " s (" << steps << " steps of the 5 products, median of "
              << limit_repeats << ")\n";
    // the same products in float32: the limit of the float32 compute precision and of the
    // float32 peers (PyTorch's default)
    const Limit lim32 = limit_repeats > 0 ? gemm_limit<float>(784, 100, 10, B, steps, limit_repeats)
                                          : Limit{NAN, NAN};
    std::cout << "GEMM-only limit in float32: " << lim32.wall << " s/epoch, CPU " << lim32.cpu
              << " s (the same products in float32)\n";

    // (1b) the parts beyond the products, alone
    const Parts parts = limit_repeats > 0 ? parts_alone(784, 100, 10, B, steps, limit_repeats)
                                          : Parts{NAN, NAN, NAN, NAN, NAN};
    std::cout << "Beyond the products, each alone (thread CPU s/epoch): Adam " << parts.adam
              << " (its memory traffic alone " << parts.stream << ", its square roots and divisions"
              << " alone " << parts.root << "), hidden sigmoid " << parts.sigmoid
              << ", float32 conversions of W1 and dW1 " << parts.convert << "\n";

    // (2) the lecture's setup through the public API, once per compute precision
    std::vector<Run> runs;
    for (const nn::Precision p : precisions) {
      runs.push_back(train(p, X, y, Xt, yt, epochs, B, seed));
      runs.back().limit = p == nn::Precision::Float32 ? lim32 : lim;
    }

    // (3) the table: one column per precision
    const double train_mb = static_cast<double>(X.n_elem) * sizeof(double) / (1024.0 * 1024.0);
    auto fmt = [](double x, int digits) {
      std::ostringstream s;
      s << std::fixed << std::setprecision(digits) << x;
      return s.str();
    };
    std::cout << "\n| metric                            |";
    for (const Run& r : runs)
      std::cout << " " << std::setw(10) << nn::to_string(r.precision) << " |";
    std::cout << " target                     |\n|-----------------------------------|";
    for (std::size_t i = 0; i < runs.size(); ++i) std::cout << "------------|";
    std::cout << "----------------------------|\n";
    auto row = [&](const std::string& name, auto value, const std::string& target) {
      std::cout << "| " << std::left << std::setw(33) << name << " |" << std::right;
      for (const Run& r : runs) std::cout << " " << std::setw(10) << value(r) << " |";
      std::cout << " " << std::left << std::setw(26) << target << " |\n" << std::right;
    };
    bool ok = true;
    auto verdict = [&](bool met) {
      ok = ok && met;
      return met ? std::string("ok") : std::string("MISSED");
    };
    std::string ratio_verdict, cpu_verdict, acc_verdict;
    for (const Run& r : runs) {
      ratio_verdict += (ratio_verdict.empty() ? "" : ", ") + verdict(r.ratio_cpu() <= 1.2);
      acc_verdict += (acc_verdict.empty() ? "" : ", ") + verdict(epochs < 10 || r.accuracy >= 0.97);
    }
    row(
        "GEMM-only limit (s/epoch)", [&](const Run& r) { return fmt(r.limit.wall, 3); }, "");
    row(
        "training (s/epoch, median)", [&](const Run& r) { return fmt(r.per_epoch, 3); }, "");
    row(
        "ratio to the limit", [&](const Run& r) { return fmt(r.per_epoch / r.limit.wall, 2); }, "");
    row(
        "GEMM-only limit, thread CPU time", [&](const Run& r) { return fmt(r.limit.cpu, 3); }, "");
    row(
        "training, thread CPU time", [&](const Run& r) { return fmt(r.per_epoch_cpu, 3); }, "");
    row(
        "ratio to the limit, CPU time", [&](const Run& r) { return fmt(r.ratio_cpu(), 2); },
        "<= 1.2: " + ratio_verdict);
    row(
        "above the limit, CPU (s/epoch)",
        [&](const Run& r) { return fmt(r.per_epoch_cpu - r.limit.cpu, 3); }, "");
    row(
        "allowed above it at ratio 1.2", [&](const Run& r) { return fmt(0.2 * r.limit.cpu, 3); },
        "");
    row(
        "floor: sqrt, div, sigmoid (+conv)",
        [&](const Run& r) {
          const bool f32 = r.precision == nn::Precision::Float32;
          return fmt(parts.root + parts.sigmoid + (f32 ? parts.convert : 0.0), 3);
        },
        "each alone, line above");
    row(
        "total, " + std::to_string(epochs) + " epochs (s)",
        [&](const Run& r) { return fmt(r.total, 2); }, "");
    row(
        "test accuracy", [&](const Run& r) { return fmt(r.accuracy, 4); },
        epochs >= 10 ? ">= 0.97: " + acc_verdict : "(>= 0.97 at 10 epochs)");
    row(
        "inference, 10k images (s)", [&](const Run& r) { return fmt(r.inference, 3); }, "");
    const bool rss_ok = runs.front().rss <= 1.5 * train_mb;
    row(
        "peak RSS after the run (MB)", [&](const Run& r) { return fmt(r.rss, 0); },
        "first <= " + fmt(1.5 * train_mb, 0) + ": " + verdict(rss_ok));
    std::cout << "\nbuild: " << NN_BENCH_BUILD_TYPE << ", " << NN_BENCH_COMPILER << ", flags \""
              << NN_BENCH_FLAGS << "\"\nBLAS: OpenBLAS, core " << corename << ", threads "
              << threads << ", OPENBLAS_CORETYPE " << coretype << "\n"
              << nn::kernels::describe() << "\nCPU: " << cpu_model() << ", load average "
              << load_at_start << " at the start, " << load_average() << " at the end"
              << ", Armadillo " << arma::arma_version::as_string() << "\n";

    // (4) one JSON line per precision, for bench/peers.py
    for (const Run& r : runs) {
      const bool f32 = r.precision == nn::Precision::Float32;
      std::cout << std::setprecision(6) << "{\"name\": \"nn (C++, "
                << (f32 ? "float32 products" : "double") << ")\", \"dtype\": \""
                << (f32 ? "float32" : "float64") << "\", \"epochs\": " << epochs
                << ", \"s_per_epoch\": " << r.per_epoch << ", \"total_s\": " << r.total
                << ", \"test_accuracy\": " << r.accuracy << ", \"inference_10k_s\": " << r.inference
                << ", \"peak_rss_mb\": " << r.rss << ", \"gemm_limit_s\": " << r.limit.wall
                << ", \"ratio\": " << r.per_epoch / r.limit.wall
                << ", \"cpu_s_per_epoch\": " << r.per_epoch_cpu
                << ", \"cpu_gemm_limit_s\": " << r.limit.cpu << ", \"cpu_ratio\": " << r.ratio_cpu()
                << ", \"adam_alone_s\": " << parts.adam << ", \"root_alone_s\": " << parts.root
                << ", \"sigmoid_alone_s\": " << parts.sigmoid
                << ", \"convert_alone_s\": " << (f32 ? parts.convert : 0.0)
                << ", \"threads\": " << threads << ", \"blas_core\": \"" << json_escape(corename)
                << "\", \"openblas_coretype\": \"" << json_escape(coretype) << "\", \"cpu\": \""
                << json_escape(cpu_model()) << "\", \"load_average\": \""
                << json_escape(load_average()) << "\", \"kernels\": \""
                << json_escape(nn::kernels::describe()) << "\", \"flags\": \""
                << json_escape(NN_BENCH_FLAGS) << "\"}" << std::endl;
    }
    if (check && !ok) return 1;
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
