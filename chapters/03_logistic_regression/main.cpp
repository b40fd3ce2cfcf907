// Chapter 03: logistic regression, a sigmoid neuron trained with binary cross-entropy. Reads top
// to bottom like README.md: the spam e-mail (and the lecture's erratum), three e-mails, the 0.5
// threshold, BCE per instance, dL/dphi, dL/dz = phi - y derived step by step and checked by central
// differences, one update step, and training on a 2-D data set with its decision boundary.
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/plot/plot.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/logistic_regression.hpp>

namespace {

using nn::fmt;
using nn::heading;
using nn::sci;

// The spam e-mail of Examples 3.1 and 3.7: theta = (b, w1, w2, w3) and x.
const arma::vec kThetaSpam{-0.1, 0.2, 0.5, -0.3};
const arma::mat kXSpam = arma::vec{1.0, 2.0, 0.0};

// Exercise 1: dL/dz of one example by central differences of the loss written on the logit,
// L(z) = -[y ln sigma(z) + (1 - y) ln(1 - sigma(z))], with step h.
double numerical_dL_dz(double z, double y, double h = 1e-6) {
  // BEGIN SOLUTION
  auto L = [y](double zz) { return nn::binary_cross_entropy_from_logits(zz, y); };
  return (L(z + h) - L(z - h)) / (2.0 * h);  // (L(z + h) - L(z - h)) / 2h
  // END SOLUTION
}

// Exercise 2: the fraction of examples whose predicted label equals the true one.
double accuracy_of(const arma::uvec& predicted, const arma::uvec& truth) {
  // BEGIN SOLUTION
  return nn::accuracy(predicted, truth);
  // END SOLUTION
}

// ---------------------------------------------------------------------------------------------
// 3.1 The spam e-mail, and the lecture's erratum.
void spam_email() {
  heading(
      "Example 3.1  The spam e-mail: w = (0.2, 0.5, -0.3), b = -0.1, x = (1, 2, 0), y = 0  "
      "[L1-06]");
  const double z = nn::logistic_logit(kThetaSpam, kXSpam)(0);
  const double p = nn::logistic_predict_proba(kThetaSpam, kXSpam)(0);
  std::cout << "Example 3.1  z = w.x + b = 0.2 + 1.0 + 0.0 - 0.1 = " << fmt(z) << "\n";
  std::cout << "Example 3.1  p = sigma(z) = " << fmt(p) << "   (lecture ~0.75)\n";
  std::cout << "Example 3.1  predicted label: " << nn::logistic_predict(kThetaSpam, kXSpam)(0)
            << " (spam), true label 0: the model is confidently wrong\n";
  std::cout << "Example 3.1  L(0, p) = -ln(1 - p) = "
            << fmt(nn::logistic_cost(kThetaSpam, kXSpam, arma::rowvec{0.0}))
            << "   (lecture 0.2877: ERRATUM, see README)\n";
  std::cout << "Example 3.1  with p rounded to 0.75: -ln(0.25) = "
            << fmt(nn::binary_cross_entropy(0.75, 0.0)) << "\n";
  std::cout << "Example 3.1  the lecture's 0.2877 = -ln(0.75) = "
            << fmt(nn::binary_cross_entropy(0.75, 1.0))
            << ", the loss if the e-mail were spam (y = 1)\n";
}

// ---------------------------------------------------------------------------------------------
// 3.2 The mean loss of three e-mails.
void three_emails() {
  heading("Example 3.2  Three e-mails: y = (1, 0, 1), p = (0.9, 0.3, 0.6)  [L1-07]");
  const arma::mat P{{0.9, 0.3, 0.6}};
  const arma::mat Y{{1.0, 0.0, 1.0}};
  for (arma::uword i = 0; i < 3; ++i) {
    std::cout << "Example 3.2  e-mail " << i + 1 << ": y = " << fmt(Y(0, i), 0)
              << ", p = " << fmt(P(0, i), 1)
              << ", loss = " << fmt(nn::binary_cross_entropy(P(0, i), Y(0, i))) << "\n";
  }
  std::cout << "Example 3.2  L = -(1/3)[ln 0.9 + ln(1 - 0.3) + ln 0.6] = "
            << fmt(nn::binary_cross_entropy(P, Y)) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 3.3 The 0.5 threshold on p is the 0 threshold on z.
void threshold() {
  heading("Example 3.3  The threshold: p >= 0.5 <=> z >= 0  [L1-04]");
  const arma::vec theta{0.0, 1.0};  // z = x
  const arma::mat Z{{-2.0, 0.0, 0.5, 2.0}};
  const arma::rowvec P = nn::logistic_predict_proba(theta, Z);
  const arma::uvec yhat = nn::logistic_predict(theta, Z);
  for (arma::uword i = 0; i < Z.n_cols; ++i) {
    std::cout << "Example 3.3  z = " << fmt(Z(0, i), 1) << ": p = sigma(z) = " << fmt(P(i), 4)
              << ", e^z/(1 + e^z) = " << fmt(std::exp(Z(0, i)) / (1.0 + std::exp(Z(0, i))), 4)
              << ", yhat = " << yhat(i) << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 3.4 Binary cross-entropy for one instance.
void bce_per_instance() {
  heading("Example 3.4  BCE for one instance: -ln p if y = 1, -ln(1 - p) if y = 0  [L1-05]");
  for (const auto& [y, p] :
       std::vector<std::pair<double, double>>{{1, 0.9}, {0, 0.9}, {1, 1.0}, {0, 0.0}}) {
    std::cout << "Example 3.4  y = " << fmt(y, 0) << ", p = " << fmt(p, 1)
              << ": loss = " << fmt(nn::binary_cross_entropy(p, y)) << "\n";
  }
  std::cout << "Example 3.4  (p is clipped to [1e-7, 1 - 1e-7]: a perfect prediction costs "
            << sci(nn::binary_cross_entropy(1.0, 1.0), 2) << ", the worst one "
            << fmt(nn::binary_cross_entropy(0.0, 1.0)) << ")\n";
}

// ---------------------------------------------------------------------------------------------
// 3.5 dL/dphi, against central differences.
void dL_dphi() {
  heading(
      "Example 3.5  dL/dphi = -y/phi + (1 - y)/(1 - phi) = (phi - y)/(phi(1 - phi)) at phi = "
      "sigma(1.1)  [L0-07]");
  const double phi = nn::sigmoid(1.1);
  for (double y : {0.0, 1.0}) {
    const double h = 1e-6;
    const double numeric =
        (nn::binary_cross_entropy(phi + h, y) - nn::binary_cross_entropy(phi - h, y)) / (2.0 * h);
    std::cout << "Example 3.5  y = " << fmt(y, 0) << ": dL/dphi = " << fmt(nn::bce_dphi(phi, y))
              << "   central difference " << fmt(numeric) << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 3.6 dL/dz = phi - y by the chain rule, step by step, and the printed erratum.
void dL_dz_step_by_step() {
  heading("Example 3.6  dL/dz = dL/dphi * dphi/dz = phi - y, step by step at z = 1.1  [L0-09]");
  for (double y : {0.0, 1.0}) {
    const nn::LogisticChain c = nn::logistic_chain(1.1, y);
    std::cout << "Example 3.6  y = " << fmt(y, 0) << ": phi = " << fmt(c.phi)
              << ", dL/dphi = " << fmt(c.dL_dphi) << ", dphi/dz = phi(1 - phi) = " << fmt(c.dphi_dz)
              << "\n";
    std::cout << "Example 3.6  y = " << fmt(y, 0) << ": dL/dz = " << fmt(c.dL_dphi) << " * "
              << fmt(c.dphi_dz) << " = " << fmt(c.dL_dz) << " = phi - y = " << fmt(c.phi - y)
              << "   central difference " << fmt(numerical_dL_dz(1.1, y)) << "\n";
  }
  const double phi = nn::sigmoid(1.1);
  std::cout << "Example 3.6  as printed, (phi - y)/(phi(1 - y)) * phi(1 - phi) at y = 0 gives "
            << fmt(phi / (phi * 1.0) * phi * (1.0 - phi))
            << " (ERRATUM: the denominator is phi(1 - phi))\n";
}

// ---------------------------------------------------------------------------------------------
// 3.7 One update step on the spam e-mail.
void one_update_step() {
  heading("Example 3.7  One update step on the spam e-mail, eps = 0.1  [L0-10]");
  const arma::rowvec y0{0.0};
  const arma::vec grad = nn::logistic_cost_gradient(kThetaSpam, kXSpam, y0);
  std::cout << "Example 3.7  dL/db = phi - y = " << fmt(grad(0))
            << ", dL/dw = (phi - y) x = " << fmt(grad.tail(3), 4, "()") << "\n";
  nn::Rng unused(0);
  const nn::GDResult r =
      nn::fit_logistic_regression(kXSpam, y0, kThetaSpam, {.lr = 0.1, .epochs = 1}, unused);
  std::cout << "Example 3.7  w_new = w - 0.1 dL/dw = " << fmt(r.theta.tail(3), 4, "()")
            << ", b_new = " << fmt(r.theta(0)) << "\n";
  std::cout << "Example 3.7  loss " << fmt(r.cost[0]) << " -> " << fmt(r.cost[1]) << ", p "
            << fmt(nn::logistic_predict_proba(kThetaSpam, kXSpam)(0)) << " -> "
            << fmt(nn::logistic_predict_proba(r.theta, kXSpam)(0)) << "\n";
}

// The flags of Example 3.8.
struct TrainingFlags {
  double lr;
  int epochs;
  arma::uword batch_size;
  arma::uword n_per_class;
};

// ---------------------------------------------------------------------------------------------
// 3.8 Training on two overlapping blobs: the loss per epoch, the weights, the decision boundary.
void train_on_blobs(const nn::plot::Target& target, const TrainingFlags& flags,
                    std::uint64_t seed) {
  heading("Example 3.8  Training on a 2-D data set: two overlapping Gaussian blobs");
  nn::Rng& rng = nn::global_rng();
  const int epochs = flags.epochs;
  const arma::mat centers{{-1.0, 1.5}, {1.0, -0.5}};  // class 0 at (-1, 1), class 1 at (1.5, -0.5)
  const nn::Dataset data = nn::make_blobs(flags.n_per_class, centers, 1.0, rng);
  const arma::rowvec y = arma::conv_to<arma::rowvec>::from(data.y);
  std::cout << "Example 3.8  " << data.size()
            << " points, centers (-1, 1) and (1.5, -0.5), sd 1, seed " << seed << "\n";
  std::cout << "Example 3.8  lr = " << fmt(flags.lr, 3) << ", " << epochs << " epochs, batch size "
            << flags.batch_size << ", from theta = 0\n";
  const nn::GDResult r = nn::fit_logistic_regression(
      data.X, y, arma::vec(3, arma::fill::zeros),
      {.lr = flags.lr, .epochs = epochs, .batch_size = flags.batch_size}, rng);
  for (int e : {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {
    if (e <= epochs && e < static_cast<int>(r.cost.size()))
      std::cout << "Example 3.8  epoch " << e << ": J = " << fmt(r.cost[e]) << "\n";
  }
  if (epochs > 1000)
    std::cout << "Example 3.8  epoch " << epochs << ": J = " << fmt(r.cost.back()) << "\n";
  const arma::vec& theta = r.theta;
  std::cout << "Example 3.8  theta = (b, w1, w2) = " << fmt(theta, 4, "()") << "\n";
  std::cout << "Example 3.8  decision boundary z = 0: x2 = " << fmt(-theta(0) / theta(2)) << " + "
            << fmt(-theta(1) / theta(2)) << " x1\n";
  const arma::uvec predicted = nn::logistic_predict(theta, data.X);
  std::cout << "Example 3.8  training accuracy = " << fmt(accuracy_of(predicted, data.y)) << "\n";
  std::cout << "Example 3.8  confusion matrix (rows = truth):\n"
            << nn::format_confusion_matrix(nn::confusion_matrix(predicted, data.y, 2));

  nn::plot::curves(
      target, "loss_per_epoch.png", "Binary cross-entropy per epoch",
      {{"J(theta) on the training set", std::vector<double>(r.cost.begin() + 1, r.cost.end())}},
      "J(theta)");
  nn::plot::decision_regions(
      target, "decision_boundary.png", "Logistic regression: P(y = 1 | x) and the points",
      [&](const arma::mat& grid) { return nn::logistic_predict_proba(theta, grid); }, data.X,
      data.y, {-4.5, 5.0}, {-4.0, 4.5}, 100);
  // The boundary line on top of the classes.
  const arma::vec x1 = arma::linspace(-4.5, 5.0, 2);
  const arma::vec x2 = nn::decision_boundary_x2(theta, x1);
  std::vector<nn::plot::Series> series;
  for (arma::uword k = 0; k < 2; ++k) {
    const arma::uvec idx = arma::find(data.y == k);
    series.push_back({"class " + std::to_string(k), data.X.submat(arma::uvec{0}, idx).t(),
                      data.X.submat(arma::uvec{1}, idx).t(), "points"});
  }
  series.push_back({"z = 0 (p = 0.5)", x1, x2, "lines"});
  nn::plot::lines(target, "boundary_line.png", "The decision boundary b + w1 x1 + w2 x2 = 0", "x1",
                  "x2", series, {.log_y = false, .x_range = {-4.5, 5.0}, .y_range = {-4.0, 4.5}});
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("03_logistic_regression",
                      "Logistic regression: a sigmoid neuron with binary cross-entropy");
  double lr = 0.5;
  int epochs = 100;
  arma::uword batch_size = 20;
  arma::uword n_per_class = 100;
  chapter.add_option("--lr", lr, "learning rate of Example 3.8", nn::positive_finite());
  chapter.add_option("--epochs", epochs, "epochs of Example 3.8", nn::count_in(1, 1000000));
  chapter.add_option("--batch-size", batch_size, "mini-batch size of Example 3.8 (0: batch GD)",
                     nn::count_in(0, 100000));
  chapter.add_option("--per-class", n_per_class, "points per class in Example 3.8",
                     CLI::Range(2, 100000));

  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    const nn::plot::Target plots = opt.plot_target();
    std::cout << "Chapter 03 - Logistic regression: p = sigma(b + w.x), "
                 "L = -[y ln p + (1 - y) ln(1 - p)]\n";
    spam_email();
    three_emails();
    threshold();
    bce_per_instance();
    dL_dphi();
    dL_dz_step_by_step();
    one_update_step();
    train_on_blobs(plots, {lr, epochs, batch_size, n_per_class}, opt.seed);
    if (plots.mode == nn::plot::Mode::png)
      std::cout << "\nPlots written to " << opt.plot_dir() << "/\n";
  });
}
