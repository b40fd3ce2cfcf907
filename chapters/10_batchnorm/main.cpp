// Chapter 10: batch normalisation. Reads top to bottom like README.md: the hand-sized example of
// the lecture's equations (L1-36), the running averages and the inference path, the gradient of
// the training-mode layer, and a deep sigmoid network trained with and without BatchNorm.
#include <armadillo>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/plot/plot.hpp>
#include <nn/schedules/schedule.hpp>

namespace {

using nn::fmt;
using nn::heading;

// 10.1 -- the catalogue's hand-sized example of equations 1-4 (L1-36, CONSTRUCTED).
void hand_example() {
  heading("10.1 Batch normalisation, a hand-sized example (L1-36)");
  const arma::mat X = {{1, 2, 3, 4}, {0, 10, -10, 20}};  // 2 features x 4 examples
  std::cout << "Example 10.1 x = (1, 0), (2, 10), (3, -10), (4, 20); gamma = (2, 0.5), beta = "
               "(0.1, -1)\n";
  for (double eps : {0.0, 1e-3}) {
    nn::BatchNorm bn(2, 0.99, eps);
    bn.gamma().value = arma::vec{2.0, 0.5};
    bn.beta().value = arma::vec{0.1, -1.0};
    const arma::mat Z = bn.forward(X);
    const std::string e = eps == 0.0 ? "eps = 0    " : "eps = 0.001";
    if (eps == 0.0) {
      std::cout << "Example 10.1 mu_B = " << fmt(bn.batch_mean(), 2, "()")
                << ", sigma_B^2 = " << fmt(bn.batch_var(), 2, "()") << " (biased; unbiased "
                << fmt(bn.batch_var() * 4.0 / 3.0, 8, "()") << ")\n";
    }
    std::cout << "Example 10.2 " << e << " xhat f1 = " << fmt(bn.x_hat().row(0), 9, "()") << "\n"
              << "Example 10.2 " << e << " xhat f2 = " << fmt(bn.x_hat().row(1), 9, "()") << "\n"
              << "Example 10.2 " << e << " z f1    = " << fmt(Z.row(0), 9, "()") << "\n"
              << "Example 10.2 " << e << " z f2    = " << fmt(Z.row(1), 9, "()") << "\n";
    if (eps > 0.0) {
      std::cout << "Example 10.3 Keras running stats (momentum 0.99, start 0 and 1): mean "
                << fmt(bn.running_mean(), 4, "()") << ", var " << fmt(bn.running_var(), 4, "()")
                << "\n";
      // PyTorch: momentum 0.1 weights the *new* value and the stored variance is unbiased.
      const arma::vec torch_mean = 0.9 * arma::vec{0.0, 0.0} + 0.1 * bn.batch_mean();
      const arma::vec torch_var = 0.9 * arma::vec{1.0, 1.0} + 0.1 * bn.batch_var() * 4.0 / 3.0;
      std::cout << "Example 10.3 PyTorch convention (momentum 0.1, unbiased var): mean "
                << fmt(torch_mean, 4, "()") << ", var " << fmt(torch_var, 8, "()") << "\n";
    }
  }
}

// 10.4 -- training vs inference: running averages converge to the population statistics.
void train_vs_inference(const nn::ChapterOptions& opt) {
  heading("10.4 Training vs inference: running averages");
  nn::Rng rng(opt.seed);
  nn::BatchNorm bn(2, 0.99, 1e-3);
  // Batches of 32 from a population with mean (3, -2) and standard deviation (2, 0.5).
  auto draw = [&rng](arma::uword n) {
    arma::mat B = rng.randn(2, n);
    B.row(0) = 3.0 + 2.0 * B.row(0);
    B.row(1) = -2.0 + 0.5 * B.row(1);
    return B;
  };
  for (int step = 1; step <= 1000; ++step) {
    bn.forward(draw(32));
    if (step == 1 || step == 100 || step == 1000) {
      std::cout << "Example 10.4 after " << step << (step == 1 ? " batch" : " batches")
                << ": running mean " << fmt(bn.running_mean(), 3, "()") << ", running var "
                << fmt(bn.running_var(), 3, "()") << "\n";
    }
  }
  std::cout << "Example 10.4 population: mean (3.000, -2.000), var (4.000, 0.250)\n";
  // The same example in a batch, alone in training mode, and at inference.
  const arma::mat x = arma::vec{5.0, -2.0};
  arma::mat batch = draw(8);
  batch.col(0) = x;
  const double in_batch = bn.forward(batch)(0, 0);
  arma::mat other = draw(8);
  other.col(0) = x;
  const double in_other = bn.forward(other)(0, 0);
  bn.set_training(false);
  const double inference = bn.forward(x)(0, 0);
  const double inference_again = bn.forward(other)(0, 0);
  std::cout << "Example 10.5 x = (5, -2), feature 1 output: training in batch A " << fmt(in_batch)
            << ", in batch B " << fmt(in_other) << "; inference " << fmt(inference)
            << " (alone) and " << fmt(inference_again) << " (in batch B)\n";
  std::cout << "Example 10.5 inference formula gamma (x - mu_run) / sqrt(var_run + eps) + beta = "
            << fmt((5.0 - bn.running_mean()(0)) / std::sqrt(bn.running_var()(0) + 1e-3)) << "\n";
}

// 10.6 -- the training-mode gradient against central differences.
void gradient_check() {
  heading("10.6 Gradient check of the training-mode layer");
  nn::Rng rng(10);
  nn::BatchNorm bn(3, 0.99, 1e-3);
  bn.gamma().value = rng.randn(3, 1, 1.0, 0.5);
  bn.beta().value = rng.randn(3, 1, 0.0, 0.5);
  const arma::mat X = rng.randn(3, 6, 0.5, 2.0);
  const nn::GradCheckResult r = nn::gradcheck_layer(bn, X, rng);
  for (const nn::GradCheckEntry& e : r.entries) {
    std::cout << "Example 10.6 " << e.name << ": relative error "
              << (e.rel_error <= 1e-7 ? "<= 1e-7" : "> 1e-7 (FAIL)") << "\n";
  }
  // The gradient with respect to the input sums to zero per feature: shifting a whole feature
  // leaves the normalised output unchanged.
  bn.forward(rng.randn(3, 6));
  const arma::mat dX = bn.backward(rng.randn(3, 6));
  std::cout << "Example 10.6 sum over the batch of dX per feature: "
            << fmt(arma::sum(dX, 1), 12, "()") << "\n";
}

// 10.7 -- a deep sigmoid network on two moons, with and without BatchNorm. SGD starts at eta0 and
// decays per epoch, eta = eta0 / (1 + k (epoch - 1)) (chapter 8's inverse-time decay): at a
// constant 0.5 the BatchNorm run's loss curve is chaotic after about 8 epochs (the rounding of one
// matrix product grows into the third digit), so its numbers would depend on the CPU.
nn::History train(nn::Sequential& model, const nn::Dataset& data, int epochs, double eta0,
                  double k) {
  model.compile(nn::BinaryCrossEntropy(), nn::SGD(model.parameters(), {.lr = eta0}));
  nn::LearningRateScheduler schedule(nn::InverseTimeDecay(eta0, k), model.optimizer());
  const arma::mat Y = arma::conv_to<arma::rowvec>::from(data.y);
  return model.fit(data.X, Y,
                   {.epochs = static_cast<std::size_t>(epochs),
                    .batch_size = 32,
                    .verbose = 0,
                    .callbacks = {&schedule}});
}

void deep_network(const nn::ChapterOptions& opt, int epochs, double k) {
  heading("10.7 Five sigmoid layers on two moons: with and without BatchNorm");
  std::cout << "Example 10.7 SGD, batch 32, lr = 0.5 / (1 + " << fmt(k, 2) << " (epoch - 1))\n";
  nn::Rng rng(opt.seed);
  const nn::Dataset data = nn::make_moons(400, 0.1, rng);
  std::vector<nn::plot::NamedSeries> curves;
  for (bool with_bn : {false, true}) {
    nn::set_seed(opt.seed);
    nn::Sequential model;
    arma::uword in = 2;
    for (int l = 0; l < 4; ++l) {
      model.add<nn::Dense>(in, 32);
      if (with_bn) model.add<nn::BatchNorm>(32);
      model.add<nn::Sigmoid>();
      in = 32;
    }
    model.add<nn::Dense>(in, 1);
    model.add<nn::Sigmoid>();
    const nn::History h = train(model, data, epochs, 0.5, k);
    const std::string label = with_bn ? "with BatchNorm" : "without BatchNorm";
    for (int e : {1, 10, 50, epochs}) {
      if (e > epochs) continue;
      std::cout << "Example 10.7 " << label << ", epoch " << e << ": loss " << fmt(h.loss[e - 1])
                << ", accuracy " << fmt(h.accuracy[e - 1]) << "\n";
    }
    const arma::uvec pred = model.predict_classes(data.X);
    std::cout << "Example 10.7 " << label << ": inference-mode accuracy "
              << fmt(nn::accuracy(pred, data.y)) << "\n";
    curves.push_back({label, h.loss});
  }
  nn::plot::curves(opt.plot_target(), "moons_loss.png",
                   "Two moons, 4 x 32 sigmoid units, SGD(0.5 / (1 + " + fmt(k, 2) +
                       " (epoch - 1))): training loss",
                   curves, "binary cross-entropy");
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("10_batchnorm", "Batch normalisation");
  int epochs = 100;
  double decay = 1.0;
  chapter.add_option("--epochs", epochs, "Epochs of the two-moons runs (10.7)",
                     CLI::Range(1, 100000));
  chapter.add_option("--decay", decay,
                     "k of the learning rate 0.5 / (1 + k (epoch - 1)) in 10.7; 0 keeps 0.5",
                     nn::real_in(0.0, 1000.0));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 10: batch normalisation\n";
    hand_example();
    train_vs_inference(opt);
    gradient_check();
    deep_network(opt, epochs, decay);
  });
}
