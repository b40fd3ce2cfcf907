#pragma once
/// \file
/// \brief Loaders for MNIST and Fashion-MNIST (IDX files, plain or `.gz`).

#include <nn/data/dataset.hpp>

#include <string>
#include <vector>

namespace nn {

/// \brief A training and a test set (MNIST: 60,000 and 10,000 images).
struct MnistData {
  Dataset train;  ///< `X`: \f$ 784 \times 60000 \f$ pixels in [0, 1]; `y`: digits 0..9.
  Dataset test;   ///< `X`: \f$ 784 \times 10000 \f$; `y`: digits 0..9.
};

/// \brief Loads one IDX image file and its label file as a data set: pixels scaled to [0, 1]
/// (\f$ x = b / 255 \f$), one \f$ 28 \times 28 \f$ image per column in the file's row-major
/// byte order (pixel \f$ (r, c) \f$ at row \f$ 28 r + c \f$), labels as they are.
///
/// Throws nn::DataError naming the file for any problem read_idx finds, and for: images that are
/// not \f$ N \times 28 \times 28 \f$, labels that are not one-dimensional, image and label counts
/// that differ (both files and counts named), a label \f$ \ge \f$ `num_classes` (its index and
/// value named). `missing_hint` is appended to the message when a file does not exist.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         arma::uword num_classes = 10, const std::string& missing_hint = "");

/// \brief Loads MNIST from `dir`: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte` (each also accepted with `.gz`).
///
/// A missing file gives nn::DataError naming it and the command that fetches the data:
/// `make data` (i.e. `bash cmake/fetch-mnist.sh data/mnist`). Any damage is reported as in
/// nn::load_idx_dataset. The whole set loads in about 0.2 s; the pixels are converted once into
/// the returned matrices (60,000 images are 376 MB of doubles), no other copy is kept.
MnistData load_mnist(const std::string& dir = "data/mnist");

/// \brief Loads Fashion-MNIST (same format and file names, gzip-compressed) from `dir`, by default
/// where the Debian package `dataset-fashion-mnist` installs it. Labels: 0 T-shirt/top,
/// 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
/// A missing file names the package to install.
MnistData load_fashion_mnist(const std::string& dir = "/usr/share/datasets/fashion-mnist");

/// \brief The class names of Fashion-MNIST, index = label.
const std::vector<std::string>& fashion_mnist_classes();

}  // namespace nn
