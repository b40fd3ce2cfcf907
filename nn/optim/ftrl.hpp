#pragma once
/// \file
/// \brief FTRL-Proximal (McMahan et al. 2013, "Ad Click Prediction"), in Keras's form.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Hyper-parameters of nn::Ftrl, with Keras's defaults.
struct FtrlOptions {
  double lr = 1e-3;  ///< Learning rate \f$ \eta \f$ (the paper's \f$ \alpha \f$).
  /// \f$ p \le 0 \f$: the rate decays like \f$ n^{p} \f$ (-0.5: Adagrad-like).
  double lr_power = -0.5;
  /// Starting value \f$ n_0 > 0 \f$ of the squared-gradient sum.
  double initial_accumulator = 0.1;
  double l1 = 0.0;  ///< \f$ \lambda_1 \ge 0 \f$: L1 strength (gives exact zeros).
  double l2 = 0.0;  ///< \f$ \lambda_2 \ge 0 \f$: L2 strength.
  /// \f$ \beta \ge 0 \f$ of the paper (adds \f$ \beta/(2\eta) \f$ to \f$ \lambda_2 \f$).
  double beta = 0.0;
};

/// \brief FTRL-Proximal ("follow the regularised leader"), element-wise, as Keras's `Ftrl`:
/// \f{align*}{
///   n' &= n + g^2, \qquad
///   z \leftarrow z + g - \frac{n'^{-p} - n^{-p}}{\eta}\, w, \qquad n \leftarrow n',
///   \\ q &= \frac{n^{-p}}{\eta} + 2 \left(\lambda_2 + \frac{\beta}{2\eta}\right), \qquad
///   w \leftarrow \frac{\operatorname{clip}(z, -\lambda_1, \lambda_1) - z}{q}
/// \f}
/// (\f$ z_0 = 0 \f$; \f$ w = 0 \f$ whenever \f$ |z| \le \lambda_1 \f$). The weights are recomputed
/// from the accumulated \f$ z \f$ each step, not nudged: that is what makes the L1 zeros exact.
class Ftrl : public Optimizer {
 public:
  /// \brief An optimizer over `params`. Throws nn::ArgumentError for `lr <= 0`,
  /// `lr_power > 0`, `initial_accumulator <= 0` or negative l1, l2, beta.
  explicit Ftrl(std::vector<Parameter*> params, const FtrlOptions& options = {});

  /// \brief The accumulated linear term \f$ z \f$ of parameter `i`.
  const arma::mat& linear(std::size_t i) const { return z_.at(i); }

 protected:
  /// \brief The class formulas for parameter `p`, the `i`-th (called by Optimizer::step).
  void update(std::size_t i, Parameter& p) override;

 private:
  FtrlOptions o_;
  std::vector<arma::mat> n_;  // squared-gradient sums, parallel to params_
  std::vector<arma::mat> z_;  // linear terms, parallel to params_
};

}  // namespace nn
