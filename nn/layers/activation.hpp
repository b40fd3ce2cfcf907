#pragma once
/// \file
/// \brief Activation layers: thin adapters from nn::Layer to the functions in `nn/activations/`.
///
/// Every layer here is element-wise (except Softmax, which mixes the rows of a column), keeps the
/// shape of its input, caches only what its backward pass needs, and never divides by the batch
/// size.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/core/layer.hpp>
#include <nn/core/rng.hpp>

namespace nn {

/// \brief Identity layer \f$ Y = X \f$; backward \f$ dX = dY \f$. Caches nothing.
class Identity : public Layer {
 public:
  /// \brief \f$ Y = X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"Identity"`.
  std::string name() const override { return "Identity"; }
};

/// \brief Heaviside step layer \f$ Y = \mathbb{1}(X > 0) \f$ (nn::step): the perceptron's
/// threshold.
///
/// Its derivative is 0 almost everywhere, so backward returns \f$ dX = 0 \f$: gradient descent
/// cannot train through it. Caches the input shape only.
class Step : public Layer {
 public:
  /// \brief \f$ Y = \mathbb{1}(X > 0) \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot \operatorname{step}'(X) = 0 \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"Step"`.
  std::string name() const override { return "Step"; }

 private:
  arma::uword rows_ = 0, cols_ = 0;  // shape of the last input
};

/// \brief Logistic sigmoid layer \f$ Y = \sigma(X) \f$ (nn::sigmoid).
///
/// Caches the output \f$ Y \f$; backward \f$ dX = dY \odot Y \odot (1 - Y) \f$.
class Sigmoid : public Layer {
 public:
  /// \brief \f$ Y = 1/(1 + e^{-X}) \f$; caches \f$ Y \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot Y \odot (1 - Y) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"Sigmoid"`.
  std::string name() const override { return "Sigmoid"; }

 private:
  arma::mat Y_;  // sigma(X), for sigma' = sigma (1 - sigma)
};

/// \brief Hyperbolic tangent layer \f$ Y = \tanh(X) \f$ (nn::tanh).
///
/// Caches the output \f$ Y \f$; backward \f$ dX = dY \odot (1 - Y^2) \f$.
class Tanh : public Layer {
 public:
  /// \brief \f$ Y = \tanh X \f$; caches \f$ Y \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot (1 - Y \odot Y) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"Tanh"`.
  std::string name() const override { return "Tanh"; }

 private:
  arma::mat Y_;  // tanh(X), for tanh' = 1 - tanh^2
};

/// \brief Rectified linear unit layer \f$ Y = \max(0, X) \f$ (nn::relu).
///
/// Caches the input \f$ X \f$; backward \f$ dX = dY \odot \mathbb{1}(X > 0) \f$ (0 at \f$ X = 0
/// \f$).
class ReLU : public Layer {
 public:
  /// \brief \f$ Y = \max(0, X) \f$; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot \mathbb{1}(X > 0) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"ReLU"`.
  std::string name() const override { return "ReLU"; }

 private:
  arma::mat X_;
};

/// \brief Leaky ReLU layer \f$ Y = \max(\alpha X, X) \f$ with a fixed slope (nn::leaky_relu).
///
/// Caches the input; backward \f$ dX = dY \odot (1 \text{ if } X > 0 \text{ else } \alpha) \f$.
class LeakyReLU : public Layer {
 public:
  /// \brief A leaky ReLU with negative-side slope `alpha` (0.01 as in the lectures).
  explicit LeakyReLU(double alpha = 0.01) : alpha_(alpha) {}
  /// \brief \f$ Y = X \f$ where \f$ X > 0 \f$, \f$ \alpha X \f$ elsewhere; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot f'(X) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"LeakyReLU(alpha)"`, e.g. `"LeakyReLU(0.01)"`.
  std::string name() const override;
  /// \brief The slope \f$ \alpha \f$.
  double alpha() const { return alpha_; }

 private:
  double alpha_;
  arma::mat X_;
};

/// \brief Parametric ReLU layer: leaky ReLU whose slope \f$ \alpha \f$ is a trainable parameter
/// (He et al. 2015; nn::prelu).
///
/// \f[ y_{dn} = \begin{cases} x_{dn} & x_{dn} > 0 \\ \alpha_d\,x_{dn} & x_{dn} \le 0 \end{cases},
///     \qquad \frac{\partial L}{\partial \alpha_d} = \sum_n dy_{dn} \min(x_{dn}, 0). \f]
///
/// The parameter `"alpha"` is `units x 1`. With `units = 1` (the default, as PyTorch's
/// `nn.PReLU()`) one slope is shared by every unit and its gradient sums over all entries; with
/// `units = D` each unit (row) has its own slope (as Keras's `PReLU` on a dense layer) and the
/// input must have D rows. Initial slope 0.25 (PyTorch's default). Caches the input.
class PReLU : public Layer {
 public:
  /// \brief A PReLU with `units` slopes (1 = shared), each starting at `alpha0`.
  explicit PReLU(double alpha0 = 0.25, arma::uword units = 1);
  /// \brief \f$ Y = X \f$ where \f$ X > 0 \f$, \f$ \alpha_d X \f$ elsewhere; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief Assigns \f$ d\alpha \f$ (see the class formula); returns \f$ dX = dY \odot f'(X) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief \f$ \{\alpha\} \f$.
  std::vector<Parameter*> parameters() override { return {&alpha_}; }
  /// \brief `"PReLU"` (shared slope) or `"PReLU(units)"`.
  std::string name() const override;
  /// \brief The slope parameter (`units x 1`).
  Parameter& alpha() { return alpha_; }

 private:
  Parameter alpha_;
  arma::mat X_;
};

/// \brief Randomized leaky ReLU layer (Xu et al. 2015; nn::rrelu).
///
/// Training: each element gets its own slope \f$ \alpha_{dn} \sim U[l, u] \f$, drawn from
/// nn::global_rng() (or the generator given to the constructor) at every forward pass and cached
/// for backward. Inference (`set_training(false)`): the fixed mean slope \f$ (l+u)/2 \f$ — a
/// deterministic leaky ReLU. Backward: \f$ dX = dY \odot (1 \text{ if } X > 0 \text{ else }
/// \alpha_{dn}) \f$. With `lo == hi` the layer is a leaky ReLU in both modes.
class RReLU : public Layer {
 public:
  /// \brief An RReLU with slopes in \f$ [lo, hi] \f$ (PyTorch's defaults 1/8 and 1/3); draws from
  /// `rng` if given, else from nn::global_rng() (the generator must outlive the layer).
  explicit RReLU(double lo = 1.0 / 8.0, double hi = 1.0 / 3.0, Rng* rng = nullptr);
  /// \brief Draws (training) or fixes (inference) the slopes, applies them; caches \f$ X \f$ and
  /// the slopes.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot f'(X) \f$ with the slopes of the last forward.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"RReLU(lo, hi)"`.
  std::string name() const override;
  /// \brief The lower end \f$ l \f$ of the slope range.
  double lo() const { return lo_; }
  /// \brief The upper end \f$ u \f$ of the slope range.
  double hi() const { return hi_; }

 private:
  double lo_, hi_;
  Rng* rng_;
  arma::mat X_;
  arma::mat A_;  // the slopes used by the last forward
};

/// \brief Exponential linear unit layer (nn::elu): \f$ Y = X \f$ where \f$ X > 0 \f$,
/// \f$ \alpha(e^X - 1) \f$ elsewhere. Caches the input; \f$ dX = dY \odot \operatorname{elu}'(X)
/// \f$.
class ELU : public Layer {
 public:
  /// \brief An ELU with saturation value \f$ -\alpha \f$ (default \f$ \alpha = 1 \f$).
  explicit ELU(double alpha = 1.0) : alpha_(alpha) {}
  /// \brief \f$ Y = \operatorname{elu}(X; \alpha) \f$; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot \operatorname{elu}'(X; \alpha) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"ELU(alpha)"`.
  std::string name() const override;
  /// \brief The parameter \f$ \alpha \f$.
  double alpha() const { return alpha_; }

 private:
  double alpha_;
  arma::mat X_;
};

/// \brief Scaled ELU layer \f$ Y = \lambda\,\operatorname{elu}(X; \alpha) \f$ with the fixed
/// constants nn::selu_lambda and nn::selu_alpha (nn::selu). Caches the input.
class SELU : public Layer {
 public:
  /// \brief \f$ Y = \operatorname{selu}(X) \f$; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot \operatorname{selu}'(X) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"SELU"`.
  std::string name() const override { return "SELU"; }

 private:
  arma::mat X_;
};

/// \brief Gaussian error linear unit layer: exact \f$ Y = X\,\Phi(X) \f$ (nn::gelu) or, with
/// `tanh_form`, the tanh approximation (nn::gelu_tanh). Caches the input.
class GELU : public Layer {
 public:
  /// \brief The exact (erf) form, or the tanh approximation when `tanh_form` is true.
  explicit GELU(bool tanh_form = false) : tanh_form_(tanh_form) {}
  /// \brief \f$ Y = \operatorname{gelu}(X) \f$; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY \odot \operatorname{gelu}'(X) \f$ (of the chosen form).
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"GELU"` or `"GELU(tanh)"`.
  std::string name() const override { return tanh_form_ ? "GELU(tanh)" : "GELU"; }
  /// \brief True for the tanh approximation.
  bool tanh_form() const { return tanh_form_; }

 private:
  bool tanh_form_;
  arma::mat X_;
};

/// \brief Softmax layer: each column becomes a probability distribution,
/// \f$ Y = \operatorname{softmax}(X) \f$ (nn::softmax, stable).
///
/// Caches the output \f$ S \f$. Backward is the Jacobian-vector product of every column,
/// \f$ J^T dy = (\operatorname{diag}(s) - s s^T)\,dy \f$, computed without forming \f$ J \f$:
/// \f[ dX = S \odot \bigl(dY - \mathbf{1}\,(\mathbf{1}^T (dY \odot S))\bigr). \f]
/// For training a classifier prefer nn::SoftmaxCrossEntropy on logits (no Softmax layer): same
/// model, gradient \f$ (P - T)/N \f$, and no \f$ \ln 0 \f$.
class Softmax : public Layer {
 public:
  /// \brief \f$ Y = \operatorname{softmax}(X) \f$ column-wise; caches \f$ Y \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = S \odot (dY - \mathbf{1}(\mathbf{1}^T(dY \odot S))) \f$
  /// (nn::softmax_backward).
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"Softmax"`.
  std::string name() const override { return "Softmax"; }

 private:
  arma::mat S_;  // softmax(X)
};

/// \brief Log-softmax layer: \f$ Y = \ln \operatorname{softmax}(X) \f$ column-wise, stable
/// (nn::log_softmax); the input nn::NLLLoss expects.
///
/// Caches \f$ S = \operatorname{softmax}(X) \f$. Backward (nn::log_softmax_backward):
/// \f[ dX = dY - S \odot \bigl(\mathbf{1}\,(\mathbf{1}^T dY)\bigr). \f]
class LogSoftmax : public Layer {
 public:
  /// \brief \f$ Y = X - \mathbf{1}\operatorname{lse}(X) \f$; caches \f$ S = e^{Y} \f$.
  arma::mat forward(const arma::mat& X) override;
  /// \brief \f$ dX = dY - S \odot (\mathbf{1}(\mathbf{1}^T dY)) \f$.
  arma::mat backward(const arma::mat& dY) override;
  /// \brief `"LogSoftmax"`.
  std::string name() const override { return "LogSoftmax"; }

 private:
  arma::mat S_;  // softmax(X)
};

}  // namespace nn
