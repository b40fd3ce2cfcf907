// Chapter 08: stochastic gradient descent and the optimizers. Reads top to bottom like README.md:
// gradient descent in 1-D and 2-D (and a step that is too large), batch vs mini-batch vs stochastic
// updates, the mini-batch gradient and its expectation, momentum in the lecture's form, every
// optimizer's path on an elongated quadratic, learning-rate schedules, Adam's first two steps.
#include <armadillo>
#include <cmath>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/split.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/mse.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/plot/plot.hpp>
#include <nn/schedules/schedule.hpp>

namespace {

using nn::fmt;
using nn::heading;

std::string fmt2(double a, double b, int precision = 4) {
  return "(" + fmt(a, precision) + ", " + fmt(b, precision) + ")";
}

// 8.1 -- gradient descent on L(x) = (x - 3)^2 and on L(w) = w1^2 + 10 w2^2 (catalogue L2-01).
void gradient_descent_examples() {
  heading("8.1 Gradient descent in 1-D and 2-D (L2-01)");
  nn::Parameter x{"x", arma::mat{0.0}, arma::mat{0.0}};
  nn::SGD gd({&x}, {.lr = 0.1});
  for (int t = 1; t <= 3; ++t) {
    x.grad(0, 0) = 2.0 * (x.value(0, 0) - 3.0);  // L'(x) = 2 (x - 3)
    gd.step();
    const double L = std::pow(x.value(0, 0) - 3.0, 2);
    std::cout << "Example 8.1  1-D step " << t << ": x = " << fmt(x.value(0, 0), 6)
              << ", L = " << fmt(L, 6) << "\n";
  }
  for (double alpha : {0.04, 0.11}) {
    nn::Parameter w{"w", arma::mat(arma::vec{1.0, 1.0}), arma::mat(2, 1, arma::fill::zeros)};
    nn::SGD sgd({&w}, {.lr = alpha});
    for (int t = 1; t <= 10; ++t) {
      // grad = (2 w1, 20 w2)
      w.grad = arma::mat(arma::vec{2.0 * w.value(0, 0), 20.0 * w.value(1, 0)});
      sgd.step();
      const double L = w.value(0, 0) * w.value(0, 0) + 10.0 * w.value(1, 0) * w.value(1, 0);
      if (t <= 3 || t == 10) {
        std::cout << "Example 8.2  2-D alpha " << fmt(alpha, 2) << " step " << t
                  << ": w = " << fmt2(w.value(0, 0), w.value(1, 0), 6) << ", L = " << fmt(L, 6)
                  << "\n";
      }
    }
  }
}

// 8.3 -- batch, mini-batch and stochastic GD on 12 observations (L1-27, L4-09, L3-16).
void update_counts(const nn::ChapterOptions& opt) {
  heading("8.3 Batch, mini-batch and stochastic updates per epoch (L1-27, L3-16, L4-09)");
  nn::Rng data_rng(opt.seed);
  const arma::mat X = arma::regspace<arma::rowvec>(1, 12) / 12.0;  // 12 observations, one feature
  const arma::mat Y = 2.0 * X + 1.0 + data_rng.randn(1, 12, 0.0, 0.1);
  std::vector<nn::plot::NamedSeries> loss_curves;
  for (arma::uword B : {12u, 3u, 1u}) {
    nn::Rng rng(opt.seed);
    nn::Dense model(arma::mat{0.0}, arma::vec{0.0});
    nn::MSE loss;
    nn::SGD sgd(model.parameters(), {.lr = 0.1});
    std::vector<double> curve;
    std::size_t updates = 0;
    for (int epoch = 1; epoch <= 30; ++epoch) {
      const auto batches = nn::batch_indices(12, B, rng);  // reshuffled every epoch
      for (const arma::uvec& idx : batches) {
        loss.forward(model.forward(X.cols(idx)), Y.cols(idx));
        model.backward(loss.backward());
        sgd.step();
        ++updates;
      }
      curve.push_back(loss.forward(model.forward(X), Y));
    }
    const std::string label = B == 12  ? "batch (B = 12)"
                              : B == 3 ? "mini-batch (B = 3)"
                                       : "stochastic (B = 1)";
    std::cout << "Example 8.3  " << label << ": " << nn::batch_indices(12, B).size()
              << (B == 12 ? " update" : " updates") << " per epoch, " << updates
              << " in 30 epochs; MSE after epoch 1 = " << fmt(curve.front())
              << ", after 30 = " << fmt(curve.back()) << "\n";
    loss_curves.push_back({label, curve});
  }
  const auto batches = nn::batch_indices(50000, 32);
  std::cout << "Example 8.4  N = 50000, B = 32: " << batches.size()
            << " updates per epoch, last batch " << batches.back().n_elem
            << " examples; N = 400, B = 100: " << nn::batch_indices(400, 100).size()
            << "; N = 50000, B = 100: " << nn::batch_indices(50000, 100).size() << "\n";
  nn::plot::curves(opt.plot_target(), "batch_sizes.png", "12 observations: full-data MSE per epoch",
                   loss_curves, "MSE", true);
}

// 8.5 -- the mini-batch gradient (L2-10) and its expectation (L4-08).
void minibatch_gradient() {
  heading("8.5 The mini-batch gradient estimate (L2-10, L4-08)");
  const arma::rowvec x = {1, 2, 3, 4}, y = {2, 4, 6, 8};
  const double theta = 0.0;
  const arma::rowvec per_sample = (theta * x - y) % x;  // grad l_i = (theta x_i - y_i) x_i
  const arma::uvec I = {1, 3};
  const double g = arma::mean(arma::rowvec(per_sample.cols(I)));
  std::cout << "Example 8.5  per-sample gradients (" << fmt(per_sample(0), 0) << ", "
            << fmt(per_sample(1), 0) << ", " << fmt(per_sample(2), 0) << ", "
            << fmt(per_sample(3), 0) << "); I = {2, 4}: g = " << fmt(g, 1) << "; full-batch mean "
            << fmt(arma::mean(per_sample), 1) << "; theta_1 = " << fmt(theta - 0.01 * g, 2) << "\n";
  const arma::vec grads = {1, 2, 3, 6};
  double s = 0.0;
  int n = 0;
  for (arma::uword i = 0; i < 4; ++i)
    for (arma::uword j = i + 1; j < 4; ++j, ++n) s += (grads(i) + grads(j)) / 2.0;
  std::cout << "Example 8.6  gradients (1, 2, 3, 6), |I| = 2: E[g] over the " << n
            << " subsets = " << fmt(s / n, 1)
            << " = mean gradient; grad of L = sum L_i = " << fmt(arma::accu(grads), 1)
            << " (the lecture's E(g) = grad L needs L = mean)\n";
}

// 8.7 -- momentum in the lecture's form (L3-18).
void momentum_example() {
  heading("8.7 Momentum in the lecture's form (L3-18)");
  nn::Parameter a{"w", arma::mat{0.0}, arma::mat{1.0}};
  nn::SGD sgd_a({&a}, {.lr = 0.1, .momentum = 0.9});
  nn::Parameter b{"w", arma::mat{1.0}, arma::mat{0.0}};
  nn::SGD sgd_b({&b}, {.lr = 0.1, .momentum = 0.9});
  for (int t = 1; t <= 3; ++t) {
    sgd_a.step();
    b.grad = b.value;  // f(w) = w^2 / 2
    sgd_b.step();
    std::cout << "Example 8.7  step " << t << ": (a) g = 1: v = " << fmt(sgd_a.velocity(0)(0, 0), 3)
              << ", w = " << fmt(a.value(0, 0), 3)
              << "   (b) f = w^2/2: v = " << fmt(sgd_b.velocity(0)(0, 0), 3)
              << ", w = " << fmt(b.value(0, 0), 3) << "\n";
  }
  for (int t = 4; t <= 100; ++t) sgd_a.step();
  std::cout << "Example 8.7  (a) after 100 steps v = " << fmt(sgd_a.velocity(0)(0, 0), 4)
            << " (limit -lr/(1 - mu) = -1)\n";
}

// 8.8 -- every optimizer on the elongated quadratic f(w) = (w1^2 + 20 w2^2) / 2.
double quadratic(double w1, double w2) { return 0.5 * (w1 * w1 + 20.0 * w2 * w2); }

struct Run {
  std::string label;
  std::function<std::unique_ptr<nn::Optimizer>(nn::Parameter*)> make;
};

void optimizer_paths(const nn::ChapterOptions& opt, int steps) {
  heading("8.8 Every optimizer on f(w) = (w1^2 + 20 w2^2)/2 from (-4, 1) (L0-11)");
  using P = std::vector<nn::Parameter*>;
  const std::vector<Run> runs = {
      {"SGD lr=0.09",
       [](nn::Parameter* p) { return std::make_unique<nn::SGD>(P{p}, nn::SGDOptions{0.09}); }},
      {"Momentum lr=0.02 mu=0.9",
       [](nn::Parameter* p) {
         return std::make_unique<nn::SGD>(P{p}, nn::SGDOptions{0.02, 0.9});
       }},
      {"Nesterov lr=0.02 mu=0.9",
       [](nn::Parameter* p) {
         return std::make_unique<nn::SGD>(P{p}, nn::SGDOptions{0.02, 0.9, true});
       }},
      {"Adagrad lr=1",
       [](nn::Parameter* p) {
         return std::make_unique<nn::Adagrad>(P{p}, nn::AdagradOptions{1.0});
       }},
      {"Adadelta lr=1",
       [](nn::Parameter* p) {
         return std::make_unique<nn::Adadelta>(P{p}, nn::AdadeltaOptions{1.0});
       }},
      {"RMSprop lr=0.1",
       [](nn::Parameter* p) {
         return std::make_unique<nn::RMSprop>(P{p}, nn::RMSpropOptions{0.1});
       }},
      {"Adam lr=0.3",
       [](nn::Parameter* p) { return std::make_unique<nn::Adam>(P{p}, nn::AdamOptions{0.3}); }},
      {"AMSGrad lr=0.3",
       [](nn::Parameter* p) { return std::make_unique<nn::AMSGrad>(P{p}, nn::AdamOptions{0.3}); }},
      {"Adamax lr=0.3",
       [](nn::Parameter* p) { return std::make_unique<nn::Adamax>(P{p}, nn::AdamaxOptions{0.3}); }},
      {"Nadam lr=0.3",
       [](nn::Parameter* p) { return std::make_unique<nn::Nadam>(P{p}, nn::NadamOptions{0.3}); }},
      {"Ftrl lr=1",
       [](nn::Parameter* p) { return std::make_unique<nn::Ftrl>(P{p}, nn::FtrlOptions{1.0}); }},
  };
  std::vector<nn::plot::Series> classic, adaptive;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    nn::Parameter w{"w", arma::mat(arma::vec{-4.0, 1.0}), arma::mat(2, 1, arma::fill::zeros)};
    auto optimizer = runs[r].make(&w);
    arma::mat path(2, static_cast<arma::uword>(steps) + 1);
    path.col(0) = w.value.col(0);
    int reached = -1;
    for (int t = 1; t <= steps; ++t) {
      w.grad = arma::mat(arma::vec{w.value(0, 0), 20.0 * w.value(1, 0)});  // grad f = (w1, 20 w2)
      optimizer->step();
      path.col(static_cast<arma::uword>(t)) = w.value.col(0);
      if (reached < 0 && quadratic(w.value(0, 0), w.value(1, 0)) < 1e-2) reached = t;
    }
    std::cout << "Example 8.8  " << runs[r].label << ": w_" << steps << " = "
              << fmt2(w.value(0, 0), w.value(1, 0))
              << ", f = " << fmt(quadratic(w.value(0, 0), w.value(1, 0)), 6)
              << ", first f < 0.01 at step "
              << (reached < 0 ? std::string("never") : std::to_string(reached)) << "\n";
    nn::plot::Series s{runs[r].label, path.row(0).t(), path.row(1).t(), "lines"};
    (r < 3 ? classic : adaptive).push_back(s);
  }
  nn::plot::ContourOptions copt;
  copt.levels = 15;
  copt.log_levels = true;
  copt.resolution = 60;
  nn::plot::contour(opt.plot_target(), "paths_sgd_momentum.png",
                    "SGD, momentum, Nesterov on (w1^2 + 20 w2^2)/2", quadratic, {-4.5, 4.5},
                    {-1.5, 1.5}, classic, copt);
  nn::plot::contour(opt.plot_target(), "paths_adaptive.png",
                    "Adaptive optimizers on (w1^2 + 20 w2^2)/2", quadratic, {-4.5, 4.5},
                    {-1.5, 1.5}, adaptive, copt);
}

// 8.9 -- learning-rate schedules (L3-17).
void schedules(const nn::ChapterOptions& opt) {
  heading("8.9 Learning-rate decay lr = 1/(1 + 0.1 step) (L3-17) and other schedules");
  const nn::InverseTimeDecay lecture(1.0, 0.1);
  std::cout << "Example 8.9  step: lr\n";
  for (long s = 0; s < 20; s += 4) {
    std::cout << "Example 8.9  ";
    for (long k = s; k < s + 4; ++k)
      std::cout << (k == s ? "" : "   ") << (k < 10 ? " " : "") << k << ": " << fmt(lecture(k), 9);
    std::cout << "\n";
  }
  const nn::StepDecay step(1.0, 0.5, 10);
  const nn::ExponentialDecay expo(1.0, 0.5, 10.0);
  const nn::CosineDecay cosine(1.0, 100);
  std::vector<nn::plot::Series> series;
  for (const nn::Schedule* s : std::vector<const nn::Schedule*>{&lecture, &step, &expo, &cosine}) {
    std::cout << "Example 8.10 " << s->name() << ": lr(10) = " << fmt((*s)(10))
              << ", lr(50) = " << fmt((*s)(50)) << ", lr(100) = " << fmt((*s)(100)) << "\n";
    arma::vec t = arma::regspace<arma::vec>(0, 100), y(101);
    for (arma::uword k = 0; k <= 100; ++k) y(k) = (*s)(static_cast<long>(k));
    series.push_back({s->name(), t, y, "lines"});
  }
  nn::plot::lines(opt.plot_target(), "schedules.png", "Learning-rate schedules", "step t",
                  "learning rate", series);
}

// 8.11 -- Adam's defaults and its first two steps (L4-13).
void adam_two_steps() {
  heading("8.11 Adam(lr = 0.001), beta_1 = 0.9, beta_2 = 0.999 (L4-13)");
  const nn::AdamOptions d;
  nn::Parameter theta{"theta", arma::mat{1.0}, arma::mat{0.5}};
  nn::Adam adam({&theta});
  std::cout << "Example 8.11 defaults: lr " << d.lr << ", beta1 " << d.beta1 << ", beta2 "
            << d.beta2 << ", eps " << d.eps << "\n";
  for (double g : {0.5, 0.25}) {
    theta.grad(0, 0) = g;
    adam.step();
    std::cout << "Example 8.11 step " << adam.iterations() << " (g = " << fmt(g, 2)
              << "): m = " << fmt(adam.m(0)(0, 0), 5) << ", v = " << fmt(adam.v(0)(0, 0), 8)
              << ", theta = " << fmt(theta.value(0, 0), 12) << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("08_sgd_optimizers", "Stochastic gradient descent and optimizers");
  int steps = 100;
  chapter.add_option("--steps", steps, "Steps of every optimizer on the quadratic (8.8)",
                     CLI::Range(1, 100000));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 08: stochastic gradient descent and optimizers\n";
    gradient_descent_examples();
    update_counts(opt);
    minibatch_gradient();
    momentum_example();
    optimizer_paths(opt, steps);
    schedules(opt);
    adam_two_steps();
  });
}
