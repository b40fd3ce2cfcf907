// Worked examples of the lectures with topic `backprop` (chapter 07_backprop_by_hand): computation
// graphs, the chain rule, the softmax Jacobian and back-propagation through a 2-layer network.
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md (recomputed there in Python) or
// from numpy (/usr/bin/python3, full double precision where the catalogue prints 9 digits); never
// from this library's own output. The scalar graph is nn::autograd::Value.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/autograd/value.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/trace/trace.hpp>

// The L4-24 network, the same numbers chapter 07 starts from.
#include "../../chapters/07_backprop_by_hand/deck4_network.hpp"

namespace ag = nn::autograd;
using chapter07::DeckFourNetwork;

namespace {

// Central difference of a scalar function of one double.
double central_difference(const std::function<double(double)>& f, double x, double h = 1e-6) {
  return nn::numerical_gradient([&f](const arma::mat& m) { return f(m(0)); }, arma::mat{x}, h)(0);
}

double scalar_relative_error(double a, double n) {
  return std::abs(a - n) / (std::abs(a) + std::abs(n));
}

// The deck-2 graph L(a, b, w, t) = ((a + b) w - t)^2 + w^2 as a scalar graph.
ag::Value deck2_loss(const ag::Value& a, const ag::Value& b, const ag::Value& w,
                     const ag::Value& t) {
  ag::Value s = a + b;  // a + b
  ag::Value p = s * w;  // (a + b) w
  ag::Value r = p - t;  // (a + b) w - t
  return r.pow(2) + w.pow(2);
}

// numpy (full precision) for the L4-27 values; the catalogue prints them to 9 digits.
const arma::rowvec kDZo = {-0.3940627110457985, 0.5543264656660659, -0.4928044645464502};
const arma::rowvec kDWo = {-0.1607318019628412, -0.18853565636833092, -0.1270738736955042,
                           -0.06763382738965429};  // dL/dW_O^T (our W2 is 1 x 4)
const double kDbo = -0.3325407099261828;
const arma::mat kDWh = {
    {0.09873666592753365, -0.07879603296519037, 0.05843197671569096, -0.03469421454009187},
    {0.01226543855089098, -0.00881158408633801, 0.00567763058572467,
     -0.00407936584372473}};  // dL/dW_H (2 x 4); our dW1 = kDWh^T
const arma::vec kDbh = {-0.03532265995307105, 0.02592178981024987, -0.01772628932407205,
                        0.01667610908409499};

}  // namespace

// L0-06: J = 3(a b + c) as u = a b, z = u + c, J = 3 z. Lecture: dJ/dz = 3, dJ/du = 3 (one slide
// writes df/du), dJ/dc = 3, dJ/da = 12. a and b were in a lost figure (UNDERSPECIFIED): dJ/da = 3b
// = 12 gives b = 4; a = 3 is CONSTRUCTED. Everything is exact in double.
TEST(Deck0, Ex06ComputationGraphJ) {
  RecordProperty("catalogue_id", "L0-06");
  ag::Value a(3.0, "a"), b(4.0, "b"), c(2.0, "c");
  ag::Value u = (a * b).labelled("u");
  ag::Value z = (u + c).labelled("z");
  ag::Value J = (3.0 * z).labelled("J");
  J.backward();
  EXPECT_EQ(u.data(), 12.0);
  EXPECT_EQ(z.data(), 14.0);
  EXPECT_EQ(J.data(), 42.0);
  EXPECT_EQ(z.grad(), 3.0);   // lecture: dJ/dz = 3
  EXPECT_EQ(u.grad(), 3.0);   // lecture: dJ/du = 3
  EXPECT_EQ(c.grad(), 3.0);   // lecture: dJ/dc = 3
  EXPECT_EQ(a.grad(), 12.0);  // lecture: dJ/da = 12 (= 3b)
  EXPECT_EQ(b.grad(), 9.0);   // not stated (= 3a with the constructed a = 3)
}

// L1-30: a five-layer chain, one linear neuron per layer, no bias: a5 = w4 w3 w2 w1 a1 and
// dL/dw1 = dL/da5 * w4 w3 w2 a1 (lecture: symbolic). CONSTRUCTED: w = (2, 0.5, 3, -1), a1 = 1.5,
// L = 0.5 (a5 - t)^2, t = 1. Catalogue: a5 = -4.5, L = 15.125, dL/da5 = -5.5, dL/dw1 = 12.375.
TEST(Deck1, Ex30ChainRuleFiveLayerChain) {
  RecordProperty("catalogue_id", "L1-30");
  const std::vector<double> w0 = {2.0, 0.5, 3.0, -1.0};
  const double a1 = 1.5, t = 1.0;
  std::vector<ag::Value> w;
  for (double wi : w0) w.emplace_back(wi);
  ag::Value a = ag::Value(a1, "a1");
  for (const ag::Value& wi : w) a = wi * a;  // a_{l+1} = w_l a_l
  ag::Value a5 = a;
  ag::Value L = 0.5 * (a5 - t).pow(2);
  L.backward();
  EXPECT_EQ(a5.data(), -4.5);
  EXPECT_EQ(L.data(), 15.125);
  EXPECT_EQ(a5.grad(), -5.5);
  EXPECT_NEAR(w[0].grad(), 12.375, 1e-12);
  // the lecture's product form: dL/da5 * w4 w3 w2 a1
  EXPECT_NEAR(w[0].grad(), a5.grad() * w0[3] * w0[2] * w0[1] * a1, 1e-12);
  // central differences
  auto loss_of_w1 = [&](double w1) {
    const double y = w0[3] * w0[2] * w0[1] * w1 * a1;
    return 0.5 * (y - t) * (y - t);
  };
  EXPECT_LE(scalar_relative_error(w[0].grad(), central_difference(loss_of_w1, w0[0])), 1e-7);
}

// L1-33: three paths from x to y; dy/dx = sum over paths (lecture: symbolic; the node functions
// were in a lost figure, UNDERSPECIFIED). CONSTRUCTED: u1 = 3x, u2 = x + 1, u3 = 0.5x, o1 = u2^2,
// o2 = exp(u3), y = u1 + o1 + o2 at x = 1. Catalogue: paths 3, 4, 0.824360635; dy/dx = 7.82436064.
TEST(Deck1, Ex33ThreePathGraphSumsPaths) {
  RecordProperty("catalogue_id", "L1-33");
  ag::Value x(1.0, "x");
  ag::Value u1 = 3.0 * x, u2 = x + 1.0, u3 = 0.5 * x;
  ag::Value o1 = u2.pow(2), o2 = u3.exp();
  ag::Value y = u1 + o1 + o2;
  y.backward();
  // each path's product of local derivatives: dy/du_k (the graph's gradient at u_k) times
  // du_k/dx (3, 1 and 0.5 by construction)
  const double path1 = u1.grad() * 3.0;
  const double path2 = u2.grad() * 1.0;
  const double path3 = u3.grad() * 0.5;
  EXPECT_EQ(path1, 3.0);
  EXPECT_EQ(path2, 4.0);
  EXPECT_NEAR(path3, 0.824360635, 1e-9);
  EXPECT_NEAR(x.grad(), 7.824360635, 1e-9);  // catalogue: 7.82436064 (= 7.8243606353500645)
  EXPECT_NEAR(x.grad(), path1 + path2 + path3, 1e-15);
  // the node x received three contributions: check against d/dx [3x + (x+1)^2 + e^{x/2}]
  auto f = [](double v) { return 3.0 * v + (v + 1.0) * (v + 1.0) + std::exp(0.5 * v); };
  EXPECT_LE(scalar_relative_error(x.grad(), central_difference(f, 1.0)), 1e-9);
}

// L2-07: multivariate chain rule dy/dx_i = sum_k dy/du_k du_k/dx_i (lecture: formula only).
// CONSTRUCTED: u = g(x) = (x1 x2, x1 + x2), y = f(u) = u1^2 + 3 u2, x = (1, 2).
// Catalogue: u = (2, 3), dy/du = (4, 3), dy/dx = (11, 7) -- exact in double.
TEST(Deck2, Ex07MultivariateChainRule) {
  RecordProperty("catalogue_id", "L2-07");
  ag::Value x1(1.0, "x1"), x2(2.0, "x2");
  ag::Value u1 = x1 * x2, u2 = x1 + x2;
  ag::Value y = u1.pow(2) + 3.0 * u2;
  y.backward();
  EXPECT_EQ(u1.data(), 2.0);
  EXPECT_EQ(u2.data(), 3.0);
  EXPECT_EQ(u1.grad(), 4.0);
  EXPECT_EQ(u2.grad(), 3.0);
  EXPECT_EQ(x1.grad(), 11.0);
  EXPECT_EQ(x2.grad(), 7.0);
  // the Jacobian form: dy/dx = (dy/du)^T du/dx with du/dx = [[x2, x1], [1, 1]]
  const arma::rowvec dy_du = {u1.grad(), u2.grad()};
  const arma::mat du_dx = {{2.0, 1.0}, {1.0, 1.0}};
  const arma::rowvec dy_dx = dy_du * du_dx;
  EXPECT_EQ(dy_dx(0), 11.0);
  EXPECT_EQ(dy_dx(1), 7.0);
}

// L2-08 ERRATUM (numeric): L(a, b, w, t) = ((a + b) w - t)^2 + w^2 at a = 1, b = 2, w = 2, t = 4.
// Lecture: "the value of the loss function is 34", then its own check ((1+2)*2 - 4)^2 + 2^2 = 8.
// Correct: 8. 34 is L(1, 2, 3, 4): the lost figure was probably drawn with w = 3.
TEST(Deck2, Ex08GraphLossValue) {
  RecordProperty("catalogue_id", "L2-08");
  ag::Value a(1.0, "a"), b(2.0, "b"), w(2.0, "w"), t(4.0, "t");
  ag::Value L = deck2_loss(a, b, w, t);
  EXPECT_EQ(L.data(), 8.0);  // not 34 (erratum L2-08)
  // the lecture's own check ((1+2)*2 - 4)^2 + 2^2, term by term on the graph: 4 + 4
  EXPECT_EQ(((a + b) * w - t).pow(2).data(), 4.0);
  EXPECT_EQ(w.pow(2).data(), 4.0);
  // the explanation of the erratum: 34 = L(1, 2, 3, 4)
  EXPECT_EQ(deck2_loss(ag::Value(1.0), ag::Value(2.0), ag::Value(3.0), ag::Value(4.0)).data(),
            34.0);
}

// L2-09: the gradients of the same graph at (1, 2, 2, 4). Lecture (hand formulas):
// dL/da = dL/db = 2((a+b)w - t) w = 8; dL/dw = 2((a+b)w - t)(a+b) + 2w = 16; dL/dt = -2((a+b)w - t)
// = -4. Catalogue: as stated (OK), exact. At w = 3 (the probable figure) 30, 30, 36, -10.
TEST(Deck2, Ex09GraphGradients) {
  RecordProperty("catalogue_id", "L2-09");
  ag::Value a(1.0, "a"), b(2.0, "b"), w(2.0, "w"), t(4.0, "t");
  ag::Value L = deck2_loss(a, b, w, t);
  L.backward();
  EXPECT_EQ(a.grad(), 8.0);
  EXPECT_EQ(b.grad(), 8.0);
  EXPECT_EQ(w.grad(), 16.0);
  EXPECT_EQ(t.grad(), -4.0);
  // the hand formulas
  const double A = 1.0, B = 2.0, W = 2.0, T = 4.0, r = (A + B) * W - T;
  EXPECT_EQ(2.0 * r * W, a.grad());
  EXPECT_EQ(2.0 * r * (A + B) + 2.0 * W, w.grad());
  EXPECT_EQ(-2.0 * r, t.grad());
  // at w = 3
  ag::Value a3(1.0), b3(2.0), w3(3.0), t3(4.0);
  ag::Value L3 = deck2_loss(a3, b3, w3, t3);
  L3.backward();
  EXPECT_EQ(a3.grad(), 30.0);
  EXPECT_EQ(b3.grad(), 30.0);
  EXPECT_EQ(w3.grad(), 36.0);
  EXPECT_EQ(t3.grad(), -10.0);
  // central differences agree
  auto Lw = [](double wv) { return std::pow((1.0 + 2.0) * wv - 4.0, 2) + wv * wv; };
  EXPECT_LE(scalar_relative_error(w.grad(), central_difference(Lw, 2.0)), 1e-9);
}

// L3-14: the softmax Jacobian dS_i/dz_j = S_i delta_ij - S_i S_j = diag(S) - S S^T (lecture:
// formula and np.diagflat code). CONSTRUCTED z = (1, 2, 3). Catalogue: J = [[0.0819250691,
// -0.0220330445, -0.0598920245], [-0.0220330445, 0.184836447, -0.162803402], [-0.0598920245,
// -0.162803402, 0.222695427]], symmetric, rows sum to 0, equal to central differences to 1e-9.
TEST(Deck3, Ex14SoftmaxJacobian) {
  RecordProperty("catalogue_id", "L3-14");
  const arma::vec z = {1.0, 2.0, 3.0};
  const arma::vec s = nn::softmax(z);
  const arma::mat J = nn::softmax_jacobian(s);
  // numpy, full precision
  const arma::mat expected = {{0.08192506906499324, -0.0220330445201743, -0.05989202454481894},
                              {-0.0220330445201743, 0.1848364465099787, -0.16280340198980445},
                              {-0.05989202454481894, -0.16280340198980445, 0.22269542653462338}};
  EXPECT_TRUE(arma::approx_equal(J, expected, "absdiff", 1e-10)) << J;
  for (arma::uword i = 0; i < 3; ++i) EXPECT_NEAR(arma::accu(J.row(i)), 0.0, 1e-15);
  EXPECT_TRUE(arma::approx_equal(J, J.t(), "absdiff", 0.0));
  // the catalogue's 9-digit figures, within half a unit of their last digit
  EXPECT_NEAR(J(0, 0), 0.0819250691, 0.5e-10);
  EXPECT_NEAR(J(1, 1), 0.184836447, 0.5e-9);
  EXPECT_NEAR(J(1, 2), -0.162803402, 0.5e-9);
  EXPECT_NEAR(J(2, 2), 0.222695427, 0.5e-9);
  // central differences, column j = dS/dz_j
  for (arma::uword i = 0; i < 3; ++i) {
    const arma::mat numeric = nn::numerical_gradient(
        [&](const arma::mat& zz) { return arma::vec(nn::softmax(zz))(i); }, arma::mat(z));
    EXPECT_TRUE(
        arma::approx_equal(arma::rowvec(numeric.t()), arma::rowvec(J.row(i)), "absdiff", 1e-9))
        << "row " << i;
  }
  // the scalar graph: S_i = e^{z_i} / sum_j e^{z_j}, backward from each S_i gives row i
  for (arma::uword i = 0; i < 3; ++i) {
    std::vector<ag::Value> zv = {ag::Value(1.0), ag::Value(2.0), ag::Value(3.0)};
    ag::Value denom = zv[0].exp() + zv[1].exp() + zv[2].exp();
    ag::Value si = zv[i].exp() / denom;
    si.backward();
    for (arma::uword j = 0; j < 3; ++j) EXPECT_NEAR(zv[j].grad(), J(i, j), 1e-15);
  }
}

// L3-15: chain rule for F = h(g(x)), g = w2 f1(w1 x), h = f2(g): F' = h'(g) g'(x) (lecture:
// symbolic). CONSTRUCTED f1 = f2 = sigmoid, w1 = 0.5, w2 = -1.5, x = 2. Catalogue: g = -1.09658787,
// F = 0.250379771, F'(x) = sigma'(g) w2 sigma'(w1 x) w1 = -0.0276765322.
TEST(Deck3, Ex15ChainRuleComposition) {
  RecordProperty("catalogue_id", "L3-15");
  const double w1 = 0.5, w2 = -1.5, x0 = 2.0;
  ag::Value x(x0, "x");
  ag::Value g = w2 * ag::sigmoid(w1 * x);
  ag::Value F = ag::sigmoid(g);
  F.backward();
  EXPECT_NEAR(g.data(), -1.09658787, 0.5e-8);
  EXPECT_NEAR(F.data(), 0.2503797709599314, 1e-10);  // numpy; catalogue 0.250379771
  EXPECT_NEAR(x.grad(), -0.02767653216, 1e-10);      // catalogue -0.0276765322
  // the product of local derivatives h'(g) g'(x)
  const double product =
      nn::sigmoid_derivative(g.data()) * w2 * nn::sigmoid_derivative(w1 * x0) * w1;
  EXPECT_NEAR(x.grad(), product, 1e-16);
  auto Fx = [&](double v) { return nn::sigmoid(w2 * nn::sigmoid(w1 * v)); };
  EXPECT_NEAR(x.grad(), central_difference(Fx, x0), 1e-8);
}

// L4-25: tensor chain rule. x (n1..nN), y (m..), z (r..): dz/dx = <dz/dy, dy/dx> contracting y's
// indices (lecture: shapes only; its 'dg(z)/dz' should read dg(y)/dy). CONSTRUCTED: x of shape
// (2, 3), y = A vec(x) with A 4 x 6, z = B y with B 5 x 4 (seeded). Catalogue: dz/dy (5, 4),
// dy/dx (4, 2, 3), dz/dx (5, 2, 3) = B A reshaped.
TEST(Deck4, Ex25TensorChainRuleShapes) {
  RecordProperty("catalogue_id", "L4-25");
  nn::Rng rng(2025);
  const arma::mat A = rng.randn(4, 6, 0.0, 1.0);
  const arma::mat B = rng.randn(5, 4, 0.0, 1.0);
  const arma::mat x0 = rng.randn(2, 3, 0.0, 1.0);
  // vec(x) in the lecture's (NumPy, row-major) order: index 3 i + j for x[i, j]
  auto flat = [](arma::uword i, arma::uword j) { return 3 * i + j; };

  // Each factor from the scalar graph: one backward pass per output component.
  // dy/dx: shape (4, 2, 3)
  std::vector<arma::uword> shape_yx = {4, 2, 3};
  arma::cube dy_dx(2, 3, 4);  // slice m holds dy_m/dx[i, j]
  for (arma::uword m = 0; m < 4; ++m) {
    std::vector<ag::Value> xv;
    for (arma::uword i = 0; i < 2; ++i)
      for (arma::uword j = 0; j < 3; ++j) xv.emplace_back(x0(i, j));
    ag::Value ym(0.0);
    for (arma::uword i = 0; i < 2; ++i)
      for (arma::uword j = 0; j < 3; ++j) ym = ym + A(m, flat(i, j)) * xv[flat(i, j)];
    ym.backward();
    for (arma::uword i = 0; i < 2; ++i)
      for (arma::uword j = 0; j < 3; ++j) dy_dx(i, j, m) = xv[flat(i, j)].grad();
  }
  // dz/dy: shape (5, 4)
  std::vector<arma::uword> shape_zy = {5, 4};
  arma::mat dz_dy(5, 4);
  for (arma::uword r = 0; r < 5; ++r) {
    std::vector<ag::Value> yv;
    for (arma::uword m = 0; m < 4; ++m) yv.emplace_back(0.3 * m);
    ag::Value zr(0.0);
    for (arma::uword m = 0; m < 4; ++m) zr = zr + B(r, m) * yv[m];
    zr.backward();
    for (arma::uword m = 0; m < 4; ++m) dz_dy(r, m) = yv[m].grad();
  }
  // <dz/dy, dy/dx>: contract the 4 indices of y -> shape (5, 2, 3)
  std::vector<arma::uword> shape_zx = {shape_zy[0], shape_yx[1], shape_yx[2]};
  arma::cube dz_dx(2, 3, 5, arma::fill::zeros);
  for (arma::uword r = 0; r < 5; ++r)
    for (arma::uword m = 0; m < 4; ++m) dz_dx.slice(r) += dz_dy(r, m) * dy_dx.slice(m);

  EXPECT_EQ(shape_zy, (std::vector<arma::uword>{5, 4}));
  EXPECT_EQ(shape_yx, (std::vector<arma::uword>{4, 2, 3}));
  EXPECT_EQ(shape_zx, (std::vector<arma::uword>{5, 2, 3}));
  EXPECT_EQ(dz_dx.n_slices, 5u);
  EXPECT_EQ(dz_dx.n_rows, 2u);
  EXPECT_EQ(dz_dx.n_cols, 3u);
  // values: B A reshaped
  const arma::mat BA = B * A;
  for (arma::uword r = 0; r < 5; ++r)
    for (arma::uword i = 0; i < 2; ++i)
      for (arma::uword j = 0; j < 3; ++j) EXPECT_NEAR(dz_dx(i, j, r), BA(r, flat(i, j)), 1e-12);
}

// L4-26 ERRATUM (typo) and L4-27 ERRATUM (typo): back-propagation through the L4-24 network
// (2 inputs, 4 sigmoid hidden units, 1 sigmoid output, binary cross-entropy on the logits summed
// over 3 CONSTRUCTED examples, so dL/dz_O = sigmoid(z_O) - y). Lecture (formulas): dL/dW_O =
// u_H^T dL/dz_O, dL/db_O = 1^T dL/dz_O; it prints 'dL/dW_O = <dL/dW_O, dz_O/dW_O>' and
// 'dL/dW_H = <dL/dW_H, dZ_H/dW_H>' (L4-26: circular, the first factors must be dL/dz_O and
// dL/dz_H) and 'sum_i dL/dz_O,ik u_O,ij' (L4-27: must be u_H,ij). Catalogue values:
// dL/dz_O = (-0.394062711, 0.554326466, -0.492804465); dL/dW_O = (-0.160731802, -0.188535656,
// -0.127073874, -0.0676338274)^T; dL/db_O = -0.332540710; dL/dW_H = [[0.0987366659, -0.0787960330,
// 0.0584319767, -0.0346942145], [0.0122654386, -0.00881158409, 0.00567763059, -0.00407936584]];
// dL/db_H = (-0.0353226600, 0.0259217898, -0.0177262893, 0.0166761091).
// Our layout is transposed: dW2 = (dL/dW_O)^T, dW1 = (dL/dW_H)^T. Four ways: hand formulas
// (nn::trace), Dense::backward, the scalar graph, central differences.
TEST(Deck4, Ex27BackpropTwoLayerNetworkFourWays) {
  RecordProperty("catalogue_id", "L4-26 L4-27");
  const DeckFourNetwork net;
  nn::Dense d1(net.W1, net.b1), d2(net.W2, net.b2);

  // 1. hand formulas (the trace): dZ2 = A2 - Y, dW2 = dZ2 A1^T, db2 = dZ2 1, dA1 = W2^T dZ2,
  //    dZ1 = dA1 .* A1 .* (1 - A1), dW1 = dZ1 X^T, db1 = dZ1 1
  const nn::trace::Trace t = nn::trace::trace_pass(
      {{&d1, nn::trace::Activation::Sigmoid}, {&d2, nn::trace::Activation::Sigmoid}}, net.X, net.Y,
      nn::Reduction::Sum);
  EXPECT_NEAR(t.loss, 1.9880060408714562, 1e-9);  // L4-24: 1.98800604
  EXPECT_TRUE(arma::approx_equal(t.at("dZ2").value, arma::mat(kDZo), "absdiff", 1e-9));
  EXPECT_TRUE(arma::approx_equal(t.dW[1], arma::mat(kDWo), "absdiff", 1e-9)) << t.dW[1];
  EXPECT_NEAR(t.db[1](0), kDbo, 1e-9);
  EXPECT_TRUE(arma::approx_equal(t.dW[0], arma::mat(kDWh.t()), "absdiff", 1e-9)) << t.dW[0];
  EXPECT_TRUE(arma::approx_equal(t.db[0], arma::mat(kDbh), "absdiff", 1e-9)) << t.db[0];
  // the catalogue's printed figures, half a unit of the last digit
  EXPECT_NEAR(t.dW[1](0, 0), -0.160731802, 0.5e-9);
  EXPECT_NEAR(t.db[1](0), -0.332540710, 0.5e-9);
  EXPECT_NEAR(t.dW[0](1, 1), -0.00881158409, 0.5e-11);

  // L4-26: the corrected tensor forms, contracted explicitly. dz_O,i/dW_O,j = u_H,ij and
  // dz_H,ik/dW_H,jl = X_ij delta_kl (lecture layout: i example, j input/hidden, k, l hidden).
  const arma::mat Uh = t.at("A1").value.t();  // u_H: N x N_H
  const arma::mat Xl = net.X.t();             // X:  N x d
  const arma::rowvec dLdzO = t.at("dZ2").value;
  const arma::mat dLdzH = t.at("dZ1").value.t();  // N x N_H
  arma::vec dWo(4, arma::fill::zeros);
  for (arma::uword j = 0; j < 4; ++j)
    for (arma::uword i = 0; i < 3; ++i) dWo(j) += dLdzO(i) * Uh(i, j);  // <dL/dz_O, dz_O/dW_O>
  EXPECT_TRUE(arma::approx_equal(dWo, arma::vec(kDWo.t()), "absdiff", 1e-12));
  arma::mat dWh(2, 4, arma::fill::zeros);
  for (arma::uword j = 0; j < 2; ++j)
    for (arma::uword l = 0; l < 4; ++l)
      for (arma::uword i = 0; i < 3; ++i)
        for (arma::uword k = 0; k < 4; ++k)
          dWh(j, l) += dLdzH(i, k) * Xl(i, j) * (k == l ? 1.0 : 0.0);  // <dL/dz_H, dz_H/dW_H>
  EXPECT_TRUE(arma::approx_equal(dWh, kDWh, "absdiff", 1e-12));
  // the printed (circular) form <dL/dW_O, dz_O/dW_O> has dL/dW_O on both sides: nothing to compute

  // 2. the layers' backward: Dense, Sigmoid, Dense, then dL/dZ2 = A2 - Y
  nn::Sigmoid s1;
  const arma::mat Z2 = d2.forward(s1.forward(d1.forward(net.X)));
  const arma::mat dZ2 = nn::sigmoid(Z2) - net.Y;
  d1.backward(s1.backward(d2.backward(dZ2)));
  EXPECT_TRUE(arma::approx_equal(d2.W().grad, arma::mat(kDWo), "absdiff", 1e-9));
  EXPECT_NEAR(d2.b().grad(0), kDbo, 1e-9);
  EXPECT_TRUE(arma::approx_equal(d1.W().grad, arma::mat(kDWh.t()), "absdiff", 1e-9));
  EXPECT_TRUE(arma::approx_equal(d1.b().grad, arma::mat(kDbh), "absdiff", 1e-9));

  // 3. the scalar graph: every weight a leaf, the loss sum_n softplus(z) - y z as ln(1 + e^z) - y z
  DeckFourNetwork::ScalarGraph g = net.scalar_graph();
  g.L.backward();
  EXPECT_NEAR(g.L.data(), 1.9880060408714562, 1e-9);
  for (arma::uword k = 0; k < 4; ++k) {
    EXPECT_NEAR(g.w2[k].grad(), kDWo(k), 1e-9);
    EXPECT_NEAR(g.c1[k].grad(), kDbh(k), 1e-9);
    for (arma::uword j = 0; j < 2; ++j) EXPECT_NEAR(g.w1[k + 4 * j].grad(), kDWh(j, k), 1e-9);
  }
  EXPECT_NEAR(g.c2.grad(), kDbo, 1e-9);

  // 4. central differences, relative error <= 1e-7 for every tensor
  const DeckFourNetwork::Gradients numeric = net.numerical_gradients();
  EXPECT_LE(nn::relative_error(t.dW[0], numeric.W1), 1e-7);
  EXPECT_LE(nn::relative_error(t.db[0], numeric.b1), 1e-7);
  EXPECT_LE(nn::relative_error(t.dW[1], numeric.W2), 1e-7);
  EXPECT_LE(nn::relative_error(t.db[1], numeric.b2), 1e-7);
}
