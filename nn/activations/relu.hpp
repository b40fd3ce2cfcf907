#pragma once
/// \file
/// \brief The rectifier family: ReLU, leaky ReLU, PReLU (learned slope), RReLU (random slope).

#include <armadillo>

#include <nn/core/rng.hpp>

namespace nn {

/// \brief Rectified linear unit, element-wise: \f$ \operatorname{relu}(z) = \max(0, z) \f$.
///
/// Lectures: L1-21, L2-04, L3-13, L4-02.
arma::mat relu(const arma::mat& Z);

/// \brief Derivative of ReLU, taking the pre-activation \f$ Z \f$:
/// \f[ \operatorname{relu}'(z) = \mathbb{1}(z > 0) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0
/// \end{cases} \f]
///
/// ReLU is not differentiable at 0; we use the sub-gradient 0 there (as PyTorch and TensorFlow do).
arma::mat relu_derivative(const arma::mat& Z);

/// \brief Scalar \f$ \max(0, z) \f$.
double relu(double z);

/// \brief Scalar \f$ \mathbb{1}(z > 0) \f$ (0 at \f$ z = 0 \f$).
double relu_derivative(double z);

/// \brief Leaky ReLU, element-wise, with a fixed small slope \f$ \alpha \f$ for negative inputs:
/// \f[ f(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases} = \max(\alpha z, z)
///     \quad (0 \le \alpha \le 1). \f]
///
/// Default \f$ \alpha = 0.01 \f$ as in the lectures (L1-40). (Keras's `LeakyReLU` defaults to 0.3.)
arma::mat leaky_relu(const arma::mat& Z, double alpha = 0.01);

/// \brief Derivative of leaky ReLU: \f$ f'(z) = 1 \f$ for \f$ z > 0 \f$, \f$ \alpha \f$ for
/// \f$ z \le 0 \f$ (the value at 0 follows nn::relu_derivative's convention).
arma::mat leaky_relu_derivative(const arma::mat& Z, double alpha = 0.01);

/// \brief Scalar leaky ReLU: \f$ z \f$ if \f$ z > 0 \f$, else \f$ \alpha z \f$.
double leaky_relu(double z, double alpha = 0.01);

/// \brief Scalar derivative of leaky ReLU: 1 if \f$ z > 0 \f$, else \f$ \alpha \f$.
double leaky_relu_derivative(double z, double alpha = 0.01);

/// \brief Parametric ReLU with one shared slope: \f$ f(z) = z \f$ for \f$ z > 0 \f$,
/// \f$ \alpha z \f$ otherwise — the same formula as leaky ReLU, but \f$ \alpha \f$ is learned
/// (He et al. 2015; L1-40). See nn::PReLU for the layer that learns it.
arma::mat prelu(const arma::mat& Z, double alpha);

/// \brief Parametric ReLU with one slope per unit (row): \f$ f(z_{dn}) = z_{dn} \f$ if
/// \f$ z_{dn} > 0 \f$, else \f$ \alpha_d z_{dn} \f$. `alpha` has one entry per row of `Z`
/// (or a single entry, shared by all rows); otherwise nn::ShapeError.
arma::mat prelu(const arma::mat& Z, const arma::vec& alpha);

/// \brief Derivative of PReLU with respect to its input: 1 for \f$ z > 0 \f$, \f$ \alpha \f$
/// (of the element's row) for \f$ z \le 0 \f$.
arma::mat prelu_derivative(const arma::mat& Z, const arma::vec& alpha);

/// \brief Derivative of PReLU with respect to the slope, element-wise:
/// \f[ \frac{\partial f(z)}{\partial \alpha} = \begin{cases} 0 & z > 0 \\ z & z \le 0 \end{cases}
///     = \min(z, 0). \f]
///
/// The layer sums \f$ dY \odot \min(Z, 0) \f$ over examples (and over rows for a shared slope).
arma::mat prelu_alpha_derivative(const arma::mat& Z);

/// \brief Scalar PReLU: \f$ z \f$ if \f$ z > 0 \f$, else \f$ \alpha z \f$.
double prelu(double z, double alpha);

/// \brief Scalar derivative of PReLU with respect to \f$ z \f$: 1 if \f$ z > 0 \f$, else \f$ \alpha
/// \f$.
double prelu_derivative(double z, double alpha);

/// \brief The slope RReLU uses at inference: the mean of \f$ U[l, u] \f$,
/// \f$ \bar\alpha = (l + u)/2 \f$. With PyTorch's defaults \f$ l = 1/8, u = 1/3 \f$:
/// \f$ \bar\alpha = 11/48 \approx 0.2291666667 \f$ (L1-40).
double rrelu_mean_slope(double lo = 1.0 / 8.0, double hi = 1.0 / 3.0);

/// \brief The negative-side slopes of randomized leaky ReLU for a `rows x cols` batch:
/// in training, independent draws \f$ \alpha_{dn} \sim U[l, u] \f$ from `rng`; at inference,
/// every entry is the mean slope \f$ (l + u)/2 \f$ (no draw).
arma::mat rrelu_slopes(arma::uword rows, arma::uword cols, double lo, double hi, bool training,
                       Rng& rng);

/// \brief Randomized leaky ReLU (Xu et al. 2015; L1-40), element-wise:
/// \f[ f(z_{dn}) = \begin{cases} z_{dn} & z_{dn} > 0 \\ \alpha_{dn} z_{dn} & z_{dn} \le 0
/// \end{cases},
///     \qquad \alpha_{dn} \sim U[l, u] \text{ in training}, \quad \alpha_{dn} = \tfrac{l+u}{2}
///     \text{ at inference}. \f]
///
/// Defaults \f$ l = 1/8, u = 1/3 \f$ (PyTorch). In training the slopes are drawn from `rng`
/// (nn::rrelu_slopes); the nn::RReLU layer keeps them for its backward pass.
arma::mat rrelu(const arma::mat& Z, double lo = 1.0 / 8.0, double hi = 1.0 / 3.0,
                bool training = false, Rng& rng = global_rng());

/// \brief Derivative of RReLU at inference (fixed mean slope): 1 for \f$ z > 0 \f$,
/// \f$ (l+u)/2 \f$ for \f$ z \le 0 \f$. (In training the derivative is the drawn slope
/// \f$ \alpha_{dn} \f$; see nn::RReLU.)
arma::mat rrelu_derivative(const arma::mat& Z, double lo = 1.0 / 8.0, double hi = 1.0 / 3.0);

/// \brief Scalar RReLU at inference: \f$ z \f$ if \f$ z > 0 \f$, else \f$ \tfrac{l+u}{2} z \f$.
double rrelu(double z, double lo = 1.0 / 8.0, double hi = 1.0 / 3.0);

/// \brief Scalar derivative of RReLU at inference: 1 if \f$ z > 0 \f$, else \f$ (l+u)/2 \f$.
double rrelu_derivative(double z, double lo = 1.0 / 8.0, double hi = 1.0 / 3.0);

}  // namespace nn
