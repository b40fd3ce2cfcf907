#pragma once
/// \file
/// \brief Batch normalisation (Ioffe & Szegedy 2015) over the examples of a batch, per feature.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/core/layer.hpp>

namespace nn {

/// \brief Batch normalisation of each feature (row) over the batch (columns).
///
/// Training mode, for \f$ X: D \times m \f$ (the lecture's equations 1-4, deck 1 "Batch
/// Normalization", L1-36), per row:
/// \f{align*}{
///   \mu_B &= \frac{1}{m} \sum_{i} x_i, \qquad
///   \sigma_B^2 = \frac{1}{m} \sum_{i} (x_i - \mu_B)^2 \quad \text{(biased)},
///   \\ \hat x_i &= \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad
///   z_i = \gamma \hat x_i + \beta,
/// \f}
/// and the running averages are updated as Keras does (the lecture's
/// \f$ \hat v \leftarrow \hat v \cdot \text{momentum} + v (1 - \text{momentum}) \f$):
/// \f$ \hat\mu \leftarrow \rho \hat\mu + (1 - \rho) \mu_B \f$,
/// \f$ \hat\sigma^2 \leftarrow \rho \hat\sigma^2 + (1 - \rho) \sigma_B^2 \f$ (biased batch
/// variance, \f$ \rho \f$ = `momentum`, 0.99 in Keras; PyTorch's `momentum = 0.1` is \f$ 1 - \rho
/// \f$ and it stores the unbiased variance).
///
/// Inference mode: \f$ z = \gamma (x - \hat\mu) / \sqrt{\hat\sigma^2 + \epsilon} + \beta \f$, a
/// fixed affine map per feature (running statistics unchanged).
///
/// Backward in training mode (the batch statistics depend on every \f$ x_i \f$), per row with
/// \f$ d\hat x = \gamma\, dZ \f$:
/// \f[ \frac{\partial L}{\partial \gamma} = \sum_i dZ_i \hat x_i, \quad
///     \frac{\partial L}{\partial \beta} = \sum_i dZ_i, \quad
///     dX_i = \frac{1}{m \sqrt{\sigma_B^2 + \epsilon}} \Big( m\, d\hat x_i - \sum_j d\hat x_j
///            - \hat x_i \sum_j d\hat x_j \hat x_j \Big). \f]
/// Parameters: \f$ \gamma \f$ (init 1) and \f$ \beta \f$ (init 0), each \f$ D \times 1 \f$.
class BatchNorm : public Layer {
 public:
  /// \brief Normalises `features` rows; `momentum` \f$ \rho \in [0, 1) \f$ of the running averages,
  /// `eps` \f$ \epsilon \ge 0 \f$ (Keras defaults 0.99 and 1e-3). Running mean 0, variance 1.
  /// Throws nn::ArgumentError for a `momentum` or `eps` out of range, nn::ShapeError for 0
  /// features.
  explicit BatchNorm(arma::uword features, double momentum = 0.99, double eps = 1e-3);

  /// \brief Training: batch statistics (and updates the running ones); inference: running
  /// statistics. Training needs at least one column; with one column \f$ \sigma_B^2 = 0 \f$.
  arma::mat forward(const arma::mat& X) override;

  /// \brief Assigns \f$ d\gamma, d\beta \f$ and returns \f$ dX \f$ (see the class formulas; in
  /// inference mode \f$ dX = \gamma\, dZ / \sqrt{\hat\sigma^2 + \epsilon} \f$).
  arma::mat backward(const arma::mat& dY) override;

  /// \brief \f$ \{\gamma, \beta\} \f$.
  std::vector<Parameter*> parameters() override { return {&gamma_, &beta_}; }

  /// \brief The running statistics, `running_mean` \f$ \hat\mu \f$ and `running_var`
  /// \f$ \hat\sigma^2 \f$ (`D x 1` each): not trained, but saved with the weights because
  /// inference uses them. A loaded `running_var` must be \f$ \ge 0 \f$.
  std::vector<Buffer> buffers() override;

  /// \brief `"BatchNorm(D)"`.
  std::string name() const override;

  /// \brief The scale parameter \f$ \gamma \f$ (`D x 1`).
  Parameter& gamma() { return gamma_; }
  /// \brief The shift parameter \f$ \beta \f$ (`D x 1`).
  Parameter& beta() { return beta_; }
  /// \brief The running mean \f$ \hat\mu \f$ used at inference.
  const arma::vec& running_mean() const { return running_mean_; }
  /// \brief The running (biased) variance \f$ \hat\sigma^2 \f$ used at inference.
  const arma::vec& running_var() const { return running_var_; }
  /// \brief \f$ \mu_B \f$ of the last training batch.
  const arma::vec& batch_mean() const { return mu_; }
  /// \brief \f$ \sigma_B^2 \f$ (biased) of the last training batch.
  const arma::vec& batch_var() const { return var_; }
  /// \brief \f$ \hat X \f$ of the last forward.
  const arma::mat& x_hat() const { return Xhat_; }
  /// \brief Sets the running statistics (e.g. to reproduce a trained model).
  void set_running_stats(const arma::vec& mean, const arma::vec& var);

 private:
  arma::uword D_;
  double momentum_, eps_;
  Parameter gamma_, beta_;
  arma::vec running_mean_, running_var_;
  arma::vec mu_, var_;           // batch statistics of the last training forward
  arma::vec inv_std_;            // 1 / sqrt(var + eps) used by the last forward
  arma::mat Xhat_;               // normalised input of the last forward
  bool cached_training_ = true;  // mode of the last forward
};

}  // namespace nn
