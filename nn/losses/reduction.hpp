#pragma once
/// \file
/// \brief Helpers shared by the losses: reducing per-example losses, input checks.

#include <armadillo>
#include <string>

#include <nn/losses/loss.hpp>

namespace nn {

/// \brief `"mean"` or `"sum"`, for loss names such as `"MSE(mean)"`.
std::string reduction_name(Reduction reduction);

/// \brief Combines per-example losses \f$ \ell_1, \dots, \ell_N \f$ (a \f$ 1 \times N \f$ row):
/// \f$ \frac{1}{N}\sum_n \ell_n \f$ for Reduction::Mean, \f$ \sum_n \ell_n \f$ for Reduction::Sum.
double reduce(const arma::rowvec& per_example, Reduction reduction);

/// \brief The factor the gradient of a reduced loss carries: \f$ 1/N \f$ for Reduction::Mean,
/// 1 for Reduction::Sum (\f$ N \f$ = number of examples = columns).
double reduction_scale(arma::uword n_examples, Reduction reduction);

/// \brief Validates the inputs of loss `where`: `Yhat` and `T` non-empty and of the same shape
/// (else nn::ShapeError naming the loss and both shapes, and the likely mistake when
/// nn::targets_hint sees one: `T` transposed, class labels passed as `arma::vec`) and finite (else
/// nn::DataError naming the loss and the argument holding a NaN or inf).
void check_loss_inputs(const arma::mat& Yhat, const arma::mat& T, const std::string& where,
                       const std::string& yhat_name = "Yhat", const std::string& t_name = "T");

/// \brief Returns `value` if it is finite; otherwise throws nn::NonFiniteLoss (a nn::DataError)
/// naming the loss `where` and the value.
double check_finite_loss(double value, const std::string& where);

/// \brief Validates a clipping \f$ \varepsilon \f$ of the losses on probabilities: throws
/// nn::ArgumentError `"<where>: eps = <eps> must be in [0, 0.5)"` unless
/// \f$ 0 \le \varepsilon < 0.5 \f$ (at 0.5 the clip range \f$ [\varepsilon, 1 - \varepsilon] \f$
/// is a single point).
void check_clip_eps(double eps, const std::string& where);

}  // namespace nn
