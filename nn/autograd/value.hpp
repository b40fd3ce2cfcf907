#pragma once
/// \file
/// \brief A scalar computational graph with reverse-mode differentiation (micrograd-style):
/// nn::autograd::Value, its operators, and backward().

#include <functional>
#include <memory>
#include <string>
#include <vector>

/// \brief A scalar computational graph with reverse-mode automatic differentiation (chapter 07).
namespace nn::autograd {

/// \brief One node of the graph: a number, the gradient of the output with respect to it, the
/// operation that made it, its inputs, and the rule that pushes its gradient into those inputs.
///
/// Users work with nn::autograd::Value (a shared handle to a Node); Node is public so that the
/// printer and the DOT export can walk the graph.
struct Node {
  double data = 0.0;  ///< The forward value \f$ v \f$.
  double grad = 0.0;  ///< \f$ \partial L / \partial v \f$, accumulated by Value::backward.
  /// The operation that produced the node (`"+"`, `"*"`, `"exp"`...), empty for a leaf.
  std::string op;
  std::string label;  ///< A display name (`"a"`, `"u = a*b"`), may be empty.
  /// The operands, in order (the same node may appear twice).
  std::vector<std::shared_ptr<Node>> inputs;
  /// \brief The local chain rule: adds \f$ \bar v \, \partial v / \partial x_i \f$ to each input's
  /// `grad`, where \f$ \bar v \f$ = this node's `grad`. Empty for a leaf.
  std::function<void(Node& self)> backward_rule;

  Node() = default;                       ///< A leaf with value 0.
  Node(const Node&) = delete;             ///< Nodes are shared, never copied.
  Node& operator=(const Node&) = delete;  ///< Nodes are shared, never copied.
  /// \brief Releases the inputs iteratively, so a graph 100000 nodes deep does not overflow the
  /// stack through nested destructors.
  ~Node();
};

/// \brief A scalar in a computational graph. Copies share the node: `Value b = a;` is the same
/// variable, so gradients reached through either handle land in one place.
///
/// Every operation returns a new Value that remembers its inputs and its local derivative:
/// \f[ v = f(x_1, \dots, x_k) \quad\Rightarrow\quad
///     \bar x_i \mathrel{+}= \bar v \,\frac{\partial f}{\partial x_i}, \f]
/// where \f$ \bar v = \partial L / \partial v \f$. backward() visits the nodes in reverse
/// topological order from the output, so each \f$ \bar v \f$ is complete (all paths summed —
/// the multivariate chain rule, L1-33, L2-07) before it is passed on. Lectures: deck 0
/// "Computation Graph" (L0-06), deck 2 "Computational Graphs" (L2-08, L2-09).
///
/// \code
/// nn::autograd::Value a(3.0, "a"), b(4.0, "b"), c(2.0, "c");
/// auto J = 3.0 * (a * b + c);
/// J.backward();          // a.grad() == 12, b.grad() == 9, c.grad() == 3
/// \endcode
class Value {
 public:
  /// \brief A leaf holding `data`, gradient 0, with an optional display `label`.
  Value(double data = 0.0, std::string label = "");  // NOLINT: implicit from double on purpose

  /// \brief The forward value.
  double data() const { return node_->data; }
  /// \brief The accumulated gradient \f$ \partial L / \partial v \f$ (0 before backward()).
  double grad() const { return node_->grad; }
  /// \brief Overwrites the forward value of this node (only meaningful for leaves: rebuild the
  /// graph after changing an input).
  void set_data(double data) { node_->data = data; }
  /// \brief Overwrites the gradient (e.g. to seed a backward pass by hand).
  void set_grad(double grad) { node_->grad = grad; }
  /// \brief The operation that produced this value, empty for a leaf.
  const std::string& op() const { return node_->op; }
  /// \brief The display label (may be empty).
  const std::string& label() const { return node_->label; }
  /// \brief Sets the display label and returns `*this`, so `auto u = (a * b).labelled("u");`.
  Value& set_label(std::string label);
  /// \brief A copy of this handle with the label set: `auto u = (a * b).labelled("u");`.
  Value labelled(std::string label) const;
  /// \brief The operands of the operation that produced this value (empty for a leaf).
  std::vector<Value> inputs() const;
  /// \brief The underlying node (shared by all copies of this handle).
  const std::shared_ptr<Node>& node() const { return node_; }

  /// \brief Reverse-mode differentiation from this value: sets \f$ \bar v = 1 \f$ for this node,
  /// then applies every node's local rule in reverse topological order.
  ///
  /// Gradients *accumulate* (`+=`): a node used twice receives both contributions, and calling
  /// backward() twice without zero_grad() doubles every gradient (as in PyTorch and micrograd).
  void backward();

  /// \brief Sets the gradient of every node reachable from this value to 0.
  void zero_grad();

  /// \brief Every node reachable from this value, inputs before the nodes that use them, this
  /// value last (depth-first post-order; each node once).
  std::vector<Value> topological_order() const;

  /// \brief \f$ v^n \f$ for a constant exponent; local derivative \f$ n v^{n-1} \f$.
  Value pow(double n) const;
  /// \brief \f$ e^v \f$; local derivative \f$ e^v \f$.
  Value exp() const;
  /// \brief \f$ \ln v \f$ (nn::DataError for \f$ v \le 0 \f$); local derivative \f$ 1/v \f$.
  Value log() const;
  /// \brief \f$ \tanh v \f$; local derivative \f$ 1 - \tanh^2 v \f$.
  Value tanh() const;
  /// \brief \f$ \sigma(v) = 1/(1+e^{-v}) \f$; local derivative \f$ \sigma(v)(1-\sigma(v)) \f$.
  Value sigmoid() const;
  /// \brief \f$ \max(0, v) \f$; local derivative 1 for \f$ v > 0 \f$, else 0 (0 at \f$ v = 0 \f$,
  /// as nn::relu_derivative).
  Value relu() const;

 private:
  explicit Value(std::shared_ptr<Node> node) : node_(std::move(node)) {}
  friend Value make_node(double data, std::string op, std::vector<std::shared_ptr<Node>> inputs,
                         std::function<void(Node&)> rule);
  std::shared_ptr<Node> node_;
};

/// \brief Builds an operation node: forward value `data`, operation name `op`, operands `inputs`
/// and local chain `rule`. The building block of every operator; use it to add your own.
Value make_node(double data, std::string op, std::vector<std::shared_ptr<Node>> inputs,
                std::function<void(Node&)> rule);

/// \brief \f$ a + b \f$; local derivatives \f$ \partial/\partial a = 1,\ \partial/\partial b = 1
/// \f$.
Value operator+(const Value& a, const Value& b);
/// \brief \f$ a - b \f$; local derivatives \f$ 1,\ -1 \f$.
Value operator-(const Value& a, const Value& b);
/// \brief \f$ a b \f$; local derivatives \f$ b,\ a \f$.
Value operator*(const Value& a, const Value& b);
/// \brief \f$ a / b \f$; local derivatives \f$ 1/b,\ -a/b^2 \f$.
Value operator/(const Value& a, const Value& b);
/// \brief \f$ -a \f$; local derivative \f$ -1 \f$.
Value operator-(const Value& a);

/// \brief \f$ a + c \f$ with a constant (the constant becomes a leaf labelled by its value).
Value operator+(const Value& a, double c);
/// \brief \f$ c + a \f$ with a constant.
Value operator+(double c, const Value& a);
/// \brief \f$ a - c \f$ with a constant.
Value operator-(const Value& a, double c);
/// \brief \f$ c - a \f$ with a constant.
Value operator-(double c, const Value& a);
/// \brief \f$ a c \f$ with a constant.
Value operator*(const Value& a, double c);
/// \brief \f$ c a \f$ with a constant.
Value operator*(double c, const Value& a);
/// \brief \f$ a / c \f$ with a constant.
Value operator/(const Value& a, double c);
/// \brief \f$ c / a \f$ with a constant.
Value operator/(double c, const Value& a);

/// \brief \f$ a^n \f$ (free-function form of Value::pow).
Value pow(const Value& a, double n);
/// \brief \f$ e^a \f$ (free-function form of Value::exp).
Value exp(const Value& a);
/// \brief \f$ \ln a \f$ (free-function form of Value::log).
Value log(const Value& a);
/// \brief \f$ \tanh a \f$ (free-function form of Value::tanh).
Value tanh(const Value& a);
/// \brief \f$ \sigma(a) \f$ (free-function form of Value::sigmoid).
Value sigmoid(const Value& a);
/// \brief \f$ \max(0, a) \f$ (free-function form of Value::relu).
Value relu(const Value& a);

}  // namespace nn::autograd
