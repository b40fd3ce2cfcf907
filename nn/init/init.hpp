#pragma once
/// \file
/// \brief Weight initializers: constant, uniform, normal, truncated normal, Glorot, He, LeCun.
///
/// Each returns a `fan_out x fan_in` matrix (the shape of a Dense layer's \f$ W \f$) drawn from
/// the library's seeded generator (nn::global_rng unless another is passed).

#include <armadillo>
#include <functional>

#include <nn/core/rng.hpp>

namespace nn {

/// \brief A function that makes a `fan_out x fan_in` weight matrix.
using Initializer = std::function<arma::mat(arma::uword fan_out, arma::uword fan_in)>;

/// \brief Every entry equal to `c` (never breaks the symmetry between units: lecture L1-34).
arma::mat constant_init(arma::uword fan_out, arma::uword fan_in, double c);

/// \brief \f$ W_{ij} \sim U[lo, hi) \f$.
arma::mat uniform_init(arma::uword fan_out, arma::uword fan_in, double lo, double hi,
                       Rng& rng = global_rng());

/// \brief \f$ W_{ij} \sim \mathcal{N}(\mu, \sigma^2) \f$.
arma::mat normal_init(arma::uword fan_out, arma::uword fan_in, double mean, double sd,
                      Rng& rng = global_rng());

/// \brief \f$ \mathcal{N}(\mu, \sigma^2) \f$ redrawn until within \f$ \mu \pm 2\sigma \f$ (Keras's
/// truncated normal).
arma::mat truncated_normal_init(arma::uword fan_out, arma::uword fan_in, double mean, double sd,
                                Rng& rng = global_rng());

/// \brief Glorot (Xavier) uniform: \f$ U[-r, r] \f$ with
/// \f$ r = \sqrt{6/(\text{fan}_\text{in} + \text{fan}_\text{out})} \f$, so
/// \f$ \operatorname{Var} W = 1/\text{fan}_\text{avg} \f$ with
/// \f$ \text{fan}_\text{avg} = (\text{fan}_\text{in} + \text{fan}_\text{out})/2 \f$. The Dense
/// default.
arma::mat glorot_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

/// \brief Glorot (Xavier) normal: \f$ \mathcal{N}(0, 1/\text{fan}_\text{avg}) \f$.
arma::mat glorot_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

/// \brief He uniform: \f$ U[-r, r] \f$, \f$ r = \sqrt{6/\text{fan}_\text{in}} \f$
/// (\f$ \operatorname{Var} W = 2/\text{fan}_\text{in} \f$, for ReLU).
arma::mat he_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

/// \brief He normal: \f$ \mathcal{N}(0, 2/\text{fan}_\text{in}) \f$.
arma::mat he_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

/// \brief LeCun uniform: \f$ U[-r, r] \f$, \f$ r = \sqrt{3/\text{fan}_\text{in}} \f$
/// (\f$ \operatorname{Var} W = 1/\text{fan}_\text{in} \f$, for SELU).
arma::mat lecun_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

/// \brief LeCun normal: \f$ \mathcal{N}(0, 1/\text{fan}_\text{in}) \f$.
arma::mat lecun_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng = global_rng());

}  // namespace nn
