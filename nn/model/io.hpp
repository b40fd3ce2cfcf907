#pragma once
/// \file
/// \brief Saving a trained model's weights to a file and loading them back into the same
/// architecture.
///
/// The architecture is code (the `add` calls); the file holds the numbers. Train in one program,
/// reuse the model in another:
/// \code
/// // train.cpp
/// nn::Sequential model;
/// model.add<nn::Dense>(784, 100);
/// model.add<nn::Sigmoid>();
/// model.add<nn::Dense>(100, 10);
/// model.add<nn::Softmax>();
/// model.compile(nn::CategoricalCrossEntropy(), nn::Adam(model.parameters(), {.lr = 1e-3}));
/// model.fit(X, y, {.epochs = 10, .batch_size = 100});
/// nn::save_weights(model, "mlp.weights");
///
/// // use.cpp: the same add calls, then
/// nn::load_weights(model, "mlp.weights");   // nn::DataError if the file does not fit the model
/// arma::uvec c = model.predict_classes(Xt);
/// \endcode
///
/// ## The file format (version 1)
/// A text header of `\n`-terminated ASCII lines, then the values in binary:
/// \verbatim
/// nn-lectures weights v1
/// parameters 4
/// 0 Dense(784 -> 100) W 100 784
/// 0 Dense(784 -> 100) b 100 1
/// 2 Dense(100 -> 10) W 10 100
/// 2 Dense(100 -> 10) b 10 1
/// buffers 0
/// values 79510 float64 little-endian column-major
/// <79510 x 8 bytes>
/// \endverbatim
/// - line 1, the magic line: the format and its version;
/// - `parameters P`, then one line per entry of `model.parameters()`, in that order:
///   `layer_index layer_name param_name rows cols` (the layer index in the Sequential, its
///   Layer::name(), which may contain spaces, the Parameter::name, which may not, and the shape);
/// - `buffers B`, then one line per non-trainable state array, same layout (see below);
/// - `values V float64 little-endian column-major`, with \f$ V = \sum rows \cdot cols \f$;
/// - then exactly \f$ 8 V \f$ bytes: every parameter's values, then every buffer's, each array in
///   Armadillo's column-major order, each value an IEEE-754 double stored little-endian whatever
///   the machine's byte order. Nothing may follow.
///
/// Why a text header and binary values: the header can be read with `head -n 8 mlp.weights`
/// (which layer, which shape), while the values round-trip bit for bit (no decimal conversion),
/// take 8 bytes each instead of ~24 as `%.17g` text (0.6 MB instead of ~1.9 MB for the MLP above)
/// and load without parsing. Spelling out the byte order makes files portable between machines.
///
/// ## Buffers: batch-norm running statistics
/// Some state is not a parameter (no gradient, the optimizer never sees it) but inference depends
/// on it: nn::BatchNorm's running mean \f$ \hat\mu \f$ and variance \f$ \hat\sigma^2 \f$. Every
/// layer hands such arrays out through Layer::buffers() (nn::Buffer), and they are saved after the
/// parameters, one line each, in layer order (a nested nn::Sequential lists its layers' buffers):
/// for a nn::BatchNorm the two lines `i BatchNorm(D) running_mean D 1` and
/// `i BatchNorm(D) running_var D 1`, where `i` is the index of the top-level layer that holds it.
/// A loaded model therefore predicts exactly like the saved one. The serializer knows no layer
/// type: a new layer with state of its own only overrides `buffers()`.
///
/// ## What is not saved
/// The optimizer's state (momentum, Adam's moments and step count), the gradients, the loss, and
/// the training/inference mode. Training can continue after load_weights, but the optimizer starts
/// afresh.

#include <string>

#include <nn/model/sequential.hpp>

namespace nn {

/// \brief The magic first line of a weights file, `nn-lectures weights v1` (see the file
/// description for the whole format).
inline constexpr const char* kWeightsMagic = "nn-lectures weights v1";

/// \brief Writes the values of every parameter of `model` (in the order of `model.parameters()`)
/// and of every buffer of its layers (Layer::buffers(): the running statistics of nn::BatchNorm)
/// to `path`, in the format described above.
///
/// **The guarantee after a crash.** After a crash (a `kill -9`, a power cut) at any moment of a
/// save, the file at `path` is the old model or the new one, whole, never a mix; and at most one
/// stale temporary file is left next to it, which the next save to the same `path` reuses and so
/// removes. How:
/// - the bytes go to a temporary file in the same directory whose name is derived from the
///   target's: `<name>.nn-save` (for a name too long to take the suffix, `.nn-save-<16 hex
///   digits>`, a hash of the name, so that a legal 255-byte name still saves);
/// - the temporary file is locked (`flock`), so two programs saving to the same file at once
///   cannot mix their bytes: the second gets an nn::DataError instead;
/// - it is written, flushed to disk (`fsync`), renamed over `path` (atomic on POSIX file
///   systems), and the directory is flushed (`fsync`) so that the rename itself survives a crash;
/// - on an error, the temporary file is removed and `path` is untouched.
///
/// If `path` is a symbolic link, the file it points to is replaced and the link is kept (a chain
/// of links is followed; a loop is an error). A new file gets permissions `rw-r--r--` (0644); an
/// existing file keeps its own. An existing `path` that is not a regular file (a directory, a
/// FIFO, a device such as `/dev/null`) is refused, never replaced.
///
/// Throws nn::DataError naming `path` and the problem: a parameter or buffer holds NaN or
/// \f$ \pm\infty \f$ (naming the parameter and the position; such a file could not be loaded);
/// a layer name that is empty or contains a line break, or a parameter name that is empty or
/// contains white space (the header could not be read back); the file cannot be created, written
/// or renamed (the directory does not exist, is not writable, `path` is a directory...).
void save_weights(Sequential& model, const std::string& path);

/// \brief Reads a file written by save_weights into `model`, which must have the same
/// architecture: sets every parameter's value and every buffer (nn::BatchNorm's running
/// statistics).
///
/// All or nothing: the whole file is read and validated before anything in `model` changes, so a
/// failed load leaves the model exactly as it was. Throws nn::DataError naming `path` and the
/// problem:
/// - the file is missing, is a directory or cannot be read;
/// - the first line is not `nn-lectures weights v1` (another file, or another version);
/// - the header is truncated or malformed (naming the line, what was expected and what was found);
/// - the file has a different number of parameters or buffers than the model;
/// - a parameter's (or buffer's) name, shape or layer differs from the model's, naming both, e.g.
///   `parameter 0 (Dense(784 -> 50).W): file has 100 x 784, model has 50 x 784`. The layer index
///   is compared too, so inserting or removing a layer, even one without parameters, is detected;
///   replacing a parameter-free layer by another at the same place (`Sigmoid` by `Tanh`) is not,
///   since such layers have no line in the file;
/// - the data are shorter than the header declares (truncated: expected and found byte counts) or
///   longer (trailing bytes);
/// - a value is NaN or \f$ \pm\infty \f$ (naming the parameter and the position), or a buffer's
///   own check (nn::Buffer::check) refuses it: a negative running variance.
///
/// Only the values are set: gradients, optimizer state and the training mode are left alone.
void load_weights(Sequential& model, const std::string& path);

}  // namespace nn
