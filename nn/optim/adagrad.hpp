#pragma once
/// \file
/// \brief Adagrad (Duchi, Hazan & Singer 2011): per-coordinate rates from the sum of squared
/// gradients.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Adagrad, with Keras's defaults (PyTorch: lr 0.01, accumulator 0,
/// eps 1e-10).
struct AdagradOptions {
  double lr = 1e-3;                  ///< Learning rate \f$ \eta \f$.
  double initial_accumulator = 0.1;  ///< Starting value \f$ G_0 \f$ of the accumulator.
  double eps = 1e-7;                 ///< \f$ \epsilon \f$ added to \f$ \sqrt{G} \f$.
};

/// \brief Adagrad: every coordinate's step shrinks with the squared gradients it has seen.
///
/// For every parameter \f$ w \f$ with gradient \f$ g \f$ (element-wise):
/// \f[ G \leftarrow G + g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{G} + \epsilon} \f]
/// with \f$ G_0 \f$ = `initial_accumulator`. Same form as `torch.optim.Adagrad` and Keras.
/// State: \f$ G \f$ per parameter.
class Adagrad : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`,
  /// a negative accumulator or `eps < 0`.
  explicit Adagrad(std::vector<Parameter*> params, const AdagradOptions& options = {});

  /// \brief The accumulator \f$ G \f$ of parameter `i`.
  const arma::mat& accumulator(std::size_t i) const { return G_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double initial_accumulator_, eps_;
  std::vector<arma::mat> G_;  // sums of squared gradients, parallel to params_
};

}  // namespace nn
