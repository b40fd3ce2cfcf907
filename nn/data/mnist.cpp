#include <nn/data/mnist.hpp>

#include <nn/core/errors.hpp>
#include <nn/data/file.hpp>
#include <nn/data/idx.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <sstream>
#include <stdexcept>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace nn {

namespace {

namespace fs = std::filesystem;

// "data file not found: <path>" with the reason it is missing and how to get it.
[[noreturn]] void not_found(const std::string& path, const std::string& also,
                            const std::string& hint) {
  // "no such file (the directory 'x' does not exist)"
  const std::string why = open_error_text(path, ENOENT);
  const std::string::size_type paren = why.find(" (");
  throw DataError("data file not found: " + path + also +
                  (paren == std::string::npos ? "" : why.substr(paren)) +
                  (hint.empty() ? "" : ". ") + hint);
}

// The file must exist (a dangling symbolic link counts: IdxReader names it); a reason other than
// "does not exist" (permission denied, a loop, a file where a directory should be) is named as it
// is.
void check_present(const std::string& path, const std::string& hint) {
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) return;
  const int err = errno;
  if (err == ENOENT) not_found(path, "", hint);
  throw DataError("IDX file '" + path + "': " + open_error_text(path, err));
}

// `dir/name`, or `dir/name.gz` if only that exists; DataError naming both if neither does.
std::string find_file(const std::string& dir, const std::string& name, const std::string& hint) {
  const std::string plain = (fs::path(dir) / name).string();
  const std::string gz = plain + ".gz";
  struct stat st;
  if (::lstat(plain.c_str(), &st) == 0) return plain;
  const int err = errno;
  if (::lstat(gz.c_str(), &st) == 0) return gz;
  if (err != ENOENT) throw DataError("IDX file '" + plain + "': " + open_error_text(plain, err));
  not_found(plain, " (nor " + name + ".gz)", hint);
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

std::string megabytes(double bytes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << bytes / 1e6 << " MB";
  return s.str();
}

// The two headers of an image file and its label file, checked against each other.
struct IdxPair {
  std::unique_ptr<IdxReader> images, labels;
};

IdxPair open_pair(const std::string& images_path, const std::string& labels_path,
                  const IdxDatasetOptions& o) {
  if (o.num_classes == 0)
    throw std::invalid_argument("load_idx_dataset('" + images_path +
                                "'): num_classes must be at least 1");
  check_present(images_path, o.missing_hint);
  check_present(labels_path, o.missing_hint);
  IdxPair p;
  p.labels = std::make_unique<IdxReader>(labels_path, o.max_bytes);
  p.images = std::make_unique<IdxReader>(images_path, o.max_bytes);
  const auto& ld = p.labels->dims();
  const auto& id = p.images->dims();
  if (ld.size() != 1)
    throw DataError("IDX file '" + labels_path +
                    "': expected a label file with 1 dimension, found " +
                    std::to_string(ld.size()) + " (" + p.labels->dims_text() + ")");
  if (id.size() != 3 || id[1] != 28 || id[2] != 28)
    throw DataError("IDX file '" + images_path + "': expected N x 28 x 28 images, found " +
                    std::to_string(id.size()) + " dimensions " + p.images->dims_text());
  if (id[0] != ld[0])
    throw DataError("IDX files disagree: '" + images_path + "' has " + std::to_string(id[0]) +
                    " images but '" + labels_path + "' has " + std::to_string(ld[0]) + " labels");
  if (o.max_examples != 0 && id[0] > o.max_examples)
    throw DataError("IDX file '" + images_path + "': the header declares " + p.images->dims_text() +
                    ", " + std::to_string(id[0]) + " images, more than the " +
                    std::to_string(o.max_examples) + " the " + o.set_name +
                    " set may have (a damaged header, or another data set?)");
  return p;
}

Dataset read_pair(IdxPair& p, const IdxDatasetOptions& o);

MnistData load_pair(const std::string& dir, const std::string& hint, const MnistOptions& options) {
  const std::string tri = find_file(dir, "train-images-idx3-ubyte", hint);
  const std::string trl = find_file(dir, "train-labels-idx1-ubyte", hint);
  const std::string tei = find_file(dir, "t10k-images-idx3-ubyte", hint);
  const std::string tel = find_file(dir, "t10k-labels-idx1-ubyte", hint);
  const IdxDatasetOptions train_options{10, hint, options.max_bytes, options.max_train_examples,
                                        "training"};
  const IdxDatasetOptions test_options{10, hint, options.max_bytes, options.max_test_examples,
                                       "test"};
  // all four headers first: a damaged file anywhere fails before any payload is read
  IdxPair train = open_pair(tri, trl, train_options);
  IdxPair test = open_pair(tei, tel, test_options);
  MnistData d;
  d.train = read_pair(train, train_options);
  d.test = read_pair(test, test_options);
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
  // whole 2 MB pages inside A
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = end & ~(huge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)A;
#endif
}

// Reads the labels, then the pixels straight into the matrix (x = b / 255), of a checked pair.
Dataset read_pair(IdxPair& p, const IdxDatasetOptions& o) {
  const arma::uword n = p.images->dims()[0];
  Dataset ds;
  const auto allocation_failed = [&](const std::string& what, double bytes,
                                     const std::string& path) {
    return OutOfMemory(
        "out of memory: cannot allocate " + megabytes(bytes) + " (" + what + ") for the " +
        (what.find("doubles") != std::string::npos ? "images" : "labels") + " of '" + path + "'");
  };
  try {
    ds.y.set_size(n);
  } catch (const std::bad_alloc&) {
    throw allocation_failed(std::to_string(n) + " labels", 8.0 * n, p.labels->path());
  }
  arma::uword at = 0;
  p.labels->read_data([&](const std::uint8_t* b, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i, ++at) {
      if (b[i] >= o.num_classes)
        throw DataError("IDX file '" + p.labels->path() + "': label " + std::to_string(b[i]) +
                        " at index " + std::to_string(at) + " is out of range: expected 0 to " +
                        std::to_string(o.num_classes - 1));
      ds.y(at) = b[i];
    }
  });
  // image k is bytes [784 k, 784 (k+1)): exactly column k of a column-major 784 x N matrix
  try {
    ds.X.set_size(784, n);
  } catch (const std::bad_alloc&) {
    throw allocation_failed("784 x " + std::to_string(n) + " doubles", 8.0 * 784 * n,
                            p.images->path());
  }
  request_huge_pages(ds.X);  // before the first write, so the kernel backs it with 2 MB pages
  double* x = ds.X.memptr();
  p.images->read_data([&](const std::uint8_t* b, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) x[i] = b[i] / 255.0;  // x = b / 255
    x += count;
  });
  return ds;
}

}  // namespace

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         const IdxDatasetOptions& options) {
  IdxPair p = open_pair(images_path, labels_path, options);
  return read_pair(p, options);
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         arma::uword num_classes, const std::string& missing_hint) {
  IdxDatasetOptions options;
  options.num_classes = num_classes;
  options.missing_hint = missing_hint;
  return load_idx_dataset(images_path, labels_path, options);
}

MnistData load_mnist(const std::string& dir, const MnistOptions& options) {
  return load_pair(dir, mnist_hint(dir), options);
}

MnistData load_fashion_mnist(const std::string& dir, const MnistOptions& options) {
  return load_pair(dir, kFashionHint, options);
}

const std::vector<std::string>& fashion_mnist_classes() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                                 "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                                 "Bag",         "Ankle boot"};
  return names;
}

}  // namespace nn
