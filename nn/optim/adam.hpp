#pragma once
/// \file
/// \brief Adam (Kingma & Ba 2015) with bias correction and Keras's default hyper-parameters.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Adam, with Keras's defaults. An aggregate, so a call site reads
/// `nn::Adam adam(model.parameters(), {.lr = 1e-3});` (designated initializers: C++20, accepted
/// by GCC and Clang in C++17 mode without a warning under `-Wall -Wextra`; fields must be named in
/// declaration order). Without designators: `nn::AdamOptions{1e-3, 0.9, 0.999, 1e-7}`.
struct AdamOptions {
  double lr = 1e-3;    ///< Learning rate \f$ \eta \f$.
  double beta1 = 0.9;  ///< Decay \f$ \beta_1 \f$ of the first-moment (mean) estimate.
  /// Decay \f$ \beta_2 \f$ of the second-moment (uncentred variance) estimate.
  double beta2 = 0.999;
  /// \f$ \epsilon \f$ added to \f$ \sqrt{\hat v} \f$ (Keras 1e-7; PyTorch 1e-8).
  double eps = 1e-7;
};

/// \brief Adam: adaptive moment estimation with bias correction.
///
/// For every parameter \f$ w \f$ with gradient \f$ g \f$, at step \f$ t = 1, 2, \dots \f$
/// (moments start at \f$ m_0 = v_0 = 0 \f$):
/// \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, &
///   v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2,
///   \\ \hat m &= \frac{m}{1 - \beta_1^t}, &
///   \hat v &= \frac{v}{1 - \beta_2^t},
///   \\ w &\leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
/// \f}
/// (element-wise). This is the textbook form (Algorithm 1 of the paper, and PyTorch's
/// `torch.optim.Adam`): \f$ \epsilon \f$ is added to \f$ \sqrt{\hat v} \f$. Keras adds its
/// \f$ \epsilon \f$ to \f$ \sqrt{v} \f$ instead (the paper's "\f$ \hat\epsilon \f$" variant); the
/// two differ only while \f$ \sqrt{v} \f$ is comparable to \f$ \epsilon \f$. State: \f$ m \f$ and
/// \f$ v \f$ per parameter, in vectors parallel to the parameter list. `update` is the element loop
/// of these lines (with \f$ c_1 = 1 - \beta_1^t \f$ and \f$ c_2 = 1 - \beta_2^t \f$ of the current
/// step \f$ t \f$); unless `NN_KERNELS=reference` it runs as the vectorised nn::kernels::adam,
/// which gives the same bits.
class Adam : public Optimizer {
 public:
  /// \brief An optimizer over `params` (usually `model.parameters()`).
  /// Throws nn::ArgumentError for `lr <= 0`, betas outside [0, 1) or `eps < 0`.
  explicit Adam(std::vector<Parameter*> params, const AdamOptions& options = {});

  /// \brief The hyper-parameters (with the current learning rate).
  AdamOptions options() const { return {lr_, beta1_, beta2_, eps_}; }

  /// \brief The first-moment estimate \f$ m \f$ of parameter `i` (biased, before correction).
  const arma::mat& m(std::size_t i) const { return m_.at(i); }

  /// \brief The second-moment estimate \f$ v \f$ of parameter `i` (biased, before correction).
  const arma::mat& v(std::size_t i) const { return v_.at(i); }

 protected:
  /// \brief For the variants built on Adam (nn::AMSGrad, nn::Nadam): the same checks and state
  /// \f$ m_0 = v_0 = 0 \f$, under the name `who`.
  Adam(std::vector<Parameter*> params, const AdamOptions& options, std::string who);

  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

  double beta1_;              ///< Decay \f$ \beta_1 \f$ of the first moment.
  double beta2_;              ///< Decay \f$ \beta_2 \f$ of the second moment.
  double eps_;                ///< \f$ \epsilon \f$ of the denominator.
  std::vector<arma::mat> m_;  ///< First moments \f$ m \f$, parallel to `parameters()`.
  std::vector<arma::mat> v_;  ///< Second moments \f$ v \f$, parallel to `parameters()`.
};

}  // namespace nn
