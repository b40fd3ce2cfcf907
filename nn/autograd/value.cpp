#include <nn/autograd/value.hpp>

#include <cmath>
#include <cstdio>
#include <unordered_set>
#include <utility>

#include <nn/activations/sigmoid.hpp>
#include <nn/core/errors.hpp>

namespace nn::autograd {

namespace {

// A number as a short label: "3", "0.5", "-1".
std::string number(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", c);
  return buf;
}

// A constant operand becomes a leaf whose label is its value.
Value constant(double c) { return Value(c, number(c)); }

}  // namespace

Node::~Node() {
  // Unlink a chain of uniquely owned inputs with an explicit stack instead of recursion.
  std::vector<std::shared_ptr<Node>> pending = std::move(inputs);
  while (!pending.empty()) {
    std::shared_ptr<Node> n = std::move(pending.back());
    pending.pop_back();
    if (n && n.use_count() == 1) {
      for (auto& in : n->inputs) pending.push_back(std::move(in));
      n->inputs.clear();
    }
  }
}

Value::Value(double data, std::string label) : node_(std::make_shared<Node>()) {
  node_->data = data;
  node_->label = std::move(label);
}

Value& Value::set_label(std::string label) {
  node_->label = std::move(label);
  return *this;
}

Value Value::labelled(std::string label) const {
  Value v = *this;
  v.set_label(std::move(label));
  return v;
}

std::vector<Value> Value::inputs() const {
  std::vector<Value> out;
  for (const auto& n : node_->inputs) out.push_back(Value(n));
  return out;
}

Value make_node(double data, std::string op, std::vector<std::shared_ptr<Node>> inputs,
                std::function<void(Node&)> rule) {
  auto node = std::make_shared<Node>();
  node->data = data;
  node->op = std::move(op);
  node->inputs = std::move(inputs);
  node->backward_rule = std::move(rule);
  return Value(std::move(node));
}

std::vector<Value> Value::topological_order() const {
  // Iterative depth-first post-order: a node is emitted after all its inputs.
  std::vector<Value> order;
  std::unordered_set<const Node*> visited;
  std::vector<std::pair<std::shared_ptr<Node>, std::size_t>> stack{{node_, 0}};
  visited.insert(node_.get());
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < node->inputs.size()) {
      std::shared_ptr<Node> child = node->inputs[next++];
      if (visited.insert(child.get()).second) stack.emplace_back(child, 0);
    } else {
      order.push_back(Value(node));
      stack.pop_back();
    }
  }
  return order;
}

void Value::backward() {
  std::vector<Value> order = topological_order();
  // dL/dL = 1
  node_->grad = 1.0;
  // reverse topological order: a node's grad is complete before it is passed to its inputs
  // BEGIN SOLUTION
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node& n = *it->node_;
    if (n.backward_rule) n.backward_rule(n);
  }
  // END SOLUTION
}

void Value::zero_grad() {
  for (Value& v : topological_order()) v.node_->grad = 0.0;
}

// [autograd-ops]
Value operator+(const Value& a, const Value& b) {
  // v = a + b
  return make_node(a.data() + b.data(), "+", {a.node(), b.node()}, [](Node& v) {
    v.inputs[0]->grad += v.grad;  // dv/da = 1
    v.inputs[1]->grad += v.grad;  // dv/db = 1
  });
}

Value operator-(const Value& a, const Value& b) {
  // v = a - b
  return make_node(a.data() - b.data(), "-", {a.node(), b.node()}, [](Node& v) {
    v.inputs[0]->grad += v.grad;  // dv/da = 1
    v.inputs[1]->grad -= v.grad;  // dv/db = -1
  });
}

Value operator*(const Value& a, const Value& b) {
  // v = a b
  return make_node(a.data() * b.data(), "*", {a.node(), b.node()}, [](Node& v) {
    // BEGIN SOLUTION
    const double a_ = v.inputs[0]->data, b_ = v.inputs[1]->data;
    v.inputs[0]->grad += b_ * v.grad;  // dv/da = b
    v.inputs[1]->grad += a_ * v.grad;  // dv/db = a
    // END SOLUTION
  });
}

Value operator/(const Value& a, const Value& b) {
  // v = a / b
  return make_node(a.data() / b.data(), "/", {a.node(), b.node()}, [](Node& v) {
    // BEGIN SOLUTION
    const double a_ = v.inputs[0]->data, b_ = v.inputs[1]->data;
    v.inputs[0]->grad += v.grad / b_;               // dv/da = 1/b
    v.inputs[1]->grad += -a_ / (b_ * b_) * v.grad;  // dv/db = -a/b^2
    // END SOLUTION
  });
}

Value operator-(const Value& a) {
  // v = -a
  return make_node(-a.data(), "neg", {a.node()}, [](Node& v) {
    v.inputs[0]->grad -= v.grad;  // dv/da = -1
  });
}

Value Value::pow(double n) const {
  // v = x^n
  return make_node(std::pow(data(), n), "pow " + number(n), {node_}, [n](Node& v) {
    // BEGIN SOLUTION
    const double x = v.inputs[0]->data;
    v.inputs[0]->grad += n * std::pow(x, n - 1.0) * v.grad;  // dv/dx = n x^(n-1)
    // END SOLUTION
  });
}

Value Value::exp() const {
  // v = e^x
  return make_node(std::exp(data()), "exp", {node_}, [](Node& v) {
    // BEGIN SOLUTION
    v.inputs[0]->grad += v.data * v.grad;  // dv/dx = e^x = v
    // END SOLUTION
  });
}

Value Value::log() const {
  if (!(data() > 0.0)) {
    throw nn::DataError("autograd::log: argument " + number(data()) +
                        " is not > 0 (ln is defined for positive numbers only)");
  }
  // v = ln x
  return make_node(std::log(data()), "log", {node_}, [](Node& v) {
    // BEGIN SOLUTION
    v.inputs[0]->grad += v.grad / v.inputs[0]->data;  // dv/dx = 1/x
    // END SOLUTION
  });
}

Value Value::tanh() const {
  // v = tanh x
  return make_node(std::tanh(data()), "tanh", {node_}, [](Node& v) {
    // BEGIN SOLUTION
    v.inputs[0]->grad += (1.0 - v.data * v.data) * v.grad;  // dv/dx = 1 - tanh^2 x = 1 - v^2
    // END SOLUTION
  });
}

Value Value::sigmoid() const {
  // v = sigma(x) = 1 / (1 + e^-x)
  return make_node(nn::sigmoid(data()), "sigmoid", {node_}, [](Node& v) {
    // BEGIN SOLUTION
    v.inputs[0]->grad += v.data * (1.0 - v.data) * v.grad;  // dv/dx = sigma(x) (1 - sigma(x))
    // END SOLUTION
  });
}

Value Value::relu() const {
  // v = max(0, x)
  return make_node(data() > 0.0 ? data() : 0.0, "relu", {node_}, [](Node& v) {
    // BEGIN SOLUTION
    v.inputs[0]->grad += (v.inputs[0]->data > 0.0 ? 1.0 : 0.0) * v.grad;  // dv/dx = [x > 0]
    // END SOLUTION
  });
}
// [autograd-ops]

Value operator+(const Value& a, double c) { return a + constant(c); }
Value operator+(double c, const Value& a) { return constant(c) + a; }
Value operator-(const Value& a, double c) { return a - constant(c); }
Value operator-(double c, const Value& a) { return constant(c) - a; }
Value operator*(const Value& a, double c) { return a * constant(c); }
Value operator*(double c, const Value& a) { return constant(c) * a; }
Value operator/(const Value& a, double c) { return a / constant(c); }
Value operator/(double c, const Value& a) { return constant(c) / a; }

Value pow(const Value& a, double n) { return a.pow(n); }
Value exp(const Value& a) { return a.exp(); }
Value log(const Value& a) { return a.log(); }
Value tanh(const Value& a) { return a.tanh(); }
Value sigmoid(const Value& a) { return a.sigmoid(); }
Value relu(const Value& a) { return a.relu(); }

}  // namespace nn::autograd
