// Fuzz target: the IDX reader (plain and gzip) and the image/label pair loader.
// The first byte chooses how the rest is presented:
//   0: as the file itself (plain IDX, or gzip when it starts with 1f 8b)
//   1: gzip-compressed, so that the fuzzer mutates what the gzip path decompresses
//   2: gzip-compressed, then damaged: cut at a position and one byte flipped (bytes 1-4 say where)
//   3: split in two at a position (bytes 1-2) as an image file and a label file for
//   load_idx_dataset
// Whatever is read must be consistent (sizes, pixel range, labels); anything but nn::DataError is
// a finding, and so is a crash, a leak, a hang or an allocation libFuzzer's limits refuse.
#include "fuzz_file.hpp"

#include <nn/core/errors.hpp>
#include <nn/data/idx.hpp>
#include <nn/data/mnist.hpp>

#include <zlib.h>

#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes gzip(const std::uint8_t* data, std::size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  Bytes out(deflateBound(&z, size) + 64);
  z.next_in = const_cast<std::uint8_t*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void read_one(const Bytes& bytes) {
  nn_fuzz::FuzzFile f(bytes.data(), bytes.size());
  try {
    const nn::IdxArray a = nn::read_idx(f.path());
    nn_fuzz::require(!a.dims.empty() && a.dims.size() <= 8);
    nn_fuzz::require(a.data.size() == a.size());
  } catch (const nn::DataError&) {
  }
}

void read_pair(const std::uint8_t* data, std::size_t size, std::size_t split) {
  if (split > size) split = size;
  nn_fuzz::FuzzFile images(data, split), labels(data + split, size - split);
  nn::IdxDatasetOptions o;
  o.max_examples = 1000;
  try {
    const nn::Dataset d = nn::load_idx_dataset(images.path(), labels.path(), o);
    nn_fuzz::require(d.X.n_rows == 784 && d.X.n_cols == d.y.n_elem && d.X.n_cols <= 1000);
    nn_fuzz::require(d.X.n_elem == 0 || (d.X.min() >= 0.0 && d.X.max() <= 1.0));
    nn_fuzz::require(d.y.n_elem == 0 || d.y.max() < 10);
  } catch (const nn::DataError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0] % 4;
  ++data;
  --size;
  switch (mode) {
    case 0:
      read_one(Bytes(data, data + size));
      break;
    case 1:
      read_one(gzip(data, size));
      break;
    case 2: {
      if (size < 4) return 0;
      Bytes gz = gzip(data + 4, size - 4);
      const std::size_t cut = (std::size_t{data[0]} << 8 | data[1]) % (gz.size() + 1);
      const std::size_t flip = (std::size_t{data[2]} << 8 | data[3]) % (gz.size() + 1);
      if (flip < gz.size()) gz[flip] ^= 0x01;
      gz.resize(gz.size() - cut % 16);  // drop up to 15 bytes of the end: trailer damage
      read_one(gz);
      break;
    }
    default:
      if (size < 2) return 0;
      read_pair(data + 2, size - 2, std::size_t{data[0]} << 8 | data[1]);
  }
  return 0;
}
