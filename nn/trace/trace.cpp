#include <nn/trace/trace.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nn/activations/identity.hpp>
#include <nn/activations/relu.hpp>
#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/activations/tanh.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn::trace {

namespace {

arma::mat apply(Activation f, const arma::mat& Z) {
  switch (f) {
    case Activation::Identity:
      return nn::identity(Z);
    case Activation::Sigmoid:
      return nn::sigmoid(Z);
    case Activation::Tanh:
      return nn::tanh(Z);
    case Activation::ReLU:
      return nn::relu(Z);
    case Activation::Softmax:
      return nn::softmax(Z);
  }
  return Z;
}

arma::mat derivative(Activation f, const arma::mat& Z) {
  switch (f) {
    case Activation::Identity:
      return nn::identity_derivative(Z);
    case Activation::Sigmoid:
      return nn::sigmoid_derivative(Z);
    case Activation::Tanh:
      return nn::tanh_derivative(Z);
    case Activation::ReLU:
      return nn::relu_derivative(Z);
    case Activation::Softmax:
      break;
  }
  throw nn::DataError("trace_pass: softmax is supported as the output activation only");
}

std::string idx(std::size_t l) { return std::to_string(l); }

// "A1" for l >= 1, "X" for l = 0.
std::string a_name(std::size_t l) { return l == 0 ? "X" : "A" + idx(l); }

}  // namespace

std::string activation_symbol(Activation activation) {
  switch (activation) {
    case Activation::Identity:
      return "id";
    case Activation::Sigmoid:
      return "sigma";
    case Activation::Tanh:
      return "tanh";
    case Activation::ReLU:
      return "relu";
    case Activation::Softmax:
      return "softmax";
  }
  return "?";
}

const Entry& Trace::at(const std::string& name) const {
  for (const auto* list : {&given, &forward, &backward})
    for (const Entry& e : *list)
      if (e.name == name) return e;
  throw nn::DataError("Trace::at: no entry called '" + name + "'");
}

Trace trace_pass(const std::vector<TracedLayer>& layers, const arma::mat& X, const arma::mat& Y,
                 Reduction reduction) {
  if (layers.empty()) throw nn::DataError("trace_pass: the network has no layers");
  const std::size_t L = layers.size();
  for (std::size_t l = 0; l < L; ++l) {
    if (layers[l].dense == nullptr)
      throw nn::DataError("trace_pass: layer " + idx(l + 1) + " is null");
    if (layers[l].activation == Activation::Softmax && l + 1 < L)
      throw nn::DataError("trace_pass: softmax is supported as the output activation only (layer " +
                          idx(l + 1) + " of " + idx(L) + ")");
  }
  const double N = static_cast<double>(X.n_cols);
  const double s = reduction == Reduction::Mean ? 1.0 / N : 1.0;
  const std::string over_n = reduction == Reduction::Mean ? " / N" : "";

  Trace t;
  t.given.push_back({"X", "input, one example per column", X});
  t.given.push_back({"Y", "targets", Y});
  for (std::size_t l = 1; l <= L; ++l) {
    Dense& d = *layers[l - 1].dense;
    t.given.push_back({"W" + idx(l), "weights of layer " + idx(l) + " (out x in)", d.W().value});
    t.given.push_back({"b" + idx(l), "bias of layer " + idx(l), d.b().value});
  }

  // forward: A_0 = X
  std::vector<arma::mat> A{X}, Z{arma::mat()};
  for (std::size_t l = 1; l <= L; ++l) {
    Dense& d = *layers[l - 1].dense;
    const Activation f = layers[l - 1].activation;
    nn::check_rows(A[l - 1], d.W().value.n_cols, "trace_pass: layer " + idx(l) + " " + d.name());
    // Z_l = W_l A_{l-1} + b_l 1^T
    arma::mat Zl = d.W().value * A[l - 1];
    Zl.each_col() += d.b().value.col(0);
    // A_l = f_l(Z_l)
    arma::mat Al = apply(f, Zl);
    t.forward.push_back({"Z" + idx(l), "W" + idx(l) + " " + a_name(l - 1) + " + b" + idx(l), Zl});
    t.forward.push_back({"A" + idx(l), activation_symbol(f) + "(Z" + idx(l) + ")", Al});
    Z.push_back(std::move(Zl));
    A.push_back(std::move(Al));
  }
  nn::check_same_shape(A[L], Y, "trace_pass: output vs targets", "A" + idx(L), "Y");

  // loss and dZ_L
  const Activation out = layers[L - 1].activation;
  const std::string aL = "A" + idx(L), zL = "Z" + idx(L);
  arma::mat dZ;
  if (out == Activation::Sigmoid) {
    // L = s sum [ln(1 + e^z) - y z]   (binary cross-entropy on the logits)
    t.loss = s * arma::accu(nn::softplus(Z[L]) - Y % Z[L]);
    t.loss_formula = std::string(reduction == Reduction::Mean ? "1/N " : "") + "sum [ln(1 + e^" +
                     zL + ") - Y .* " + zL + "]  (binary cross-entropy)";
    // dL/dZ_L = s (A_L - Y)
    dZ = s * (A[L] - Y);
    t.backward.push_back(
        {"dZ" + idx(L), over_n.empty() ? aL + " - Y" : "(" + aL + " - Y)" + over_n, dZ});
  } else if (out == Activation::Softmax) {
    // L = s sum_n [lse(z_n) - y_n^T z_n]   (cross-entropy on the logits)
    t.loss = s * (arma::accu(nn::logsumexp(Z[L])) - arma::accu(Y % Z[L]));
    t.loss_formula = std::string(reduction == Reduction::Mean ? "1/N " : "") + "sum_n [lse(" + zL +
                     "_n) - Y_n^T " + zL + "_n]  (cross-entropy)";
    // dL/dZ_L = s (A_L - Y)
    dZ = s * (A[L] - Y);
    t.backward.push_back(
        {"dZ" + idx(L), over_n.empty() ? aL + " - Y" : "(" + aL + " - Y)" + over_n, dZ});
  } else {
    const double K = static_cast<double>(Y.n_rows);
    // L = s/K sum (A_L - Y)^2   (mean squared error)
    t.loss = s / K * arma::accu(arma::square(A[L] - Y));
    t.loss_formula = std::string(reduction == Reduction::Mean ? "1/(K N) " : "1/K ") + "sum (" +
                     aL + " - Y)^2  (mean squared error)";
    // dL/dA_L = 2 s/K (A_L - Y)
    arma::mat dA = 2.0 * s / K * (A[L] - Y);
    t.backward.push_back(
        {"dA" + idx(L), "2 (" + aL + " - Y) / " + (over_n.empty() ? "K" : "(K N)"), dA});
    // dZ_L = dA_L .* f'(Z_L)
    dZ = dA % derivative(out, Z[L]);
    t.backward.push_back(
        {"dZ" + idx(L), "dA" + idx(L) + " .* " + activation_symbol(out) + "'(" + zL + ")", dZ});
  }

  t.dW.resize(L);
  t.db.resize(L);
  for (std::size_t l = L; l >= 1; --l) {
    const arma::mat& Wl = layers[l - 1].dense->W().value;
    // BEGIN SOLUTION
    // dW_l = dZ_l A_{l-1}^T
    t.dW[l - 1] = dZ * A[l - 1].t();
    // db_l = dZ_l 1
    t.db[l - 1] = arma::sum(dZ, 1);
    // END SOLUTION
    t.backward.push_back({"dW" + idx(l), "dZ" + idx(l) + " " + a_name(l - 1) + "^T", t.dW[l - 1]});
    t.backward.push_back({"db" + idx(l), "dZ" + idx(l) + " 1  (row sums)", t.db[l - 1]});
    if (l == 1) break;
    const Activation f = layers[l - 2].activation;
    arma::mat dA;
    // BEGIN SOLUTION
    // dA_{l-1} = W_l^T dZ_l
    dA = Wl.t() * dZ;
    // dZ_{l-1} = dA_{l-1} .* f'(Z_{l-1})
    dZ = dA % derivative(f, Z[l - 1]);
    // END SOLUTION
    t.backward.push_back({"dA" + idx(l - 1), "W" + idx(l) + "^T dZ" + idx(l), dA});
    t.backward.push_back(
        {"dZ" + idx(l - 1),
         "dA" + idx(l - 1) + " .* " + activation_symbol(f) + "'(Z" + idx(l - 1) + ")", dZ});
  }
  return t;
}

std::string format_trace(const Trace& trace, int precision) {
  std::ostringstream out;
  auto print = [&](const Entry& e) {
    out << e.name << " = " << e.formula << "   [" << e.value.n_rows << " x " << e.value.n_cols
        << "]\n";
    double biggest = 1.0;
    for (double v : e.value) biggest = std::max(biggest, std::abs(v));
    const int width = precision + 3 + static_cast<int>(std::floor(std::log10(biggest)));
    for (arma::uword r = 0; r < e.value.n_rows; ++r) {
      out << "   ";
      for (arma::uword c = 0; c < e.value.n_cols; ++c) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %*.*f", width, precision, e.value(r, c));
        out << buf;
      }
      out << '\n';
    }
  };
  out << "-- given --\n";
  for (const Entry& e : trace.given) print(e);
  out << "-- forward --\n";
  for (const Entry& e : trace.forward) print(e);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, trace.loss);
  out << "L = " << trace.loss_formula << " = " << buf << '\n';
  out << "-- backward --\n";
  for (const Entry& e : trace.backward) print(e);
  return out.str();
}

}  // namespace nn::trace
