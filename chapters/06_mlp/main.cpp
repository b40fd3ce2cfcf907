// Chapter 06: multi-layer perceptrons. Reads top to bottom like README.md: XOR needs a hidden
// layer, stacked linear layers collapse to one, a sine wave needs non-linear units, the forward
// pass of a 3-2-1 network, the deck-4 synthetic set, parameter counts, the lecture's MNIST
// network, and the same network with float32 products (mixed precision).
#include <algorithm>
#include <armadillo>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include <nn/activations/relu.hpp>
#include <nn/activations/sigmoid.hpp>
#include <nn/activations/step.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/mnist.hpp>
#include <nn/data/split.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mse.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>
#include <nn/plot/plot.hpp>

namespace {

using nn::fmt;
using nn::grouped;
using nn::heading;

const double kPi = std::acos(-1.0);

// Exercise 1: the single layer equivalent to two stacked linear layers,
// W = W2 W1 and b = W2 b1 + b2 (deck 1 "Multilayer Perceptron", in our column layout).
nn::Dense collapse(nn::Dense& first, nn::Dense& second) {
  // BEGIN SOLUTION
  const arma::mat W = second.W().value * first.W().value;                     // W = W2 W1
  const arma::vec b = second.W().value * first.b().value + second.b().value;  // b = W2 b1 + b2
  return nn::Dense(W, b);
  // END SOLUTION
}

// Exercise 2: the lecture's hand-built ReLU expression (deck 3, "Fitting a sine wave"), literally:
// y = max(max(x * 6.0 + 0.0, 0.0) * (-1.0) + 0.7, 0.0) * (-1.0).
double relu_expression(double x) {
  // BEGIN SOLUTION
  return std::max(std::max(x * 6.0 + 0.0, 0.0) * (-1.0) + 0.7, 0.0) * (-1.0);
  // END SOLUTION
}

// Exercise 3: the number of parameters of a network with one hidden layer (deck 4, "Number of
// Parameters"): N_H (d + 1) + K (N_H + 1).
arma::uword param_count(arma::uword d, arma::uword n_hidden, arma::uword k) {
  // BEGIN SOLUTION
  return n_hidden * (d + 1) + k * (n_hidden + 1);  // hidden W and b, output W and b
  // END SOLUTION
}

// ---------------------------------------------------------------------------------------------
// 1. Why hidden layers: XOR.
void why_hidden_layers(const nn::ChapterOptions& opt) {
  heading("1. Why hidden layers: XOR");
  const arma::mat X{{0, 0, 1, 1}, {0, 1, 0, 1}};  // the four inputs, one per column
  const arma::rowvec y_xor{0, 1, 1, 0}, y_or{0, 1, 1, 1}, y_and{0, 0, 0, 1};
  std::cout << "Example 1.1  x1 x2 | AND OR XOR\n";
  for (arma::uword n = 0; n < 4; ++n) {
    std::cout << "Example 1.1   " << X(0, n) << "  " << X(1, n) << " |  " << y_and(n) << "   "
              << y_or(n) << "   " << y_xor(n) << "\n";
  }
  // A hand-built 2-2-1 network of threshold units: h1 = OR, h2 = AND, y = h1 AND NOT h2.
  nn::Dense hidden(arma::mat{{1, 1}, {1, 1}}, arma::vec{-0.5, -1.5});
  nn::Dense output(arma::mat{{1, -1}}, arma::vec{-0.5});
  const arma::mat H = nn::step(hidden.forward(X));  // h = step(W1 x + b1)
  const arma::mat Y = nn::step(output.forward(H));  // y = step(w2 . h + b2)
  std::cout << "Example 1.2  h1 = step(x1 + x2 - 0.5) = " << fmt(H.row(0), 0) << "  (OR)\n"
            << "Example 1.2  h2 = step(x1 + x2 - 1.5) = " << fmt(H.row(1), 0) << "  (AND)\n"
            << "Example 1.2  y  = step(h1 - h2 - 0.5) = " << fmt(Y, 0) << "  (XOR)\n";

  // A learned 2-2-1 sigmoid network. Two hidden units are just enough, so some initial weights
  // end in a local minimum; we try fresh initial weights until all four points are right.
  const arma::uvec labels{0, 1, 1, 0};
  for (int attempt = 1; attempt <= 10; ++attempt) {
    nn::Sequential model;
    auto& dense1 = model.add<nn::Dense>(2, 2);
    model.add<nn::Sigmoid>();
    auto& dense2 = model.add<nn::Dense>(2, 1);
    model.add<nn::Sigmoid>();
    model.compile(nn::BinaryCrossEntropy(), nn::Adam(model.parameters(), {.lr = 0.1}));
    nn::History h = model.fit(X, labels, {.epochs = 500, .batch_size = 4, .verbose = 0});
    const arma::mat P = model.predict(X);
    const double acc = nn::accuracy(model.predict_classes(X), labels);
    std::cout << "Example 1.3  attempt " << attempt
              << ": loss after 500 epochs = " << fmt(h.loss.back())
              << ", accuracy = " << fmt(acc, 2) << "\n";
    if (acc < 1.0) continue;
    std::cout << "Example 1.3  W1 = " << fmt(dense1.W().value.row(0)) << " / "
              << fmt(dense1.W().value.row(1)) << ",  b1 = " << fmt(dense1.b().value) << "\n"
              << "Example 1.3  w2 = " << fmt(dense2.W().value)
              << ",  b2 = " << fmt(dense2.b().value(0)) << "\n"
              << "Example 1.3  hidden h = sigmoid(W1 x + b1): h1 = "
              << fmt(nn::sigmoid(dense1.forward(X)).eval().row(0), 3)
              << ", h2 = " << fmt(nn::sigmoid(dense1.forward(X)).eval().row(1), 3) << "\n"
              << "Example 1.3  P(y = 1) on (0,0) (0,1) (1,0) (1,1) = " << fmt(P, 3) << "\n";
    nn::plot::decision_regions(opt.plot_target(), "xor_regions.png", "XOR: a 2-2-1 sigmoid network",
                               [&](const arma::mat& G) { return arma::rowvec(model.predict(G)); },
                               X, labels, {-0.5, 1.5}, {-0.5, 1.5});
    return;
  }
  std::cout << "Example 1.3  no attempt separated XOR\n";
}

// 1 (continued). One hidden layer does not mean a convex region. Deck 1, "Decision Boundary":
// "1 hidden layer with nonlinear activation: boundary of convex region (open or closed)". That
// holds when the output unit ANDs its hidden half-planes (an intersection of half-planes is
// convex), not in general: a 2-2-1 step network whose output ORs two half-planes draws an L-shaped
// region.
void one_hidden_layer_region(const nn::ChapterOptions& opt) {
  nn::Dense hidden(arma::mat{{-1, 0}, {0, -1}}, arma::vec{0.5, 0.5});  // z = 0.5 - x
  nn::Dense or_output(arma::mat{{1, 1}}, arma::vec{-0.5});             // h1 + h2 - 0.5
  nn::Dense and_output(arma::mat{{1, 1}}, arma::vec{-1.5});            // h1 + h2 - 1.5
  // y = step(w2 . step(W1 x + b1) + b2), one point per column
  auto classify = [&hidden](nn::Dense& output, const arma::mat& X) {
    return arma::rowvec(nn::step(output.forward(nn::step(hidden.forward(X)))));
  };
  std::cout << "Example 1.4  deck 1: one hidden layer gives \"a boundary of convex region\"; not "
               "in general\n"
            << "Example 1.4  h1 = step(0.5 - x1), h2 = step(0.5 - x2): two half-planes; "
            << "y = step(h1 + h2 - 0.5) = h1 OR h2\n"
            << "Example 1.4  y on the grid x1, x2 = 0, 0.1, ..., 1 (# = class 1, . = class 0):\n";
  arma::mat G(2, 121);  // column i + 11 j is (i / 10, j / 10)
  for (arma::uword j = 0; j <= 10; ++j) {
    for (arma::uword i = 0; i <= 10; ++i) G.col(i + 11 * j) = arma::vec{i / 10.0, j / 10.0};
  }
  const arma::rowvec y_or = classify(or_output, G), y_and = classify(and_output, G);
  for (int j = 10; j >= 0; --j) {
    std::cout << "Example 1.4    x2 = " << fmt(j / 10.0, 1) << " ";
    for (arma::uword i = 0; i <= 10; ++i) std::cout << (y_or(i + 11 * j) > 0.5 ? " #" : " .");
    std::cout << "\n";
  }
  std::cout << "Example 1.4              x1 = 0 ... 1\n";
  // Two points of the region whose midpoint is not in it.
  const arma::mat P = {{0.2, 0.9, 0.55}, {0.9, 0.2, 0.55}};  // a, b, (a + b) / 2
  const arma::rowvec y_ab = classify(or_output, P);
  std::cout << "Example 1.5  a = (0.2, 0.9): y = " << y_ab(0) << ", b = (0.9, 0.2): y = " << y_ab(1)
            << ", midpoint (0.55, 0.55): y = " << y_ab(2) << "  -> the region is not convex\n";
  // Every pair of class-1 grid points: how many have a class-0 midpoint?
  auto broken_pairs = [&](nn::Dense& output, const arma::rowvec& y) {
    const arma::uvec in = arma::find(y > 0.5);
    std::vector<double> mid;
    for (arma::uword p = 0; p < in.n_elem; ++p) {
      for (arma::uword q = p + 1; q < in.n_elem; ++q) {
        const arma::vec m = 0.5 * (G.col(in(p)) + G.col(in(q)));
        mid.insert(mid.end(), {m(0), m(1)});
      }
    }
    const arma::mat M(mid.data(), 2, mid.size() / 2);
    const arma::uword broken = M.n_cols ? arma::uword(arma::accu(classify(output, M) < 0.5)) : 0;
    return grouped(broken) + " of " + grouped(M.n_cols);
  };
  std::cout << "Example 1.6  pairs of class-1 grid points with a class-0 midpoint: h1 OR h2 "
            << broken_pairs(or_output, y_or) << "; h1 AND h2 (y = step(h1 + h2 - 1.5)) "
            << broken_pairs(and_output, y_and) << "\n"
            << "Example 1.6  an output that ANDs half-planes draws a convex region; one that ORs "
               "them need not\n";
  nn::plot::decision_regions(opt.plot_target(), "nonconvex_region.png",
                             "One hidden layer, y = step(h1 + h2 - 0.5): an L-shaped region",
                             [&](const arma::mat& X) { return classify(or_output, X); }, P,
                             arma::uvec{1, 1, 0}, {0.0, 1.0}, {0.0, 1.0});
}

// ---------------------------------------------------------------------------------------------
// 2. Stacked linear layers collapse to one.
void linear_collapse() {
  heading("2. Stacked linear layers collapse to one layer");
  // L1-18 (the lecture's algebra; the numbers are ours, CONSTRUCTED in the catalogue).
  nn::Dense layer1(arma::mat{{1, 2}, {0, -1}, {3, 1}}, arma::vec{0.5, -0.5, 1.0});
  nn::Dense layer2(arma::mat{{2, -1, 0.5}}, arma::vec{0.25});
  const arma::vec x{1, -2};
  const arma::mat H = layer1.forward(x);
  const arma::mat O = layer2.forward(H);
  std::cout << "Example 2.1  x = " << fmt(x) << "\n"
            << "Example 2.1  H = W1 x + b1 = " << fmt(H) << "\n"
            << "Example 2.1  O = W2 H + b2 = " << fmt(O(0, 0)) << "\n";
  nn::Dense single = collapse(layer1, layer2);
  std::cout << "Example 2.1  W = W2 W1 = " << fmt(single.W().value)
            << ",  b = W2 b1 + b2 = " << fmt(single.b().value(0)) << "\n"
            << "Example 2.1  W x + b = " << fmt(single.forward(x)(0, 0)) << "  (same as O)\n";

  // L3-05: the deck-3 network h11 = 1 x1, h21 = 2 x2; h12 = 2 h11 + 3 h21, h22 = 2 h11 + 1 h21;
  // yhat = 3 h12 + 1 h22.
  nn::Dense l1(arma::mat{{1, 0}, {0, 2}}, arma::vec{0, 0});
  nn::Dense l2(arma::mat{{2, 3}, {2, 1}}, arma::vec{0, 0});
  nn::Dense l3(arma::mat{{3, 1}}, arma::vec{0});
  const arma::mat X{{1, 0, 2}, {0, 1, -1}};  // (1,0), (0,1), (2,-1) as columns
  const arma::mat Y = l3.forward(l2.forward(l1.forward(X)));
  nn::Dense l12 = collapse(l1, l2);
  nn::Dense all = collapse(l12, l3);
  std::cout << "Example 2.2  layer by layer: yhat(1,0) = " << fmt(Y(0, 0), 0)
            << ", yhat(0,1) = " << fmt(Y(0, 1), 0) << ", yhat(2,-1) = " << fmt(Y(0, 2), 0) << "\n"
            << "Example 2.2  collapsed W = W3 W2 W1 = " << fmt(all.W().value, 0)
            << ", b = " << fmt(all.b().value(0), 0) << "\n";
  const double w_a = 1 * 2 * 3, w_b = 1 * 2 * 1, w_c = 2 * 3 * 3, w_d = 2 * 1 * 1;
  std::cout << "Example 2.2  path weights w_a = 1x2x3 = " << w_a << ", w_b = 1x2x1 = " << w_b
            << ", w_c = 2x3x3 = " << w_c << ", w_d = 2x1x1 = " << w_d << "\n"
            << "Example 2.2  yhat = (w_a + w_b) x1 + (w_c + w_d) x2 = " << w_a + w_b << " x1 + "
            << w_c + w_d << " x2   (lecture: 4 x1 + 20 x2, erratum L3-05)\n";
}

// ---------------------------------------------------------------------------------------------
// 3. Fitting a sine wave: linear units fail, ReLU units succeed.
double mse_of(const arma::mat& Yhat, const arma::mat& Y) {
  return arma::accu(arma::square(Yhat - Y)) / Y.n_elem;
}

void sine_wave(const nn::ChapterOptions& opt) {
  heading("3. Fitting a sine wave on [0, 2 pi]");
  // The lecture's hand-built ReLU expression (L3-06).
  const std::vector<double> xs{-1.0, 0.0, 0.05, 0.1, 7.0 / 60.0, 0.2, 1.0, kPi, 2 * kPi};
  for (double x : xs) {
    const double y = relu_expression(x);
    std::cout << "Example 3.1  x = " << std::setw(7) << fmt(x)
              << "  y = max(max(6x, 0)(-1) + 0.7, 0)(-1) = " << fmt(y == 0.0 ? 0.0 : y)
              << "\n";  // the literal expression yields -0.0: print 0
  }
  const arma::vec grid = arma::linspace(-0.5, 1.0, 301);
  arma::vec relu_y(grid.n_elem);
  for (arma::uword i = 0; i < grid.n_elem; ++i) relu_y(i) = relu_expression(grid(i));
  nn::plot::lines(opt.plot_target(), "relu_expression.png", "y = max(max(6x, 0)(-1) + 0.7, 0)(-1)",
                  "x", "y", {{"y", grid, relu_y, "lines"}});

  // 200 points of sin(x) on [0, 2 pi], evenly spaced, no noise.
  const nn::RegressionData sine = nn::make_sine(200, 0.0, 2 * kPi);
  const arma::rowvec x = sine.X;
  const arma::rowvec y = sine.Y;
  // The best straight line, by least squares (normal equation on [1, x]).
  arma::mat A = arma::join_rows(arma::ones(x.n_elem), x.t());
  const arma::vec theta = arma::solve(A, y.t());
  const double line_mse = mse_of((A * theta).t(), y);
  std::cout << "Example 3.2  best line (least squares): y = " << fmt(theta(0)) << " + ("
            << fmt(theta(1)) << ") x, MSE = " << fmt(line_mse) << "\n"
            << "Example 3.2  (continuous limit: 3/pi - 3/pi^2 x, MSE 1/2 - 3/pi^2 = "
            << fmt(0.5 - 3 / (kPi * kPi)) << ")\n";

  // A network of linear units: 1 -> 16 -> 16 -> 1, no activation function.
  nn::Sequential linear;
  linear.add<nn::Dense>(1, 16);
  linear.add<nn::Dense>(16, 16);
  linear.add<nn::Dense>(16, 1);
  linear.compile(nn::MSE(), nn::Adam(linear.parameters(), {.lr = 0.01}));
  linear.fit(x, y, {.epochs = 300, .batch_size = 20, .verbose = 0});
  const arma::mat y_linear = linear.predict(x);
  // Its three layers collapse to one: W = W3 W2 W1, b = W3 (W2 b1 + b2) + b3.
  auto& d1 = dynamic_cast<nn::Dense&>(linear.layer(0));
  auto& d2 = dynamic_cast<nn::Dense&>(linear.layer(1));
  auto& d3 = dynamic_cast<nn::Dense&>(linear.layer(2));
  nn::Dense d12 = collapse(d1, d2);
  nn::Dense single = collapse(d12, d3);
  std::cout << "Example 3.3  linear units 1-16-16-1 (" << linear.parameter_count()
            << " parameters): MSE = " << fmt(mse_of(y_linear, y)) << "\n"
            << "Example 3.3  collapsed to one layer: y = " << fmt(single.b().value(0)) << " + ("
            << fmt(single.W().value(0, 0)) << ") x\n";

  // A network of ReLU units: 1 -> 32 -> 32 -> 1.
  nn::Sequential relu;
  relu.add<nn::Dense>(1, 32);
  relu.add<nn::ReLU>();
  relu.add<nn::Dense>(32, 32);
  relu.add<nn::ReLU>();
  relu.add<nn::Dense>(32, 1);
  relu.compile(nn::MSE(), nn::Adam(relu.parameters(), {.lr = 0.01}));
  relu.fit(x, y, {.epochs = 300, .batch_size = 20, .verbose = 0});
  const arma::mat y_relu = relu.predict(x);
  std::cout << "Example 3.4  ReLU units 1-32R-32R-1 (" << relu.parameter_count()
            << " parameters): MSE = " << fmt(mse_of(y_relu, y)) << "\n";
  nn::plot::lines(opt.plot_target(), "sine_fit.png", "Fitting sin(x) on [0, 2 pi]", "x", "y",
                  {{"sin(x)", x.t(), y.t(), "lines"},
                   {"linear units", x.t(), y_linear.t(), "lines"},
                   {"ReLU units", x.t(), y_relu.t(), "lines"}});
}

// ---------------------------------------------------------------------------------------------
// 4. Forward pass of a 3-2-1 network (L3-03).
void forward_pass_321() {
  heading("4. Forward pass of a 3-2-1 network without biases");
  nn::Dense hidden(arma::mat{{0.1, 0.4, -0.5}, {-0.2, 0.3, 0.6}}, arma::vec{0, 0});
  nn::Dense output(arma::mat{{0.7, -0.8}}, arma::vec{0});
  const arma::vec x{1, 0.5, -1};
  const arma::mat Z = hidden.forward(x);          // z_j = sum_i w_ij x_i
  const arma::mat H = nn::sigmoid(Z);             // h = f(z)
  const arma::mat z_out = output.forward(H);      // w_1y h1 + w_2y h2
  const double y_hat = nn::sigmoid(z_out(0, 0));  // yhat = g(.)
  std::cout << "Example 4.1  x = " << fmt(x) << "\n"
            << "Example 4.1  z = W1 x = " << fmt(Z) << "\n"
            << "Example 4.1  h = sigmoid(z) = " << fmt(H, 9) << "\n"
            << "Example 4.1  output logit w2 . h = " << fmt(z_out(0, 0), 9) << "\n"
            << "Example 4.1  yhat = sigmoid(w2 . h) = " << fmt(y_hat, 9) << "\n"
            << "Example 4.1  weights: " << hidden.W().value.n_elem << " + "
            << output.W().value.n_elem << " = " << hidden.W().value.n_elem + output.W().value.n_elem
            << "\n";
}

// ---------------------------------------------------------------------------------------------
// 5. The deck-4 synthetic set: 2 inputs, 4 sigmoid hidden units, 1 sigmoid output.
void synthetic_set(const nn::ChapterOptions& opt) {
  heading("5. A set that is not linearly separable: 2 -> Dense(4, sigmoid) -> Dense(1, sigmoid)");
  const nn::Dataset data = nn::make_lecture_nonseparable(400);
  const double positives = static_cast<double>(arma::accu(data.y)) / data.size();
  // The best any classifier can do on these points: predict 1 where P(y = 1 | x) > 0.5.
  arma::uvec bayes(data.size());
  for (arma::uword n = 0; n < data.size(); ++n) {
    bayes(n) = nn::lecture_nonseparable_probability(data.X(0, n), data.X(1, n)) > 0.5 ? 1 : 0;
  }
  std::cout << "Example 5.1  " << data.size()
            << " points in [0,1]^2, fraction of class 1 = " << fmt(positives) << "\n"
            << "Example 5.1  accuracy of the true rule P(y=1|x) > 0.5 on these points = "
            << fmt(nn::accuracy(bayes, data.y)) << "\n";

  nn::Sequential model;
  auto& hidden = model.add<nn::Dense>(2, 4);
  model.add<nn::Sigmoid>();
  model.add<nn::Dense>(4, 1);
  model.add<nn::Sigmoid>();
  model.compile(nn::BinaryCrossEntropy(), nn::Adam(model.parameters(), {.lr = 0.01}));
  std::cout << "Example 5.2  binary cross-entropy, Adam(lr = 0.01), batch 100, 1000 epochs\n";
  const nn::History h =
      model.fit(data.X, data.y, {.epochs = 1000, .batch_size = 100, .verbose = 0});
  for (std::size_t epoch = 50; epoch <= h.epochs(); epoch += 50) {
    std::cout << "Example 5.2  epoch " << std::setw(4) << epoch << "  loss "
              << fmt(h.loss[epoch - 1]) << "  accuracy " << fmt(h.accuracy[epoch - 1]) << "\n";
  }
  const nn::Evaluation e = model.evaluate(data.X, data.y);
  std::cout << "Example 5.3  after training: loss " << fmt(e.loss) << ", accuracy "
            << fmt(e.accuracy) << "\n"
            << "Example 5.3  hidden W = " << fmt(hidden.W().value.col(0)) << " (x1), "
            << fmt(hidden.W().value.col(1)) << " (x2); b = " << fmt(hidden.b().value) << "\n";

  nn::plot::decision_regions(opt.plot_target(), "synthetic_probability.png",
                             "2-4-1 network: P(y = 1 | x) after 1000 epochs",
                             [&](const arma::mat& G) { return arma::rowvec(model.predict(G)); },
                             data.X, data.y, {0, 1}, {0, 1});
  for (arma::uword j = 0; j < 4; ++j) {
    nn::plot::decision_regions(
        opt.plot_target(), "synthetic_hidden" + std::to_string(j + 1) + ".png",
        "Hidden unit " + std::to_string(j + 1) + ": sigmoid(w . x + b)",
        [&](const arma::mat& G) {
          return arma::rowvec(nn::sigmoid(hidden.forward(G)).eval().row(j));
        },
        data.X, data.y, {0, 1}, {0, 1}, 100, "h" + std::to_string(j + 1));
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Counting parameters.

// The parameters of a dense network with layer sizes n_0 (inputs), n_1, ..., n_L:
// sum_l n_l (n_{l-1} + 1); for one hidden layer this is N_H (d + 1) + K (N_H + 1).
arma::uword param_count_layers(const std::vector<arma::uword>& sizes) {
  arma::uword total = 0;
  for (std::size_t l = 1; l < sizes.size(); ++l) total += sizes[l] * (sizes[l - 1] + 1);
  return total;
}

// A dense network with the given layer sizes: sigmoid hidden units, and a Sigmoid output for one
// output unit or a Softmax output otherwise.
nn::Sequential dense_network(const std::vector<arma::uword>& sizes) {
  nn::Sequential model;
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    model.add<nn::Dense>(sizes[l - 1], sizes[l]);
    if (l + 1 < sizes.size()) model.add<nn::Sigmoid>();
  }
  if (sizes.back() == 1)
    model.add<nn::Sigmoid>();
  else
    model.add<nn::Softmax>();
  return model;
}

// The "Total params" figure of the model's summary() table.
std::string summary_total(const nn::Sequential& model, arma::uword input_rows) {
  const std::string text = model.summary_text(input_rows);
  const std::string key = "Total params: ";
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return "?";
  return text.substr(at + key.size(), text.find('\n', at) - at - key.size());
}

std::string architecture(const std::vector<arma::uword>& sizes) {
  std::string s;
  for (std::size_t l = 0; l < sizes.size(); ++l) s += (l ? "-" : "") + std::to_string(sizes[l]);
  return s;
}

void parameter_counts() {
  heading("6. Counting parameters");
  std::cout << "Example 6.1  N_H (d + 1) + K (N_H + 1) with d = 2, N_H = 4, K = 1: "
            << param_count(2, 4, 1) << "\n"
            << "Example 6.1  N_H (d + 1) + K (N_H + 1) with d = 784, N_H = 100, K = 10: "
            << grouped(param_count(784, 100, 10)) << "\n";
  const std::vector<std::vector<arma::uword>> nets{
      {2, 4, 1}, {784, 100, 10}, {784, 256, 10}, {784, 64, 64, 64, 10}};
  std::cout << "Example 6.2  architecture          formula   summary()\n";
  for (const auto& sizes : nets) {
    nn::Sequential model = dense_network(sizes);
    std::cout << "Example 6.2  " << std::left << std::setw(20) << architecture(sizes) << std::right
              << std::setw(10) << grouped(param_count_layers(sizes)) << std::setw(12)
              << summary_total(model, sizes.front()) << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 7. MNIST: the lecture's 784-100-10 network.

// Trains `model` on (X, y) with Adam(lr 1e-3), batch 100 and validation data; the progress
// output is one line per epoch (a bar on a terminal), none with --quiet.
nn::History train_mnist_model(nn::Sequential& model, const arma::mat& X, const arma::uvec& y,
                              const arma::mat& X_val, const arma::uvec& y_val, int epochs,
                              bool quiet) {
  model.compile(nn::CategoricalCrossEntropy(), nn::Adam(model.parameters(), {.lr = 1e-3}));
  nn::FitOptions fit;
  fit.epochs = static_cast<std::size_t>(epochs);
  fit.batch_size = 100;
  fit.validation_X = &X_val;
  fit.validation_labels = &y_val;
  fit.verbose = quiet ? 0 : 1;
  return model.fit(X, y, fit);
}

// The data of section 7, kept for section 8: the lecture's split of the training file and the
// test set.
struct MnistSplit {
  nn::MnistData data;
  arma::mat X_train, X_val;
  arma::uvec y_train, y_val;
};

MnistSplit mnist(const nn::ChapterOptions& opt, int epochs, int compare_epochs,
                 const std::string& dataset) {
  const bool fashion = dataset == "fashion";
  heading(std::string(fashion ? "7. Fashion-MNIST" : "7. MNIST") +
          ": 784 -> Dense(100, sigmoid) -> Dense(10, softmax)");
  const auto start = std::chrono::steady_clock::now();
  // --data-dir keeps its default (data/mnist) for MNIST; for Fashion-MNIST the default is where
  // the Debian package installs it, unless --data-dir names another directory. Both sets have
  // 60,000 training and 10,000 test images: a header promising more is refused before anything is
  // read, so a damaged or foreign directory costs no memory; fewer is refused below.
  nn::MnistOptions sizes;
  sizes.max_train_examples = 60000;
  sizes.max_test_examples = 10000;
  MnistSplit split;
  split.data = !fashion ? nn::load_mnist(opt.data_dir, sizes)
               : opt.data_dir == "data/mnist"
                   ? nn::load_fashion_mnist("/usr/share/datasets/fashion-mnist", sizes)
                   : nn::load_fashion_mnist(opt.data_dir, sizes);
  const nn::Dataset& train = split.data.train;
  const nn::Dataset& test = split.data.test;
  std::cout << "Example 7.1  one image: 28 x 28 = " << 28 * 28 << " pixels -> one column\n"
            << "Example 7.1  training file: " << train.X.n_rows << " x " << grouped(train.size())
            << ", test file: " << test.X.n_rows << " x " << grouped(test.size()) << "\n";
  if (train.size() != 60000 || test.size() != 10000) {
    throw nn::DataError("MNIST in " + opt.data_dir +
                        ": expected 784 x 60000 training and 784 x "
                        "10000 test images, got " +
                        std::to_string(train.X.n_rows) + " x " + std::to_string(train.size()) +
                        " and " + std::to_string(test.X.n_rows) + " x " +
                        std::to_string(test.size()));
  }
  // The lecture's split: 50,000 training images, 10,000 for validation (here the last 10,000 of
  // the training file), 10,000 test images. nn::column_view shares the memory of train.X instead
  // of copying 376 MB of pixels.
  split.X_train = nn::column_view(train.X, 0, 50000);
  split.y_train = train.y.subvec(0, 49999);
  split.X_val = nn::column_view(train.X, 50000, 10000);
  split.y_val = train.y.subvec(50000, 59999);
  const arma::mat& X_train = split.X_train;
  const arma::uvec& y_train = split.y_train;
  const arma::mat& X_val = split.X_val;
  const arma::uvec& y_val = split.y_val;
  std::cout << "Example 7.1  split: " << grouped(X_train.n_cols) << " training / "
            << grouped(X_val.n_cols) << " validation / " << grouped(test.size()) << " test\n";

  nn::Sequential model;
  model.add<nn::Dense>(784, 100);
  model.add<nn::Sigmoid>();
  model.add<nn::Dense>(100, 10);
  model.add<nn::Softmax>();
  std::cout << "Example 7.2  model.summary():\n";
  model.summary(784);
  std::cout << "Example 7.3  fit: Adam(lr = 0.001), batch 100, epochs = " << epochs << ", "
            << "cross-entropy on the labels (sparse categorical cross-entropy)\n";
  const nn::History history =
      train_mnist_model(model, X_train, y_train, X_val, y_val, epochs, opt.quiet);
  const nn::Evaluation result = model.evaluate(test.X, test.y);
  std::cout << "Example 7.4  test loss = " << fmt(result.loss)
            << ", test accuracy = " << fmt(result.accuracy)
            << (fashion ? "\n" : "  (lecture: 0.972)\n");

  const arma::uvec predicted = model.predict_classes(test.X);
  const arma::umat C = nn::confusion_matrix(predicted, test.y, 10);
  std::cout << "Example 7.5  confusion matrix of the test set (rows = true class):\n";
  nn::print_confusion_matrix(C, std::cout,
                             fashion ? nn::fashion_mnist_classes() : std::vector<std::string>{});
  const arma::uvec wrong = arma::find(predicted != test.y);
  std::cout << "Example 7.5  misclassified: " << grouped(wrong.n_elem) << " of "
            << grouped(test.size()) << "\n";
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Example 7.6  time for loading, training and testing: " << fmt(seconds, 1) << " s\n";

  const std::string prefix = fashion ? "fashion_" : "mnist_";
  const std::string name = fashion ? "Fashion-MNIST" : "MNIST";
  nn::plot::curves(opt.plot_target(), prefix + "loss.png", name + " 784-100-10: loss per epoch",
                   {{"loss", history.loss}, {"val_loss", history.val_loss}}, "cross-entropy");
  nn::plot::curves(
      opt.plot_target(), prefix + "accuracy.png", name + " 784-100-10: accuracy per epoch",
      {{"accuracy", history.accuracy}, {"val_accuracy", history.val_accuracy}}, "accuracy");
  const arma::uword shown = std::min<arma::uword>(24, wrong.n_elem);
  if (shown > 0) {
    const arma::uvec first = wrong.head(shown);
    std::vector<std::string> captions;
    for (arma::uword i : first) {
      captions.push_back("true " + std::to_string(test.y(i)) + ", said " +
                         std::to_string(predicted(i)));
    }
    nn::plot::image_grid(opt.plot_target(), prefix + "misclassified.png",
                         "Misclassified test images", test.X.cols(first), captions, 28, 6);
  }

  // Wide and shallow versus narrow and deep, on the same task and the same training budget.
  std::cout << "Example 7.7  wide and shallow vs narrow and deep (epochs = " << compare_epochs
            << " each, sigmoid hidden units):\n";
  for (const auto& sizes :
       std::vector<std::vector<arma::uword>>{{784, 256, 10}, {784, 64, 64, 64, 10}}) {
    nn::Sequential net = dense_network(sizes);
    const auto t0 = std::chrono::steady_clock::now();
    train_mnist_model(net, X_train, y_train, X_val, y_val, compare_epochs, true);
    const double acc = net.evaluate(test.X, test.y).accuracy;
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "Example 7.7  " << std::left << std::setw(18) << architecture(sizes) << std::right
              << std::setw(9) << grouped(net.parameter_count()) << " parameters, test accuracy "
              << fmt(acc) << "  (" << fmt(secs, 1) << " s)\n";
  }
  return split;
}

// ---------------------------------------------------------------------------------------------
// 8. Mixed precision: float32 products, double weights.

// A gradient check of Dense(20 -> 5) in precision p with step h: whether it passes the usual
// 1e-7 test, and the bounds [lo, hi] of its relative error. The digits of the error itself depend
// on the order in which a CPU's BLAS or a compiler adds the terms, so the program prints bounds
// far from the measured value (and the value itself if it ever falls outside them).
std::string gradcheck_result(nn::Precision p, double h, double lo, double hi) {
  nn::Rng rng(8);
  const arma::mat W = rng.randn(5, 20);
  const arma::vec b = rng.randn(5, 1);
  nn::Dense layer(W, b);
  layer.set_compute(p);
  const arma::mat X = rng.randn(20, 4);
  const double e = nn::gradcheck_layer(layer, X, rng, h).max_rel_error;
  const std::string verdict = e <= 1e-7 ? "passes the 1e-7 test" : "fails the 1e-7 test";
  if (e < lo || e > hi) return verdict + ", relative error " + nn::sci(e, 2);
  auto power = [](double x) {  // 1e-8 for 10^-8
    return "1e" + std::to_string(static_cast<int>(std::lround(std::log10(x))));
  };
  if (lo == 0.0) return verdict + ", relative error below " + power(hi);
  if (std::isinf(hi)) return verdict + ", relative error above " + power(lo);
  return verdict + ", relative error between " + power(lo) + " and " + power(hi);
}

void mixed_precision(const nn::ChapterOptions& opt, const MnistSplit& s, int epochs) {
  const double kInf = std::numeric_limits<double>::infinity();
  heading("8. Mixed precision: float32 products, double weights");
  std::cout << "Example 8.1  the network of section 7 from the same seed, trained twice (epochs = "
            << epochs << "):\n";
  const nn::Dataset& test = s.data.test;
  for (const nn::Precision p : {nn::Precision::Float64, nn::Precision::Float32}) {
    nn::set_seed(opt.seed);
    nn::Sequential model = dense_network({784, 100, 10});  // sigmoid hidden units, softmax
    model.set_compute(p);  // Float32: W X, dY X^T and W^T dY in float32; W, b and Adam in double
    const nn::History h =
        train_mnist_model(model, s.X_train, s.y_train, s.X_val, s.y_val, epochs, true);
    std::vector<double> sec = h.seconds;
    std::sort(sec.begin(), sec.end());
    const nn::Evaluation r = model.evaluate(test.X, test.y);
    std::cout << "Example 8.1  " << (p == nn::Precision::Float32 ? "float32 products" : "double")
              << (p == nn::Precision::Float32 ? "" : "          ") << ": test accuracy "
              << fmt(r.accuracy, 3) << ", " << fmt(sec[sec.size() / 2], 2)
              << " s per epoch (median)\n";
  }
  std::cout << "Example 8.2  gradient check of Dense(20 -> 5), central differences:\n"
            << "Example 8.2  double,           h = 1e-6: "
            << gradcheck_result(nn::Precision::Float64, 1e-6, 0.0, 1e-8) << "\n"
            << "Example 8.2  float32 products, h = 1e-6: "
            << gradcheck_result(nn::Precision::Float32, 1e-6, 1e-3, kInf) << "\n"
            << "Example 8.2  float32 products, h = 1e-2: "
            << gradcheck_result(nn::Precision::Float32, 1e-2, 1e-7, 1e-3) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("06_mlp", "Chapter 06: multi-layer perceptrons");
  int epochs = 20;
  int compare_epochs = 3;
  std::string dataset = "mnist";
  chapter.add_option("--epochs", epochs, "epochs of the MNIST training (sections 7 and 8)",
                     CLI::Range(1, 100000));
  chapter.add_option("--compare-epochs", compare_epochs,
                     "epochs of each MNIST network in the wide-vs-deep comparison",
                     CLI::Range(1, 100000));
  chapter.add_data_dir(
      "folder of the four IDX files, filled by make data (with --dataset "
      "fashion the default is /usr/share/datasets/fashion-mnist)");
  chapter.add_option("--dataset", dataset, "mnist or fashion (Fashion-MNIST)",
                     CLI::IsMember({"mnist", "fashion"}));
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 06: multi-layer perceptrons (seed " << opt.seed << ")\n";
    why_hidden_layers(opt);
    one_hidden_layer_region(opt);
    linear_collapse();
    sine_wave(opt);
    forward_pass_321();
    synthetic_set(opt);
    parameter_counts();
    const MnistSplit data = mnist(opt, epochs, compare_epochs, dataset);
    mixed_precision(opt, data, epochs);
  });
}
