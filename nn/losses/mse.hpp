#pragma once
/// \file
/// \brief Mean squared error (L2 loss) and the plain sum of squared errors.

#include <armadillo>
#include <string>

#include <nn/losses/loss.hpp>

namespace nn {

/// \brief Mean squared error, averaged over every entry (as Keras's `mean_squared_error`):
/// \f[ \ell_n = \frac{1}{K}\sum_{k=1}^{K} (\hat{y}_{kn} - t_{kn})^2, \qquad
///     L_\text{mean} = \frac{1}{N}\sum_n \ell_n = \frac{1}{KN}\sum_{k,n} (\hat{y}_{kn} - t_{kn})^2,
///     \qquad L_\text{sum} = \sum_n \ell_n = N L_\text{mean}. \f]
///
/// \f$ \hat{Y}, T: K \times N \f$. For one output (\f$ K = 1 \f$) this is the lectures' MSE
/// \f$ \frac1N \sum_n (\hat{y}_n - y_n)^2 \f$: `mse({23.5}, {22.9}) = 0.36` (L3-10); for one-hot
/// rows it averages over the K classes too (distance 2 between two one-hot 4-vectors -> 0.5,
/// L3-11). Throws nn::ShapeError (shapes differ, named) and nn::DataError (NaN/inf input).
double mse(const arma::mat& Yhat, const arma::mat& T, Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::mse with respect to \f$ \hat{Y} \f$:
/// \f[ \frac{\partial L_\text{mean}}{\partial \hat{Y}} = \frac{2}{KN}(\hat{Y} - T), \qquad
///     \frac{\partial L_\text{sum}}{\partial \hat{Y}} = \frac{2}{K}(\hat{Y} - T). \f]
arma::mat mse_gradient(const arma::mat& Yhat, const arma::mat& T,
                       Reduction reduction = Reduction::Mean);

/// \brief Sum of squared errors over every entry (the squared L2 distance, no averaging):
/// \f[ \operatorname{sse}(\hat{Y}, T) = \sum_{k,n} (\hat{y}_{kn} - t_{kn})^2 = \lVert \hat{Y} - T
/// \rVert_F^2. \f]
///
/// E.g. two different one-hot vectors are at squared distance 2 (L3-11, L4-04).
double sse(const arma::mat& Yhat, const arma::mat& T);

/// \brief Gradient of nn::sse: \f$ \partial\,\operatorname{sse} / \partial \hat{Y} = 2(\hat{Y} - T)
/// \f$.
arma::mat sse_gradient(const arma::mat& Yhat, const arma::mat& T);

/// \brief The MSE loss object (nn::mse): caches \f$ \hat{Y} \f$ and \f$ T \f$ in `forward`,
/// returns nn::mse_gradient in `backward`.
class MSE : public Loss {
 public:
  /// \brief An MSE loss with the given reduction (Mean: over all entries; Sum: N times that).
  explicit MSE(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  /// \brief nn::mse of `Yhat` against `T`; caches both.
  double forward(const arma::mat& Yhat, const arma::mat& T) override;
  /// \brief nn::mse_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"MSE(mean)"` or `"MSE(sum)"`.
  std::string name() const override;

 private:
  Reduction reduction_;
  arma::mat Yhat_, T_;
};

}  // namespace nn
