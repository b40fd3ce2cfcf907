#pragma once
/// \file
/// \brief RMSprop (Hinton's lecture 6e, ~2012): divide by a running RMS of the gradient; optional
/// momentum and centring.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::RMSprop (Keras's defaults for lr, rho, eps; PyTorch calls rho
/// `alpha` and defaults to lr 0.01, alpha 0.99, eps 1e-8).
struct RMSpropOptions {
  double lr = 1e-3;       ///< Learning rate \f$ \eta \f$.
  double rho = 0.9;       ///< Decay \f$ \rho \f$ of the running mean square.
  double momentum = 0.0;  ///< Momentum \f$ \mu \in [0, 1) \f$ on the scaled step (0: none).
  double eps = 1e-7;      ///< \f$ \epsilon \f$ added to the root mean square.
  bool centered = false;  ///< Divide by an estimate of the standard deviation instead of the RMS.
};

/// \brief RMSprop, in PyTorch's form (`torch.optim.RMSprop`). Element-wise, from zero state:
/// \f{align*}{
///   v &\leftarrow \rho v + (1 - \rho)\, g^2,
///   \\ \bar g &\leftarrow \rho \bar g + (1 - \rho)\, g \quad (\text{centered only}),
///   \\ s &= \sqrt{v} + \epsilon \quad\text{or, centered,}\quad s = \sqrt{v - \bar g^2} + \epsilon,
///   \\ b &\leftarrow \mu b + g / s, \qquad w \leftarrow w - \eta\, b
///   \quad (\mu = 0: \; w \leftarrow w - \eta\, g / s).
/// \f}
/// Keras puts \f$ \epsilon \f$ inside the square root (\f$ \sqrt{v + \epsilon} \f$) and keeps
/// \f$ \eta \f$ inside the momentum buffer; both differences vanish once \f$ v \gg \epsilon \f$ and
/// \f$ \eta \f$ is constant.
class RMSprop : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`, `rho` or
  /// `momentum` outside [0, 1), or `eps < 0`.
  explicit RMSprop(std::vector<Parameter*> params, const RMSpropOptions& options = {});

  /// \brief The running mean square \f$ v \f$ of parameter `i`.
  const arma::mat& mean_square(std::size_t i) const { return v_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double rho_, momentum_, eps_;
  bool centered_;
  std::vector<arma::mat> v_;     // mean squares, parallel to params_
  std::vector<arma::mat> gbar_;  // mean gradients (centered), parallel to params_
  std::vector<arma::mat> buf_;   // momentum buffers, parallel to params_
};

}  // namespace nn
