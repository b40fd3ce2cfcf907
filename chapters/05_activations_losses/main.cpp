// Chapter 05: activation functions and loss functions. Reads top to bottom like README.md: every
// activation of the lectures with its derivative (checked by central differences), then every loss
// with the lectures' worked numbers, why probabilities are clipped and why the logits forms are
// stable.
#include <armadillo>
#include <cmath>
#include <functional>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <nn/activations/activations.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/losses.hpp>
#include <nn/plot/plot.hpp>

namespace {

using nn::fmt;
using nn::format;
using nn::heading;
using nn::sci;

// A relative error as a bound that does not flap with the last bits of a compiler's rounding:
// "< 1e-9", "< 1e-8", "< 1e-7", or the number itself when it is larger.
std::string error_bound(double e) {
  for (double b : {1e-8, 1e-7})
    if (e < b) return "ok, < " + sci(b, 0);
  return "TOO LARGE: " + sci(e, 2);
}

// Exercise 1: the central-difference derivative (f(z + h) - f(z - h)) / 2h, the reference every
// analytic derivative of this chapter is checked against.
double central_difference(const std::function<double(double)>& f, double z, double h = 1e-6) {
  // BEGIN SOLUTION
  return (f(z + h) - f(z - h)) / (2.0 * h);  // error O(h^2) + rounding O(eps/h)
  // END SOLUTION
}

// Exercise 2: binary cross-entropy from a logit z with label y in {0, 1}, in a form that never
// overflows: ln(1 + e^z) - y z = max(z, 0) - y z + ln(1 + e^{-|z|}).
double stable_bce_from_logit(double z, double y) {
  // BEGIN SOLUTION
  return std::max(z, 0.0) - y * z + std::log1p(std::exp(-std::abs(z)));
  // END SOLUTION
}

// Exercise 3: the cross-entropy of a softmax over logits z at the true class c, through the
// log-sum-exp trick: lse(z) - z_c with lse(z) = m + ln sum_j e^{z_j - m}, m = max_j z_j.
double stable_softmax_cross_entropy(const arma::vec& z, arma::uword c) {
  // BEGIN SOLUTION
  const double m = z.max();                                       // m = max_j z_j
  const double lse = m + std::log(arma::accu(arma::exp(z - m)));  // lse = m + ln sum e^{z - m}
  return lse - z(c);                                              // -ln softmax(z)_c
  // END SOLUTION
}

// ---------------------------------------------------------------------------------------------
// One activation: scalar function and derivative, for the tables, the checks and the plots.
struct Activation {
  std::string name;
  std::function<double(double)> f, df;
  int family;  // 0 squashing, 1 rectifiers, 2 smooth rectifiers: one plot each
};

std::vector<Activation> all_activations() {
  return {
      {"step", [](double z) { return nn::step(z); },
       [](double z) { return nn::step_derivative(z); }, 0},
      {"sigmoid", [](double z) { return nn::sigmoid(z); },
       [](double z) { return nn::sigmoid_derivative(z); }, 0},
      {"tanh", [](double z) { return nn::tanh(z); },
       [](double z) { return nn::tanh_derivative(z); }, 0},
      {"relu", [](double z) { return nn::relu(z); },
       [](double z) { return nn::relu_derivative(z); }, 1},
      {"leaky_relu(0.01)", [](double z) { return nn::leaky_relu(z, 0.01); },
       [](double z) { return nn::leaky_relu_derivative(z, 0.01); }, 1},
      {"prelu(0.25)", [](double z) { return nn::prelu(z, 0.25); },
       [](double z) { return nn::prelu_derivative(z, 0.25); }, 1},
      {"rrelu (test)", [](double z) { return nn::rrelu(z); },
       [](double z) { return nn::rrelu_derivative(z); }, 1},
      {"elu(1)", [](double z) { return nn::elu(z, 1.0); },
       [](double z) { return nn::elu_derivative(z, 1.0); }, 2},
      {"selu", [](double z) { return nn::selu(z); },
       [](double z) { return nn::selu_derivative(z); }, 2},
      {"gelu (erf)", [](double z) { return nn::gelu(z); },
       [](double z) { return nn::gelu_derivative(z); }, 2},
      {"gelu (tanh)", [](double z) { return nn::gelu_tanh(z); },
       [](double z) { return nn::gelu_tanh_derivative(z); }, 2},
  };
}

// ---------------------------------------------------------------------------------------------
// 1. The activations of the lectures, with their derivatives.
void activations(const nn::plot::Target& plots) {
  heading("1. Activations and their derivatives");
  const arma::rowvec x{-1.0, 0.0, 1.0};
  std::cout << "Example 5.1  at z = -1, 0, 1 (L2-04):\n"
            << "Example 5.1    sigmoid = " << fmt(nn::sigmoid(x)) << "\n"
            << "Example 5.1    tanh    = " << fmt(nn::tanh(x)) << "\n"
            << "Example 5.1    relu    = " << fmt(nn::relu(x)) << "\n"
            << "Example 5.1    tanh(1) = 2 sigmoid(2) - 1 = " << fmt(2.0 * nn::sigmoid(2.0) - 1.0)
            << "\n";

  const arma::rowvec zs{0.0, 1.1, 2.0, -1.0};
  std::cout << "Example 5.2  sigmoid'(z) = sigmoid(z)(1 - sigmoid(z)) at z = 0, 1.1, 2, -1"
            << " (L0-08, L1-19, L3-13): " << fmt(nn::sigmoid_derivative(zs)) << "\n"
            << "Example 5.2  e^{-2}/(1 + e^{-2})^2 = "
            << fmt(std::exp(-2.0) / std::pow(1.0 + std::exp(-2.0), 2.0))
            << "  (the quotient form)\n";

  std::cout << "Example 5.3  tanh(z) = (1 - e^{-2z})/(1 + e^{-2z}), tanh' = 1 - tanh^2 (L1-20):\n";
  for (double z : {0.5, -1.0, 2.0}) {
    std::cout << "Example 5.3    z = " << fmt(z, 1) << ": tanh = " << fmt(nn::tanh(z))
              << ", slide form = " << fmt((1.0 - std::exp(-2.0 * z)) / (1.0 + std::exp(-2.0 * z)))
              << ", tanh' = " << fmt(nn::tanh_derivative(z)) << "\n";
  }

  const arma::rowvec zr{-2.0, 0.0, 3.0};
  std::cout << "Example 5.4  relu(-2, 0, 3) = " << fmt(nn::relu(zr), 0)
            << ", relu' = " << fmt(nn::relu_derivative(zr), 0)
            << "  (we use relu'(0) = 0; L1-21, L3-13)\n";

  const arma::rowvec zl{-2.0, -0.5, 0.0, 3.0};
  std::cout << "Example 5.5  leaky_relu(-2, -0.5, 0, 3; alpha = 0.01) = "
            << fmt(nn::leaky_relu(zl, 0.01), 3) << ", derivative "
            << fmt(nn::leaky_relu_derivative(zl, 0.01), 2) << "  (L1-40)\n"
            << "Example 5.5  prelu(-2; alpha = 0.25) = " << fmt(nn::prelu(-2.0, 0.25))
            << ", d/dalpha = min(z, 0) = " << fmt(nn::prelu_alpha_derivative(arma::mat{-2.0})(0))
            << "\n"
            << "Example 5.5  rrelu at test: slope (1/8 + 1/3)/2 = " << fmt(nn::rrelu_mean_slope())
            << ", rrelu(-2) = " << fmt(nn::rrelu(-2.0)) << "\n";
  const arma::mat train = nn::rrelu(arma::mat(1, 5, arma::fill::value(-1.0)), 1.0 / 8.0, 1.0 / 3.0,
                                    /*training=*/true, nn::global_rng());
  std::cout << "Example 5.5  rrelu in training, slopes drawn from U[1/8, 1/3] (seeded): "
            << fmt(-train) << "\n";

  std::cout << "Example 5.6  GELU = x Phi(x) and its tanh form (L1-41):\n";
  for (double z : {-3.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0}) {
    std::cout << "Example 5.6    x = " << fmt(z, 1) << ": exact = " << fmt(nn::gelu(z), 6)
              << ", tanh form = " << fmt(nn::gelu_tanh(z), 6) << "\n";
  }
  const arma::mat grid = arma::linspace<arma::rowvec>(-6.0, 6.0, 120001);
  const arma::mat gap = arma::abs(nn::gelu(grid) - nn::gelu_tanh(grid));
  std::cout << "Example 5.6  max |exact - tanh form| on [-6, 6] = " << sci(gap.max(), 3)
            << " at x = " << fmt(grid(gap.index_max()), 3) << "\n";
  std::cout << "Example 5.7  elu(-1) = e^{-1} - 1 = " << fmt(nn::elu(-1.0))
            << ", selu(-1) = " << fmt(nn::selu(-1.0))
            << ", selu(1) = lambda = " << fmt(nn::selu(1.0)) << "\n";

  // Every derivative against central differences, away from the kinks at 0.
  std::cout << "Example 5.8  derivative check, max relative error against central differences\n"
            << "Example 5.8  at z = -3.1 -1.3 -0.4 0.3 0.9 2.5 (0 where both are 0):\n";
  const std::vector<double> check_points{-3.1, -1.3, -0.4, 0.3, 0.9, 2.5};
  for (const Activation& a : all_activations()) {
    double worst = 0.0;
    for (double z : check_points) {
      const double analytic = a.df(z), numeric = central_difference(a.f, z);
      const double denom = std::abs(analytic) + std::abs(numeric);
      if (denom > 1e-12) worst = std::max(worst, std::abs(analytic - numeric) / denom);
    }
    std::cout << format("Example 5.8    %-17s %s\n", a.name.c_str(), error_bound(worst).c_str());
  }

  // Erratum L4-02: the slide's '1/1 + e^{-z}' read literally.
  std::cout << "Example 5.9  erratum L4-02: '1/1 + e^{-z}' read literally is 1 + e^{-z}: "
            << fmt(1.0 / 1.0 + std::exp(-0.0)) << " at z = 0, " << fmt(1.0 / 1.0 + std::exp(-1.0))
            << " at z = 1; sigmoid gives " << fmt(nn::sigmoid(0.0)) << " and "
            << fmt(nn::sigmoid(1.0)) << "\n";

  // Plots, one per family: each g(z) a solid line, its derivative g'(z) a dashed line of the same
  // colour.
  const arma::vec z = arma::linspace(-4.0, 4.0, 401);
  const std::vector<std::string> files{"squashing.png", "rectifiers.png", "smooth_rectifiers.png"};
  const std::vector<std::string> titles{"Squashing functions: g(z) solid, g'(z) dashed",
                                        "Rectifiers: g(z) solid, g'(z) dashed",
                                        "Smooth rectifiers: g(z) solid, g'(z) dashed"};
  const std::vector<std::string> colours{"#1f77b4", "#d62728", "#2ca02c",
                                         "#ff7f0e", "#9467bd", "#8c564b"};
  for (int family = 0; family < 3; ++family) {
    std::vector<nn::plot::Series> series;
    std::size_t k = 0;
    for (const Activation& a : all_activations()) {
      if (a.family != family) continue;
      arma::vec fz(z.n_elem), dfz(z.n_elem);
      for (arma::uword i = 0; i < z.n_elem; ++i) fz(i) = a.f(z(i));
      for (arma::uword i = 0; i < z.n_elem; ++i) dfz(i) = a.df(z(i));
      const std::string& colour = colours[k++ % colours.size()];
      series.push_back({a.name, z, fz, "lines", colour});
      series.push_back({a.name + "'", z, dfz, "dashes", colour});
    }
    nn::plot::lines(plots, files[family], titles[family], "z", "g(z), g'(z)", series,
                    {.log_y = false, .x_range = {-4.0, 4.0}, .y_range = {-2.0, 3.0}});
  }
  const arma::vec zg = arma::linspace(-6.0, 6.0, 601);
  nn::plot::lines(
      plots, "gelu_gap.png", "GELU: exact minus tanh form", "x", "difference",
      {{"gelu(x) - gelu_tanh(x)", zg, arma::vec(nn::gelu(zg) - nn::gelu_tanh(zg)), "lines"}});
}

// ---------------------------------------------------------------------------------------------
// 2. Regression losses: MSE, MAE and the squared-error sum.
void regression_losses() {
  heading("2. Regression losses: MSE, MAE, SSE");
  std::cout << "Example 5.10  mse(y = 23.5, yhat = 22.9) = (23.5 - 22.9)^2 = "
            << fmt(nn::mse(arma::mat{22.9}, arma::mat{23.5})) << "  (L3-10)\n";
  const arma::rowvec y{1.0, 2.0, 3.0}, yhat{1.5, 2.0, 2.0};
  std::cout << "Example 5.11  y = (1, 2, 3), yhat = (1.5, 2, 2): mae = " << fmt(nn::mae(yhat, y))
            << ", mse = " << fmt(nn::mse(yhat, y)) << "  (L0-05)\n";
  const arma::vec y2{1.0, 2.0}, yp2{1.5, 1.0};
  std::cout << "Example 5.12  y = (1, 2), y' = (1.5, 1): ||y - y'||_1 = "
            << fmt(arma::norm(y2 - yp2, 1)) << ", ||y - y'||_2^2 = " << fmt(nn::sse(yp2, y2))
            << "; means " << fmt(nn::mae(yp2, y2)) << " and " << fmt(nn::mse(yp2, y2))
            << "  (L2-06)\n";
  const arma::mat I = arma::eye(4, 4);  // Dog, Pear, House, Grass as columns
  std::cout << "Example 5.13  one-hot Pear vs House: sum of squares = "
            << fmt(nn::sse(I.col(1), I.col(2)), 0)
            << ", Dog vs Grass = " << fmt(nn::sse(I.col(0), I.col(3)), 0)
            << "; Keras's mse (mean over 4) = " << fmt(nn::mse(I.col(1), I.col(2)))
            << "  (L3-11)\n";
  const arma::mat Yv{{1.0, 0.0}, {0.0, 1.0}}, Zv{{0.5, 0.2}, {-0.1, 0.9}};
  std::cout << "Example 5.14  squared loss, scalar targets: "
            << fmt(nn::sse(arma::rowvec{1.5, 1.0, 3.0}, y))
            << "; vector targets: " << fmt(nn::sse(Zv, Yv)) << "  (L4-04)\n";
}

// ---------------------------------------------------------------------------------------------
// 3. Cross-entropies on probabilities, with the clip.
void probability_losses(const nn::plot::Target& plots) {
  heading("3. Cross-entropy on probabilities");
  std::cout << "Example 5.15  bce(y = 1, p) = -ln p (L0-04):";
  for (double p : {0.5, 0.1, 0.01, 0.001}) {
    std::cout << "  p = " << p << ": " << fmt(nn::binary_cross_entropy(p, 1.0));
  }
  std::cout << "\nExample 5.15  each 10x drop of p adds ln 10 = "
            << fmt(nn::binary_cross_entropy(0.01, 1.0) - nn::binary_cross_entropy(0.1, 1.0))
            << "; bce(y = 0, p = 0.9) = " << fmt(nn::binary_cross_entropy(0.9, 0.0)) << "\n";

  std::cout << "Example 5.16  erratum L3-08, (y, p):  correct  as printed\n";
  for (auto [yy, p] : std::vector<std::pair<double, double>>{{0, 0.25}, {0, 0.9}, {1, 0.9}}) {
    const double printed = -yy * std::log(p) + (1.0 - yy) * std::log(1.0 - p);
    std::cout << "Example 5.16    (" << fmt(yy, 0) << ", " << fmt(p, 2)
              << "):  " << fmt(nn::binary_cross_entropy(p, yy)) << "   " << fmt(printed) << "\n";
  }

  const arma::mat pear = arma::mat(arma::eye(4, 4)).col(1);
  const double blue = nn::categorical_cross_entropy(arma::vec{0.23, 0.30, 0.23, 0.23}, pear);
  const double yellow = nn::categorical_cross_entropy(arma::vec{0.06, 0.79, 0.07, 0.09}, pear);
  std::cout << "Example 5.17  true class Pear: unsure blue [0.23, 0.30, 0.23, 0.23] -> "
            << fmt(blue) << ", confident yellow [0.06, 0.79, 0.07, 0.09] -> " << fmt(yellow)
            << "  (L3-12)\n";

  const arma::mat P{{0.7, 0.0}, {0.2, 1.0}, {0.1, 0.0}};  // two examples, both of class 0
  const arma::mat T{{1.0, 1.0}, {0.0, 0.0}, {0.0, 0.0}};
  std::cout << "Example 5.18  clipping (L3-09): p = [0.7, 0.2, 0.1] and [0, 1, 0], both class 0\n"
            << "Example 5.18    unclipped -ln p_true = " << fmt(-std::log(P(0, 0))) << " and "
            << fmt(-std::log(P(0, 1))) << "\n"
            << "Example 5.18    clipped to [1e-7, 1 - 1e-7]: "
            << fmt(nn::categorical_cross_entropy(P.col(0), T.col(0))) << " and "
            << fmt(nn::categorical_cross_entropy(P.col(1), T.col(1))) << ", mean "
            << fmt(nn::categorical_cross_entropy(P, T)) << "\n"
            << "Example 5.18    price of the upper clip on a perfect prediction: "
            << sci(nn::categorical_cross_entropy(arma::vec{1.0, 0.0, 0.0}, T.col(0)), 3) << "\n";

  const arma::vec p3{0.2, 0.7, 0.1};
  std::cout << "Example 5.19  nll(class 1, p = [0.2, 0.7, 0.1]) = "
            << fmt(nn::nll(arma::log(p3), arma::uvec{1}))
            << " = cce = " << fmt(nn::categorical_cross_entropy(p3, arma::vec{0.0, 1.0, 0.0}))
            << "  (L2-06)\n";

  const arma::vec pp = arma::linspace(0.001, 0.999, 999);
  arma::vec l1(pp.n_elem), l0(pp.n_elem);
  for (arma::uword i = 0; i < pp.n_elem; ++i) {
    l1(i) = nn::binary_cross_entropy(pp(i), 1.0);
    l0(i) = nn::binary_cross_entropy(pp(i), 0.0);
  }
  const arma::vec err = arma::linspace(-2.0, 2.0, 401);
  nn::plot::lines(plots, "bce.png", "Binary cross-entropy", "predicted p", "loss",
                  {{"y = 1: -ln p", pp, l1, "lines"}, {"y = 0: -ln(1 - p)", pp, l0, "lines"}});
  nn::plot::lines(plots, "mse_mae.png", "Squared and absolute error", "yhat - y", "loss",
                  {{"(yhat - y)^2", err, arma::square(err), "lines"},
                   {"|yhat - y|", err, arma::abs(err), "lines"}});
}

// ---------------------------------------------------------------------------------------------
// 4. Losses on logits, and why they are stable.
void logit_losses() {
  heading("4. Losses on logits");
  std::cout << "Example 5.20  -ln P(y | z) = ln(1 + e^z) - y z (erratum L4-05: the slides print "
               "e^{yz}):\n";
  for (auto [yy, z] :
       std::vector<std::pair<double, double>>{{0, 0.8}, {1, 0.8}, {0, -2}, {1, -2}}) {
    const double printed = std::log(1.0 + std::exp(yy * z)) - yy * z;
    std::cout << "Example 5.20    y = " << fmt(yy, 0) << ", z = " << fmt(z, 1)
              << ": correct = " << fmt(nn::binary_cross_entropy_from_logits(z, yy))
              << ", as printed = " << fmt(printed)
              << ", via sigmoid = " << fmt(nn::binary_cross_entropy(nn::sigmoid(z), yy)) << "\n";
  }

  const arma::rowvec z{0.8, -1.2, 2.0}, ypm{1.0, -1.0, -1.0};
  const arma::rowvec terms = nn::softplus(arma::mat(-ypm % z));
  std::cout << "Example 5.21  logistic loss, labels +-1: ln(1 + e^{-yz}) = " << fmt(terms)
            << ", sum " << fmt(arma::accu(terms)) << "; BCE with (y + 1)/2: "
            << fmt(nn::binary_cross_entropy_from_logits(z, (ypm + 1.0) / 2.0, nn::Reduction::Sum))
            << "  (L4-01)\n";

  const arma::mat Z{{1.7, 0.5}, {-0.1, 1.5}, {0.4, 0.2}};
  const arma::uvec c{2, 1};
  std::cout << "Example 5.22  softmax cross-entropy lse(z) - z_c (L4-07): lse = "
            << fmt(nn::logsumexp(Z)) << ", losses "
            << fmt(stable_softmax_cross_entropy(Z.col(0), 2)) << " and "
            << fmt(stable_softmax_cross_entropy(Z.col(1), 1)) << ", sum "
            << fmt(nn::softmax_cross_entropy(Z, c, nn::Reduction::Sum)) << ", mean "
            << fmt(nn::softmax_cross_entropy(Z, c)) << "\n";

  // Deck 4's NumPy forward pass (L4-24) on the catalogue's constructed 3-sample data.
  const arma::mat X = arma::mat{{0.5, -1.0}, {1.5, 0.2}, {-0.3, 0.8}}.t();  // 2 x 3
  const arma::rowvec y{1.0, 0.0, 1.0};
  nn::Dense hidden(arma::mat{{0.1, -0.2, 0.3, 0.4}, {-0.5, 0.6, -0.7, 0.8}}.t(),
                   arma::vec{0.01, -0.02, 0.03, -0.04});
  nn::Dense output(arma::mat{{0.5, -0.4, 0.3, -0.2}}, arma::vec{0.1});
  const arma::mat Zout = output.forward(nn::sigmoid(hidden.forward(X)));
  std::cout << "Example 5.23  deck-4 forward pass (erratum L4-24): Zout = " << fmt(Zout)
            << ", Uout = " << fmt(nn::sigmoid(Zout)) << "\n"
            << "Example 5.23    loss sum(-y z + ln(1 + e^z)) = "
            << fmt(nn::binary_cross_entropy_from_logits(Zout, y, nn::Reduction::Sum))
            << ", the printed line sum(-y z + ln(1 + y z)) = "
            << fmt(arma::accu(-y % Zout + arma::log(1.0 + y % Zout))) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 5. Naive versus stable: where the textbook formula overflows.
void stability() {
  heading("5. Naive versus stable formulas");
  const auto naive_bce_prob = [](double z, double y) {  // sigmoid first, then the log
    // BEGIN SOLUTION (companion of exercise sigmoid: the starter calls nn::sigmoid here)
    const double p = 1.0 / (1.0 + std::exp(-z));
    // END SOLUTION
    return -(y * std::log(p) + (1.0 - y) * std::log(1.0 - p));
  };
  const auto naive_bce_logit = [](double z, double y) {
    return std::log(1.0 + std::exp(z)) - y * z;
  };
  std::cout << "Example 5.24  BCE at z = 40, y = 0:  naive sigmoid + log = "
            << fmt(naive_bce_prob(40.0, 0.0))
            << ", clipped probability = " << fmt(nn::binary_cross_entropy(nn::sigmoid(40.0), 0.0))
            << ", from logits = " << fmt(nn::binary_cross_entropy_from_logits(40.0, 0.0)) << "\n";
  std::cout << "Example 5.24  BCE at z = 800, y = 0: naive ln(1 + e^z) - yz = "
            << fmt(naive_bce_logit(800.0, 0.0))
            << ", from logits = " << fmt(nn::binary_cross_entropy_from_logits(800.0, 0.0))
            << ", exercise 2 = " << fmt(stable_bce_from_logit(800.0, 0.0)) << "\n";
  std::cout << "Example 5.24  BCE at z = -800, y = 1: naive sigmoid + log = "
            << fmt(naive_bce_prob(-800.0, 1.0))
            << ", from logits = " << fmt(nn::binary_cross_entropy_from_logits(-800.0, 1.0)) << "\n";

  const arma::vec z{1000.0, 1001.0, 1002.0};
  const arma::vec naive = arma::exp(z) / arma::accu(arma::exp(z));
  std::cout << "Example 5.25  softmax(1000, 1001, 1002): naive e^z / sum e^z = " << fmt(naive)
            << ", stable = " << fmt(nn::softmax(z)) << "\n"
            << "Example 5.25  cross-entropy at class 0: naive -ln(naive p_0) = "
            << fmt(-std::log(naive(0)))
            << ", log-sum-exp = " << fmt(nn::softmax_cross_entropy(z, arma::uvec{0}))
            << ", exercise 3 = " << fmt(stable_softmax_cross_entropy(z, 0)) << "\n";
  const arma::vec zneg{-1000.0, 0.0};
  std::cout << "Example 5.25  log-softmax(-1000, 0): log(softmax) = "
            << fmt(arma::log(nn::softmax(zneg))) << ", log_softmax = " << fmt(nn::log_softmax(zneg))
            << "\n";

  // Every loss gradient against central differences on a small batch.
  nn::Rng rng(5);
  const arma::mat Zb = rng.randn(3, 4, 0.0, 1.5);
  const arma::mat Tb = arma::mat{{1, 0, 0, 0}, {0, 0, 1, 1}, {0, 1, 0, 0}};  // one-hot columns
  const arma::mat Pb = nn::softmax(Zb);
  const arma::mat Sb = nn::sigmoid(Zb);
  struct LossCase {
    std::string name;
    std::function<double(const arma::mat&)> f;
    arma::mat at, gradient;
  };
  const std::vector<LossCase> cases{
      {"mse", [&](const arma::mat& A) { return nn::mse(A, Tb); }, Zb, nn::mse_gradient(Zb, Tb)},
      {"mae", [&](const arma::mat& A) { return nn::mae(A, Tb); }, Zb, nn::mae_gradient(Zb, Tb)},
      {"binary_cross_entropy", [&](const arma::mat& A) { return nn::binary_cross_entropy(A, Tb); },
       Sb, nn::binary_cross_entropy_gradient(Sb, Tb)},
      {"bce_from_logits",
       [&](const arma::mat& A) { return nn::binary_cross_entropy_from_logits(A, Tb); }, Zb,
       nn::binary_cross_entropy_from_logits_gradient(Zb, Tb)},
      {"categorical_ce", [&](const arma::mat& A) { return nn::categorical_cross_entropy(A, Tb); },
       Pb, nn::categorical_cross_entropy_gradient(Pb, Tb)},
      {"softmax_ce", [&](const arma::mat& A) { return nn::softmax_cross_entropy(A, Tb); }, Zb,
       nn::softmax_cross_entropy_gradient(Zb, Tb)},
      {"nll", [&](const arma::mat& A) { return nn::nll(A, Tb); }, arma::mat(nn::log_softmax(Zb)),
       nn::nll_gradient(arma::mat(nn::log_softmax(Zb)), Tb)},
  };
  std::cout << "Example 5.26  loss gradients against central differences (relative error):\n";
  for (const LossCase& lc : cases) {
    arma::mat numeric(arma::size(lc.at));
    for (arma::uword i = 0; i < lc.at.n_elem; ++i) {
      numeric(i) = central_difference(
          [&](double v) {
            arma::mat A = lc.at;
            A(i) = v;
            return lc.f(A);
          },
          lc.at(i));
    }
    const double rel = arma::norm(lc.gradient - numeric, "fro") /
                       (arma::norm(lc.gradient, "fro") + arma::norm(numeric, "fro"));
    std::cout << format("Example 5.26    %-21s %s\n", lc.name.c_str(), error_bound(rel).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("05_activations_losses", "Activation functions and loss functions");
  return chapter.run(argc, argv, [](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 05: activation functions and loss functions\n";
    const nn::plot::Target plots = opt.plot_target();
    activations(plots);
    regression_losses();
    probability_losses(plots);
    logit_losses();
    stability();
  });
}
