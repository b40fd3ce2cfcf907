// Unit tests of the IDX reader/writer and the MNIST loader on small files the tests write
// themselves: round trips, and every kind of damage (missing, truncated, wrong magic, wrong type,
// absurd dimensions, trailing bytes, inconsistent image/label files, labels out of range).
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <nn/core/errors.hpp>
#include <nn/data/idx.hpp>
#include <nn/data/mnist.hpp>

#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

// A fresh directory per test, removed afterwards.
class IdxTest : public nn_test::TempDirTest {
 protected:
  IdxTest() : TempDirTest("nn-idx-test") {}

  // Raw bytes, bypassing write_idx (which refuses to write damaged files).
  std::string write_raw(const std::string& name, const Bytes& bytes) const {
    const std::string p = path(name);
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  std::string write_raw_gz(const std::string& name, const Bytes& bytes) const {
    const std::string p = path(name);
    gzFile g = gzopen(p.c_str(), "wb");
    if (!bytes.empty()) gzwrite(g, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(g);
    return p;
  }
};

// An IDX header 00 00 <type> <ndims> + big-endian dims, followed by `data`.
Bytes idx_bytes(std::initializer_list<std::uint32_t> dims, const Bytes& data, std::uint8_t type = 0x08) {
  Bytes b = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(d >> shift));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes iota_bytes(std::size_t n, std::uint8_t start = 0) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(start + i);
  return b;
}

// Passes if `f` throws nn::DataError whose message contains every one of `parts`.
::testing::AssertionResult ThrowsDataError(const std::function<void()>& f,
                                           std::initializer_list<std::string> parts) {
  try {
    f();
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    for (const std::string& p : parts)
      if (msg.find(p) == std::string::npos)
        return ::testing::AssertionFailure() << "message lacks \"" << p << "\": " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw another exception type: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw";
}

TEST_F(IdxTest, RoundTripPlain) {
  const Bytes data = iota_bytes(3 * 2 * 4, 200);
  nn::write_idx(path("a-idx3-ubyte"), {3, 2, 4}, data);
  EXPECT_EQ(fs::file_size(path("a-idx3-ubyte")), 4u + 12u + 24u);
  const nn::IdxArray a = nn::read_idx(path("a-idx3-ubyte"));
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{3, 2, 4}));
  EXPECT_EQ(a.data, data);
  EXPECT_EQ(a.size(), 24u);
}

TEST_F(IdxTest, RoundTripGzip) {
  const Bytes data = iota_bytes(7);
  nn::write_idx(path("l-idx1-ubyte.gz"), {7}, data);
  std::ifstream in(path("l-idx1-ubyte.gz"), std::ios::binary);
  EXPECT_EQ(in.get(), 0x1f);  // gzip signature
  EXPECT_EQ(in.get(), 0x8b);
  const nn::IdxArray a = nn::read_idx(path("l-idx1-ubyte.gz"));
  EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{7}));
  EXPECT_EQ(a.data, data);
}

TEST_F(IdxTest, GzipRecognisedByContentNotName) {
  const std::string p = write_raw_gz("no-suffix", idx_bytes({2}, {5, 6}));
  EXPECT_EQ(nn::read_idx(p).data, (Bytes{5, 6}));
}

TEST_F(IdxTest, WriteRejectsSizeMismatch) {
  EXPECT_TRUE(ThrowsDataError([&] { nn::write_idx(path("x"), {2, 3}, iota_bytes(5)); },
                              {path("x"), "2 x 3 = 6 values", "5 data bytes"}));
}

TEST_F(IdxTest, MissingFile) {
  const std::string p = path("does-not-exist");
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "cannot open"}));
}

TEST_F(IdxTest, Directory) {
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(dir_.string()); }, {dir_.string(), "directory"}));
}

TEST_F(IdxTest, EmptyAndTooShortForHeader) {
  const std::string empty = write_raw("empty", {});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(empty); }, {empty, "too short", "needs 4 bytes", "only 0"}));
  // magic says 3 dimensions (16-byte header) but the file stops after 9 bytes
  const std::string shortp = write_raw("short", {0, 0, 8, 3, 0, 0, 0, 9, 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(shortp); }, {shortp, "too short", "3 dimensions", "needs 16", "only 9"}));
}

TEST_F(IdxTest, WrongMagic) {
  Bytes b = idx_bytes({2}, {1, 2});
  b[0] = 0x12;
  b[1] = 0x34;
  const std::string p = write_raw("magic", b);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "wrong magic", "found 0x12 0x34"}));
}

TEST_F(IdxTest, UnsupportedTypeCode) {
  const std::string p = write_raw("float", idx_bytes({1}, {0, 0, 0, 0}, 0x0D));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "type code 0x0d", "32-bit float", "0x08 (unsigned byte)"}));
}

TEST_F(IdxTest, ZeroOrTooManyDimensions) {
  const std::string zero = write_raw("zero", {0, 0, 8, 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(zero); }, {zero, "0 dimensions"}));
  const std::string many = write_raw("many", {0, 0, 8, 200});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(many); }, {many, "200 dimensions", "1 to 8"}));
}

TEST_F(IdxTest, TruncatedPlain) {
  const std::string p = write_raw("trunc", idx_bytes({3, 2, 2}, iota_bytes(7)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "truncated", "3 x 2 x 2 = 12 data bytes", "has only 7"}));
}

TEST_F(IdxTest, TruncatedGzip) {
  const std::string p = write_raw_gz("trunc.gz", idx_bytes({3, 2, 2}, iota_bytes(7)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "truncated", "12 data bytes", "only 7"}));
}

TEST_F(IdxTest, CorruptGzipStream) {
  // a valid gzip file cut in half: zlib reports an unexpected end of the stream
  const std::string good = write_raw_gz("good.gz", idx_bytes({1000}, Bytes(1000, 7)));
  std::ifstream in(good, std::ios::binary);
  Bytes all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  all.resize(all.size() / 2);
  const std::string p = write_raw("cut.gz", all);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p}));
}

TEST_F(IdxTest, TrailingBytesPlain) {
  const std::string p = write_raw("trail", idx_bytes({3, 2, 2}, iota_bytes(15)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "trailing bytes", "12 data bytes", "has 15", "3 extra"}));
}

TEST_F(IdxTest, TrailingBytesGzip) {
  const std::string p = write_raw_gz("trail.gz", idx_bytes({3, 2, 2}, iota_bytes(15)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "trailing bytes", "12 data bytes", "has 15", "3 extra"}));
}

TEST_F(IdxTest, AbsurdDimensionsThrowFastWithoutAllocating) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  // 2^32-1 cubed overflows 64 bits: rejected from the header alone
  const std::string huge = write_raw("huge", idx_bytes({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(huge); }, {huge, "4294967295 x 4294967295 x 4294967295", "limit"}));
  const std::string huge_gz = write_raw_gz("huge.gz", idx_bytes({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(huge_gz); }, {huge_gz, "limit"}));
  // 500 MB declared (under the limit), 10 bytes present: plain files compare with the length
  // before allocating; gzip files grow the buffer only with decompressed bytes
  const std::string big = write_raw("big", idx_bytes({1000, 1000, 500}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big); }, {big, "truncated", "500000000 data bytes", "only 10"}));
  const std::string big_gz = write_raw_gz("big.gz", idx_bytes({1000, 1000, 500}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big_gz); }, {big_gz, "truncated", "500000000 data bytes", "only 10"}));
  // a 500 MB allocation and fill alone would take far longer than this on any machine
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 0.5);
}

// ---- MNIST loader -------------------------------------------------------------------------

// Writes an MNIST-like directory: n_train / n_test images of 28 x 28 (pixel (r, c) of image k
// = (k + r + c) mod 256) and labels k mod 10, plain or .gz.
void write_mnist_dir(const std::string& dir, std::uint32_t n_train, std::uint32_t n_test, bool gz) {
  const std::string ext = gz ? ".gz" : "";
  for (const auto& [prefix, n] : {std::pair<std::string, std::uint32_t>{"train", n_train}, {"t10k", n_test}}) {
    Bytes images(std::size_t{n} * 784), labels(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      labels[k] = static_cast<std::uint8_t>(k % 10);
      for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c) images[k * 784 + r * 28 + c] = static_cast<std::uint8_t>((k + r + c) % 256);
    }
    nn::write_idx(dir + "/" + prefix + "-images-idx3-ubyte" + ext, {n, 28, 28}, images);
    nn::write_idx(dir + "/" + prefix + "-labels-idx1-ubyte" + ext, {n}, labels);
  }
}

TEST_F(IdxTest, LoadMnistScalesPixelsAndKeepsLayout) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  const nn::MnistData d = nn::load_mnist(dir_.string());
  ASSERT_EQ(d.train.X.n_rows, 784u);
  ASSERT_EQ(d.train.X.n_cols, 5u);
  ASSERT_EQ(d.test.X.n_cols, 3u);
  EXPECT_EQ(d.train.y(4), 4u);
  // pixel (r, c) of image k is row 28 r + c of column k, value byte / 255
  EXPECT_DOUBLE_EQ(d.train.X(28 * 3 + 5, 2), (2 + 3 + 5) / 255.0);
  EXPECT_DOUBLE_EQ(d.test.X(28 * 27 + 27, 1), (1 + 27 + 27) / 255.0);
  EXPECT_GE(d.train.X.min(), 0.0);
  EXPECT_LE(d.train.X.max(), 1.0);
}

TEST_F(IdxTest, LoadMnistAcceptsGzipNames) {
  write_mnist_dir(dir_.string(), 4, 2, true);
  const nn::MnistData d = nn::load_fashion_mnist(dir_.string());
  EXPECT_EQ(d.train.X.n_cols, 4u);
  EXPECT_EQ(d.test.y(1), 1u);
  EXPECT_EQ(nn::fashion_mnist_classes().at(9), "Ankle boot");
}

TEST_F(IdxTest, LoadMnistMissingFileNamesTheFetchCommand) {
  write_mnist_dir(dir_.string(), 2, 2, false);
  fs::remove(dir_ / "t10k-labels-idx1-ubyte");
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("t10k-labels-idx1-ubyte"), "not found", "make data", "cmake/fetch-mnist.sh"}));
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_fashion_mnist(path("nowhere")); },
                              {"train-images-idx3-ubyte", "not found", "dataset-fashion-mnist"}));
}

TEST_F(IdxTest, LoadMnistImageLabelCountMismatch) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::write_idx(path("train-labels-idx1-ubyte"), {4}, {0, 1, 2, 3});
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("train-images-idx3-ubyte"), path("train-labels-idx1-ubyte"), "5 images", "4 labels"}));
}

TEST_F(IdxTest, LoadMnistLabelOutOfRange) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::write_idx(path("t10k-labels-idx1-ubyte"), {3}, {0, 12, 2});
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("t10k-labels-idx1-ubyte"), "label 12", "index 1", "out of range", "0 to 9"}));
}

TEST_F(IdxTest, LoadMnistWrongImageSize) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::write_idx(path("train-images-idx3-ubyte"), {5, 28, 27}, Bytes(5 * 28 * 27, 0));
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("train-images-idx3-ubyte"), "28 x 28", "5 x 28 x 27"}));
}

TEST_F(IdxTest, LoadMnistDamagedFileNamed) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  fs::resize_file(dir_ / "train-images-idx3-ubyte", 16 + 784 * 5 - 100);
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("train-images-idx3-ubyte"), "truncated", "3920 data bytes", "only 3820"}));
}

}  // namespace
