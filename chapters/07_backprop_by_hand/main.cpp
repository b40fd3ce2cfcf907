// Chapter 07: backpropagation by hand. Reads top to bottom like README.md: a computation graph
// and its backward pass (J = 3(ab + c)), the deck-2 graph L(a, b, w, t), the sigmoid +
// cross-entropy node, the softmax Jacobian, the chain rule in five shapes, a 2-layer network's
// gradients computed four ways, vanishing and exploding signals along 100 layers, and the stable
// softmax. `--trace` prints every intermediate of the 2-layer network's forward/backward pass.
#include <algorithm>
#include <armadillo>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/autograd/graph.hpp>
#include <nn/autograd/value.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/plot/plot.hpp>
#include <nn/trace/trace.hpp>

#include "deck4_network.hpp"

namespace ag = nn::autograd;

namespace {

using chapter07::DeckFourNetwork;
using nn::fmt;
using nn::heading;
using nn::sci;

std::string yes_no(bool b) { return b ? "yes" : "NO"; }

// Prints the node table of a graph, indented.
void print_table(const ag::Value& root) {
  const std::string table = ag::graph_table(root, 4);
  std::size_t start = 0;
  while (start < table.size()) {
    const std::size_t end = table.find('\n', start);
    std::cout << "    " << table.substr(start, end - start) << '\n';
    start = end + 1;
  }
}

// Draws the graph of `root`: a PNG through Graphviz for --plot png, the DOT text for --plot term.
void draw_graph(const nn::plot::Target& plots, const ag::Value& root, const std::string& name) {
  if (!plots.enabled()) return;
  const std::string dot = ag::to_dot(root, 4);
  if (plots.mode == nn::plot::Mode::term) {
    std::cout << dot;
    return;
  }
  const std::string png = ag::render_dot(dot, plots.dir + "/" + name + ".png");
  if (png.empty())
    std::cout << "  (Graphviz 'dot' not found: `sudo apt-get install graphviz` draws " << plots.dir
              << "/" << name << ".png from the .dot file written next to it)\n";
  else
    std::cout << "  graph drawn: " << png << '\n';
}

// The hand formulas of deck 2 for L(a, b, w, t) = ((a + b) w - t)^2 + w^2.
struct Deck2Grads {
  double a, b, w, t;
};
Deck2Grads deck2_hand_gradients(double a, double b, double w, double t) {
  Deck2Grads g{};
  // BEGIN SOLUTION
  const double r = (a + b) * w - t;   // r = (a + b) w - t
  g.a = 2.0 * r * w;                  // dL/da = 2 r w
  g.b = 2.0 * r * w;                  // dL/db = 2 r w
  g.w = 2.0 * r * (a + b) + 2.0 * w;  // dL/dw = 2 r (a + b) + 2 w
  g.t = -2.0 * r;                     // dL/dt = -2 r
  // END SOLUTION
  return g;
}

void print_row(const std::string& name, const arma::mat& M) {
  std::cout << "    " << name << " =";
  for (double v : M) std::cout << ' ' << fmt(v, 9);
  std::cout << '\n';
}

// ---------------------------------------------------------------------------------------------
// 7.1 A computation graph and its backward pass: J = 3(ab + c).
void computation_graph(const nn::ChapterOptions& opt, const nn::plot::Target& plots) {
  heading("7.1 A computation graph: J = 3(ab + c)  [L0-06]");
  ag::Value a(3.0, "a"), b(4.0, "b"), c(2.0, "c");
  ag::Value u = (a * b).labelled("u");
  ag::Value z = (u + c).labelled("z");
  ag::Value J = (3.0 * z).labelled("J");
  std::cout << "Example 7.1  forward  u = a b = " << fmt(u.data())
            << ", z = u + c = " << fmt(z.data()) << ", J = 3 z = " << fmt(J.data()) << '\n';
  J.backward();
  std::cout << "Example 7.1  backward dJ/dz = " << fmt(z.grad()) << ", dJ/du = " << fmt(u.grad())
            << ", dJ/dc = " << fmt(c.grad()) << ", dJ/da = 3b = " << fmt(a.grad())
            << ", dJ/db = 3a = " << fmt(b.grad()) << '\n';
  if (!opt.quiet) {
    std::cout << "  the graph, inputs first (forward: read down; backward: read up):\n";
    print_table(J);
  }
  draw_graph(plots, J, "graph_J");
}

// ---------------------------------------------------------------------------------------------
// 7.2 Two paths into one variable: deck 2's L(a, b, w, t).
void two_paths(const nn::ChapterOptions& opt, const nn::plot::Target& plots) {
  heading("7.2 L(a, b, w, t) = ((a + b) w - t)^2 + w^2 at (1, 2, 2, 4)  [L2-08, L2-09]");
  ag::Value a(1.0, "a"), b(2.0, "b"), w(2.0, "w"), t(4.0, "t");
  ag::Value s = (a + b).labelled("s = a+b");
  ag::Value p = (s * w).labelled("p = s w");
  ag::Value r = (p - t).labelled("r = p-t");
  ag::Value L = (r.pow(2).labelled("r^2") + w.pow(2).labelled("w^2")).labelled("L");
  L.backward();
  auto L_at = [](double av, double bv, double wv, double tv) {
    return std::pow((av + bv) * wv - tv, 2) + wv * wv;  // ((a + b) w - t)^2 + w^2
  };
  const double L3 = L_at(1.0, 2.0, 3.0, 4.0);
  std::cout << "Example 7.2  L(1, 2, 2, 4) = " << fmt(L.data())
            << "   (lecture: 34 -- erratum; L(1, 2, 3, 4) = " << fmt(L3) << ")\n";
  const Deck2Grads hand = deck2_hand_gradients(1.0, 2.0, 2.0, 4.0);
  std::cout << "Example 7.2  dL/da  graph " << fmt(a.grad())
            << "   hand 2((a+b)w - t) w = " << fmt(hand.a) << '\n';
  std::cout << "Example 7.2  dL/db  graph " << fmt(b.grad())
            << "   hand 2((a+b)w - t) w = " << fmt(hand.b) << '\n';
  std::cout << "Example 7.2  dL/dw  graph " << fmt(w.grad())
            << "   hand 2((a+b)w - t)(a+b) + 2w = " << fmt(hand.w) << '\n';
  std::cout << "Example 7.2  dL/dt  graph " << fmt(t.grad())
            << "   hand -2((a+b)w - t) = " << fmt(hand.t) << '\n';
  std::cout << "  w is used twice (in p and in w^2): its gradient is the sum of both paths, "
            << fmt(2.0 * r.data() * s.data()) << " + " << fmt(2.0 * w.data()) << '\n';
  if (!opt.quiet) print_table(L);
  draw_graph(plots, L, "graph_L");
}

// ---------------------------------------------------------------------------------------------
// 7.3 The sigmoid + cross-entropy node: dL/dz = phi - y.
void sigmoid_cross_entropy_node() {
  heading("7.3 The sigmoid + cross-entropy node: dL/dz = phi - y  [L0-07, L0-09]");
  for (double y : {0.0, 1.0}) {
    ag::Value z(1.1, "z");
    ag::Value phi = ag::sigmoid(z).labelled("phi");
    ag::Value L = (-(y * ag::log(phi) + (1.0 - y) * ag::log(1.0 - phi))).labelled("L");
    L.backward();
    std::cout << "Example 7.3  y = " << fmt(y, 0) << ": phi = sigma(1.1) = " << fmt(phi.data(), 9)
              << ", dL/dphi = " << fmt(phi.grad(), 9) << ", dL/dz graph = " << fmt(z.grad(), 9)
              << ", phi - y = " << fmt(phi.data() - y, 9) << '\n';
  }
}

// ---------------------------------------------------------------------------------------------
// 7.4 The softmax Jacobian, and each of its rows from the scalar graph.
void softmax_jacobian_rows() {
  heading("7.4 The softmax Jacobian diag(s) - s s^T at z = (1, 2, 3)  [L3-14]");
  const arma::vec z = {1.0, 2.0, 3.0};
  const arma::vec s = nn::softmax(z);
  const arma::mat J = nn::softmax_jacobian(s);
  std::cout << "Example 7.4  s = (" << fmt(s(0), 9) << ", " << fmt(s(1), 9) << ", " << fmt(s(2), 9)
            << ")\n";
  for (arma::uword i = 0; i < 3; ++i)
    std::cout << "Example 7.4  J row " << i + 1 << " = (" << fmt(J(i, 0), 9) << ", "
              << fmt(J(i, 1), 9) << ", " << fmt(J(i, 2), 9) << "), sum "
              << fmt(arma::accu(J.row(i)), 9) << '\n';
  // each row again from the scalar graph: S_i = e^{z_i} / sum_j e^{z_j}, backward from S_i
  double worst = 0.0;
  for (arma::uword i = 0; i < 3; ++i) {
    std::vector<ag::Value> zv = {ag::Value(1.0), ag::Value(2.0), ag::Value(3.0)};
    ag::Value si = zv[i].exp() / (zv[0].exp() + zv[1].exp() + zv[2].exp());
    si.backward();
    for (arma::uword j = 0; j < 3; ++j) worst = std::max(worst, std::abs(zv[j].grad() - J(i, j)));
  }
  std::cout << "Example 7.4  rows from the scalar graph agree to 1e-12: " << yes_no(worst < 1e-12)
            << '\n';
}

// 7.5a L1-30: a5 = w4 w3 w2 w1 a1, L = 0.5 (a5 - t)^2 (CONSTRUCTED numbers).
void chain_five_layers() {
  std::vector<ag::Value> w = {ag::Value(2.0, "w1"), ag::Value(0.5, "w2"), ag::Value(3.0, "w3"),
                              ag::Value(-1.0, "w4")};
  ag::Value a = ag::Value(1.5, "a1");
  for (const ag::Value& wl : w) a = wl * a;  // a_{l+1} = w_l a_l
  ag::Value L = 0.5 * (a - 1.0).pow(2);
  L.backward();
  std::cout << "Example 7.5a five-layer chain: a5 = " << fmt(a.data()) << ", L = " << fmt(L.data())
            << ", dL/da5 = " << fmt(a.grad())
            << ", dL/dw1 = dL/da5 w4 w3 w2 a1 = " << fmt(w[0].grad()) << '\n';
}

// 7.5b L1-33: three paths from x to y (CONSTRUCTED node functions).
void chain_three_paths() {
  ag::Value x(1.0, "x");
  ag::Value u2 = x + 1.0, u3 = 0.5 * x;
  ag::Value y = 3.0 * x + u2.pow(2) + u3.exp();
  y.backward();
  std::cout << "Example 7.5b three paths: 3 + 2(x+1) + 0.5 e^{x/2} = " << fmt(3.0) << " + "
            << fmt(2.0 * u2.data()) << " + " << fmt(0.5 * std::exp(u3.data()), 9) << " = "
            << fmt(x.grad(), 9) << " = dy/dx (graph)\n";
}

// 7.5c L2-07: u = (x1 x2, x1 + x2), y = u1^2 + 3 u2 at x = (1, 2).
void chain_multivariate() {
  ag::Value x1(1.0, "x1"), x2(2.0, "x2");
  ag::Value u1 = x1 * x2, u2 = x1 + x2;
  ag::Value y = u1.pow(2) + 3.0 * u2;
  y.backward();
  std::cout << "Example 7.5c multivariate: dy/du = (" << fmt(u1.grad()) << ", " << fmt(u2.grad())
            << "), dy/dx = (" << fmt(x1.grad()) << ", " << fmt(x2.grad()) << ")\n";
}

// 7.5d L3-15: F = sigma(w2 sigma(w1 x)), w1 = 0.5, w2 = -1.5, x = 2.
void chain_composition() {
  ag::Value x(2.0, "x");
  ag::Value g = -1.5 * ag::sigmoid(0.5 * x);
  ag::Value F = ag::sigmoid(g);
  F.backward();
  const double product =
      nn::sigmoid_derivative(g.data()) * -1.5 * nn::sigmoid_derivative(1.0) * 0.5;
  std::cout << "Example 7.5d F = h(g(x)): g = " << fmt(g.data(), 9) << ", F = " << fmt(F.data(), 9)
            << ", F'(x) graph = " << fmt(x.grad(), 10) << ", h'(g) g'(x) = " << fmt(product, 10)
            << '\n';
}

// 7.5e L4-25: x (2, 3) -> y = A vec(x) (4) -> z = B y (5), seeded A and B.
void chain_tensors() {
  nn::Rng& rng = nn::global_rng();
  const arma::mat A = rng.randn(4, 6, 0.0, 1.0);
  const arma::mat B = rng.randn(5, 4, 0.0, 1.0);
  // dz/dx_ij = sum_m dz_r/dy_m dy_m/dx_ij: contract the factors' shared index m
  arma::cube dz_dx(2, 3, 5, arma::fill::zeros);
  for (arma::uword r = 0; r < 5; ++r)
    for (arma::uword m = 0; m < 4; ++m)
      for (arma::uword i = 0; i < 2; ++i)
        for (arma::uword j = 0; j < 3; ++j) dz_dx(i, j, r) += B(r, m) * A(m, 3 * i + j);
  const arma::mat BA = B * A;
  double worst = 0.0;
  for (arma::uword r = 0; r < 5; ++r)
    for (arma::uword i = 0; i < 2; ++i)
      for (arma::uword j = 0; j < 3; ++j)
        worst = std::max(worst, std::abs(dz_dx(i, j, r) - BA(r, 3 * i + j)));
  std::cout << "Example 7.5e tensor chain rule: dz/dy (5, 4) . dy/dx (4, 2, 3) -> dz/dx ("
            << dz_dx.n_slices << ", " << dz_dx.n_rows << ", " << dz_dx.n_cols
            << ") = B A reshaped: " << yes_no(worst < 1e-12) << '\n';
}

// ---------------------------------------------------------------------------------------------
// 7.5 The chain rule in five shapes.
void chain_rule() {
  heading("7.5 The chain rule  [L1-30, L1-33, L2-07, L3-15, L4-25]");
  chain_five_layers();
  chain_three_paths();
  chain_multivariate();
  chain_composition();
  chain_tensors();
}

// ---------------------------------------------------------------------------------------------
// 7.6 A 2-layer network's gradients four ways: hand formulas, the layers' backward, the scalar
// graph, central differences.
void two_layer_network(bool trace) {
  heading("7.6 A 2-layer network's gradients four ways  [L4-24, L4-26, L4-27]");
  const DeckFourNetwork net;
  nn::Dense d1(net.W1, net.b1), d2(net.W2, net.b2);
  // 1. the hand formulas, step by step (nn::trace)
  const nn::trace::Trace t = nn::trace::trace_pass(
      {{&d1, nn::trace::Activation::Sigmoid}, {&d2, nn::trace::Activation::Sigmoid}}, net.X, net.Y,
      nn::Reduction::Sum);
  std::cout << "Example 7.6  2 inputs -> 4 sigmoid -> 1 sigmoid, 3 examples, L = sum BCE = "
            << fmt(t.loss, 9) << '\n';
  std::cout << "Example 7.6  hand formulas (dZ2 = A2 - Y, dW2 = dZ2 A1^T, dZ1 = W2^T dZ2 .* A1 .* "
               "(1 - A1), "
               "dW1 = dZ1 X^T):\n";
  print_row("dZ2", t.at("dZ2").value);
  print_row("dW2", t.dW[1]);
  print_row("db2", t.db[1]);
  for (arma::uword i = 0; i < 4; ++i) print_row("dW1 row " + std::to_string(i + 1), t.dW[0].row(i));
  print_row("db1", t.db[0]);
  if (trace) {
    std::cout << "  --trace: every intermediate of the pass, laid out as on paper\n";
    std::cout << nn::trace::format_trace(t, 6);
  }

  // 2. the layers' backward: Dense -> Sigmoid -> Dense, dL/dZ2 = sigma(Z2) - Y
  nn::Sigmoid s1;
  const arma::mat Z2 = d2.forward(s1.forward(d1.forward(net.X)));
  d1.backward(s1.backward(d2.backward(nn::sigmoid(Z2) - net.Y)));

  // 3. the scalar graph: 17 leaves, one node per multiplication and addition
  DeckFourNetwork::ScalarGraph graph = net.scalar_graph();
  graph.L.backward();
  arma::mat gW1(4, 2), gW2(1, 4);
  arma::vec gb1(4), gb2(1);
  for (arma::uword k = 0; k < 8; ++k) gW1(k) = graph.w1[k].grad();
  for (arma::uword k = 0; k < 4; ++k) {
    gb1(k) = graph.c1[k].grad();
    gW2(0, k) = graph.w2[k].grad();
  }
  gb2(0) = graph.c2.grad();
  std::cout << "Example 7.6  the scalar graph has " << graph.L.topological_order().size()
            << " nodes\n";

  // 4. central differences
  const DeckFourNetwork::Gradients numeric = net.numerical_gradients();

  auto worst = [&](const arma::mat& a1, const arma::mat& a2, const arma::mat& a3,
                   const arma::mat& a4, const arma::mat& b1, const arma::mat& b2,
                   const arma::mat& b3, const arma::mat& b4) {
    return std::max({nn::relative_error(a1, b1), nn::relative_error(a2, b2),
                     nn::relative_error(a3, b3), nn::relative_error(a4, b4)});
  };
  const double e_dense =
      worst(t.dW[0], t.db[0], t.dW[1], t.db[1], d1.W().grad, d1.b().grad, d2.W().grad, d2.b().grad);
  const double e_graph = worst(t.dW[0], t.db[0], t.dW[1], t.db[1], gW1, gb1, gW2, gb2);
  const double e_numeric =
      worst(t.dW[0], t.db[0], t.dW[1], t.db[1], numeric.W1, numeric.b1, numeric.W2, numeric.b2);
  std::cout << "Example 7.6  hand vs Dense::backward      relative error <= 1e-12: "
            << yes_no(e_dense <= 1e-12) << '\n';
  std::cout << "Example 7.6  hand vs scalar graph         relative error <= 1e-12: "
            << yes_no(e_graph <= 1e-12) << '\n';
  std::cout << "Example 7.6  hand vs central differences  relative error <= 1e-7:  "
            << yes_no(e_numeric <= 1e-7) << '\n';
}

// ---------------------------------------------------------------------------------------------
// 7.7 Vanishing and exploding signals along 100 one-neuron linear layers.
void vanishing_and_exploding(const nn::plot::Target& plots) {
  heading("7.7 Vanishing and exploding signals along 100 layers  [L1-28, L1-29, L1-31, L1-32]");
  arma::vec layer = arma::regspace(1, 101);
  std::vector<nn::plot::Series> series;
  for (double w : {1.5, 0.5}) {
    // 100 one-neuron linear layers without bias: a_{l+1} = w a_l
    std::vector<std::unique_ptr<nn::Dense>> chain;
    for (int l = 1; l <= 100; ++l)
      chain.push_back(std::make_unique<nn::Dense>(arma::mat(1, 1, arma::fill::value(w)),
                                                  arma::vec(1, arma::fill::zeros)));
    arma::vec a(102), delta(102);
    arma::mat x(1, 1, arma::fill::ones);  // a_1 = 1
    a(1) = 1.0;
    for (int l = 1; l <= 100; ++l) a(l + 1) = (x = chain[l - 1]->forward(x))(0, 0);
    arma::mat d(1, 1, arma::fill::ones);  // delta_101 = dL/da_101 = 1
    delta(101) = 1.0;
    for (int l = 100; l >= 1; --l)
      delta(l) = (d = chain[l - 1]->backward(d))(0, 0);  // delta_l = w delta_{l+1}
    std::cout << "Example 7.7  w = " << fmt(w, 1) << "  forward  a2 = " << fmt(a(2), 5)
              << ", a6 = " << fmt(a(6), 5) << ", a101 = " << sci(a(101), 9) << '\n';
    std::cout << "Example 7.7  w = " << fmt(w, 1) << "  backward delta100 = " << fmt(delta(100), 5)
              << ", delta96 = " << fmt(delta(96), 5) << ", delta1 = " << sci(delta(1), 9) << '\n';
    series.push_back({"activation a_l, w = " + fmt(w, 1), layer, a.subvec(1, 101), "lines"});
    series.push_back({"gradient delta_l, w = " + fmt(w, 1), layer, delta.subvec(1, 101), "lines"});
  }
  std::cout << "  (the lecture writes w = 0.5 on the exploding slide and (1.5)^100 on the "
               "vanishing one: errata)\n";
  nn::plot::LineOptions log_axis;
  log_axis.log_y = true;
  const std::string png =
      nn::plot::lines(plots, "chain_100_layers.png", "100 linear layers: a_l and delta_l",
                      "layer l", "value (log scale)", series, log_axis);
  if (!png.empty()) std::cout << "  plot: " << png << '\n';
}

// ---------------------------------------------------------------------------------------------
// 7.8 The stable softmax: subtract the largest logit.
void stable_softmax() {
  heading("7.8 The stable softmax  [L3-07]");
  const arma::mat Z = {{1000.0, -1000.0}, {1001.0, -1000.0}, {1002.0, -1000.0}};
  arma::mat naive = arma::exp(Z);
  naive.each_row() /= arma::sum(naive, 0);
  const arma::mat P = nn::softmax(Z);
  for (arma::uword n = 0; n < 2; ++n)
    std::cout << "Example 7.8  z = (" << fmt(Z(0, n), 0) << ", " << fmt(Z(1, n), 0) << ", "
              << fmt(Z(2, n), 0)
              << "): naive e^z / sum e^z is NaN: " << yes_no(naive.col(n).has_nan())
              << ", stable softmax = (" << fmt(P(0, n), 9) << ", " << fmt(P(1, n), 9) << ", "
              << fmt(P(2, n), 9) << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("07_backprop_by_hand", "Backpropagation by hand");
  bool trace = false;
  chapter.app().add_flag("--trace", trace,
                         "print every intermediate of the 2-layer network's forward/backward pass");
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    const nn::plot::Target plots = opt.plot_target();
    std::cout << "Chapter 07 -- backpropagation by hand\n";
    computation_graph(opt, plots);
    two_paths(opt, plots);
    sigmoid_cross_entropy_node();
    softmax_jacobian_rows();
    chain_rule();
    two_layer_network(trace);
    vanishing_and_exploding(plots);
    stable_softmax();
  });
}
