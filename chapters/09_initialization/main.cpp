// Chapter 09: weight initialisation. Reads top to bottom like README.md: constant initialisation
// never breaks the symmetry between units (L1-34), the variances of Glorot, He and LeCun measured
// against their formulas (L1-35), and the spread of the activations through 10 layers for good and
// bad initialisations.
#include <armadillo>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <nn/activations/relu.hpp>
#include <nn/activations/tanh.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/init/init.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/plot/plot.hpp>

#include "two_two_one_network.hpp"

namespace {

using nn::fmt;
using nn::heading;
using nn::sci;

std::string row(const arma::mat& M, arma::uword r, int precision) {
  return "(" + fmt(M(r, 0), precision) + ", " + fmt(M(r, 1), precision) + ")";
}

// 9.1 -- the 2-2-1 network with every weight 0.5 (L1-34, CONSTRUCTED by the catalogue).
void constant_init_example(const nn::ChapterOptions& opt) {
  heading("9.1 Constant initialisation never breaks symmetry (L1-34)");
  chapter09::TwoTwoOneNetwork net(chapter09::every_weight_half());
  const arma::mat yhat = net.model.forward(net.x);
  const double L = net.loss.forward(yhat, net.y);
  net.model.backward(net.loss.backward());
  const arma::mat& dW = net.hidden.W().grad;
  std::cout << "Example 9.1  yhat = " << fmt(yhat(0, 0), 9) << ", loss = " << fmt(L, 9) << "\n"
            << "Example 9.1  dL/dw_out = " << row(net.out.W().grad, 0, 9) << "\n"
            << "Example 9.1  dL/dW_hidden row 1 = " << row(dW, 0, 10)
            << ", row 2 = " << row(dW, 1, 10)
            << ", identical: " << (arma::all(dW.row(0) == dW.row(1)) ? "yes" : "no") << "\n";
  net.train(100, 0.5);
  const arma::mat& W = net.hidden.W().value;
  std::cout << "Example 9.2  after 100 SGD steps: W_hidden rows " << row(W, 0, 6) << " and "
            << row(W, 1, 6) << ", identical: " << (arma::all(W.row(0) == W.row(1)) ? "yes" : "no")
            << "\n";
  // Small random weights, std 0.01 (the d2l reading of the lecture's "N(0, 0.01)").
  nn::Rng rng(opt.seed);
  const nn::Initializer small = [&rng](arma::uword r, arma::uword c) {
    return nn::normal_init(r, c, 0.0, 0.01, rng);
  };
  chapter09::TwoTwoOneNetwork random(small);
  random.train(100, 0.5);
  const arma::mat& W2 = random.hidden.W().value;
  std::cout << "Example 9.3  N(0, 0.01^2) init, after 100 steps: W_hidden rows " << row(W2, 0, 6)
            << " and " << row(W2, 1, 6)
            << ", identical: " << (arma::all(W2.row(0) == W2.row(1)) ? "yes" : "no") << "\n";
}

// 9.4 -- the variance of each scheme, measured on a 784 x 100 draw (L1-35).
void variances(const nn::ChapterOptions& opt) {
  heading("9.4 Initialisation variances: Glorot 1/fan_avg, He 2/fan_in, LeCun 1/fan_in (L1-35)");
  struct Scheme {
    std::string name;
    std::function<arma::mat(arma::uword, arma::uword, nn::Rng&)> draw;
    std::function<double(double, double)> var;  // (fan_in, fan_out) -> variance
  };
  const auto glorot = [](double i, double o) { return 2.0 / (i + o); };
  const auto he = [](double i, double) { return 2.0 / i; };
  const auto lecun = [](double i, double) { return 1.0 / i; };
  const std::vector<Scheme> schemes = {
      {"glorot_uniform",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_uniform(o, i, r); },
       glorot},
      {"glorot_normal ",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_normal(o, i, r); }, glorot},
      {"he_uniform    ",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::he_uniform(o, i, r); }, he},
      {"he_normal     ",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::he_normal(o, i, r); }, he},
      {"lecun_uniform ",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::lecun_uniform(o, i, r); }, lecun},
      {"lecun_normal  ",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::lecun_normal(o, i, r); }, lecun},
  };
  nn::Rng rng(opt.seed);
  for (const Scheme& s : schemes) {
    for (auto [in, out] : {std::pair<arma::uword, arma::uword>{784, 100}, {100, 10}}) {
      const arma::mat W = s.draw(out, in, rng);
      const double target = s.var(static_cast<double>(in), static_cast<double>(out));
      const double measured = arma::accu(arma::square(W)) / static_cast<double>(W.n_elem);
      std::cout << "Example 9.4  " << s.name << " " << in << " -> " << out << ": formula var "
                << fmt(target, 8) << " (std " << fmt(std::sqrt(target), 6) << "), measured "
                << fmt(measured, 8) << ", ratio " << fmt(measured / target, 3) << "\n";
    }
  }
  std::cout << "Example 9.5  uniform limits sqrt(3 var) for 784 -> 100: Glorot "
            << fmt(std::sqrt(6.0 / 884.0), 10) << ", He " << fmt(std::sqrt(6.0 / 784.0), 10)
            << ", LeCun " << fmt(std::sqrt(3.0 / 784.0), 10) << "\n";
}

// 9.6 -- activation spread through 10 Dense layers of width 256.
void deep_activations(const nn::ChapterOptions& opt, int layers) {
  heading("9.6 Activation statistics through " + std::to_string(layers) + " layers of 256 units");
  struct Setup {
    std::string label;
    bool relu;
    std::function<arma::mat(arma::uword, arma::uword, nn::Rng&)> init;
  };
  const std::vector<Setup> setups = {
      {"tanh, N(0, 0.01^2)", false,
       [](arma::uword o, arma::uword i, nn::Rng& r) {
         return nn::normal_init(o, i, 0.0, 0.01, r);
       }},
      {"tanh, N(0, 1)", false,
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::normal_init(o, i, 0.0, 1.0, r); }},
      {"tanh, Glorot normal", false,
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_normal(o, i, r); }},
      {"relu, Glorot normal", true,
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_normal(o, i, r); }},
      {"relu, He normal", true,
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::he_normal(o, i, r); }},
  };
  std::vector<nn::plot::Series> series;
  for (const Setup& s : setups) {
    nn::Rng rng(opt.seed);
    arma::mat A = rng.randn(256, 500);  // 500 standard-normal inputs
    arma::vec depth(static_cast<arma::uword>(layers)), sd(static_cast<arma::uword>(layers));
    std::cout << "Example 9.6  " << s.label << ": std of the activations at layer";
    double saturated = 0.0;
    for (int l = 1; l <= layers; ++l) {
      const arma::mat W = s.init(256, 256, rng);
      const arma::mat Z = W * A;               // Z = W A (biases 0)
      A = s.relu ? nn::relu(Z) : nn::tanh(Z);  // A = f(Z)
      depth(l - 1) = l;
      sd(l - 1) = arma::stddev(arma::vectorise(A));
      if (l == 1 || l == 2 || l == 5 || l == layers)
        std::cout << " " << l << ": " << sci(sd(l - 1), 3);
      if (!s.relu && l == layers)
        saturated =
            arma::mean(arma::vectorise(arma::conv_to<arma::mat>::from(arma::abs(A) > 0.99)));
    }
    if (!s.relu)
      std::cout << "; |a| > 0.99 at the last layer: " << fmt(100.0 * saturated, 1) << "%";
    std::cout << "\n";
    series.push_back({s.label, depth, sd, "linespoints"});
  }
  nn::plot::LineOptions lo;
  lo.log_y = true;
  lo.x_tic_step = 1.0;
  nn::plot::lines(opt.plot_target(), "activation_std.png",
                  "Standard deviation of the activations per layer", "layer", "std of activations",
                  series, lo);
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("09_initialization", "Weight initialisation");
  int layers = 10;
  chapter.add_option("--layers", layers, "Depth of the network of 9.6", CLI::Range(1, 100));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 09: weight initialisation\n";
    constant_init_example(opt);
    variances(opt);
    deep_activations(opt, layers);
  });
}
