// Unit tests of the IDX reader/writer and the MNIST loader on small files the tests write
// themselves: round trips, and every kind of damage (missing, truncated, wrong magic, wrong type,
// absurd dimensions, trailing bytes, inconsistent image/label files, labels out of range).
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/throws.hpp"

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
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
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
Bytes idx_bytes(std::initializer_list<std::uint32_t> dims, const Bytes& data,
                std::uint8_t type = 0x08) {
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

using nn_test::ThrowsDataError;

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
  EXPECT_TRUE(ThrowsDataError(
      [&] {
        nn::write_idx(path("x"), {2, 3}, iota_bytes(5));
      },
      {path("x"), "2 x 3 = 6 values", "5 data bytes"}));
}

TEST_F(IdxTest, MissingFile) {
  const std::string p = path("does-not-exist");
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "no such file"}));
}

TEST_F(IdxTest, Directory) {
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(dir_.string()); }, {dir_.string(), "directory"}));
}

TEST_F(IdxTest, EmptyAndTooShortForHeader) {
  const std::string empty = write_raw("empty", {});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(empty); },
                              {empty, "too short", "needs 4 bytes", "only 0"}));
  // magic says 3 dimensions (16-byte header) but the file stops after 9 bytes
  const std::string shortp = write_raw("short", {0, 0, 8, 3, 0, 0, 0, 9, 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(shortp); },
                              {shortp, "too short", "3 dimensions", "needs 16", "only 9"}));
}

TEST_F(IdxTest, WrongMagic) {
  Bytes b = idx_bytes({2}, {1, 2});
  b[0] = 0x12;
  b[1] = 0x34;
  const std::string p = write_raw("magic", b);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); }, {p, "wrong magic", "found 0x12 0x34"}));
}

TEST_F(IdxTest, WrongMagicSaysWhatTheFileLooksLike) {
  const std::string zip = write_raw("zip", {'P', 'K', 3, 4, 0, 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(zip); }, {zip, "wrong magic", "zip archive"}));
  const std::string html = write_raw("html", {'<', '!', 'D', 'O', 'C'});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(html); }, {html, "HTML", "failed download"}));
  const std::string xz = write_raw("xz", {0xfd, '7', 'z', 'X', 'Z', 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(xz); }, {xz, "xz"}));
}

TEST_F(IdxTest, UnsupportedTypeCode) {
  const std::string p = write_raw("float", idx_bytes({1}, {0, 0, 0, 0}, 0x0D));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); },
                              {p, "type code 0x0d", "32-bit float", "0x08 (unsigned byte)"}));
}

TEST_F(IdxTest, ZeroOrTooManyDimensions) {
  const std::string zero = write_raw("zero", {0, 0, 8, 0});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(zero); }, {zero, "0 dimensions"}));
  const std::string many = write_raw("many", {0, 0, 8, 200});
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(many); }, {many, "200 dimensions", "1 to 8"}));
}

TEST_F(IdxTest, TruncatedPlain) {
  const std::string p = write_raw("trunc", idx_bytes({3, 2, 2}, iota_bytes(7)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); },
                              {p, "truncated", "3 x 2 x 2 = 12 data bytes", "has only 7"}));
}

TEST_F(IdxTest, TruncatedGzip) {
  const std::string p = write_raw_gz("trunc.gz", idx_bytes({3, 2, 2}, iota_bytes(7)));
  EXPECT_TRUE(
      ThrowsDataError([&] { nn::read_idx(p); }, {p, "truncated", "12 data bytes", "only 7"}));
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
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); },
                              {p, "trailing bytes", "12 data bytes", "has 15", "3 extra"}));
}

TEST_F(IdxTest, TrailingBytesGzip) {
  const std::string p = write_raw_gz("trail.gz", idx_bytes({3, 2, 2}, iota_bytes(15)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); },
                              {p, "trailing bytes", "12 data bytes", "has 15", "3 extra"}));
}

// `raw` compressed as one gzip member (header, deflate data, CRC-32 and length trailer).
Bytes gzip_bytes(const Bytes& raw, int level = Z_DEFAULT_COMPRESSION) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, raw.size()) + 64);
  z.next_in = const_cast<Bytes::value_type*>(raw.data());
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(IdxTest, GzipWithoutTrailerIsTruncated) {
  // all 1000 data bytes decompress, but the 8-byte trailer (CRC-32, length) is cut off: before,
  // zlib's "unexpected end of file" was taken for a normal end and the file was accepted
  const Bytes good = gzip_bytes(idx_bytes({1000}, iota_bytes(1000)));
  for (std::size_t cut : {8u, 4u, 1u}) {
    const std::string p =
        write_raw("cut" + std::to_string(cut) + ".gz", Bytes(good.begin(), good.end() - cut));
    EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(p); },
                                {p, "truncated gzip stream", "trailer", "all 1000 data bytes"}));
  }
  // cut inside the data: truncated, the stream named as cut off
  const std::string mid = write_raw("mid.gz", Bytes(good.begin(), good.begin() + 20));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(mid); }, {mid, "truncated", "cut off"}));
  EXPECT_EQ(nn::read_idx(write_raw("whole.gz", good)).data.size(), 1000u);
}

TEST_F(IdxTest, GzipChecksumAndLengthMismatchAreCorruption) {
  const Bytes good = gzip_bytes(idx_bytes({1000}, iota_bytes(1000)));
  Bytes crc = good, len = good;
  crc[crc.size() - 8] ^= 0x01;  // CRC-32 of the data, little-endian, then the length
  len[len.size() - 4] ^= 0x01;
  const std::string pc = write_raw("crc.gz", crc), pl = write_raw("len.gz", len);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(pc); }, {pc, "CRC mismatch"}));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(pl); }, {pl, "length mismatch"}));
  // a flipped bit inside the compressed data: corrupt, whatever zlib notices first
  Bytes body = good;
  body[body.size() / 2] ^= 0x40;
  const std::string pb = write_raw("body.gz", body);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(pb); }, {pb, "gzip"}));
}

TEST_F(IdxTest, GzipMembersConcatenateButGarbageAfterTheStreamIsCorrupt) {
  // `cat a.gz b.gz` is one valid gzip stream, as gzip reads it
  const Bytes raw = idx_bytes({6}, iota_bytes(6));
  const Bytes two = concat(gzip_bytes(Bytes(raw.begin(), raw.begin() + 7)),
                           gzip_bytes(Bytes(raw.begin() + 7, raw.end())));
  EXPECT_EQ(nn::read_idx(write_raw("two.gz", two)).data, iota_bytes(6));
  const std::string p = write_raw("junk.gz", concat(gzip_bytes(raw), Bytes{'j', 'u', 'n', 'k'}));
  EXPECT_TRUE(
      ThrowsDataError([&] { nn::read_idx(p); },
                      {p, "4 bytes after the end of the gzip data", "not another gzip member"}));
  const std::string z = write_raw("zeros.gz", concat(gzip_bytes(raw), Bytes(100, 0)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(z); }, {z, "100 bytes after the end"}));
}

TEST_F(IdxTest, GzipBombStopsAtThePromisedSize) {
  // a 20 KB file whose header promises 1000 bytes but which inflates to 20 MB: decompression stops
  // 1 MiB past the data, and the message says "at least", not a made-up exact size
  const std::string p =
      write_raw("bomb.gz", gzip_bytes(idx_bytes({1000}, Bytes(20'000'000, 0)), 9));
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  EXPECT_TRUE(
      ThrowsDataError([&] { nn::read_idx(p); },
                      {p, "trailing bytes", "1000 data bytes", "at least 1048577 extra bytes"},
                      {"20000000", "19999"}));
  // 20 MB would not inflate in that time
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 0.5);
  // a bomb whose header promises more than the limit is refused before it is inflated at all
  const std::string big =
      write_raw("bigbomb.gz", gzip_bytes(idx_bytes({1369568, 28, 28}, Bytes(1'000'000, 0)), 9));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big); }, {big, "1369568 x 28 x 28", "limit"}));
}

TEST_F(IdxTest, ReaderHandsOverTheHeaderBeforeThePayload) {
  const std::string p = write_raw_gz("r.gz", idx_bytes({3, 4}, iota_bytes(12)));
  nn::IdxReader r(p);
  EXPECT_EQ(r.dims(), (std::vector<std::uint32_t>{3, 4}));
  EXPECT_EQ(r.size(), 12u);
  EXPECT_EQ(r.dims_text(), "3 x 4");
  Bytes got;
  r.read_data([&](const std::uint8_t* b, std::size_t n) { got.insert(got.end(), b, b + n); });
  EXPECT_EQ(got, iota_bytes(12));
  EXPECT_THROW(r.read_data([](const std::uint8_t*, std::size_t) {}), std::logic_error);
}

TEST_F(IdxTest, AbsurdDimensionsThrowFastWithoutAllocating) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  // 2^32-1 cubed overflows 64 bits: rejected from the header alone
  const std::string huge =
      write_raw("huge", idx_bytes({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(huge); },
                              {huge, "4294967295 x 4294967295 x 4294967295", "limit"}));
  const std::string huge_gz =
      write_raw_gz("huge.gz", idx_bytes({0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(huge_gz); }, {huge_gz, "limit"}));
  // 500 MB declared, over the default limit of 64 MiB: refused from the header, both kinds
  const std::string big = write_raw("big", idx_bytes({1000, 1000, 500}, iota_bytes(10)));
  EXPECT_TRUE(
      ThrowsDataError([&] { nn::read_idx(big); },
                      {big, "1000 x 1000 x 500", "limit of 67108864 data bytes", "max_bytes"}));
  const std::string big_gz = write_raw_gz("big.gz", idx_bytes({1000, 1000, 500}, iota_bytes(10)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big_gz); }, {big_gz, "limit of 67108864"}));
  // under a raised limit (1 GiB), 10 bytes present: plain files compare with the length before
  // allocating; gzip files grow the buffer only with decompressed bytes
  const std::uint64_t gib = std::uint64_t{1} << 30;
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big, gib); },
                              {big, "truncated", "500000000 data bytes", "only 10"}));
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(big_gz, gib); },
                              {big_gz, "truncated", "500000000 data bytes", "only 10"}));
  // a 500 MB allocation and fill alone would take far longer than this on any machine
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 0.5);
}

TEST_F(IdxTest, CallerSetsTheLimit) {
  const std::string p = write_raw("small", idx_bytes({10, 10}, iota_bytes(100)));
  EXPECT_EQ(nn::read_idx(p, 100).data.size(), 100u);  // exactly at the limit: accepted
  EXPECT_TRUE(
      ThrowsDataError([&] { nn::read_idx(p, 99); }, {p, "10 x 10", "limit of 99 data bytes"}));
}

// ---- MNIST loader -------------------------------------------------------------------------

// Writes an MNIST-like directory: n_train / n_test images of 28 x 28 (pixel (r, c) of image k
// = (k + r + c) mod 256) and labels k mod 10, plain or .gz.
void write_mnist_dir(const std::string& dir, std::uint32_t n_train, std::uint32_t n_test, bool gz) {
  const std::string ext = gz ? ".gz" : "";
  for (const auto& [prefix, n] :
       {std::pair<std::string, std::uint32_t>{"train", n_train}, {"t10k", n_test}}) {
    Bytes images(std::size_t{n} * 784), labels(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      labels[k] = static_cast<std::uint8_t>(k % 10);
      for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c)
          images[k * 784 + r * 28 + c] = static_cast<std::uint8_t>((k + r + c) % 256);
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
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
      {path("t10k-labels-idx1-ubyte"), "not found", "make data", "cmake/fetch-mnist.sh"}));
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_fashion_mnist(path("nowhere")); },
                              {"train-images-idx3-ubyte", "not found", "dataset-fashion-mnist"}));
}

TEST_F(IdxTest, LoadMnistImageLabelCountMismatch) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::write_idx(path("train-labels-idx1-ubyte"), {4}, {0, 1, 2, 3});
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
      {path("train-images-idx3-ubyte"), path("train-labels-idx1-ubyte"), "5 images", "4 labels"}));
}

TEST_F(IdxTest, LoadMnistLabelOutOfRange) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::write_idx(path("t10k-labels-idx1-ubyte"), {3}, {0, 12, 2});
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
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
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
      {path("train-images-idx3-ubyte"), "truncated", "3920 data bytes", "only 3820"}));
}

TEST_F(IdxTest, LoadComparesHeadersBeforeAnyPayload) {
  // 1000 images whose payload is damaged, 999 labels: the counts disagree, which the headers alone
  // show: the damage in the payload is never reached (and nothing is allocated for it)
  const Bytes bad_gz = gzip_bytes(concat(idx_bytes({1000, 28, 28}, {}), Bytes(1000 * 784, 1)));
  write_raw("img.gz", Bytes(bad_gz.begin(), bad_gz.begin() + 100));  // cut off inside the data
  write_raw("lab", idx_bytes({999}, Bytes(999, 1)));
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_idx_dataset(path("img.gz"), path("lab")); },
                              {"disagree", "1000 images", "999 labels"}, {"truncated"}));
  // the MNIST loader reads all four headers first: a damaged test pair fails before the training
  // payload (here cut off) is read
  write_mnist_dir(dir_.string(), 5, 3, false);
  Bytes pixels(5 * 784);
  for (std::size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 13);
  const Bytes train_gz = gzip_bytes(idx_bytes({5, 28, 28}, pixels));  // hardly compressible
  write_raw("train-images-idx3-ubyte.gz",
            Bytes(train_gz.begin(), train_gz.begin() + train_gz.size() / 2));
  fs::remove(dir_ / "train-images-idx3-ubyte");
  nn::write_idx(path("t10k-labels-idx1-ubyte"), {2}, {0, 1});
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
      {path("t10k-images-idx3-ubyte"), path("t10k-labels-idx1-ubyte"), "3 images", "2 labels"}));
  // with the test pair repaired, the cut is found
  nn::write_idx(path("t10k-labels-idx1-ubyte"), {3}, {0, 1, 2});
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("train-images-idx3-ubyte.gz"), "truncated"}));
}

TEST_F(IdxTest, LoadNeedsAtLeastOneClass) {
  write_mnist_dir(dir_.string(), 2, 2, false);
  EXPECT_THROW(
      nn::load_idx_dataset(path("train-images-idx3-ubyte"), path("train-labels-idx1-ubyte"), 0),
      std::invalid_argument);
}

TEST_F(IdxTest, LoadRefusesMoreExamplesThanTheCallerAllows) {
  write_mnist_dir(dir_.string(), 5, 3, false);
  nn::MnistOptions o;
  o.max_train_examples = 4;
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string(), o); },
      {path("train-images-idx3-ubyte"), "5 x 28 x 28", "more than the 4", "training set"}));
  o.max_train_examples = 5;
  o.max_test_examples = 2;
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string(), o); },
                              {path("t10k-images-idx3-ubyte"), "more than the 2", "test set"}));
  o.max_test_examples = 3;
  EXPECT_EQ(nn::load_mnist(dir_.string(), o).test.size(), 3u);
  // a per-file byte limit applies to every file: 5 images are 3920 bytes
  o.max_bytes = 3919;
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string(), o); },
                              {path("train-images-idx3-ubyte"), "limit of 3919"}));
}

TEST_F(IdxTest, LoadNamesTheRealReasonAFileCannotBeOpened) {
  write_mnist_dir(dir_.string(), 2, 2, false);
  // --data-dir naming a file: not "not found, run make data"
  const std::string file = path("train-labels-idx1-ubyte");
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(file); },
                              {file, "is a regular file, not a directory"},
                              {"not found", "make data"}));
  // a missing directory says so, and how to fetch the data into it
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(path("no/such")); },
      {"not found", "the directory '" + path("no/such") + "' does not exist", "make data"}));
  // a symbolic-link loop, a dangling link
  fs::remove(dir_ / "t10k-images-idx3-ubyte");
  fs::create_symlink("loop-b", dir_ / "t10k-images-idx3-ubyte");
  fs::create_symlink("t10k-images-idx3-ubyte", dir_ / "loop-b");
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); },
                              {path("t10k-images-idx3-ubyte"), "symbolic-link loop"},
                              {"not found"}));
  fs::remove(dir_ / "t10k-images-idx3-ubyte");
  fs::create_symlink("nowhere", dir_ / "t10k-images-idx3-ubyte");
  EXPECT_TRUE(ThrowsDataError(
      [&] { nn::load_mnist(dir_.string()); },
      {path("t10k-images-idx3-ubyte"), "symbolic link to 'nowhere', which does not exist"}));
}

}  // namespace
