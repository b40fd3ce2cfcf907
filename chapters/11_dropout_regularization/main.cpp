// Chapter 11: dropout and L2 regularisation. Reads top to bottom like README.md: inverted dropout
// by hand (L1-38), dropout at inference (L1-39, erratum), L2 as weight decay (L1-37), and an
// over-fitting network on a small noisy two-moons set trained plainly, with L2, with dropout, and
// the early-stopping point of the plain run, then the same run stopped early by nn::EarlyStopping.
#include <algorithm>
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>
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
#include <nn/model/callbacks.hpp>
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
  std::cout << "Example 11.2 100000 draws of dropout(3.0, p = 0.3): fraction dropped "
            << fmt(dropped) << ", kept values " << fmt(3.0 / 0.7) << ", mean "
            << fmt(arma::mean(arma::vectorise(y))) << " (E[x'] = 3; standard error 0.0062)\n";
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
  std::cout << "Example 11.3 inference mode (identity), two calls: "
            << fmt(drop.forward(h), 2, "()") << " and " << fmt(drop.forward(h), 2, "()") << "\n";
}

// 11.4 -- L2 regularisation as weight decay (L1-37, CONSTRUCTED by the catalogue).
void weight_decay() {
  heading("11.4 L2 regularisation as weight decay (L1-37)");
  const arma::mat w = arma::vec{1.0, -2.0}, g = arma::vec{0.5, 0.5};
  std::cout << "Example 11.4 w = (1, -2), dl/dw = (0.5, 0.5), eta = 0.1, lambda = 0.01: penalty "
               "(lambda/2)||w||^2 = "
            << fmt(nn::l2_penalty(w, 0.01), 4) << "\n";
  std::cout << "Example 11.4 weight-decay form (1 - eta lambda) w - eta dl/dw = "
            << fmt(nn::weight_decay_step(w, g, 0.1, 0.01), 4, "()") << "\n";
  nn::Parameter p{"W", w, g};
  nn::add_l2_gradient({&p}, 0.01);
  nn::SGD sgd({&p}, {.lr = 0.1});
  sgd.step();
  std::cout << "Example 11.4 SGD on the penalised gradient dl/dw + lambda w = "
            << fmt(p.value, 4, "()") << "\n";
  std::cout << "Example 11.4 lambda = 0 (plain SGD): "
            << fmt(nn::weight_decay_step(w, g, 0.1, 0.0), 4, "()") << "\n";
}

// 11.5 -- over-fitting a small noisy set, and three remedies.
struct Curves {
  std::vector<double> train, test;
};

// The 2-64-64-1 ReLU network with a sigmoid output (4,417 parameters), its initial weights drawn
// after nn::set_seed(seed); with p_drop > 0 a Dropout layer follows each hidden layer. `weights`
// (if given) receives the three weight matrices W, the parameters L2 acts on (not the biases b).
nn::Sequential network(std::uint64_t seed, double p_drop,
                       std::vector<nn::Parameter*>* weights = nullptr) {
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
  if (weights) *weights = {&d1.W(), &d2.W(), &d3.W()};
  return model;
}

Curves fit(const std::string& label, const nn::Dataset& train, const nn::Dataset& test,
           double lambda, double p_drop, int epochs, std::uint64_t seed,
           const std::string& extra = "") {
  std::vector<nn::Parameter*> weights;  // L2 on W only, not on b
  nn::Sequential model = network(seed, p_drop, &weights);
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
  std::cout << "Example 11.5 " << label << ": train loss " << fmt(c.train.back()) << ", accuracy "
            << fmt(acc_train) << "; test loss " << fmt(c.test.back()) << ", accuracy "
            << fmt(acc_test) << extra << "\n";
  return c;
}

// The data of 11.5 and 11.7: 40 training points, 500 test points, and (drawn last, so the other
// two do not depend on it) 100 validation points, all two moons with noise 0.3.
struct Moons {
  nn::Dataset train, test, validation;
};

Moons moons(std::uint64_t seed) {
  nn::Rng rng(seed);
  Moons m;
  m.train = nn::make_moons(40, 0.3, rng);
  m.test = nn::make_moons(500, 0.3, rng);
  m.validation = nn::make_moons(100, 0.3, rng);
  return m;
}

void overfitting(const nn::ChapterOptions& opt, const nn::Dataset& train, const nn::Dataset& test,
                 int epochs) {
  heading("11.5 Over-fitting 40 noisy points with 2-64-64-1 ReLU units (Adam 0.01, full batch)");
  const Curves plain = fit("no regularisation    ", train, test, 0.0, 0.0, epochs, opt.seed);
  const Curves l2 = fit("L2, lambda = 0.01    ", train, test, 0.01, 0.0, epochs, opt.seed);
  const Curves drop = fit("dropout p = 0.5      ", train, test, 0.0, 0.5, epochs, opt.seed);
  // Early stopping: the epoch where the (here: test) loss was lowest.
  const auto best = std::min_element(plain.test.begin(), plain.test.end());
  const long best_epoch = std::distance(plain.test.begin(), best) + 1;
  std::cout << "Example 11.6 early stopping (no regularisation): lowest held-out loss "
            << fmt(*best) << " at epoch " << best_epoch << " (train loss there "
            << fmt(plain.train[static_cast<std::size_t>(best_epoch - 1)]) << "); at epoch "
            << epochs << " it is " << fmt(plain.test.back()) << "\n";
  nn::plot::curves(opt.plot_target(), "overfitting.png",
                   "40 noisy two-moons points: held-out loss per epoch",
                   {{"train, none", plain.train},
                    {"held-out, none", plain.test},
                    {"held-out, L2 0.01", l2.test},
                    {"held-out, dropout 0.5", drop.test}},
                   "binary cross-entropy", true);
}

// 11.7 -- the same plain run through Sequential::fit with nn::EarlyStopping on a validation set.

// Evaluates the model on a data set when training ends. Listed before the EarlyStopping callback
// (fit calls callbacks in list order), it sees the weights of the last epoch, before they are
// replaced by the best epoch's.
class EvaluateAtTrainEnd : public nn::Callback {
 public:
  EvaluateAtTrainEnd(nn::Sequential& model, const nn::Dataset& data) : model_(model), data_(data) {}
  void on_train_end(bool completed) override {
    if (completed) result_ = model_.evaluate(data_.X, data_.y);
  }
  const nn::Evaluation& result() const { return result_; }

 private:
  nn::Sequential& model_;
  const nn::Dataset& data_;
  nn::Evaluation result_;
};

void early_stopping(const nn::ChapterOptions& opt, const Moons& data, int epochs) {
  heading(
      "11.7 Early stopping with nn::EarlyStopping (val_loss, patience 20, restore best weights)");
  nn::Sequential model = network(opt.seed, 0.0);
  model.compile(nn::BinaryCrossEntropy(), nn::Adam(model.parameters(), {.lr = 0.01}));
  // Keras's messages ("Epoch e: early stopping", "Restoring model weights ...") unless --quiet.
  nn::EarlyStopping stop({.monitor = "val_loss",
                          .patience = 20,
                          .restore_best_weights = true,
                          .out = opt.quiet ? nullptr : &std::cout},
                         model.parameters());
  EvaluateAtTrainEnd last(model, data.test);
  std::vector<nn::Callback*> callbacks = {&last, &stop};
  // One line per epoch in a CSV file, only when PNG plots are written too.
  std::unique_ptr<nn::CsvLogger> log;
  if (opt.plot_target().mode == nn::plot::Mode::png) {
    std::filesystem::create_directories(opt.plot_dir());
    log = std::make_unique<nn::CsvLogger>(opt.plot_dir() + "/early_stopping.csv");
    callbacks.push_back(log.get());
  }
  // Full batch (B = N = 40) in a fixed order: step for step the plain run of 11.5.
  const nn::History h = model.fit(data.train.X, data.train.y,
                                  {.epochs = static_cast<std::size_t>(epochs),
                                   .batch_size = 40,
                                   .shuffle = false,
                                   .validation_X = &data.validation.X,
                                   .validation_labels = &data.validation.y,
                                   .verbose = 0,
                                   .callbacks = callbacks});
  const nn::Evaluation best = model.evaluate(data.test.X, data.test.y);  // the restored weights
  if (stop.stopped_epoch() > 0) {
    std::cout << "Example 11.7 stopped after epoch " << stop.stopped_epoch() << " of " << epochs
              << " (patience 20)\n";
  } else {
    std::cout << "Example 11.7 did not stop early: ran all " << h.epochs() << " epochs\n";
  }
  std::cout << "Example 11.7 best epoch " << stop.best_epoch() << ": validation loss "
            << fmt(stop.best()) << ", validation accuracy "
            << fmt(h.val_accuracy[stop.best_epoch() - 1]) << "\n";
  std::cout << "Example 11.7 test set, restored weights of epoch " << stop.best_epoch() << ": loss "
            << fmt(best.loss) << ", accuracy " << fmt(best.accuracy) << "\n";
  std::cout << "Example 11.7 test set, weights of the last epoch " << h.epochs() << ": loss "
            << fmt(last.result().loss) << ", accuracy " << fmt(last.result().accuracy) << "\n";
  if (log) std::cout << "(per-epoch log written to " << log->path() << ")\n";
  nn::plot::curves(
      opt.plot_target(), "early_stopping.png", "Early stopping: loss per epoch until the stop",
      {{"train (during the epoch)", h.loss}, {"validation", h.val_loss}}, "binary cross-entropy");
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("11_dropout_regularization", "Dropout and regularisation");
  int epochs = 300;
  chapter.add_option("--epochs", epochs,
                     "Epochs of the over-fitting runs (11.5), and the most 11.7 may run",
                     CLI::Range(1, 100000));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 11: dropout and regularisation\n";
    inverted_dropout(opt);
    dropout_inference(opt);
    weight_decay();
    const Moons data = moons(opt.seed);
    overfitting(opt, data.train, data.test, epochs);
    early_stopping(opt, data, epochs);
  });
}
