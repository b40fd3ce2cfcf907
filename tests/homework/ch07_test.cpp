// Graded tests of chapter 07's library exercises: the loop of nn::autograd::Value::backward, the
// backward rule of each operation (called directly on its node, so each rule is graded on its
// own), the softmax Jacobian-vector product and the two halves of nn::trace::trace_pass.
#include <armadillo>
#include <functional>
#include <string>
#include <vector>

#include <nn/activations/relu.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/autograd/value.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/mse.hpp>
#include <nn/trace/trace.hpp>

#include "homework.hpp"

using nn::autograd::Value;

namespace {

// Runs the backward rule of v's node alone: v's gradient is `upstream`, each input's gradient
// starts at `before` (a rule must add to it, the input may be used elsewhere too).
void run_rule(const Value& v, double upstream, double before) {
  for (auto& in : v.node()->inputs) in->grad = before;
  v.node()->grad = upstream;
  ASSERT_TRUE(static_cast<bool>(v.node()->backward_rule))
      << "HW-CHECK: the node of '" << v.op() << "' has no backward rule";
  v.node()->backward_rule(*v.node());
}

// Checks the rule of a one-input operation `op` at x against the slope of its forward value.
void check_unary(const std::function<Value(const Value&)>& op, const std::string& name, double x) {
  const Value a(x);
  const Value v = op(a);
  run_rule(v, 1.5, 0.25);
  const double slope = hw::derivative([&](double t) { return op(Value(t)).data(); }, x, 1e-4);
  HW_NEAR(a.grad(), 0.25 + 1.5 * slope, 1e-8,
          "the gradient " + name + " adds to its input at x = " + hw::num(x) +
              " (input's gradient 0.25 before, v's gradient 1.5)");
}

}  // namespace

// Rules written here (not exercises): y = 2x twice and a sum. J = y + z with y = 2x, z = 2y:
// dJ/dy = 1 + 2 = 3 (both paths) must be complete before y passes it on, so dJ/dx = 6.
TEST(HwValueBackward, ReverseTopologicalOrder) {
  const auto twice = [](const Value& x) {
    return nn::autograd::make_node(2.0 * x.data(), "2x", {x.node()}, [](nn::autograd::Node& v) {
      v.inputs[0]->grad += 2.0 * v.grad;
    });
  };
  Value x(1.0);
  const Value y = twice(x);
  const Value z = twice(y);
  Value J = y + z;
  J.backward();
  HW_NEAR(J.grad(), 1.0, 0.0, "dJ/dJ after J.backward()");
  HW_NEAR(y.grad(), 3.0, 0.0, "dJ/dy for J = y + 2y (two paths)");
  HW_NEAR(x.grad(), 6.0, 0.0, "dJ/dx for J = y + 2y, y = 2x");
}

TEST(HwValueBackward, SumsOverEveryPath) {
  Value a(2.0), b(-1.0);
  Value J = (a + b) + (a - b) + a;  // dJ/da = 3, dJ/db = 0
  J.backward();
  HW_NEAR(a.grad(), 3.0, 0.0, "dJ/da for J = (a + b) + (a - b) + a");
  HW_NEAR(b.grad(), 0.0, 0.0, "dJ/db for J = (a + b) + (a - b) + a");
}

TEST(HwValueMulBackward, BothInputs) {
  const Value a(3.0), b(-4.0);
  const Value v = a * b;
  run_rule(v, 2.0, 0.5);
  HW_NEAR(a.grad(), 0.5 + 2.0 * -4.0, 1e-15,
          "the gradient * adds to a in v = a b (a = 3, b = -4, v's gradient 2, a's 0.5 before)");
  HW_NEAR(b.grad(), 0.5 + 2.0 * 3.0, 1e-15,
          "the gradient * adds to b in v = a b (a = 3, b = -4, v's gradient 2, b's 0.5 before)");
}

TEST(HwValueMulBackward, SameInputTwice) {
  const Value a(5.0);
  const Value v = a * a;  // v = a^2: the rule runs once and reaches a twice, 2 a in all
  run_rule(v, 1.0, 0.0);
  HW_NEAR(a.grad(), 10.0, 1e-15, "the gradient of v = a * a at a = 5 (both operands are a)");
}

TEST(HwValueDivBackward, BothInputs) {
  for (double av : {3.0, -0.5}) {
    const Value a(av), b(-2.0);
    const Value v = a / b;
    run_rule(v, 1.5, 0.25);
    const double da =
        hw::derivative([&](double t) { return (Value(t) / Value(-2.0)).data(); }, av, 1e-4);
    const double db =
        hw::derivative([&](double t) { return (Value(av) / Value(t)).data(); }, -2.0, 1e-4);
    HW_NEAR(a.grad(), 0.25 + 1.5 * da, 1e-8,
            "the gradient / adds to a in v = a / b (a = " + hw::num(av) + ", b = -2)");
    HW_NEAR(b.grad(), 0.25 + 1.5 * db, 1e-8,
            "the gradient / adds to b in v = a / b (a = " + hw::num(av) + ", b = -2)");
  }
}

TEST(HwValuePowBackward, SeveralExponents) {
  check_unary([](const Value& x) { return x.pow(3.0); }, "pow(x, 3)", 1.5);
  check_unary([](const Value& x) { return x.pow(-1.0); }, "pow(x, -1)", 0.8);
  check_unary([](const Value& x) { return x.pow(0.5); }, "pow(x, 0.5)", 2.0);
}

TEST(HwValueExpBackward, SlopeOfExp) {
  check_unary([](const Value& x) { return x.exp(); }, "exp(x)", 0.7);
  check_unary([](const Value& x) { return x.exp(); }, "exp(x)", -2.0);
}

TEST(HwValueLogBackward, SlopeOfLog) {
  check_unary([](const Value& x) { return x.log(); }, "log(x)", 0.3);
  check_unary([](const Value& x) { return x.log(); }, "log(x)", 4.0);
}

TEST(HwValueTanhBackward, SlopeOfTanh) {
  check_unary([](const Value& x) { return x.tanh(); }, "tanh(x)", 0.6);
  check_unary([](const Value& x) { return x.tanh(); }, "tanh(x)", -1.7);
}

TEST(HwValueSigmoidBackward, SlopeOfSigmoid) {
  check_unary([](const Value& x) { return x.sigmoid(); }, "sigmoid(x)", 0.6);
  check_unary([](const Value& x) { return x.sigmoid(); }, "sigmoid(x)", -2.5);
}

TEST(HwValueReluBackward, OneWhereTheInputIsPositive) {
  check_unary([](const Value& x) { return x.relu(); }, "relu(x)", 1.25);
  check_unary([](const Value& x) { return x.relu(); }, "relu(x)", -0.75);
}

// dZ = J(s)^T dY for each column: compared with the finite-difference gradient of sum(dY .*
// softmax(Z)).
TEST(HwSoftmaxBackward, AgreesWithFiniteDifferences) {
  const arma::mat Z = {{0.2, -1.0, 3.0}, {1.0, 0.5, 0.0}, {-0.5, 2.0, 1.0}};
  const arma::mat dY = {{1.0, -0.5, 0.25}, {0.0, 2.0, -1.0}, {-1.5, 0.5, 0.75}};
  const arma::mat expected =
      hw::gradient([&](const arma::mat& z) { return arma::accu(dY % nn::softmax(z)); }, Z);
  HW_MAT_NEAR(
      nn::softmax_backward(nn::softmax(Z), dY), expected, 1e-10,
      "softmax_backward(S, dY) on 3 examples (finite differences of sum(dY .* softmax(Z)))");
}

TEST(HwSoftmaxBackward, AConstantUpstreamGradientGivesZero) {
  // softmax sums to 1, so adding the same dy to every output changes nothing: dZ = 0
  const arma::mat S = {{0.2, 0.5}, {0.3, 0.25}, {0.5, 0.25}};
  HW_MAT_NEAR(nn::softmax_backward(S, arma::mat(3, 2, arma::fill::value(4.0))),
              arma::mat(3, 2, arma::fill::zeros), 1e-15, "softmax_backward(S, dY = 4 everywhere)");
}

namespace {

// The mean squared error of a network of Dense layers with the given activations (identity
// output), as a function of the layers' parameters, for finite differences.
double network_loss(std::vector<nn::Dense>& layers, const std::vector<nn::trace::Activation>& f,
                    const arma::mat& X, const arma::mat& Y, nn::Reduction reduction) {
  arma::mat A = X;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    A = layers[l].forward(A);
    if (f[l] == nn::trace::Activation::ReLU) A = nn::relu(A);
  }
  return nn::mse(A, Y, reduction);
}

void check_trace(std::vector<nn::Dense>& layers, const std::vector<nn::trace::Activation>& f,
                 const arma::mat& X, const arma::mat& Y, const std::string& what,
                 nn::Reduction reduction = nn::Reduction::Mean) {
  std::vector<nn::trace::TracedLayer> traced;
  for (std::size_t l = 0; l < layers.size(); ++l) traced.push_back({&layers[l], f[l]});
  const nn::trace::Trace t = nn::trace::trace_pass(traced, X, Y, reduction);
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto dW = hw::gradient(
        [&](const arma::mat& W) {
          const arma::mat keep = layers[l].W().value;
          layers[l].W().value = W;
          const double L = network_loss(layers, f, X, Y, reduction);
          layers[l].W().value = keep;
          return L;
        },
        layers[l].W().value);
    const auto db = hw::gradient(
        [&](const arma::mat& b) {
          const arma::mat keep = layers[l].b().value;
          layers[l].b().value = b;
          const double L = network_loss(layers, f, X, Y, reduction);
          layers[l].b().value = keep;
          return L;
        },
        layers[l].b().value);
    HW_MAT_NEAR(t.dW.at(l), dW, 1e-9,
                what + ": dW" + std::to_string(l + 1) + " (finite differences of the loss)");
    HW_MAT_NEAR(t.db.at(l), db, 1e-9,
                what + ": db" + std::to_string(l + 1) + " (finite differences of the loss)");
  }
}

}  // namespace

TEST(HwTraceDwDb, OneLayer) {
  std::vector<nn::Dense> layers;
  layers.emplace_back(arma::mat{{0.5, -1.0, 2.0}, {1.0, 0.25, -0.5}}, arma::vec{0.1, -0.2});
  const arma::mat X = {{1.0, -2.0}, {0.5, 0.0}, {-1.0, 3.0}};
  const arma::mat Y = {{0.0, 1.0}, {2.0, -1.0}};
  check_trace(layers, {nn::trace::Activation::Identity}, X, Y,
              "trace_pass of one Dense(3 -> 2) layer with MSE");
}

TEST(HwTraceDwDb, OneLayerSummedLoss) {
  std::vector<nn::Dense> layers;
  layers.emplace_back(hw::row({1.5, -0.5}), arma::vec{0.25});
  const arma::mat X = {{1.0, -2.0, 0.5, 3.0}, {0.5, 0.0, 1.5, -1.0}};
  const arma::mat Y = hw::row({0.0, 1.0, -1.0, 2.0});
  check_trace(layers, {nn::trace::Activation::Identity}, X, Y,
              "trace_pass of one Dense(2 -> 1) layer with summed MSE", nn::Reduction::Sum);
}

TEST(HwTraceDaDz, IntoTheHiddenLayer) {
  // a square, non-symmetric W2: W2^T dZ and W2 dZ differ
  std::vector<nn::Dense> layers;
  layers.emplace_back(arma::mat{{0.5, -1.0}, {1.0, 0.25}}, arma::vec{0.1, -0.2});
  layers.emplace_back(arma::mat{{1.0, -0.5}, {2.0, 0.75}}, arma::vec{0.3, 0.0});
  const arma::mat X = {{1.0, -2.0, 0.5}, {0.5, 0.0, 1.5}};
  const arma::mat Y = {{0.0, 1.0, -1.0}, {1.0, 0.5, 0.0}};
  check_trace(layers, {nn::trace::Activation::Identity, nn::trace::Activation::Identity}, X, Y,
              "trace_pass of Dense(2 -> 2), Dense(2 -> 2) with MSE");
}

TEST(HwTraceDaDz, ThroughAReLU) {
  std::vector<nn::Dense> layers;
  layers.emplace_back(arma::mat{{0.5, -1.0}, {1.0, 0.25}, {-0.3, 0.8}}, arma::vec{0.1, -0.2, 0.05});
  layers.emplace_back(arma::mat{{1.0, -0.5, 2.0}, {0.5, 1.5, -1.0}}, arma::vec{0.3, 0.0});
  const arma::mat X = {{1.0, -2.0, 0.5, 2.0}, {0.5, 0.7, 1.5, -1.0}};  // no hidden logit near 0
  const arma::mat Y = {{0.0, 1.0, -1.0, 0.5}, {1.0, 0.5, 0.0, -0.5}};
  check_trace(layers, {nn::trace::Activation::ReLU, nn::trace::Activation::Identity}, X, Y,
              "trace_pass of Dense(2 -> 3), ReLU, Dense(3 -> 2) with MSE");
}
