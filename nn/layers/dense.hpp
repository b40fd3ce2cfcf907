#pragma once
/// \file
/// \brief The fully connected (dense) layer \f$ Y = W X + b \mathbf{1}^T \f$.

#include <armadillo>
#include <string>
#include <vector>

#include <nn/core/layer.hpp>
#include <nn/init/init.hpp>

namespace nn {

/// \brief Fully connected layer: \f$ Y = W X + b \mathbf{1}^T \f$.
///
/// Shapes: \f$ X: D_\text{in} \times N \f$, \f$ W: D_\text{out} \times D_\text{in} \f$,
/// \f$ b: D_\text{out} \times 1 \f$, \f$ Y: D_\text{out} \times N \f$. Backward:
/// \f[ \frac{\partial L}{\partial W} = dY\,X^T, \qquad \frac{\partial L}{\partial b} =
/// dY\,\mathbf{1},
///     \qquad \frac{\partial L}{\partial X} = W^T dY. \f]
/// With `set_compute(Precision::Float32)` the three products run in float32 on a float32 copy
/// of \f$ W \f$ made at each forward (mixed precision: \f$ W \f$, \f$ b \f$, the gradients and
/// \f$ Y \f$ stay double; see nn::Precision and chapter 06, section 8).
/// Default initialization: Glorot uniform weights, zero bias (as Keras). Lectures: deck 2
/// "fully-connected layer" (L2-03), deck 3 "Z = XW + B" (L3-02, in the transposed layout).
class Dense : public Layer {
 public:
  /// \brief A layer from `in` features to `out` units, weights from `init` (Glorot uniform by
  /// default), bias zero.
  Dense(arma::uword in, arma::uword out, const Initializer& init = Initializer());

  /// \brief A layer with the given weights \f$ W \f$ (`out x in`) and bias \f$ b \f$ (`out x 1`).
  Dense(const arma::mat& W, const arma::vec& b);

  /// \brief \f$ Y = W X + b \mathbf{1}^T \f$; caches \f$ X \f$.
  arma::mat forward(const arma::mat& X) override;

  /// \brief Assigns \f$ dW = dY X^T \f$, \f$ db = dY \mathbf{1} \f$; returns \f$ dX = W^T dY \f$.
  arma::mat backward(const arma::mat& dY) override;

  /// \brief As `forward`, but keeps the memory of `X` as the cache instead of copying it
  /// (`X` receives the previous cache's memory).
  arma::mat forward_owned(arma::mat&& X) override;

  /// \brief Assigns \f$ dW = dY X^T \f$ and \f$ db = dY \mathbf{1} \f$ only, without the
  /// product \f$ W^T dY \f$.
  void backward_params(const arma::mat& dY) override;

  /// \brief As `forward_owned` for a float32 batch: in float32 compute the batch is cached as it
  /// is (no conversion); in float64 it is converted to double.
  arma::mat forward_float32(arma::fmat&& X) override;

  /// \brief Float64 (the default) or Float32 products (nn::Precision); the parameters stay double.
  void set_compute(Precision p) override { compute_ = p; }

  /// \brief The precision of the products.
  Precision compute() const override { return compute_; }

  /// \brief \f$ \{W, b\} \f$.
  std::vector<Parameter*> parameters() override { return {&W_, &b_}; }

  /// \brief `"Dense(in -> out)"`, or `"Dense(in -> out, float32)"` in float32 compute.
  std::string name() const override;

  /// \brief The number of units, \f$ D_\text{out} \f$.
  arma::uword output_rows(arma::uword input_rows) const override;

  /// \brief The weight parameter \f$ W \f$ (`out x in`).
  Parameter& W() { return W_; }
  /// \brief The bias parameter \f$ b \f$ (`out x 1`).
  Parameter& b() { return b_; }
  /// \brief The number of input features \f$ D_\text{in} \f$.
  arma::uword in_features() const { return W_.value.n_cols; }
  /// \brief The number of units \f$ D_\text{out} \f$.
  arma::uword out_features() const { return W_.value.n_rows; }

 private:
  Parameter W_;
  Parameter b_;
  arma::mat X_;  // the input of the last forward, for dL/dW
  Precision compute_ = Precision::Float64;
  arma::fmat W32_, X32_;  // float32 compute: W and the input of the last forward, in float32

  arma::mat affine();     // W X_ + b 1^T (W32_ X32_ in float32 compute)
  arma::mat product32();  // W X in float32: W32_ = float(W), then W32_ X32_
};

}  // namespace nn
