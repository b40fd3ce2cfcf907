#pragma once
/// \file
/// \brief One forward and backward pass of a small fully connected network, every intermediate
/// named and shaped the way a student lays it out on paper (`Z1 = W1 X + b1`, `dW2 = dZ2 A1^T`).

#include <armadillo>
#include <string>
#include <vector>

#include <nn/layers/dense.hpp>
#include <nn/losses/loss.hpp>

/// \brief Paper-style traces of one forward/backward pass of a small network (chapter 07).
namespace nn::trace {

/// \brief The activation that follows a traced Dense layer.
enum class Activation {
  Identity,  ///< \f$ f(z) = z \f$, \f$ f' = 1 \f$.
  Sigmoid,   ///< \f$ \sigma(z) \f$, \f$ \sigma' = \sigma(1-\sigma) \f$ (nn::sigmoid).
  Tanh,      ///< \f$ \tanh z \f$, \f$ 1 - \tanh^2 z \f$ (nn::tanh).
  ReLU,      ///< \f$ \max(0, z) \f$, \f$ [z > 0] \f$ (nn::relu).
  Softmax    ///< column-wise softmax (nn::softmax); output layer only.
};

/// \brief The symbol used in the printed formulas: `sigma`, `tanh`, `relu`, `softmax`, `id`.
std::string activation_symbol(Activation activation);

/// \brief One layer of the traced network: \f$ A_l = f_l(W_l A_{l-1} + b_l \mathbf{1}^T) \f$.
/// The Dense layer is only read (its `W()` and `b()`), never modified.
struct TracedLayer {
  Dense* dense = nullptr;                        ///< The affine map \f$ W_l, b_l \f$.
  Activation activation = Activation::Identity;  ///< \f$ f_l \f$.
};

/// \brief One named intermediate: `name` (`"dW2"`), the `formula` that produced it
/// (`"dZ2 A1^T"`) and its `value`.
struct Entry {
  std::string name;     ///< The symbol, e.g. `"Z1"`.
  std::string formula;  ///< Right-hand side in ASCII math, e.g. `"W1 X + b1"`.
  arma::mat value;      ///< The matrix (examples in columns).
};

/// \brief The record of one pass: the given matrices, the forward intermediates, the loss and
/// the backward intermediates, in the order they are computed.
struct Trace {
  std::vector<Entry> given;     ///< X, Y, W1, b1, W2, b2, ...
  std::vector<Entry> forward;   ///< Z1, A1, Z2, A2, ...
  std::string loss_formula;     ///< The loss, e.g. `"sum_n [ln(1 + e^z) - y z]"`.
  double loss = 0.0;            ///< Its value.
  std::vector<Entry> backward;  ///< dZ_L, dW_L, db_L, dA_{L-1}, dZ_{L-1}, ..., db1.
  std::vector<arma::mat> dW;    ///< \f$ \partial L/\partial W_l \f$, layer order (dW[0] = dW1).
  std::vector<arma::mat> db;    ///< \f$ \partial L/\partial b_l \f$, layer order.

  /// \brief The entry called `name` among given, forward and backward (nn::DataError if absent).
  const Entry& at(const std::string& name) const;
};

/// \brief Runs one forward and backward pass with the hand formulas, recording every step.
///
/// Forward, for \f$ l = 1..L \f$ with \f$ A_0 = X \f$ (\f$ D \times N \f$):
/// \f[ Z_l = W_l A_{l-1} + b_l \mathbf{1}^T, \qquad A_l = f_l(Z_l). \f]
/// The loss follows from the last activation (\f$ s = 1/N \f$ for Reduction::Mean, 1 for Sum):
/// - Sigmoid: binary cross-entropy \f$ s \sum_{k,n} [\ln(1+e^{z}) - y z] \f$, and
///   \f$ dZ_L = s (A_L - Y) \f$;
/// - Softmax: cross-entropy \f$ s \sum_n [\operatorname{lse}(z_n) - y_n^T z_n] \f$, and
///   \f$ dZ_L = s (A_L - Y) \f$ (columns of \f$ Y \f$ sum to 1);
/// - otherwise mean squared error \f$ \frac{s}{K} \sum_{k,n} (a - y)^2 \f$, and
///   \f$ dZ_L = \frac{2s}{K}(A_L - Y) \odot f_L'(Z_L) \f$.
///
/// Backward, for \f$ l = L..1 \f$:
/// \f[ dW_l = dZ_l A_{l-1}^T, \quad db_l = dZ_l \mathbf{1}, \quad
///     dA_{l-1} = W_l^T dZ_l, \quad dZ_{l-1} = dA_{l-1} \odot f_{l-1}'(Z_{l-1}). \f]
/// Throws nn::ShapeError when the layers do not chain or `Y` does not match the output, and
/// nn::DataError for an empty network, a null layer or Softmax before the last layer.
Trace trace_pass(const std::vector<TracedLayer>& layers, const arma::mat& X, const arma::mat& Y,
                 Reduction reduction = Reduction::Mean);

/// \brief The trace as text: each entry as `name = formula   [rows x cols]` followed by its rows
/// at fixed `precision`, in the order given, forward, loss, backward.
std::string format_trace(const Trace& trace, int precision = 4);

}  // namespace nn::trace
