#pragma once
/// \file
/// \brief Multi-class cross-entropies: on probabilities, on logits (softmax), and the negative
/// log-likelihood of log-probabilities.

#include <armadillo>
#include <string>

#include <nn/losses/loss.hpp>

namespace nn {

/// \brief Categorical cross-entropy on probabilities, summed over the classes (rows) and
/// averaged over the examples (columns), as Keras's `categorical_crossentropy`:
/// \f[ \ell_n = -\sum_{k=1}^{K} t_{kn} \ln \tilde{p}_{kn}, \qquad
///     \tilde{p} = \operatorname{clip}(p, \varepsilon, 1 - \varepsilon), \qquad
///     L_\text{mean} = \frac{1}{N}\sum_n \ell_n, \quad L_\text{sum} = \sum_n \ell_n. \f]
///
/// \f$ P, T: K \times N \f$; \f$ T \f$ one-hot or soft targets. \f$ P \f$ is *not* renormalised
/// (the confident/unsure example, L3-12: \f$ -\ln 0.30 = 1.2040 \f$ and \f$ -\ln 0.79 = 0.2357
/// \f$). The clip (\f$ \varepsilon = 10^{-7} \f$, L3-09) bounds a zero probability on the true
/// class at \f$ -\ln 10^{-7} = 16.118 \f$. Throws nn::ShapeError / nn::DataError, and
/// nn::ArgumentError for \f$ \varepsilon \f$ outside \f$ [0, 0.5) \f$.
double categorical_cross_entropy(const arma::mat& P, const arma::mat& T, double eps = 1e-7,
                                 Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::categorical_cross_entropy with respect to \f$ P \f$:
/// \f$ \partial L_\text{mean} / \partial P = -\frac{1}{N}\, T \oslash \tilde{P} \f$ (no
/// \f$ \frac1N \f$ for Reduction::Sum); the clip is treated as the identity (straight-through).
arma::mat categorical_cross_entropy_gradient(const arma::mat& P, const arma::mat& T,
                                             double eps = 1e-7,
                                             Reduction reduction = Reduction::Mean);

/// \brief Softmax cross-entropy on logits (softmax and categorical cross-entropy fused), stable
/// through log-sum-exp:
/// \f[ \ell_n = -\sum_k t_{kn} \ln \operatorname{softmax}(z_n)_k
///     = \Bigl(\sum_k t_{kn}\Bigr)\operatorname{lse}(z_n) - \sum_k t_{kn} z_{kn}, \qquad
///     \operatorname{lse}(z) = m + \ln\sum_j e^{z_j - m}, \f]
/// which for one-hot \f$ t_n \f$ (class \f$ c \f$) is \f$ \operatorname{lse}(z_n) - z_{cn} \f$.
/// Summed over classes, averaged over examples (Reduction::Mean) or summed (Sum).
///
/// \f$ Z, T: K \times N \f$. Keras's `CategoricalCrossentropy(from_logits=True)`, PyTorch's
/// `CrossEntropyLoss` (L4-07, L1-09). Throws nn::ShapeError / nn::DataError.
double softmax_cross_entropy(const arma::mat& Z, const arma::mat& T,
                             Reduction reduction = Reduction::Mean);

/// \brief nn::softmax_cross_entropy with class labels \f$ c_n \in \{0..K-1\} \f$ instead of
/// one-hot targets: \f$ \ell_n = \operatorname{lse}(z_n) - z_{c_n n} \f$. `labels` needs one entry
/// per column (nn::ShapeError) and each below K (nn::DataError).
double softmax_cross_entropy(const arma::mat& Z, const arma::uvec& labels,
                             Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::softmax_cross_entropy with respect to the logits:
/// \f[ \frac{\partial L_\text{mean}}{\partial Z} = \frac{1}{N}\bigl(P \odot \mathbf{1}(\mathbf{1}^T
/// T)
///     - T\bigr), \qquad P = \operatorname{softmax}(Z), \f]
/// which is the familiar \f$ (P - T)/N \f$ when every target column sums to 1 (one-hot or a
/// distribution); no \f$ \frac1N \f$ for Reduction::Sum.
arma::mat softmax_cross_entropy_gradient(const arma::mat& Z, const arma::mat& T,
                                         Reduction reduction = Reduction::Mean);

/// \brief Gradient of the label form of nn::softmax_cross_entropy: \f$ (P - \text{onehot}(c))/N
/// \f$.
arma::mat softmax_cross_entropy_gradient(const arma::mat& Z, const arma::uvec& labels,
                                         Reduction reduction = Reduction::Mean);

/// \brief Negative log-likelihood of log-probabilities (e.g. the output of nn::log_softmax) at
/// the true labels:
/// \f[ \ell_n = -\ln p_{c_n n} = -(\ln P)_{c_n n}, \qquad L_\text{mean} = \frac1N \sum_n \ell_n,
///     \quad L_\text{sum} = \sum_n \ell_n \f]
/// (PyTorch's `NLLLoss`; L1-12, L2-06). `logP: K x N`; `labels` one per column (nn::ShapeError),
/// each below K (nn::DataError). `nll(log_softmax(Z), c)` equals `softmax_cross_entropy(Z, c)`.
double nll(const arma::mat& logP, const arma::uvec& labels, Reduction reduction = Reduction::Mean);

/// \brief Negative log-likelihood with one-hot (or soft) targets \f$ T \f$ (\f$ K \times N \f$):
/// \f$ \ell_n = -\sum_k t_{kn} (\ln P)_{kn} \f$, reduced over examples as above.
double nll(const arma::mat& logP, const arma::mat& T, Reduction reduction = Reduction::Mean);

/// \brief Gradient of nn::nll with respect to the log-probabilities:
/// \f$ \partial L_\text{mean} / \partial (\ln P) = -\frac{1}{N}\,\text{onehot}(c) \f$ (no
/// \f$ \frac1N \f$ for Reduction::Sum).
arma::mat nll_gradient(const arma::mat& logP, const arma::uvec& labels,
                       Reduction reduction = Reduction::Mean);

/// \brief Gradient of the one-hot form of nn::nll: \f$ -T/N \f$ (Mean) or \f$ -T \f$ (Sum).
arma::mat nll_gradient(const arma::mat& logP, const arma::mat& T,
                       Reduction reduction = Reduction::Mean);

/// \brief The categorical cross-entropy loss object on probabilities
/// (nn::categorical_cross_entropy), for a network ending in a Softmax layer.
class CategoricalCrossEntropy : public Loss {
 public:
  /// \brief A CCE loss with the given reduction and clipping \f$ \varepsilon \f$; throws
  /// nn::ArgumentError unless \f$ 0 \le \varepsilon < 0.5 \f$.
  explicit CategoricalCrossEntropy(Reduction reduction = Reduction::Mean, double eps = 1e-7);
  /// \brief nn::categorical_cross_entropy of probabilities `P` against targets `T`; caches both.
  double forward(const arma::mat& P, const arma::mat& T) override;
  /// \brief nn::categorical_cross_entropy_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"CategoricalCrossEntropy(mean)"` or `"...(sum)"`.
  std::string name() const override;

 private:
  Reduction reduction_;
  double eps_;
  arma::mat P_, T_;
};

/// \brief The softmax cross-entropy loss object on logits (nn::softmax_cross_entropy), for a
/// network whose last layer is linear; backward returns \f$ (P - T)/N \f$.
class SoftmaxCrossEntropy : public Loss {
 public:
  /// \brief A softmax cross-entropy loss with the given reduction.
  explicit SoftmaxCrossEntropy(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  /// \brief nn::softmax_cross_entropy of logits `Z` against targets `T`; caches both.
  double forward(const arma::mat& Z, const arma::mat& T) override;
  /// \brief nn::softmax_cross_entropy_gradient at the cached inputs.
  arma::mat backward() override;
  /// \brief `"SoftmaxCrossEntropy(mean)"` or `"...(sum)"`.
  std::string name() const override;
  /// \brief True: the inputs are logits \f$ z \f$.
  bool expects_logits() const override { return true; }

 private:
  Reduction reduction_;
  arma::mat Z_, T_;
};

/// \brief The negative log-likelihood loss object (nn::nll, one-hot form), for a network ending
/// in a LogSoftmax layer. `forward(logP, T)` takes one-hot (or soft) targets \f$ T: K \times N \f$.
class NLLLoss : public Loss {
 public:
  /// \brief An NLL loss with the given reduction.
  explicit NLLLoss(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}
  /// \brief nn::nll of log-probabilities `logP` against targets `T`; caches `T`.
  double forward(const arma::mat& logP, const arma::mat& T) override;
  /// \brief nn::nll_gradient: \f$ -T/N \f$ (Mean) or \f$ -T \f$ (Sum).
  arma::mat backward() override;
  /// \brief `"NLLLoss(mean)"` or `"NLLLoss(sum)"`.
  std::string name() const override;

 private:
  Reduction reduction_;
  arma::mat logP_, T_;
};

}  // namespace nn
