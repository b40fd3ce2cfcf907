#pragma once
/// \file
/// \brief Adadelta (Zeiler 2012): Adagrad with decaying averages and unit-correcting step sizes.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Adadelta, with Keras's defaults (PyTorch: lr 1.0, rho 0.9,
/// eps 1e-6; the paper has no learning rate, i.e. \f$ \eta = 1 \f$).
struct AdadeltaOptions {
  double lr = 1e-3;   ///< Learning rate \f$ \eta \f$ multiplying the step.
  double rho = 0.95;  ///< Decay \f$ \rho \f$ of both running averages.
  double eps = 1e-7;  ///< \f$ \epsilon \f$ inside both square roots.
};

/// \brief Adadelta: the step is the ratio of two running RMS values, so it has the units of \f$ w
/// \f$.
///
/// Element-wise, with \f$ E[g^2]_0 = E[\Delta^2]_0 = 0 \f$:
/// \f{align*}{
///   E[g^2] &\leftarrow \rho E[g^2] + (1 - \rho)\, g^2,
///   \\ \Delta &= \frac{\sqrt{E[\Delta^2] + \epsilon}}{\sqrt{E[g^2] + \epsilon}}\, g,
///   \\ E[\Delta^2] &\leftarrow \rho E[\Delta^2] + (1 - \rho)\, \Delta^2,
///   \\ w &\leftarrow w - \eta\, \Delta
/// \f}
/// (Algorithm 1 of the paper with a learning rate, as `torch.optim.Adadelta` and Keras).
class Adadelta : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`,
  /// `rho` outside [0, 1) or `eps < 0`.
  explicit Adadelta(std::vector<Parameter*> params, const AdadeltaOptions& options = {});

  /// \brief The running average \f$ E[g^2] \f$ of parameter `i`.
  const arma::mat& mean_square_grad(std::size_t i) const { return Eg2_.at(i); }

  /// \brief The running average \f$ E[\Delta^2] \f$ of parameter `i`.
  const arma::mat& mean_square_delta(std::size_t i) const { return Ed2_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double rho_, eps_;
  std::vector<arma::mat> Eg2_;  // E[g^2], parallel to params_
  std::vector<arma::mat> Ed2_;  // E[Delta^2], parallel to params_
};

}  // namespace nn
