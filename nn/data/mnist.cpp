#include <nn/data/mnist.hpp>

#include <nn/core/errors.hpp>
#include <nn/data/idx.hpp>

#include <cstdint>
#include <filesystem>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace nn {

namespace {

namespace fs = std::filesystem;

// `dir/name`, or `dir/name.gz` if only that exists; DataError naming both if neither does.
std::string find_file(const std::string& dir, const std::string& name, const std::string& hint) {
  const fs::path plain = fs::path(dir) / name;
  const fs::path gz = fs::path(dir) / (name + ".gz");
  std::error_code ec;
  if (fs::exists(plain, ec)) return plain.string();
  if (fs::exists(gz, ec)) return gz.string();
  throw DataError("data file not found: " + plain.string() + " (nor " + gz.filename().string() +
                  "). " + hint);
}

// How to get the files into `dir` (the directory the loader was given, so a student who passed
// --data-dir elsewhere is told the command for that directory).
std::string mnist_hint(const std::string& dir) {
  return "Fetch MNIST with `make data` (i.e. `bash cmake/fetch-mnist.sh " + dir +
         "`), or pass --data-dir with the directory that holds the four IDX files.";
}
const std::string kFashionHint =
    "Install Fashion-MNIST with `sudo apt-get install dataset-fashion-mnist` (files in "
    "/usr/share/datasets/fashion-mnist), or pass the directory that holds the four files.";

MnistData load_pair(const std::string& dir, const std::string& hint) {
  MnistData d;
  const std::string tri = find_file(dir, "train-images-idx3-ubyte", hint);
  const std::string trl = find_file(dir, "train-labels-idx1-ubyte", hint);
  const std::string tei = find_file(dir, "t10k-images-idx3-ubyte", hint);
  const std::string tel = find_file(dir, "t10k-labels-idx1-ubyte", hint);
  d.train = load_idx_dataset(tri, trl, 10, hint);
  d.test = load_idx_dataset(tei, tel, 10, hint);
  return d;
}

// Asks Linux to back the matrix with transparent huge pages (2 MB instead of 4 kB) where the
// system allows it (/sys/kernel/mm/transparent_hugepage/enabled is `madvise` or `always`).
// Training reads each batch from 100 random columns of this matrix; with huge pages those reads
// miss the TLB far less (the 376 MB MNIST training set: ~190 pages instead of ~92,000), and
// gathering the batches of an epoch takes 0.033 s instead of 0.038 s. Only a hint: where THP is
// off nothing changes.
void request_huge_pages(arma::mat& A) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<std::uintptr_t>(A.memptr());
  const std::uintptr_t end = begin + A.n_elem * sizeof(double);
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = end & ~(huge - 1);  // whole 2 MB pages inside A
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)A;
#endif
}

}  // namespace

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         arma::uword num_classes, const std::string& missing_hint) {
  std::error_code ec;
  for (const std::string& p : {images_path, labels_path})
    if (!fs::exists(p, ec))
      throw DataError("data file not found: " + p + (missing_hint.empty() ? "" : ". ") +
                      missing_hint);
  Dataset ds;
  {
    const IdxArray labels = read_idx(labels_path);
    if (labels.dims.size() != 1)
      throw DataError("IDX file '" + labels_path + "': expected a label file with 1 dimension, " +
                      "found " + std::to_string(labels.dims.size()));
    ds.y.set_size(labels.data.size());
    for (std::size_t i = 0; i < labels.data.size(); ++i) {
      if (labels.data[i] >= num_classes)
        throw DataError("IDX file '" + labels_path + "': label " + std::to_string(labels.data[i]) +
                        " at index " + std::to_string(i) + " is out of range: expected 0 to " +
                        std::to_string(num_classes - 1));
      ds.y(i) = labels.data[i];
    }
  }
  IdxArray images = read_idx(images_path);
  if (images.dims.size() != 3 || images.dims[1] != 28 || images.dims[2] != 28) {
    std::string found;
    for (std::size_t i = 0; i < images.dims.size(); ++i)
      found += (i ? " x " : "") + std::to_string(images.dims[i]);
    throw DataError("IDX file '" + images_path + "': expected N x 28 x 28 images, found " +
                    std::to_string(images.dims.size()) + " dimensions " + found);
  }
  const arma::uword n = images.dims[0];
  if (n != ds.y.n_elem)
    throw DataError("IDX files disagree: '" + images_path + "' has " + std::to_string(n) +
                    " images but '" + labels_path + "' has " + std::to_string(ds.y.n_elem) +
                    " labels");
  // image k is bytes [784 k, 784 (k+1)): exactly column k of a column-major 784 x N matrix
  ds.X.set_size(784, n);
  request_huge_pages(ds.X);  // before the first write, so the kernel backs it with 2 MB pages
  double* x = ds.X.memptr();
  const std::uint8_t* b = images.data.data();
  const std::size_t total = images.data.size();
  for (std::size_t i = 0; i < total; ++i) x[i] = b[i] / 255.0;  // x = b / 255
  return ds;
}

MnistData load_mnist(const std::string& dir) { return load_pair(dir, mnist_hint(dir)); }

MnistData load_fashion_mnist(const std::string& dir) { return load_pair(dir, kFashionHint); }

const std::vector<std::string>& fashion_mnist_classes() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress",
                                                 "Coat",        "Sandal",  "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

}  // namespace nn
