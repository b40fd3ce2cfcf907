#pragma once
/// \file
/// \brief Adamax (Kingma & Ba 2015, section 7.1): Adam with the infinity norm.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Adamax, with Keras's defaults (PyTorch: lr 0.002, eps 1e-8).
struct AdamaxOptions {
  double lr = 1e-3;      ///< Learning rate \f$ \eta \f$.
  double beta1 = 0.9;    ///< Decay \f$ \beta_1 \f$ of the first moment.
  double beta2 = 0.999;  ///< Decay \f$ \beta_2 \f$ of the exponentially weighted infinity norm.
  double eps = 1e-7;     ///< \f$ \epsilon \f$ added to \f$ u \f$.
};

/// \brief Adamax: the second moment of Adam replaced by a decaying maximum of \f$ |g| \f$.
///
/// Element-wise, with \f$ m_0 = u_0 = 0 \f$ and \f$ t = 1, 2, \dots \f$:
/// \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad u \leftarrow \max(\beta_2 u, |g|),
///   \\ w &\leftarrow w - \frac{\eta}{1 - \beta_1^t}\, \frac{m}{u + \epsilon}
/// \f}
/// (Keras's form; the paper has no \f$ \epsilon \f$; PyTorch takes
/// \f$ u \leftarrow \max(\beta_2 u, |g| + \epsilon) \f$ and divides by \f$ u \f$. All three agree
/// for \f$ \epsilon = 0 \f$.)
class Adamax : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`, betas outside
  /// [0, 1) or `eps < 0`.
  explicit Adamax(std::vector<Parameter*> params, const AdamaxOptions& options = {});

  /// \brief The infinity-norm estimate \f$ u \f$ of parameter `i`.
  const arma::mat& u(std::size_t i) const { return u_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  double beta1_, beta2_, eps_;
  std::vector<arma::mat> m_;  // first moments, parallel to params_
  std::vector<arma::mat> u_;  // infinity norms, parallel to params_
};

}  // namespace nn
