#pragma once
/// \file
/// \brief Nadam (Dozat 2016): Adam with Nesterov momentum and the momentum-decay schedule.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/adam.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Nadam, with Keras's defaults (PyTorch: lr 0.002, eps 1e-8).
struct NadamOptions {
  double lr = 1e-3;               ///< Learning rate \f$ \eta \f$.
  double beta1 = 0.9;             ///< Base momentum \f$ \beta_1 \f$.
  double beta2 = 0.999;           ///< Decay \f$ \beta_2 \f$ of the second moment.
  double eps = 1e-7;              ///< \f$ \epsilon \f$ added to \f$ \sqrt{\hat v} \f$.
  double momentum_decay = 0.004;  ///< \f$ \psi \f$ of the schedule \f$ \mu_t \f$.
};

/// \brief Nadam: Nesterov-accelerated Adam (Keras and `torch.optim.NAdam`); it extends nn::Adam
/// (the same \f$ \beta_1, \beta_2, \epsilon \f$, checks and moments \f$ m, v \f$).
///
/// With \f$ \mu_t = \beta_1 (1 - \tfrac12\, 0.96^{\psi t}) \f$, \f$ \Pi_t = \prod_{s \le t} \mu_s
/// \f$, element-wise from \f$ m_0 = v_0 = 0 \f$: \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\,
///   g^2, \qquad \hat v = \frac{v}{1 - \beta_2^t},
///   \\ \hat m &= \frac{\mu_{t+1}\, m}{1 - \Pi_t \mu_{t+1}} + \frac{(1 - \mu_t)\, g}{1 - \Pi_t},
///   \qquad w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}.
/// \f}
class Nadam : public Adam {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`, betas outside
  /// [0, 1), `eps < 0` or `momentum_decay < 0`.
  explicit Nadam(std::vector<Parameter*> params, const NadamOptions& options = {});

  /// \brief The product \f$ \Pi_t \f$ of the momentum schedule so far (1 before the first step).
  double mu_product() const { return mu_product_; }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

  /// \brief The momentum schedule of this step: \f$ \mu_t \f$, \f$ \mu_{t+1} \f$ and \f$ \Pi_t \f$.
  void prepare_step() override;

 private:
  double psi_;                         // momentum_decay
  double mu_t_ = 0.0, mu_next_ = 0.0;  // mu_t and mu_{t+1} of the current step
  double mu_product_ = 1.0;            // Pi_t
};

}  // namespace nn
