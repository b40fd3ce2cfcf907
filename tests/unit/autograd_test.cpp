// Unit tests of the scalar computational graph nn::autograd::Value (nn/autograd/): every
// operation's gradient against central differences, accumulation when a node is reused, the
// topological order, zero_grad, the node table and the DOT export; and of nn/trace.
#include <gtest/gtest.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <tuple>

#include <nn/autograd/graph.hpp>
#include <nn/autograd/value.hpp>
#include <nn/core/errors.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/dense.hpp>
#include <nn/trace/trace.hpp>

namespace ag = nn::autograd;

namespace {

// Central difference (f(x+h) - f(x-h)) / 2h of a function of one double.
double central_difference(const std::function<double(double)>& f, double x, double h = 1e-6) {
  return nn::numerical_gradient([&f](const arma::mat& m) { return f(m(0)); }, arma::mat{x}, h)(0);
}

// ||a - n|| / (|a| + |n|) for scalars; 0 when both are 0.
double relative_error(double a, double n) { return nn::relative_error(arma::mat{a}, arma::mat{n}); }

// A unary operation as a function of a Value, checked at x: value and gradient.
struct UnaryCase {
  std::string name;
  std::function<ag::Value(const ag::Value&)> op;
  std::function<double(double)> f;
  double x;
};

}  // namespace

TEST(AutogradValue, LeafHoldsDataLabelAndZeroGrad) {
  ag::Value a(2.5, "a");
  EXPECT_EQ(a.data(), 2.5);
  EXPECT_EQ(a.grad(), 0.0);
  EXPECT_EQ(a.label(), "a");
  EXPECT_TRUE(a.op().empty());
  EXPECT_TRUE(a.inputs().empty());
  ag::Value b = a;  // copies share the node
  b.set_data(4.0);
  EXPECT_EQ(a.data(), 4.0);
}

TEST(AutogradValue, UnaryOpsMatchCentralDifferences) {
  const std::vector<UnaryCase> cases = {
      {"pow 3", [](const ag::Value& v) { return ag::pow(v, 3.0); },
       [](double x) { return x * x * x; }, 1.3},
      {"pow -0.5", [](const ag::Value& v) { return v.pow(-0.5); },
       [](double x) { return 1.0 / std::sqrt(x); }, 2.0},
      {"exp", [](const ag::Value& v) { return ag::exp(v); }, [](double x) { return std::exp(x); },
       0.7},
      {"log", [](const ag::Value& v) { return ag::log(v); }, [](double x) { return std::log(x); },
       1.9},
      {"tanh", [](const ag::Value& v) { return ag::tanh(v); },
       [](double x) { return std::tanh(x); }, -0.4},
      {"sigmoid", [](const ag::Value& v) { return ag::sigmoid(v); },
       [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, 0.3},
      {"relu+", [](const ag::Value& v) { return ag::relu(v); },
       [](double x) { return x > 0 ? x : 0.0; }, 0.8},
      {"relu-", [](const ag::Value& v) { return v.relu(); },
       [](double x) { return x > 0 ? x : 0.0; }, -0.8},
      {"neg", [](const ag::Value& v) { return -v; }, [](double x) { return -x; }, 0.6},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ag::Value x(c.x, "x");
    ag::Value y = c.op(x);
    EXPECT_NEAR(y.data(), c.f(c.x), 1e-15);
    y.backward();
    const double numeric = central_difference(c.f, c.x);
    EXPECT_LE(relative_error(x.grad(), numeric), 1e-8)
        << "autograd " << x.grad() << " numeric " << numeric;
  }
}

TEST(AutogradValue, BinaryOpsMatchCentralDifferencesInBothOperands) {
  using Op = std::function<ag::Value(const ag::Value&, const ag::Value&)>;
  using F = std::function<double(double, double)>;
  const std::vector<std::tuple<std::string, Op, F>> cases = {
      {"+", [](const ag::Value& a, const ag::Value& b) { return a + b; },
       [](double a, double b) { return a + b; }},
      {"-", [](const ag::Value& a, const ag::Value& b) { return a - b; },
       [](double a, double b) { return a - b; }},
      {"*", [](const ag::Value& a, const ag::Value& b) { return a * b; },
       [](double a, double b) { return a * b; }},
      {"/", [](const ag::Value& a, const ag::Value& b) { return a / b; },
       [](double a, double b) { return a / b; }},
  };
  const double a0 = 1.7, b0 = -0.6;
  for (const auto& [name, op, f] : cases) {
    SCOPED_TRACE(name);
    ag::Value a(a0, "a"), b(b0, "b");
    ag::Value y = op(a, b);
    EXPECT_EQ(y.op(), name);
    EXPECT_NEAR(y.data(), f(a0, b0), 1e-15);
    y.backward();
    const double na = central_difference([&](double x) { return f(x, b0); }, a0);
    const double nb = central_difference([&](double x) { return f(a0, x); }, b0);
    EXPECT_LE(relative_error(a.grad(), na), 1e-8);
    EXPECT_LE(relative_error(b.grad(), nb), 1e-8);
  }
}

TEST(AutogradValue, ConstantsOnEitherSide) {
  ag::Value x(2.0, "x");
  // y = 3 + x - 1 + 2 x - x/4 + 8/x + 5 - x  at x = 2: dy/dx = 1 + 2 - 1/4 - 8/x^2 - 1 = -0.25
  ag::Value y = 3.0 + x - 1.0 + 2.0 * x - x / 4.0 + 8.0 / x + (5.0 - x) * 1.0;
  EXPECT_DOUBLE_EQ(y.data(), 3 + 2 - 1 + 4 - 0.5 + 4 + 3);
  y.backward();
  EXPECT_DOUBLE_EQ(x.grad(), 1.0 + 2.0 - 0.25 - 2.0 - 1.0);
}

TEST(AutogradValue, NodeUsedTwiceAccumulatesBothContributions) {
  ag::Value a(3.0, "a");
  ag::Value y = a * a;  // dy/da = 2a = 6, one contribution per operand slot
  y.backward();
  EXPECT_EQ(a.grad(), 6.0);

  ag::Value x(1.5, "x");
  ag::Value u = (x * 2.0).labelled("u");  // u is used by two later nodes
  ag::Value z = u * u + u.exp();          // dz/dx = (2u + e^u) * 2
  z.backward();
  EXPECT_NEAR(x.grad(), (2.0 * 3.0 + std::exp(3.0)) * 2.0, 1e-12);
  EXPECT_NEAR(u.grad(), 2.0 * 3.0 + std::exp(3.0), 1e-12);
}

TEST(AutogradValue, BackwardTwiceDoublesUnlessZeroGrad) {
  ag::Value a(2.0), b(5.0);
  ag::Value y = a * b;
  y.backward();
  EXPECT_EQ(a.grad(), 5.0);
  y.backward();  // accumulates: the documented micrograd/PyTorch behaviour
  EXPECT_EQ(a.grad(), 10.0);
  y.zero_grad();
  EXPECT_EQ(a.grad(), 0.0);
  EXPECT_EQ(b.grad(), 0.0);
  EXPECT_EQ(y.grad(), 0.0);
  y.backward();
  EXPECT_EQ(a.grad(), 5.0);
  EXPECT_EQ(b.grad(), 2.0);
}

TEST(AutogradValue, TopologicalOrderPutsInputsFirstAndEachNodeOnce) {
  ag::Value a(1.0, "a"), b(2.0, "b");
  ag::Value u = (a * b).labelled("u");
  ag::Value v = (u + a).labelled("v");
  ag::Value w = (v * u).labelled("w");
  const auto order = w.topological_order();
  ASSERT_EQ(order.size(), 5u);  // a, b, u, v, w: a and u reused but listed once
  EXPECT_EQ(order.back().label(), "w");
  auto pos = [&](const ag::Value& x) {
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i].node() == x.node()) return i;
    return order.size();
  };
  for (const auto& n : order)
    for (const auto& in : n.inputs())
      EXPECT_LT(pos(in), pos(n)) << in.label() << " before " << n.label();
}

TEST(AutogradValue, LongChainDoesNotOverflowTheStack) {
  ag::Value x(1.0, "x");
  ag::Value y = x;
  for (int i = 0; i < 100000; ++i) y = y * 1.0;
  y.backward();
  EXPECT_EQ(x.grad(), 1.0);
  EXPECT_EQ(y.topological_order().size(), 200001u);  // x, 100000 constants, 100000 products
}

TEST(AutogradValue, LogOfNonPositiveThrowsDataError) {
  ag::Value x(0.0, "x");
  try {
    (void)ag::log(x);
    FAIL() << "expected nn::DataError";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("autograd::log"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)ag::log(ag::Value(-2.0)), nn::DataError);
}

TEST(AutogradValue, ReluGradientAtZeroIsZero) {
  ag::Value x(0.0);
  ag::Value y = ag::relu(x);
  y.backward();
  EXPECT_EQ(x.grad(), 0.0);
}

TEST(AutogradGraph, TableListsEveryNodeWithOpValueAndGrad) {
  ag::Value a(3.0, "a"), b(4.0, "b");
  ag::Value u = (a * b).labelled("u");
  u.backward();
  const std::string table = ag::graph_table(u, 2);
  EXPECT_NE(table.find("label"), std::string::npos);
  EXPECT_NE(table.find("a"), std::string::npos);
  EXPECT_NE(table.find("leaf"), std::string::npos);
  EXPECT_NE(table.find("a, b"), std::string::npos) << table;
  EXPECT_NE(table.find("12.00"), std::string::npos) << table;  // u = 12
  EXPECT_NE(table.find("4.00"), std::string::npos) << table;   // du/da = b = 4
  // header + 3 nodes
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 4);
}

TEST(AutogradGraph, DotExportContainsEveryNodeAndEdge) {
  ag::Value a(3.0, "a"), b(4.0, "b"), c(2.0, "c");
  ag::Value J = (3.0 * (a * b + c)).labelled("J");
  J.backward();
  const std::string dot = ag::to_dot(J);
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  for (const std::string s : {"{ a |", "{ b |", "{ c |", "{ J |", "data 42.0000", "grad 12.0000",
                              "label=\"*\"", "label=\"+\"", "->"})
    EXPECT_NE(dot.find(s), std::string::npos) << "missing " << s << " in\n" << dot;
  // 7 value nodes (a, b, ab, c, ab+c, 3, J) and 3 op nodes
  // + the default node attribute line
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '['), 7 + 3 + 1);
}

TEST(AutogradGraph, RenderDotWritesDotFileAndPngWhenGraphvizIsInstalled) {
  ag::Value a(1.0, "a");
  ag::Value y = ag::tanh(a).labelled("y");
  const std::string dir = std::string(NN_BINARY_DIR) + "/test-tmp/autograd";
  const std::string png = ag::render_dot(ag::to_dot(y), dir + "/tanh.png");
  EXPECT_TRUE(std::filesystem::exists(dir + "/tanh.dot"));
  if (ag::dot_available()) {
    EXPECT_EQ(png, dir + "/tanh.png");
    EXPECT_GT(std::filesystem::file_size(png), 0u);
  } else {
    EXPECT_EQ(png, "");
  }
}

TEST(AutogradGraph, RenderDotWithoutGraphvizReturnsEmptyAndKeepsTheDotFile) {
  const char* old_path = std::getenv("PATH");
  const std::string saved = old_path ? old_path : "";
  setenv("PATH", "/nonexistent-nn-test", 1);  // no `dot` anywhere on this PATH
  ag::Value a(1.0, "a");
  const std::string dir = std::string(NN_BINARY_DIR) + "/test-tmp/autograd-nodot";
  std::filesystem::remove_all(dir);
  const bool available = ag::dot_available();
  const std::string png = ag::render_dot(ag::to_dot(ag::exp(a)), dir + "/exp.png");
  setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(available);
  EXPECT_EQ(png, "");
  EXPECT_TRUE(std::filesystem::exists(dir + "/exp.dot"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/exp.png"));
}

TEST(Trace, TwoLayerSigmoidNetworkMatchesDenseBackwardAndScalarGraph) {
  // 2 -> 3 (tanh) -> 1 (sigmoid), binary cross-entropy (mean) on 2 examples.
  const arma::mat W1 = {{0.2, -0.4}, {0.7, 0.1}, {-0.3, 0.5}};
  const arma::vec b1 = {0.1, -0.2, 0.05};
  const arma::mat W2 = {{0.6, -0.8, 0.3}};
  const arma::vec b2 = {-0.1};
  nn::Dense d1(W1, b1), d2(W2, b2);
  const arma::mat X = {{1.0, -0.5}, {0.3, 2.0}};
  const arma::mat Y = {{1.0, 0.0}};
  const auto t = nn::trace::trace_pass(
      {{&d1, nn::trace::Activation::Tanh}, {&d2, nn::trace::Activation::Sigmoid}}, X, Y,
      nn::Reduction::Mean);
  EXPECT_EQ(t.at("Z1").value.n_rows, 3u);
  EXPECT_EQ(t.at("dZ2").formula, "(A2 - Y) / N");
  EXPECT_EQ(t.at("dW2").formula, "dZ2 A1^T");

  // The same network as a scalar graph: every weight a leaf.
  std::vector<std::vector<ag::Value>> w1(3, std::vector<ag::Value>(2)),
      w2(1, std::vector<ag::Value>(3));
  std::vector<ag::Value> c1(3), c2(1);
  for (int i = 0; i < 3; ++i) {
    c1[i] = ag::Value(b1(i));
    for (int j = 0; j < 2; ++j) w1[i][j] = ag::Value(W1(i, j));
    w2[0][i] = ag::Value(W2(0, i));
  }
  c2[0] = ag::Value(b2(0));
  ag::Value loss(0.0);
  for (int n = 0; n < 2; ++n) {
    std::vector<ag::Value> a1(3);
    for (int i = 0; i < 3; ++i) a1[i] = ag::tanh(w1[i][0] * X(0, n) + w1[i][1] * X(1, n) + c1[i]);
    ag::Value p = ag::sigmoid(w2[0][0] * a1[0] + w2[0][1] * a1[1] + w2[0][2] * a1[2] + c2[0]);
    ag::Value l = -(Y(0, n) * ag::log(p) + (1.0 - Y(0, n)) * ag::log(1.0 - p));
    loss = loss + l / 2.0;
  }
  loss.backward();
  EXPECT_NEAR(t.loss, loss.data(), 1e-12);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(t.dW[1](0, i), w2[0][i].grad(), 1e-12);
    EXPECT_NEAR(t.db[0](i), c1[i].grad(), 1e-12);
    for (int j = 0; j < 2; ++j) EXPECT_NEAR(t.dW[0](i, j), w1[i][j].grad(), 1e-12);
  }
  EXPECT_NEAR(t.db[1](0), c2[0].grad(), 1e-12);

  const std::string text = nn::trace::format_trace(t, 4);
  for (const std::string s : {"Z1 = W1 X + b1   [3 x 2]", "A1 = tanh(Z1)", "dZ1 = dA1 .* tanh'(Z1)",
                              "dW1 = dZ1 X^T   [3 x 2]", "db2 = dZ2 1"})
    EXPECT_NE(text.find(s), std::string::npos) << "missing " << s << " in\n" << text;
}

TEST(Trace, MseOutputAndSoftmaxOutput) {
  nn::Dense d(arma::mat{{1.0, 2.0}, {-1.0, 0.5}}, arma::vec{0.0, 0.1});
  const arma::mat X = arma::vec{0.5, -0.25};
  const arma::mat Y = arma::vec{0.0, 1.0};
  // identity output + MSE: L = 1/K sum (Z - Y)^2, dZ = 2 (Z - Y) / K
  auto t = nn::trace::trace_pass({{&d, nn::trace::Activation::Identity}}, X, Y, nn::Reduction::Sum);
  const arma::mat Z = arma::vec{0.0, -0.5 - 0.125 + 0.1};
  EXPECT_NEAR(t.loss, arma::accu(arma::square(Z - Y)) / 2.0, 1e-15);
  EXPECT_TRUE(arma::approx_equal(t.dW[0], (Z - Y) * X.t(), "absdiff", 1e-15));
  // softmax output + cross-entropy: dZ = A - Y
  t = nn::trace::trace_pass({{&d, nn::trace::Activation::Softmax}}, X, Y, nn::Reduction::Sum);
  const arma::vec s = arma::exp(Z) / arma::accu(arma::exp(Z));
  EXPECT_NEAR(t.loss, -std::log(s(1)), 1e-14);
  EXPECT_TRUE(arma::approx_equal(t.at("dZ1").value, s - Y, "absdiff", 1e-15));
}

TEST(Trace, ErrorsNameTheProblem) {
  nn::Dense d1(2, 3), d2(3, 1);
  const arma::mat X(2, 4, arma::fill::zeros), Y(1, 4, arma::fill::zeros);
  EXPECT_THROW(nn::trace::trace_pass({}, X, Y), nn::DataError);
  EXPECT_THROW(
      nn::trace::trace_pass(
          {{&d1, nn::trace::Activation::Softmax}, {&d2, nn::trace::Activation::Sigmoid}}, X, Y),
      nn::DataError);
  EXPECT_THROW(nn::trace::trace_pass({{&d2, nn::trace::Activation::Sigmoid}}, X, Y),
               nn::ShapeError);
  EXPECT_THROW(nn::trace::trace_pass(
                   {{&d1, nn::trace::Activation::Tanh}, {&d2, nn::trace::Activation::Sigmoid}}, X,
                   arma::mat(2, 4, arma::fill::zeros)),
               nn::ShapeError);
}
