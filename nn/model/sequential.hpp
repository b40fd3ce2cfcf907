#pragma once
/// \file
/// \brief A stack of layers trained with a loss and an optimizer, with a Keras-like API.

#include <armadillo>
#include <cstddef>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nn/core/layer.hpp>
#include <nn/losses/loss.hpp>
#include <nn/model/callback.hpp>
#include <nn/model/history.hpp>
#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief Options of nn::Sequential::fit (an aggregate: `{.epochs = 10, .batch_size = 100}`;
/// designated fields must appear in declaration order).
struct FitOptions {
  std::size_t epochs = 1;       ///< Passes over the training set.
  std::size_t batch_size = 32;  ///< Examples per optimizer step \f$ B \f$ (Keras's default 32);
                                ///< the last batch of an epoch may be smaller.
  bool shuffle = true;          ///< Draw a new order of the examples each epoch (an index vector
                                ///< from nn::global_rng(); the data matrix is never reordered).
  const arma::mat* validation_X = nullptr;  ///< Validation inputs (\f$ D \times N_v \f$), optional.
  const arma::mat* validation_Y = nullptr;  ///< Validation targets (\f$ K \times N_v \f$), or
  const arma::uvec* validation_labels = nullptr;  ///< validation class labels (length \f$ N_v \f$).
  int verbose = 1;  ///< 0 silent; 1 progress bar with ETA when `out` is a terminal, else one line
                    ///< per epoch; 2 one line per epoch always.
  std::ostream* out = nullptr;  ///< Where progress goes (`std::cout` when null).
  /// Extra hooks (not owned), called after the progress output.
  std::vector<Callback*> callbacks = {};
  bool terminate_on_nan = true;  ///< Install the NaN guard nn::TerminateOnNaN before every
                                 ///< other callback: fit stops with nn::DataError at the first
                                 ///< batch whose loss is not finite. False trains on (those
                                 ///< batches make no update; the History shows NaN).
};

/// \brief A feed-forward network: layers applied in order, \f$ \hat Y = f_L(\cdots f_2(f_1(X)))
/// \f$.
///
/// \code
/// nn::Sequential model;
/// model.add<nn::Dense>(784, 100);
/// model.add<nn::Sigmoid>();
/// model.add<nn::Dense>(100, 10);
/// model.add<nn::Softmax>();
/// model.compile(nn::CategoricalCrossEntropy(), nn::Adam(model.parameters(), {.lr = 1e-3}));
/// model.summary(784);
/// nn::History h = model.fit(X, y, {.epochs = 10, .batch_size = 100});
/// double acc = model.evaluate(Xt, yt).accuracy;
/// \endcode
///
/// Training step on a batch \f$ (X_B, T_B) \f$: forward through every layer, \f$ L =
/// \text{loss}(\hat Y, T_B) \f$, backward from \f$ \partial L / \partial \hat Y \f$ through the
/// layers in reverse (each assigns its parameter gradients), then `optimizer.step()`.
///
/// Accuracy: the predicted class is the argmax of each output column when the model has
/// \f$ K > 1 \f$ outputs; with one output row it is \f$ [\hat y \ge t] \f$ with \f$ t = 0.5 \f$
/// (probabilities), or \f$ t = 0 \f$ when the loss works on logits (Loss::expects_logits()), since
/// \f$ \sigma(z) \ge 0.5 \iff z \ge 0 \f$. set_decision_threshold() overrides the choice.
///
/// A Sequential is itself a nn::Layer, so it can be nested in another model and checked with
/// nn::gradcheck_model.
///
/// Ownership: the model owns its layers (their addresses never change, so the parameter pointers
/// an optimizer holds stay valid when the model is moved), its loss and its optimizer.
class Sequential : public Layer {
 public:
  Sequential() = default;
  /// \brief Moves the model (layers keep their addresses).
  Sequential(Sequential&&) = default;
  /// \brief Moves the model (layers keep their addresses).
  Sequential& operator=(Sequential&&) = default;

  /// \brief Appends a layer constructed in place, `T(args...)`; returns it.
  template <class T, class... Args>
  T& add(Args&&... args) {
    static_assert(std::is_base_of<Layer, T>::value,
                  "Sequential::add<T>: T must derive from nn::Layer");
    auto layer = std::make_unique<T>(std::forward<Args>(args)...);
    T& ref = *layer;
    layers_.push_back(std::move(layer));
    return ref;
  }

  /// \brief Appends a layer; returns it. Throws nn::ArgumentError for a null pointer.
  Layer& add(std::unique_ptr<Layer> layer);

  /// \brief Sets the loss and the optimizer (taken by value: `compile(nn::MSE(), nn::SGD(...))`).
  ///
  /// The optimizer must have been built from this model's `parameters()` after the last `add`;
  /// `fit` checks it and throws nn::CallOrderError otherwise.
  template <class L, class O>
  void compile(L loss, O optimizer) {
    static_assert(std::is_base_of<Loss, L>::value,
                  "Sequential::compile: the first argument must be a nn::Loss");
    static_assert(std::is_base_of<Optimizer, O>::value,
                  "Sequential::compile: the second argument must be a nn::Optimizer");
    compile(std::unique_ptr<Loss>(std::make_unique<L>(std::move(loss))),
            std::unique_ptr<Optimizer>(std::make_unique<O>(std::move(optimizer))));
  }

  /// \brief Sets the loss and the optimizer from owning pointers (nn::ArgumentError when null).
  void compile(std::unique_ptr<Loss> loss, std::unique_ptr<Optimizer> optimizer);

  /// \brief The Keras-like summary for inputs with `input_rows` features, as text:
  /// one row per layer (name, output shape `(None, units)`, the count of its parameters and
  /// buffers), then the totals `Total params`, `Trainable params` (the parameters) and
  /// `Non-trainable params` (the buffers, Layer::buffers(): a nn::BatchNorm's running statistics),
  /// with thousands separators, as Keras counts them.
  std::string summary_text(arma::uword input_rows) const;

  /// \brief Prints summary_text(input_rows) to `out` and returns it.
  std::string summary(arma::uword input_rows, std::ostream& out = std::cout) const;

  /// \brief Trains on inputs `X` (\f$ D \times N \f$) and targets `Y` (\f$ K \times N \f$,
  /// one-hot or real-valued). See FitOptions.
  ///
  /// The steps: check the inputs (all of them, validation data included, before the first epoch);
  /// then per epoch draw a permutation of \f$ 0..N-1 \f$ (when `shuffle`), gather each batch's
  /// columns into a reused buffer and take one optimizer step per batch (train_step), evaluate
  /// the validation data, and hand the epoch's metrics to the callbacks, which may stop training.
  /// Throws nn::ShapeError when `X` and `Y` have different numbers of columns (naming both
  /// shapes), nn::DataError when `X` or `Y` contain NaN/inf, or, from the NaN guard
  /// (nn::TerminateOnNaN), when the loss becomes NaN/inf (naming the epoch and batch),
  /// nn::ArgumentError for a batch size of 0, nn::CallOrderError before `compile`.
  History fit(const arma::mat& X, const arma::mat& Y, const FitOptions& options = {});

  /// \brief Trains on inputs `X` and class labels `labels` (length \f$ N \f$, values
  /// \f$ 0..K-1 \f$), turned into one-hot targets (\f$ K > 1 \f$ outputs) or a 0/1 row
  /// (one output). nn::DataError for a label \f$ \ge K \f$.
  History fit(const arma::mat& X, const arma::uvec& labels, const FitOptions& options = {});

  /// \brief The loss and accuracy on (`X`, `Y`), in inference mode (see predict).
  Evaluation evaluate(const arma::mat& X, const arma::mat& Y, std::size_t batch_size = 1000);

  /// \brief The loss and accuracy on (`X`, `labels`), in inference mode.
  Evaluation evaluate(const arma::mat& X, const arma::uvec& labels, std::size_t batch_size = 1000);

  /// \brief The model's outputs for `X` (\f$ K \times N \f$), computed in inference mode
  /// (dropout off, batch-norm running statistics) in batches of `batch_size` columns; the
  /// previous mode is restored afterwards.
  arma::mat predict(const arma::mat& X, std::size_t batch_size = 1000);

  /// \brief The predicted class of each column of `X` (argmax, or the threshold for one output;
  /// see the class description).
  arma::uvec predict_classes(const arma::mat& X, std::size_t batch_size = 1000);

  /// \brief \f$ \hat Y \f$ for `X` through every layer, in the current mode (caches for backward).
  arma::mat forward(const arma::mat& X) override;

  /// \brief Back-propagates \f$ \partial L / \partial \hat Y \f$ through the layers in reverse;
  /// assigns every parameter gradient and returns \f$ \partial L / \partial X \f$.
  arma::mat backward(const arma::mat& dY) override;

  /// \brief One training step on a batch: forward, loss, backward, optimizer step; returns the
  /// batch loss. Computes no \f$ \partial L / \partial X \f$ for the model's input.
  /// If `Yhat` is non-null it receives the model's output for the batch.
  ///
  /// A diverged model is reported by the value, not by an exception: when the output is not
  /// finite the loss is NaN, when the loss overflows (nn::NonFiniteLoss) it is that value, and
  /// in both cases no update is made (fit's NaN guard then stops training).
  double train_step(const arma::mat& X, const arma::mat& T, arma::mat* Yhat = nullptr);

  /// \brief `train_step` on a batch the caller gives up: the first layer may keep the memory of
  /// `X` instead of copying it (what `fit` does with its batch buffer). Afterwards `X` is a valid
  /// matrix with unspecified size and contents.
  double train_step(arma::mat&& X, const arma::mat& T, arma::mat* Yhat = nullptr);

  /// \brief `train_step` on a float32 batch (mixed precision): what `fit` calls when the first
  /// layer computes in float32, with batches gathered from a float32 copy of the data set.
  double train_step(arma::fmat&& X, const arma::mat& T, arma::mat* Yhat = nullptr);

  /// \brief `forward_owned` with a float32 batch for the first layer (Layer::forward_float32).
  arma::mat forward_float32(arma::fmat&& X) override;

  /// \brief Sets the precision of the matrix products of every layer that has them
  /// (nn::Precision; nn::Dense): `model.set_compute(nn::Precision::Float32)` trains with float32
  /// products and double master weights. `fit` then gathers its batches from one float32 copy of
  /// `X`, made once per call.
  void set_compute(Precision p) override;

  /// \brief The first layer's precision (`Float64` for an empty model).
  Precision compute() const override;

  /// \brief `forward` through every layer, handing `X` to the first layer and each activation to
  /// the next (see Layer::forward_owned): no layer copies its input.
  arma::mat forward_owned(arma::mat&& X) override;

  /// \brief Back-propagates through every layer and calls Layer::backward_params on the first,
  /// so no \f$ \partial L / \partial X \f$ of the model's input is computed.
  void backward_params(const arma::mat& dY) override;

  /// \brief Every layer's parameters, in layer order (what optimizers are built from).
  std::vector<Parameter*> parameters() override;

  /// \brief Every layer's buffers, in layer order (what nn::save_weights stores after the
  /// parameters).
  std::vector<Buffer> buffers() override;

  /// \brief The number of trainable scalars, \f$ \sum |\theta| \f$.
  std::size_t parameter_count() const;

  /// \brief Switches every layer between training and inference mode.
  void set_training(bool training) override;

  /// \brief Layer `i` (0-based); throws std::out_of_range.
  Layer& layer(std::size_t i) { return *layers_.at(i); }

  /// \brief Layer `i` (0-based); throws std::out_of_range.
  const Layer& layer(std::size_t i) const { return *layers_.at(i); }

  /// \brief The number of layers.
  std::size_t size() const { return layers_.size(); }

  /// \brief The output size \f$ K \f$ for inputs with `input_rows` features.
  arma::uword output_rows(arma::uword input_rows) const override;

  /// \brief `"Sequential"`.
  std::string name() const override { return "Sequential"; }

  /// \brief The loss set by compile (nn::CallOrderError before).
  Loss& loss();

  /// \brief The optimizer set by compile (nn::CallOrderError before).
  Optimizer& optimizer();

  /// \brief True once compile was called.
  bool compiled() const { return loss_ && optimizer_; }

  /// \brief The threshold \f$ t \f$ used for one-output models (see the class description).
  double decision_threshold() const;

  /// \brief Overrides the threshold for one-output models.
  void set_decision_threshold(double t) {
    threshold_ = t;
    has_threshold_ = true;
  }

 private:
  void check_compiled(const std::string& where) const;
  // train_step's checks: compiled, and at least one layer
  void check_trainable() const;
  // the layers after the first: A_i = f_i(A_{i-1}) from A = A_1
  arma::mat forward_rest(arma::mat&& A);
  // the rest of a training step after the forward pass: loss, backward, optimizer step
  double finish_step(arma::mat&& A, const arma::mat& T, arma::mat* Yhat);

  std::vector<std::unique_ptr<Layer>> layers_;
  std::unique_ptr<Loss> loss_;
  std::unique_ptr<Optimizer> optimizer_;
  bool has_threshold_ = false;
  double threshold_ = 0.5;
};

}  // namespace nn
