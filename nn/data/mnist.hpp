#pragma once
/// \file
/// \brief Loaders for MNIST and Fashion-MNIST (IDX files, plain or `.gz`).

#include <nn/data/dataset.hpp>
#include <nn/data/idx.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace nn {

/// \brief A training and a test set (MNIST: 60,000 and 10,000 images).
struct MnistData {
  Dataset train;  ///< `X`: \f$ 784 \times 60000 \f$ pixels in [0, 1]; `y`: digits 0..9.
  Dataset test;   ///< `X`: \f$ 784 \times 10000 \f$; `y`: digits 0..9.
};

/// \brief What nn::load_idx_dataset accepts, checked from the two files' headers before any
/// payload is read or allocated.
struct IdxDatasetOptions {
  arma::uword num_classes = 10;  ///< Labels must be \f$ 0, \dots, K-1 \f$.
  std::string missing_hint;      ///< Appended to the message when a file does not exist.
  /// Per file: the most data bytes a header may declare.
  std::uint64_t max_bytes = kIdxDefaultMaxBytes;
  arma::uword max_examples = 0;  ///< If nonzero, the most images (and labels) a header may declare.
  std::string set_name = "data";  ///< Named in the message about max_examples ("training", "test").
};

/// \brief Loads one IDX image file and its label file as a data set: pixels scaled to [0, 1]
/// (\f$ x = b / 255 \f$), one \f$ 28 \times 28 \f$ image per column in the file's row-major
/// byte order (pixel \f$ (r, c) \f$ at row \f$ 28 r + c \f$), labels as they are.
///
/// Both headers are read and compared first, so a damaged pair costs nothing: images that are not
/// \f$ N \times 28 \times 28 \f$, labels that are not one-dimensional, image and label counts that
/// differ (both files and counts named), more images than `max_examples`, or a header declaring
/// more than `max_bytes` is an nn::DataError before any payload is read. Then the labels
/// are read (a label \f$ \ge \f$ `num_classes` is an error naming its index and value) and the
/// pixels are converted straight into the returned matrix, without a byte copy of the file.
/// Any problem nn::IdxReader finds is an nn::DataError naming the file; a missing file names
/// `missing_hint`; memory that cannot be allocated is an nn::OutOfMemory naming the file and size.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         const IdxDatasetOptions& options);

/// \brief nn::load_idx_dataset with the default limits, `num_classes` classes and `missing_hint`.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         arma::uword num_classes = 10, const std::string& missing_hint = "");

/// \brief What nn::load_mnist and nn::load_fashion_mnist accept.
///
/// Chapter 06 caps the sizes at MNIST's, 60,000 training and 10,000 test images: a header that
/// promises more (a damaged file, a gzip bomb, another data set) is then refused before anything
/// is read or allocated. (It then checks that it got exactly that many.)
struct MnistOptions {
  /// Per file: the most data bytes a header may declare.
  std::uint64_t max_bytes = kIdxDefaultMaxBytes;
  /// If nonzero, the most training images a header may declare.
  arma::uword max_train_examples = 0;
  arma::uword max_test_examples = 0;  ///< If nonzero, the most test images a header may declare.
};

/// \brief Loads MNIST from `dir`: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each also accepted with `.gz`).
///
/// A missing file gives nn::DataError naming it and the command that fetches the data:
/// `make data` (i.e. `bash cmake/fetch-mnist.sh data/mnist`); any other reason a file cannot be
/// opened is named as it is (permission denied, a symbolic-link loop, `dir` is a file, a FIFO...).
/// The four headers are read and checked (as in nn::load_idx_dataset, with `options`) before any
/// payload, so a damaged directory fails fast and without allocating. The whole set loads in
/// about 0.2 s; the pixels are converted once into the returned matrices (60,000 images are
/// 376 MB of doubles), no other copy is kept.
MnistData load_mnist(const std::string& dir = "data/mnist", const MnistOptions& options = {});

/// \brief Loads Fashion-MNIST (same format and file names, gzip-compressed) from `dir`, by default
/// where the Debian package `dataset-fashion-mnist` installs it. Labels: 0 T-shirt/top,
/// 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
/// A missing file names the package to install.
MnistData load_fashion_mnist(const std::string& dir = "/usr/share/datasets/fashion-mnist",
                             const MnistOptions& options = {});

/// \brief The class names of Fashion-MNIST, index = label.
const std::vector<std::string>& fashion_mnist_classes();

}  // namespace nn
