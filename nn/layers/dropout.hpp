#pragma once
/// \file
/// \brief Inverted dropout: zero each unit with probability p in training, rescale the rest by
/// 1/(1-p); the identity at inference.

#include <armadillo>
#include <string>

#include <nn/core/layer.hpp>
#include <nn/core/rng.hpp>

namespace nn {

/// \brief \f$ Y = X \odot M / (1 - p) \f$ for a 0/1 keep-mask \f$ M \f$ (the lecture's
/// \f$ x'_i = 0 \f$ with probability \f$ p \f$, \f$ x_i / (1 - p) \f$ otherwise, L1-38). Shapes of
/// `X` and `mask` must agree (nn::ShapeError). Throws nn::ArgumentError unless \f$ 0 \le p < 1 \f$.
arma::mat dropout_with_mask(const arma::mat& X, const arma::mat& mask, double p);

/// \brief Inverted dropout layer with drop rate \f$ p \f$ (Keras's `rate`, PyTorch's `p`).
///
/// Training: draws a fresh keep-mask \f$ M_{ij} \sim \text{Bernoulli}(1 - p) \f$ from
/// nn::global_rng() on every forward and returns \f$ Y = X \odot M / (1 - p) \f$, so
/// \f$ E[Y] = X \f$. Inference: \f$ Y = X \f$ (the identity; the lecture's slide writes
/// \f$ h' = \text{dropout}(h) \f$ at inference, erratum L1-39). Backward: \f$ dX = dY \odot M /
/// (1-p) \f$ (training) or \f$ dY \f$ (inference). `fix_mask` pins the mask (gradient checks,
/// worked examples).
class Dropout : public Layer {
 public:
  /// \brief Drop rate `p` in [0, 1) (else nn::ArgumentError).
  explicit Dropout(double p);

  /// \brief Training: \f$ X \odot M / (1 - p) \f$ with a fresh (or the fixed) mask; inference: \f$
  /// X \f$.
  arma::mat forward(const arma::mat& X) override;

  /// \brief \f$ dX = dY \odot M / (1 - p) \f$ in training, \f$ dY \f$ at inference.
  arma::mat backward(const arma::mat& dY) override;

  /// \brief `"Dropout(p)"`.
  std::string name() const override;

  /// \brief The drop rate \f$ p \f$.
  double rate() const { return p_; }

  /// \brief Uses `mask` (0/1 entries) on every training forward instead of drawing one, until
  /// nn::Dropout::unfix_mask. Throws nn::ArgumentError if an entry is not 0 or 1.
  void fix_mask(const arma::mat& mask);

  /// \brief Goes back to drawing a fresh mask on every training forward.
  void unfix_mask() { fixed_ = false; }

  /// \brief The keep-mask \f$ M \f$ used by the last training forward.
  const arma::mat& mask() const { return mask_; }

 private:
  double p_;
  bool fixed_ = false;
  bool cached_training_ = true;
  arma::mat mask_;
};

}  // namespace nn
