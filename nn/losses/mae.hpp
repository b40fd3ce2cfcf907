#pragma once
/// \file
/// \brief Mean absolute error (L1 loss).

#include <armadillo>
#include <string>

#include <nn/losses/loss.hpp>

namespace nn {

/// \brief Mean absolute error, averaged over every entry (as Keras's `mean_absolute_error`):
/// \f[ \ell_n = \frac{1}{K}\sum_{k=1}^{K} |\hat{y}_{kn} - t_{kn}|, \qquad
///     L_\text{mean} = \frac{1}{KN}\sum_{k,n} |\hat{y}_{kn} - t_{kn}|, \qquad
///     L_\text{sum} = \sum_n \ell_n = N L_\text{mean}. \f]
///
/// \f$ \hat{Y}, T: K \times N \f$ (L0-05, L2-06). Throws nn::ShapeError / nn::DataError like
/// nn::mse.
double mae(const arma::mat& Yhat, const arma::mat& T, Reduction reduction = Reduction::Mean);

/// \brief (Sub-)gradient of nn::mae with respect to \f$ \hat{Y} \f$:
/// \f[ \frac{\partial L_\text{mean}}{\partial \hat{Y}} = \frac{1}{KN}\operatorname{sign}(\hat{Y} -
/// T),
///     \qquad \frac{\partial L_\text{sum}}{\partial \hat{Y}} =
///     \frac{1}{K}\operatorname{sign}(\hat{Y} - T), \f]
/// with \f$ \operatorname{sign}(0) = 0 \f$ where the prediction is exact.
arma::mat mae_gradient(const arma::mat& Yhat, const arma::mat& T,
                       Reduction reduction = Reduction::Mean);

/// \brief The MAE loss object (nn::mae): caches \f$ \hat{Y} \f$ and \f$ T \f$.
class MAE : public Loss {
 public:
  /// \brief An MAE loss with the given reduction (Mean: over all entries; Sum: N times that).
  explicit MAE(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  /// \brief nn::mae of `Yhat` against `T`; caches both.
  double forward(const arma::mat& Yhat, const arma::mat& T) override;
  /// \brief nn::mae_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"MAE(mean)"` or `"MAE(sum)"`.
  std::string name() const override;

 private:
  Reduction reduction_;
  arma::mat Yhat_, T_;
};

}  // namespace nn
