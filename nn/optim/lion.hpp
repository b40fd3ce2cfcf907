#pragma once
/// \file
/// \brief Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of an
/// interpolated momentum.

#include <armadillo>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Lion, with the paper's defaults (Keras's `Lion` defaults to
/// lr 1e-3; the paper advises a learning rate 3-10 times smaller than AdamW's, since every step
/// has the size of \f$ \eta \f$ in every coordinate).
struct LionOptions {
  double lr = 1e-4;     ///< Learning rate \f$ \eta \f$.
  double beta1 = 0.9;   ///< \f$ \beta_1 \f$: how much of the momentum the step's direction keeps.
  double beta2 = 0.99;  ///< \f$ \beta_2 \f$: decay of the momentum \f$ m \f$ itself.
  double weight_decay = 0.0;  ///< \f$ \lambda \ge 0 \f$: decoupled weight decay, as in AdamW.
};

/// \brief Lion ("evolved sign momentum"): every coordinate moves by exactly \f$ \eta \f$ (plus
/// the decay), in the direction of the sign of an interpolation between the momentum and the
/// gradient.
///
/// Element-wise, for every parameter \f$ \theta \f$ with gradient \f$ g \f$, from \f$ m_0 = 0 \f$
/// (the paper's algorithm; its Program 1 in code):
/// \f{align*}{
///   c &= \beta_1 m + (1 - \beta_1)\, g,
///   \\ \theta &\leftarrow \theta - \eta \left(\operatorname{sign}(c) + \lambda\, \theta\right),
///   \\ m &\leftarrow \beta_2 m + (1 - \beta_2)\, g
/// \f}
/// with \f$ \operatorname{sign}(0) = 0 \f$. Two decays: \f$ \beta_1 \f$ mixes the current
/// gradient into the *step*, \f$ \beta_2 \f$ (closer to 1) keeps a longer memory in \f$ m \f$. The
/// gradient's size does not matter, only its sign pattern: one state array per parameter (Adam
/// keeps two), and no \f$ \epsilon \f$. The decay uses the \f$ \theta \f$ from before the step.
class Lion : public Optimizer {
 public:
  /// \brief An optimizer over `params` (usually `model.parameters()`). Throws nn::ArgumentError
  /// for `lr <= 0`, `beta1` or `beta2` outside [0, 1), or `weight_decay < 0`.
  explicit Lion(std::vector<Parameter*> params, const LionOptions& options = {});

  /// \brief The momentum \f$ m \f$ of parameter `i` (same order as `parameters()`).
  const arma::mat& m(std::size_t i) const { return m_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double beta1_, beta2_, lambda_;
  std::vector<arma::mat> m_;  // momenta, parallel to params_
};

}  // namespace nn
