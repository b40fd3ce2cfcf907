#include <nn/data/idx.hpp>

#include <nn/core/errors.hpp>
#include <nn/data/file.hpp>

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <memory>
#include <sstream>
#include <stdexcept>

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
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "16-bit integer";
    case 0x0C:
      return "32-bit integer";
    case 0x0D:
      return "32-bit float";
    case 0x0E:
      return "64-bit float";
    default:
      return "not an IDX type";
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

// What a file that is not IDX seems to be, from its first bytes (" (a zip archive? ...)"), or "".
std::string looks_like(const std::uint8_t* b) {
  if (b[0] == 'P' && b[1] == 'K')
    return " (it looks like a zip archive: extract the IDX files from it)";
  if (b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
    return " (it looks like bzip2: decompress it with bunzip2)";
  if (b[0] == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X')
    return " (it looks like xz: decompress it with unxz)";
  if (b[0] == 0x78 && (b[1] == 0x01 || b[1] == 0x5e || b[1] == 0x9c || b[1] == 0xda))
    return " (it looks like a zlib stream without the gzip wrapper)";
  if (b[0] == '<') return " (it looks like an HTML or XML page: a failed download?)";
  return "";
}

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw DataError("IDX file '" + path + "': " + problem);
}

// "47.0 MB"
std::string megabytes(std::uint64_t bytes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / 1e6 << " MB";
  return s.str();
}

// read_data hands over at most 1 MiB at a time
constexpr std::size_t kPiece = std::size_t{1} << 20;
// how far past the data a gzip stream is followed
constexpr std::uint64_t kLookPast = std::uint64_t{1} << 20;

// The file's bytes with the first few (already read to recognise gzip) handed out again first.
class PrefixedFile {
 public:
  PrefixedFile(InputFile& file, const std::uint8_t* prefix, std::size_t n) : file_(file), n_(n) {
    std::memcpy(prefix_, prefix, n);
  }
  std::size_t read(std::uint8_t* buf, std::size_t n) {
    std::size_t done = 0;
    while (pos_ < n_ && done < n) buf[done++] = prefix_[pos_++];
    if (done < n) done += file_.read(buf + done, n - done);
    offset_ += done;
    return done;
  }
  std::uint64_t offset() const { return offset_; }  // bytes handed out so far
  std::uint64_t size() const { return file_.size(); }

 private:
  InputFile& file_;
  std::uint8_t prefix_[2] = {0, 0};
  std::size_t n_, pos_ = 0;
  std::uint64_t offset_ = 0;
};

// A gzip stream decompressed with zlib's inflate (gzip wrapper: header, deflate data, then a
// trailer with the CRC-32 and the length of the data, both checked by zlib). Several members one
// after the other (`cat a.gz b.gz`) are one stream, as gzip itself reads them.
class GzipStream {
 public:
  GzipStream(PrefixedFile& in, std::string path) : in_(in), path_(std::move(path)), buf_(1u << 16) {
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK)
      throw OutOfMemory("out of memory: cannot start zlib for '" + path_ + "'");
  }
  ~GzipStream() { inflateEnd(&z_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // Up to n decompressed bytes; fewer only at the end: a clean end, or cut_off().
  std::size_t read(std::uint8_t* out, std::size_t n) {
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    const uInt asked = z_.avail_out;
    while (z_.avail_out > 0 && !done_) {
      if (member_ended_) {
        // a complete member: the file ends here, or another member follows
        if (z_.avail_in == 0 && !refill()) {
          done_ = true;
          break;
        }
        inflateReset(&z_);
        member_ended_ = false;
        member_started_ = false;
        member_end_ = in_.offset() - z_.avail_in;
        ++members_;
      }
      if (z_.avail_in == 0 && !refill()) {
        done_ = cut_off_ = true;  // the file ends inside a member: no end of data, no trailer
        break;
      }
      const uInt out_before = z_.avail_out, in_before = z_.avail_in;
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (z_.avail_out != out_before) member_started_ = true;
      if (r == Z_STREAM_END) {
        member_ended_ = true;
      } else if (r == Z_DATA_ERROR || r == Z_NEED_DICT ||
                 (r == Z_BUF_ERROR && z_.avail_in == in_before && z_.avail_in > 0)) {
        corrupt();
      } else if (r == Z_MEM_ERROR) {
        throw OutOfMemory("out of memory: zlib cannot decompress '" + path_ + "'");
      }
    }
    return asked - z_.avail_out;
  }

  bool cut_off() const { return cut_off_; }

 private:
  bool refill() {
    const std::size_t n = in_.read(buf_.data(), buf_.size());
    z_.next_in = buf_.data();
    z_.avail_in = static_cast<uInt>(n);
    return n > 0;
  }

  [[noreturn]] void corrupt() {
    const std::string zmsg = z_.msg ? z_.msg : "unknown error";
    if (members_ > 0 && !member_started_)
      fail(path_, "corrupt gzip stream: the " + std::to_string(in_.size() - member_end_) +
                      " bytes after the end of the gzip data (at byte " +
                      std::to_string(member_end_) + ") are not another gzip member (zlib: " + zmsg +
                      ")");
    if (zmsg == "incorrect data check")
      fail(path_,
           "corrupt gzip stream: CRC mismatch, the decompressed data do not match the "
           "checksum in the gzip trailer (zlib: incorrect data check)");
    if (zmsg == "incorrect length check")
      fail(path_,
           "corrupt gzip stream: length mismatch, the decompressed size differs from the "
           "one in the gzip trailer (zlib: incorrect length check)");
    fail(path_, "corrupt gzip stream (zlib: " + zmsg + ")");
  }

  PrefixedFile& in_;
  std::string path_;
  std::vector<std::uint8_t> buf_;
  z_stream z_{};
  bool member_ended_ = false, member_started_ = false, done_ = false, cut_off_ = false;
  int members_ = 0;               // members completed before the current one
  std::uint64_t member_end_ = 0;  // file offset where the last complete member ended
};

}  // namespace

std::size_t IdxArray::size() const {
  std::size_t n = 1;
  for (std::uint32_t d : dims) n *= d;
  return dims.empty() ? 0 : n;
}

/// \cond INTERNAL
// The reader's state: the open file, the gzip stream if any, the header.
struct IdxReader::Impl {
  Impl(const std::string& p) : path(p), file(p, "IDX file '" + p + "': ") {}

  std::size_t read(std::uint8_t* buf, std::size_t n) {
    return gz ? gz->read(buf, n) : in->read(buf, n);
  }

  // Reads exactly n header bytes or fails naming what was expected.
  void read_header_bytes(std::uint8_t* buf, std::size_t n, std::size_t already,
                         const std::string& what) {
    const std::size_t got = read(buf, n);
    if (got < n)
      fail(path, "too short for the IDX header: " + what + " needs " + std::to_string(already + n) +
                     " bytes, the file has only " + std::to_string(already + got) + cut_note());
  }

  std::string kind() const { return gz ? " (after gzip decompression)" : ""; }
  std::string cut_note() const {
    return gz && gz->cut_off()
               ? " (the gzip stream is cut off: the file ends inside the compressed data)"
               : "";
  }
  std::string declared_text() const { return declared_str(dims, declared); }

  std::string path;
  InputFile file;
  std::unique_ptr<PrefixedFile> in;
  std::unique_ptr<GzipStream> gz;
  std::vector<std::uint32_t> dims;
  std::uint64_t declared = 0;  // data bytes, prod_i dims_i
  std::uint64_t header = 0;    // header bytes, 4 + 4 ndims
  bool data_read = false;
};
/// \endcond

IdxReader::IdxReader(const std::string& path, std::uint64_t max_bytes)
    : impl_(std::make_unique<Impl>(path)) {
  Impl& r = *impl_;
  // gzip streams start with 1f 8b; the first two bytes of an IDX file are 00 00
  std::uint8_t sig[2] = {0, 0};
  const std::size_t nsig = r.file.read(sig, 2);
  r.in = std::make_unique<PrefixedFile>(r.file, sig, nsig);
  if (nsig == 2 && sig[0] == 0x1f && sig[1] == 0x8b)
    r.gz = std::make_unique<GzipStream>(*r.in, path);

  // magic number: 00 00 <type code> <number of dimensions>
  std::uint8_t magic[4];
  r.read_header_bytes(magic, 4, 0, "the magic number" + r.kind());
  if (magic[0] != 0 || magic[1] != 0)
    fail(path, "wrong magic number: the first two bytes must be 0x00 0x00, found " + hex(magic[0]) +
                   " " + hex(magic[1]) + r.kind() + ": not an IDX file" + looks_like(magic));
  if (magic[2] != 0x08)
    fail(path, "unsupported IDX type code " + hex(magic[2]) + " (" + type_name(magic[2]) +
                   "): only 0x08 (unsigned byte) is supported");
  const std::uint32_t ndims = magic[3];
  if (ndims == 0 || ndims > kMaxDims)
    fail(path, "the header declares " + std::to_string(ndims) + " dimensions; expected 1 to " +
                   std::to_string(kMaxDims));

  // dimension sizes: big-endian 32-bit
  r.dims.resize(ndims);
  std::uint8_t dimbytes[4 * kMaxDims];
  r.read_header_bytes(dimbytes, 4 * ndims, 4,
                      "a header with " + std::to_string(ndims) + " dimensions" + r.kind());
  std::uint64_t declared = 1;  // prod_i dims_i, checked against the limit as it grows (no overflow)
  bool too_big = false;
  for (std::uint32_t i = 0; i < ndims; ++i) {
    const std::uint8_t* b = &dimbytes[4 * i];
    r.dims[i] = 0;  // d = b0 2^24 + b1 2^16 + b2 2^8 + b3 (most significant byte first)
    for (int k = 0; k < 4; ++k) r.dims[i] = (r.dims[i] << 8) | b[k];
    if (r.dims[i] != 0 && declared > max_bytes / r.dims[i])
      too_big = true;
    else
      declared *= r.dims[i];
  }
  if (std::find(r.dims.begin(), r.dims.end(), 0u) != r.dims.end()) declared = 0, too_big = false;
  if (too_big)
    fail(path, "the header declares dimensions " + dims_str(r.dims) + ", more than the limit of " +
                   std::to_string(max_bytes) + " data bytes (" + megabytes(max_bytes) +
                   "): a damaged header, or a data set larger than the reader was told to accept "
                   "(raise the max_bytes limit to read it)");
  r.declared = declared;
  r.header = 4 + 4 * std::uint64_t{ndims};

  if (!r.gz) {
    // plain file: compare the declared size with the actual length before anything is read
    const std::uint64_t length = r.file.size();
    const std::uint64_t actual = length - r.header;
    if (actual < declared)
      fail(path, "truncated: the header declares " + r.declared_text() +
                     " data bytes, the file has only " + std::to_string(actual) + " (file length " +
                     std::to_string(length) + " bytes, header " + std::to_string(r.header) + ")");
    if (actual > declared)
      fail(path, "trailing bytes: the header declares " + r.declared_text() +
                     " data bytes, the file has " + std::to_string(actual) + " (" +
                     std::to_string(actual - declared) + " extra)");
  }
}

IdxReader::~IdxReader() = default;

const std::vector<std::uint32_t>& IdxReader::dims() const { return impl_->dims; }
std::uint64_t IdxReader::size() const { return impl_->declared; }
const std::string& IdxReader::path() const { return impl_->path; }
std::string IdxReader::dims_text() const { return dims_str(impl_->dims); }

void IdxReader::read_data(const std::function<void(const std::uint8_t*, std::size_t)>& sink) {
  Impl& r = *impl_;
  if (r.data_read) throw std::logic_error("IdxReader::read_data('" + r.path + "'): called twice");
  r.data_read = true;
  std::vector<std::uint8_t> piece(static_cast<std::size_t>(
      std::min<std::uint64_t>(std::max<std::uint64_t>(r.declared, 1), kPiece)));
  std::uint64_t got = 0;
  while (got < r.declared) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), r.declared - got));
    const std::size_t n = r.read(piece.data(), want);
    if (n > 0) sink(piece.data(), n);
    got += n;
    if (n < want) break;
  }
  if (got < r.declared) {
    if (!r.gz)
      fail(r.path, "read only " + std::to_string(got) + " of " + std::to_string(r.declared) +
                       " data bytes (the file shrank while being read?)");
    fail(r.path,
         "truncated: the header declares " + r.declared_text() +
             " data bytes, the decompressed file has only " + std::to_string(got) +
             (r.gz->cut_off()
                  ? " (the gzip stream is cut off: the file ends inside the compressed data)"
                  : ""));
  }
  // the file must end exactly here
  if (!r.gz) {
    std::uint8_t probe;
    if (r.in->read(&probe, 1) > 0)
      fail(r.path, "the file grew while being read: bytes after the " + std::to_string(r.declared) +
                       " data bytes the header declares");
    return;
  }
  // gzip: follow the stream a little past the data, to tell trailing bytes from a clean end and to
  // let zlib check the trailer; never further than kLookPast (a bomb is not inflated to the end)
  std::uint64_t extra = 0;
  bool more = false;
  for (;;) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), kLookPast - extra));
    const std::size_t n = r.read(piece.data(), want);
    extra += n;
    if (n < want) break;
    if (extra >= kLookPast) {
      more = r.read(piece.data(), 1) > 0;
      if (more) ++extra;
      break;
    }
  }
  if (extra > 0) {
    const std::string found =
        more ? "more: at least " + std::to_string(extra) +
                   " extra bytes (decompression stopped there)"
             : std::to_string(r.declared + extra) + " (" + std::to_string(extra) + " extra)";
    fail(r.path, "trailing bytes: the header declares " + r.declared_text() +
                     " data bytes, the decompressed file has " + found);
  }
  if (r.gz->cut_off())
    fail(r.path,
         "truncated gzip stream: all " + std::to_string(r.declared) +
             " data bytes are there, but the file ends before the end of the gzip stream and its "
             "trailer (CRC-32 and length), so the data cannot be verified");
}

IdxArray read_idx(const std::string& path, std::uint64_t max_bytes) {
  IdxReader reader(path, max_bytes);
  IdxArray out;
  out.dims = reader.dims();
  try {
    // grows into it only with bytes actually read
    out.data.reserve(static_cast<std::size_t>(reader.size()));
  } catch (const std::bad_alloc&) {
    throw OutOfMemory("out of memory: cannot allocate " + megabytes(reader.size()) + " (" +
                      reader.dims_text() + " bytes) for the data of IDX file '" + path + "'");
  }
  reader.read_data(
      [&](const std::uint8_t* b, std::size_t n) { out.data.insert(out.data.end(), b, b + n); });
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
    const int put =
        bytes.empty() ? 0 : gzwrite(g, bytes.data(), static_cast<unsigned>(bytes.size()));
    const int closed = gzclose(g);
    if (put != static_cast<int>(bytes.size()) || closed != Z_OK)
      throw DataError("write_idx('" + path + "'): write failed");
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f)
    throw DataError("write_idx('" + path + "'): cannot open for writing: " + std::strerror(errno));
  const std::size_t put = std::fwrite(bytes.data(), 1, bytes.size(), f);
  if (std::fclose(f) != 0 || put != bytes.size())
    throw DataError("write_idx('" + path + "'): write failed");
}

}  // namespace nn
