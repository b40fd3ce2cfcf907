// Chapter 11: dropout and L2 regularisation. Reads top to bottom like README.md: inverted dropout
// by hand (L1-38), dropout at inference (L1-39, erratum), L2 as weight decay (L1-37), and an
// over-fitting network on a small noisy two-moons set trained plainly, with L2, with dropout, and
// the early-stopping point of the plain run.
#include <armadillo>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/plot/plot.hpp>
#include <nn/regularization/l2.hpp>

namespace {

using nn::fmt;
using nn::heading;

// 11.1 -- inverted dropout with the catalogue's masks, and its expectation (L1-38).
void inverted_dropout(const nn::ChapterOptions& opt) {
  heading("11.1 Inverted dropout in training (L1-38)");
  const arma::mat h = arma::vec{1, 2, 3, 4};
  std::cout << "Example 11.1 h = (1, 2, 3, 4), p = 0.5, keep-mask (1, 0, 1, 1): h' = "
            << fmt(nn::dropout_with_mask(h, arma::vec{1, 0, 1, 1}, 0.5), 2, "()") << "\n";
  std::cout << "Example 11.1 h = (1, 2, 3, 4), p = 0.2, keep-mask (1, 1, 0, 1): h' = "
            << fmt(nn::dropout_with_mask(h, arma::vec{1, 1, 0, 1}, 0.2), 2, "()") << "\n";
  nn::set_seed(opt.seed);
  nn::Dropout drop(0.3);
  const arma::mat x(1, 100000, arma::fill::value(3.0));
  const arma::mat y = drop.forward(x);
  const double dropped = static_cast<double>(arma::accu(y == 0.0)) / static_cast<double>(y.n_elem);
  std::cout << "Example 11.2 100000 draws of dropout(3.0, p = 0.3): fraction dropped " << fmt(dropped)
            << ", kept values " << fmt(3.0 / 0.7) << ", mean " << fmt(arma::mean(arma::vectorise(y)))
            << " (E[x'] = 3; standard error 0.0062)\n";
}

// 11.3 -- dropout at inference (L1-39, erratum): the identity, not another random mask.
void dropout_inference(const nn::ChapterOptions& opt) {
  heading("11.3 Dropout at inference (L1-39, erratum)");
  nn::set_seed(opt.seed);
  const arma::mat h = arma::vec{1, 2, 3, 4};
  nn::Dropout drop(0.5);
  std::cout << "Example 11.3 as the slide writes it, h' = dropout(h) at inference, two calls: "
            << fmt(drop.forward(h), 2, "()") << " and " << fmt(drop.forward(h), 2, "()") << "\n";
  drop.set_training(false);
  std::cout << "Example 11.3 inference mode (identity), two calls: " << fmt(drop.forward(h), 2, "()") << " and "
            << fmt(drop.forward(h), 2, "()") << "\n";
}

// 11.4 -- L2 regularisation as weight decay (L1-37, CONSTRUCTED by the catalogue).
void weight_decay() {
  heading("11.4 L2 regularisation as weight decay (L1-37)");
  const arma::mat w = arma::vec{1.0, -2.0}, g = arma::vec{0.5, 0.5};
  std::cout << "Example 11.4 w = (1, -2), dl/dw = (0.5, 0.5), eta = 0.1, lambda = 0.01: penalty (lambda/2)||w||^2 = "
            << fmt(nn::l2_penalty(w, 0.01), 4) << "\n";
  std::cout << "Example 11.4 weight-decay form (1 - eta lambda) w - eta dl/dw = "
            << fmt(nn::weight_decay_step(w, g, 0.1, 0.01), 4, "()") << "\n";
  nn::Parameter p{"W", w, g};
  nn::add_l2_gradient({&p}, 0.01);
  nn::SGD sgd({&p}, {.lr = 0.1});
  sgd.step();
  std::cout << "Example 11.4 SGD on the penalised gradient dl/dw + lambda w = " << fmt(p.value, 4, "()") << "\n";
  std::cout << "Example 11.4 lambda = 0 (plain SGD): " << fmt(nn::weight_decay_step(w, g, 0.1, 0.0), 4, "()") << "\n";
}

// 11.5 -- over-fitting a small noisy set, and three remedies.
struct Curves {
  std::vector<double> train, test;
};

Curves fit(const std::string& label, const nn::Dataset& train, const nn::Dataset& test, double lambda,
           double p_drop, int epochs, std::uint64_t seed, const std::string& extra = "") {
  nn::set_seed(seed);
  nn::Sequential model;
  nn::Dense& d1 = model.add<nn::Dense>(2, 64);
  model.add<nn::ReLU>();
  if (p_drop > 0.0) model.add<nn::Dropout>(p_drop);
  nn::Dense& d2 = model.add<nn::Dense>(64, 64);
  model.add<nn::ReLU>();
  if (p_drop > 0.0) model.add<nn::Dropout>(p_drop);
  nn::Dense& d3 = model.add<nn::Dense>(64, 1);
  model.add<nn::Sigmoid>();
  const std::vector<nn::Parameter*> weights = {&d1.W(), &d2.W(), &d3.W()};  // L2 on W only, not on b
  nn::Adam adam(model.parameters(), {.lr = 0.01});
  nn::BinaryCrossEntropy loss;
  const arma::mat Yt = arma::conv_to<arma::rowvec>::from(train.y);
  const arma::mat Yv = arma::conv_to<arma::rowvec>::from(test.y);
  Curves c;
  for (int e = 1; e <= epochs; ++e) {
    model.set_training(true);
    loss.forward(model.forward(train.X), Yt);  // full batch
    model.backward(loss.backward());
    if (lambda > 0.0) nn::add_l2_gradient(weights, lambda);  // g = dl/dW + lambda W
    adam.step();
    model.set_training(false);
    c.train.push_back(loss.forward(model.forward(train.X), Yt));
    c.test.push_back(loss.forward(model.forward(test.X), Yv));
  }
  model.set_training(false);
  const double acc_train = nn::accuracy(model.predict_classes(train.X), train.y);
  const double acc_test = nn::accuracy(model.predict_classes(test.X), test.y);
  std::cout << "Example 11.5 " << label << ": train loss " << fmt(c.train.back()) << ", accuracy " << fmt(acc_train)
            << "; test loss " << fmt(c.test.back()) << ", accuracy " << fmt(acc_test) << extra << "\n";
  return c;
}

void overfitting(const nn::ChapterOptions& opt, int epochs) {
  heading("11.5 Over-fitting 40 noisy points with 2-64-64-1 ReLU units (Adam 0.01, full batch)");
  nn::Rng rng(opt.seed);
  const nn::Dataset train = nn::make_moons(40, 0.3, rng);
  const nn::Dataset test = nn::make_moons(500, 0.3, rng);
  const Curves plain = fit("no regularisation    ", train, test, 0.0, 0.0, epochs, opt.seed);
  const Curves l2 = fit("L2, lambda = 0.01    ", train, test, 0.01, 0.0, epochs, opt.seed);
  const Curves drop = fit("dropout p = 0.5      ", train, test, 0.0, 0.5, epochs, opt.seed);
  // Early stopping: the epoch where the (here: test) loss was lowest.
  const auto best = std::min_element(plain.test.begin(), plain.test.end());
  const long best_epoch = std::distance(plain.test.begin(), best) + 1;
  std::cout << "Example 11.6 early stopping (no regularisation): lowest held-out loss " << fmt(*best) << " at epoch "
            << best_epoch << " (train loss there " << fmt(plain.train[static_cast<std::size_t>(best_epoch - 1)])
            << "); at epoch " << epochs << " it is " << fmt(plain.test.back()) << "\n";
  nn::plot::curves(opt, "overfitting.png", "40 noisy two-moons points: held-out loss per epoch",
                   {{"train, none", plain.train}, {"held-out, none", plain.test}, {"held-out, L2 0.01", l2.test},
                    {"held-out, dropout 0.5", drop.test}},
                   "binary cross-entropy", true);
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("11_dropout_regularization", "Dropout and regularisation");
  int epochs = 300;
  chapter.app().add_option("--epochs", epochs, "Epochs of the over-fitting runs (11.5)")->check(CLI::Range(1, 100000));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 11: dropout and regularisation\n";
    inverted_dropout(opt);
    dropout_inference(opt);
    weight_decay();
    overfitting(opt, epochs);
  });
}
