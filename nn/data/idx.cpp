#include <nn/data/idx.hpp>

#include <nn/core/errors.hpp>

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <sstream>

namespace nn {

namespace {

constexpr std::uint32_t kMaxDims = 8;

std::string hex(unsigned byte) {
  std::ostringstream s;
  s << "0x" << std::hex << std::setw(2) << std::setfill('0') << (byte & 0xffu);
  return s.str();
}

std::string type_name(unsigned code) {
  switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default: return "not an IDX type";
  }
}

std::string dims_str(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s;
}

// "60000 x 28 x 28 = 47040000", or just "60000" for one dimension
std::string declared_str(const std::vector<std::uint32_t>& dims, std::uint64_t declared) {
  return dims.size() == 1 ? dims_str(dims) : dims_str(dims) + " = " + std::to_string(declared);
}

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw DataError("IDX file '" + path + "': " + problem);
}

// A byte source: a plain file (length known) or a gzip stream (length unknown until read).
class Source {
 public:
  virtual ~Source() = default;
  // Reads up to n bytes into buf; returns the count read (0 at end); throws on a read error.
  virtual std::size_t read(std::uint8_t* buf, std::size_t n) = 0;
};

class PlainSource : public Source {
 public:
  PlainSource(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~PlainSource() override { std::fclose(f_); }
  std::size_t read(std::uint8_t* buf, std::size_t n) override {
    const std::size_t got = std::fread(buf, 1, n, f_);
    if (got < n && std::ferror(f_)) fail(path_, std::string("read error: ") + std::strerror(errno));
    return got;
  }

 private:
  std::FILE* f_;
  std::string path_;
};

class GzSource : public Source {
 public:
  GzSource(gzFile g, std::string path) : g_(g), path_(std::move(path)) {}
  ~GzSource() override { gzclose(g_); }
  std::size_t read(std::uint8_t* buf, std::size_t n) override {
    std::size_t total = 0;
    while (total < n) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - total, 1u << 24));
      const int got = gzread(g_, buf + total, chunk);
      if (got < 0) {
        int code = 0;
        const char* msg = gzerror(g_, &code);
        fail(path_, std::string("corrupt gzip stream (zlib: ") + (msg ? msg : "unknown error") + ")");
      }
      if (got == 0) break;
      total += static_cast<std::size_t>(got);
    }
    return total;
  }

 private:
  gzFile g_;
  std::string path_;
};

// Reads exactly n header bytes or fails naming what was expected.
void read_header_bytes(Source& src, std::uint8_t* buf, std::size_t n, std::size_t already,
                       const std::string& path, const std::string& what) {
  const std::size_t got = src.read(buf, n);
  if (got < n)
    fail(path, "too short for the IDX header: " + what + " needs " + std::to_string(already + n) +
                   " bytes, the file has only " + std::to_string(already + got));
}

}  // namespace

std::size_t IdxArray::size() const {
  std::size_t n = 1;
  for (std::uint32_t d : dims) n *= d;
  return dims.empty() ? 0 : n;
}

IdxArray read_idx(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "is a directory, not a file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail(path, std::string("cannot open: ") + std::strerror(errno));
  // gzip streams start with 1f 8b; the first two bytes of an IDX file are 00 00
  std::uint8_t sig[2] = {0, 0};
  const std::size_t nsig = std::fread(sig, 1, 2, f);
  const bool gz = nsig == 2 && sig[0] == 0x1f && sig[1] == 0x8b;
  std::uint64_t file_length = 0;  // plain files: the length, known before anything is allocated
  std::unique_ptr<Source> src;
  if (gz) {
    std::fclose(f);
    gzFile g = gzopen(path.c_str(), "rb");
    if (!g) fail(path, std::string("cannot open as gzip: ") + std::strerror(errno));
    gzbuffer(g, 1u << 17);
    src = std::make_unique<GzSource>(g, path);
  } else {
    if (std::fseek(f, 0, SEEK_END) != 0) {
      std::fclose(f);
      fail(path, "cannot determine the file length (not a regular file?)");
    }
    const long len = std::ftell(f);
    std::rewind(f);
    if (len < 0) {
      std::fclose(f);
      fail(path, "cannot determine the file length (not a regular file?)");
    }
    file_length = static_cast<std::uint64_t>(len);
    src = std::make_unique<PlainSource>(f, path);
  }
  const std::string kind = gz ? " (after gzip decompression)" : "";

  // magic number: 00 00 <type code> <number of dimensions>
  std::uint8_t magic[4];
  read_header_bytes(*src, magic, 4, 0, path, "the magic number" + kind);
  if (magic[0] != 0 || magic[1] != 0)
    fail(path, "wrong magic number: the first two bytes must be 0x00 0x00, found " +
                   hex(magic[0]) + " " + hex(magic[1]) + kind + ": not an IDX file");
  if (magic[2] != 0x08)
    fail(path, "unsupported IDX type code " + hex(magic[2]) + " (" + type_name(magic[2]) +
                   "): only 0x08 (unsigned byte) is supported");
  const std::uint32_t ndims = magic[3];
  if (ndims == 0 || ndims > kMaxDims)
    fail(path, "the header declares " + std::to_string(ndims) +
                   " dimensions; expected 1 to " + std::to_string(kMaxDims));

  // dimension sizes: big-endian 32-bit
  IdxArray out;
  out.dims.resize(ndims);
  std::vector<std::uint8_t> dimbytes(4 * ndims);
  read_header_bytes(*src, dimbytes.data(), dimbytes.size(), 4, path,
                    "a header with " + std::to_string(ndims) + " dimensions" + kind);
  std::uint64_t declared = 1;  // prod_i dims_i, checked for overflow and against the limit
  bool too_big = false;
  for (std::uint32_t i = 0; i < ndims; ++i) {
    const std::uint8_t* b = &dimbytes[4 * i];
    out.dims[i] = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                  (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    if (out.dims[i] != 0 && declared > kIdxMaxBytes / out.dims[i]) too_big = true;
    else declared *= out.dims[i];
  }
  if (too_big)
    fail(path, "the header declares dimensions " + dims_str(out.dims) +
                   ", more than the reader's limit of " + std::to_string(kIdxMaxBytes) +
                   " data bytes (a damaged header?)");
  const std::uint64_t header = 4 + 4 * std::uint64_t{ndims};

  if (!gz) {
    // plain file: compare the declared size with the actual length before allocating
    const std::uint64_t actual = file_length - header;
    if (actual < declared)
      fail(path, "truncated: the header declares " + declared_str(out.dims, declared) + " data bytes, the file has only " +
                     std::to_string(actual) + " (file length " + std::to_string(file_length) +
                     " bytes, header " + std::to_string(header) + ")");
    if (actual > declared)
      fail(path, "trailing bytes: the header declares " + declared_str(out.dims, declared) + " data bytes, the file has " +
                     std::to_string(actual) + " (" + std::to_string(actual - declared) +
                     " extra)");
    out.data.resize(static_cast<std::size_t>(declared));
    const std::size_t got = src->read(out.data.data(), out.data.size());
    if (got != declared)
      fail(path, "read only " + std::to_string(got) + " of " + std::to_string(declared) +
                     " data bytes (the file changed while being read?)");
    return out;
  }

  // gzip: grow the buffer with the bytes actually decompressed, in chunks of at most 16 MiB
  const std::size_t chunk = std::size_t{1} << 24;
  std::size_t got = 0;
  while (got < declared) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, declared - got));
    out.data.resize(got + want);
    const std::size_t n = src->read(out.data.data() + got, want);
    got += n;
    if (n < want) break;
  }
  if (got < declared)
    fail(path, "truncated: the header declares " + declared_str(out.dims, declared) + " data bytes, the decompressed file has only " +
                   std::to_string(got));
  // anything after the declared data is an error too: count it (up to the limit)
  std::uint64_t extra = 0;
  std::vector<std::uint8_t> sink(1 << 16);
  for (std::size_t n; (n = src->read(sink.data(), sink.size())) > 0;) {
    extra += n;
    if (extra > kIdxMaxBytes) break;
  }
  if (extra > 0)
    fail(path, "trailing bytes: the header declares " + declared_str(out.dims, declared) + " data bytes, the decompressed file has " +
                   std::to_string(declared + extra) + " (" + std::to_string(extra) + " extra)");
  return out;
}

void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data) {
  if (dims.empty() || dims.size() > kMaxDims)
    throw DataError("write_idx('" + path + "'): " + std::to_string(dims.size()) +
                    " dimensions, expected 1 to " + std::to_string(kMaxDims));
  std::uint64_t n = 1;
  for (std::uint32_t d : dims) n *= d;
  if (n != data.size())
    throw DataError("write_idx('" + path + "'): dimensions " + dims_str(dims) + " = " +
                    std::to_string(n) + " values, but " + std::to_string(data.size()) +
                    " data bytes given");
  std::vector<std::uint8_t> bytes = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims) {
    // big-endian 32-bit
    bytes.push_back(static_cast<std::uint8_t>(d >> 24));
    bytes.push_back(static_cast<std::uint8_t>(d >> 16));
    bytes.push_back(static_cast<std::uint8_t>(d >> 8));
    bytes.push_back(static_cast<std::uint8_t>(d));
  }
  bytes.insert(bytes.end(), data.begin(), data.end());
  const bool gz = path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  if (gz) {
    gzFile g = gzopen(path.c_str(), "wb");
    if (!g) throw DataError("write_idx('" + path + "'): cannot open for writing");
    const int put = bytes.empty() ? 0 : gzwrite(g, bytes.data(), static_cast<unsigned>(bytes.size()));
    const int closed = gzclose(g);
    if (put != static_cast<int>(bytes.size()) || closed != Z_OK)
      throw DataError("write_idx('" + path + "'): write failed");
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw DataError("write_idx('" + path + "'): cannot open for writing: " + std::strerror(errno));
  const std::size_t put = std::fwrite(bytes.data(), 1, bytes.size(), f);
  if (std::fclose(f) != 0 || put != bytes.size())
    throw DataError("write_idx('" + path + "'): write failed");
}

}  // namespace nn
