#pragma once
/// \file
/// \brief Stochastic gradient descent: plain, with momentum (the lecture's form) and Nesterov.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::SGD. An aggregate, so a call site reads
/// `nn::SGD sgd(model.parameters(), {.lr = 0.1, .momentum = 0.9});` (designated initializers:
/// C++20, accepted by GCC and Clang in C++17 mode without a warning under `-Wall -Wextra`;
/// fields must be named in declaration order). Without designators: `nn::SGDOptions{0.1, 0.9}`.
struct SGDOptions {
  double lr = 0.01;       ///< Learning rate \f$ \eta \f$ (Keras's default 0.01).
  double momentum = 0.0;  ///< Momentum \f$ \mu \in [0, 1) \f$; 0 gives plain SGD.
  bool nesterov = false;  ///< Nesterov's look-ahead momentum (needs `momentum > 0`).
};

/// \brief Stochastic gradient descent with optional momentum.
///
/// For every parameter \f$ w \f$ with gradient \f$ g = \partial L / \partial w \f$:
/// - plain (\f$ \mu = 0 \f$): \f$ w \leftarrow w - \eta\, g \f$;
/// - momentum, in the lecture's form (deck 3): \f$ v \leftarrow \mu v - \eta\, g, \quad
///   w \leftarrow w + v \f$ (velocity starts at 0);
/// - Nesterov (as Keras and Sutskever et al. 2013 rewrite it, so the gradient is taken at the
///   current \f$ w \f$): \f$ v \leftarrow \mu v - \eta\, g, \quad w \leftarrow w + \mu v - \eta\, g
///   \f$.
///
/// The lecture's form and Keras's agree step for step. PyTorch's form \f$ b \leftarrow \mu b + g,
/// \; w \leftarrow w - \eta b \f$ is the same when \f$ \eta \f$ is constant (\f$ v = -\eta b \f$),
/// and differs once \f$ \eta \f$ changes during training.
/// State: one velocity per parameter, in a vector parallel to the parameter list.
class SGD : public Optimizer {
 public:
  /// \brief An optimizer over `params` (usually `model.parameters()`).
  /// Throws nn::ArgumentError for `lr <= 0`, `momentum` outside [0, 1), or Nesterov without
  /// momentum.
  explicit SGD(std::vector<Parameter*> params, const SGDOptions& options = {});

  /// \brief The momentum coefficient \f$ \mu \f$.
  double momentum() const { return momentum_; }

  /// \brief The velocity \f$ v \f$ of parameter `i` (same order as `parameters()`).
  const arma::mat& velocity(std::size_t i) const { return v_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double momentum_;
  bool nesterov_;
  std::vector<arma::mat> v_;  // one velocity per parameter
};

}  // namespace nn
