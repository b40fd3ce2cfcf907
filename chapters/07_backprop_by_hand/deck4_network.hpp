#pragma once
// The deck-4 network of chapter 07 (catalogue L4-24, "Forward Pass Example in Numpy",
// CONSTRUCTED numbers): 2 inputs -> 4 sigmoid units -> 1 sigmoid output, 3 examples, binary
// cross-entropy on the logits summed over the examples; with two of the four ways 7.6 computes
// its gradients (the scalar graph, central differences). Shared by the chapter (7.6) and its
// test (tests/lectures/backprop_test.cpp, which checks every way against numpy), so both start
// from the same numbers and the same graph.
#include <armadillo>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/autograd/value.hpp>
#include <nn/gradcheck/gradcheck.hpp>

namespace chapter07 {

// In our layout (one example per column, W is out x in): the lecture's X (3 x 2, rows =
// examples), Wh (2 x 4) and Wo (4 x 1) transposed, X = X_lecture^T, W1 = Wh^T, W2 = Wo^T.
struct DeckFourNetwork {
  arma::mat X = arma::mat{{0.5, -1.0}, {1.5, 0.2}, {-0.3, 0.8}}.t();
  arma::mat Y = arma::rowvec{1.0, 0.0, 1.0};
  arma::mat W1 = arma::mat{{0.1, -0.2, 0.3, 0.4}, {-0.5, 0.6, -0.7, 0.8}}.t();
  arma::vec b1 = {0.01, -0.02, 0.03, -0.04};
  arma::mat W2 = arma::rowvec{0.5, -0.4, 0.3, -0.2};
  arma::vec b2 = {0.1};

  // L = sum_n [ln(1 + e^z2_n) - y_n z2_n], z2 = W2 sigma(W1 x + b1) + b2, at any parameters
  double loss(const arma::mat& w1, const arma::vec& c1, const arma::mat& w2,
              const arma::vec& c2) const {
    arma::mat Z1 = w1 * X;
    Z1.each_col() += c1;  // W1 X + b1 1^T
    arma::mat Z2 = w2 * nn::sigmoid(Z1);
    Z2.each_col() += c2;  // W2 sigma(Z1) + b2 1^T
    return arma::accu(nn::softplus(Z2) - Y % Z2);
  }

  // The network as a scalar graph: every parameter a leaf, one node per multiplication and
  // addition. Call L.backward(), then each leaf's grad() is dL/d(that parameter).
  struct ScalarGraph {
    std::vector<nn::autograd::Value> w1;  // W1's 8 entries, in memory (column-major) order
    std::vector<nn::autograd::Value> c1;  // b1
    std::vector<nn::autograd::Value> w2;  // W2's 4 entries
    nn::autograd::Value c2;               // b2
    nn::autograd::Value L;                // the loss
  };
  ScalarGraph scalar_graph() const {
    namespace ag = nn::autograd;
    ScalarGraph g;
    for (arma::uword k = 0; k < W1.n_elem; ++k) g.w1.emplace_back(W1(k));
    for (arma::uword k = 0; k < 4; ++k) g.c1.emplace_back(b1(k));
    for (arma::uword k = 0; k < 4; ++k) g.w2.emplace_back(W2(0, k));
    g.c2 = ag::Value(b2(0));
    g.L = ag::Value(0.0);
    for (arma::uword n = 0; n < 3; ++n) {
      ag::Value z2 = g.c2;  // z2 = b2 + sum_k w2_k sigma(b1_k + W1_k1 x1 + W1_k2 x2)
      for (arma::uword k = 0; k < 4; ++k)
        z2 = z2 + g.w2[k] * ag::sigmoid(g.c1[k] + g.w1[k] * X(0, n) + g.w1[k + 4] * X(1, n));
      g.L = g.L + ag::log(1.0 + ag::exp(z2)) - Y(0, n) * z2;  // + ln(1 + e^z2) - y z2
    }
    return g;
  }

  // dL/dW1, dL/db1, dL/dW2, dL/db2 by central differences of loss(), one tensor at a time.
  struct Gradients {
    arma::mat W1, b1, W2, b2;
  };
  Gradients numerical_gradients() const {
    return {nn::numerical_gradient([&](const arma::mat& v) { return loss(v, b1, W2, b2); }, W1),
            nn::numerical_gradient([&](const arma::mat& v) { return loss(W1, v, W2, b2); }, b1),
            nn::numerical_gradient([&](const arma::mat& v) { return loss(W1, b1, v, b2); }, W2),
            nn::numerical_gradient([&](const arma::mat& v) { return loss(W1, b1, W2, v); }, b2)};
  }
};

}  // namespace chapter07
