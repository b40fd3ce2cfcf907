// Chapter 06: multi-layer perceptrons. Reads top to bottom like README.md: XOR needs a hidden layer,
// stacked linear layers collapse to one, a sine wave needs non-linear units, the forward pass of a
// 3-2-1 network, the deck-4 synthetic set, parameter counts, and the lecture's MNIST network.
#include <armadillo>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <nn/activations/relu.hpp>
#include <nn/activations/sigmoid.hpp>
#include <nn/activations/step.hpp>
#include <nn/app/chapter.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/dense.hpp>

namespace {

const double kPi = std::acos(-1.0);

void heading(const std::string& title) { std::cout << "\n== " << title << " ==\n"; }

// "[a, b, c]" at 4 decimals.
std::string fmt(const arma::mat& M, int precision = 4) {
  std::string s = "[";
  char buf[64];
  for (arma::uword i = 0; i < M.n_elem; ++i) {
    std::snprintf(buf, sizeof buf, "%s%.*f", i ? ", " : "", precision, M(i));
    s += buf;
  }
  return s + "]";
}

std::string fmt(double v, int precision = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

// Numbers with thousands separators, as Keras prints parameter counts: 79510 -> "79,510".
std::string grouped(arma::uword n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Exercise 1: the single layer equivalent to two stacked linear layers,
// W = W2 W1 and b = W2 b1 + b2 (deck 1 "Multilayer Perceptron", in our column layout).
nn::Dense collapse(nn::Dense& first, nn::Dense& second) {
  // BEGIN SOLUTION
  const arma::mat W = second.W().value * first.W().value;                      // W = W2 W1
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
// 4. Forward pass of a 3-2-1 network (L3-03).
void forward_pass_321() {
  heading("4. Forward pass of a 3-2-1 network without biases");
  nn::Dense hidden(arma::mat{{0.1, 0.4, -0.5}, {-0.2, 0.3, 0.6}}, arma::vec{0, 0});
  nn::Dense output(arma::mat{{0.7, -0.8}}, arma::vec{0});
  const arma::vec x{1, 0.5, -1};
  const arma::mat Z = hidden.forward(x);   // z_j = sum_i w_ij x_i
  const arma::mat H = nn::sigmoid(Z);      // h = f(z)
  const arma::mat z_out = output.forward(H);  // w_1y h1 + w_2y h2
  const double y_hat = nn::sigmoid(z_out(0, 0));  // yhat = g(.)
  std::cout << "Example 4.1  x = " << fmt(x) << "\n"
            << "Example 4.1  z = W1 x = " << fmt(Z) << "\n"
            << "Example 4.1  h = sigmoid(z) = " << fmt(H, 9) << "\n"
            << "Example 4.1  output logit w2 . h = " << fmt(z_out(0, 0), 9) << "\n"
            << "Example 4.1  yhat = sigmoid(w2 . h) = " << fmt(y_hat, 9) << "\n"
            << "Example 4.1  weights: " << hidden.W().value.n_elem << " + "
            << output.W().value.n_elem << " = "
            << hidden.W().value.n_elem + output.W().value.n_elem << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("06_mlp", "Chapter 06: multi-layer perceptrons");
  int epochs = 10;
  std::string dataset = "mnist";
  chapter.app().add_option("--epochs", epochs, "epochs of the MNIST training")->capture_default_str();
  chapter.app()
      .add_option("--dataset", dataset, "mnist or fashion (Fashion-MNIST)")
      ->check(CLI::IsMember({"mnist", "fashion"}))
      ->capture_default_str();
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 06: multi-layer perceptrons (seed " << opt.seed << ")\n";
    linear_collapse();
    forward_pass_321();
  });
}
