#pragma once
/// \file
/// \brief Binary cross-entropy, on probabilities (clipped) and on logits (stable).

#include <armadillo>
#include <string>

#include <nn/losses/loss.hpp>

namespace nn {

/// \brief Binary cross-entropy on probabilities, averaged over every entry (as Keras's
/// `binary_crossentropy`):
/// \f[ \ell_{kn} = -\bigl[t_{kn} \ln \tilde{p}_{kn} + (1 - t_{kn}) \ln(1 - \tilde{p}_{kn})\bigr],
///     \qquad \tilde{p} = \operatorname{clip}(p, \varepsilon, 1 - \varepsilon), \f]
/// \f[ L_\text{mean} = \frac{1}{KN}\sum_{k,n} \ell_{kn}, \qquad
///     L_\text{sum} = \sum_n \frac{1}{K}\sum_k \ell_{kn} = N L_\text{mean}. \f]
///
/// \f$ P, T: K \times N \f$: \f$ K = 1 \f$ for a binary classifier, \f$ K \f$ labels for a
/// multi-label one (one sigmoid per class; the per-example loss is then the *mean* over the K
/// labels, as Keras; multiply by K for the lectures' sum over classes). Targets may be soft
/// (in \f$ [0,1] \f$). The clip to \f$ [\varepsilon, 1-\varepsilon] \f$, \f$ \varepsilon = 10^{-7}
/// \f$ (Keras's epsilon, L3-09), keeps \f$ \ln 0 = -\infty \f$ out: a confidently wrong prediction
/// costs at most \f$ -\ln 10^{-7} \approx 16.12 \f$. Lectures: L0-04, L1-06, L3-08.
/// Throws nn::ShapeError (shapes differ), nn::DataError (NaN/inf input) and nn::ArgumentError
/// (\f$ \varepsilon \f$ outside \f$ [0, 0.5) \f$).
double binary_cross_entropy(const arma::mat& P, const arma::mat& T, double eps = 1e-7,
                            Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::binary_cross_entropy with respect to \f$ P \f$:
/// \f[ \frac{\partial L_\text{mean}}{\partial P} = \frac{1}{KN}\left(-\frac{T}{\tilde{P}}
///     + \frac{1 - T}{1 - \tilde{P}}\right) = \frac{1}{KN}\,\frac{\tilde{P} - T}{\tilde{P}(1 -
///     \tilde{P})} \f]
/// (\f$ \frac{1}{K} \f$ instead of \f$ \frac{1}{KN} \f$ for Reduction::Sum). The clip is treated
/// as the identity here (a straight-through gradient), so a saturated, wrong prediction still
/// receives a large finite gradient (about \f$ 1/\varepsilon \f$) rather than 0.
arma::mat binary_cross_entropy_gradient(const arma::mat& P, const arma::mat& T, double eps = 1e-7,
                                        Reduction reduction = Reduction::Mean);

/// \brief Scalar binary cross-entropy of one probability \f$ p \f$ against one target \f$ y \f$:
/// \f$ -[y \ln \tilde{p} + (1-y)\ln(1-\tilde{p})] \f$, \f$ \tilde{p} = \operatorname{clip}(p,
/// \varepsilon, 1-\varepsilon) \f$. E.g. `binary_cross_entropy(0.9, 0.0) = ln 10` (L0-04).
double binary_cross_entropy(double p, double y, double eps = 1e-7);

/// \brief Binary cross-entropy on logits \f$ z \f$ (the pre-sigmoid output), averaged like
/// nn::binary_cross_entropy, in the stable form
/// \f[ \ell_{kn} = -\bigl[t \ln\sigma(z) + (1-t)\ln(1-\sigma(z))\bigr] = \ln(1 + e^{z}) - t z
///     = \max(z, 0) - t z + \ln\bigl(1 + e^{-|z|}\bigr). \f]
///
/// The last form never exponentiates a positive number: at \f$ z = \pm 800 \f$ it stays finite,
/// where \f$ \ln(1 + e^{800}) \f$ overflows to \f$ \infty \f$ and the probability form gives
/// \f$ \ln 0 \f$ (L4-05; Keras's `from_logits=True`, PyTorch's `BCEWithLogitsLoss`).
/// \f$ Z, T: K \times N \f$; no clipping needed.
double binary_cross_entropy_from_logits(const arma::mat& Z, const arma::mat& T,
                                        Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::binary_cross_entropy_from_logits with respect to the logits:
/// \f[ \frac{\partial L_\text{mean}}{\partial Z} = \frac{1}{KN}\bigl(\sigma(Z) - T\bigr) \f]
/// (\f$ \frac{1}{K} \f$ for Reduction::Sum) — the lectures' \f$ \partial L/\partial z = p - y \f$
/// (L0-09).
arma::mat binary_cross_entropy_from_logits_gradient(const arma::mat& Z, const arma::mat& T,
                                                    Reduction reduction = Reduction::Mean);

/// \brief Scalar binary cross-entropy from one logit \f$ z \f$ against one target \f$ y \f$:
/// \f$ \max(z,0) - yz + \ln(1 + e^{-|z|}) \f$.
double binary_cross_entropy_from_logits(double z, double y);

/// \brief The binary cross-entropy loss object on probabilities (nn::binary_cross_entropy).
class BinaryCrossEntropy : public Loss {
 public:
  /// \brief A BCE loss with the given reduction and clipping \f$ \varepsilon \f$; throws
  /// nn::ArgumentError unless \f$ 0 \le \varepsilon < 0.5 \f$.
  explicit BinaryCrossEntropy(Reduction reduction = Reduction::Mean, double eps = 1e-7);
  /// \brief nn::binary_cross_entropy of probabilities `P` against `T`; caches both.
  double forward(const arma::mat& P, const arma::mat& T) override;
  /// \brief nn::binary_cross_entropy_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"BinaryCrossEntropy(mean)"` or `"BinaryCrossEntropy(sum)"`.
  std::string name() const override;

 private:
  Reduction reduction_;
  double eps_;
  arma::mat P_, T_;
};

/// \brief The binary cross-entropy loss object on logits (nn::binary_cross_entropy_from_logits):
/// use it on a network whose last layer is linear (no Sigmoid layer); backward is
/// \f$ (\sigma(Z) - T)/(KN) \f$.
class BinaryCrossEntropyFromLogits : public Loss {
 public:
  /// \brief A BCE-from-logits loss with the given reduction.
  explicit BinaryCrossEntropyFromLogits(Reduction reduction = Reduction::Mean)
      : reduction_(reduction) {}
  /// \brief nn::binary_cross_entropy_from_logits of logits `Z` against `T`; caches both.
  double forward(const arma::mat& Z, const arma::mat& T) override;
  /// \brief nn::binary_cross_entropy_from_logits_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"BinaryCrossEntropyFromLogits(mean)"` or `"...(sum)"`.
  std::string name() const override;
  /// \brief True: the inputs are logits \f$ z \f$.
  bool expects_logits() const override { return true; }

 private:
  Reduction reduction_;
  arma::mat Z_, T_;
};

/// \brief PyTorch's name for nn::BinaryCrossEntropyFromLogits.
using BCEWithLogits = BinaryCrossEntropyFromLogits;

}  // namespace nn
