#pragma once
/// \file
/// \brief The IDX file format of MNIST (plain or gzip-compressed): a validating reader and a
/// writer.
///
/// An IDX file is a 4-byte magic number `00 00 <type> <ndims>`, then `ndims` big-endian 32-bit
/// dimension sizes, then the data, row-major (the last dimension varies fastest). MNIST's
/// `train-images-idx3-ubyte` is `00 00 08 03`, dimensions 60000, 28, 28, then
/// \f$ 60000 \cdot 28 \cdot 28 \f$ unsigned bytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nn {

/// \brief The contents of an IDX file of unsigned bytes (type code 0x08).
struct IdxArray {
  std::vector<std::uint32_t> dims;  ///< Dimension sizes, outermost first (e.g. 60000, 28, 28).
  std::vector<std::uint8_t> data;   ///< The \f$ \prod_i dims_i \f$ values, row-major.

  /// \brief The number of values the dimensions declare, \f$ \prod_i dims_i \f$.
  std::size_t size() const;
};

/// \brief The default limit on the data bytes an IDX header may declare: 64 MiB (67,108,864
/// bytes). MNIST's largest file, `train-images-idx3-ubyte`, holds 47,040,000; Fashion-MNIST's
/// are the same size. A bigger data set passes its own limit (the `max_bytes` argument of
/// nn::read_idx and nn::IdxReader).
inline constexpr std::uint64_t kIdxDefaultMaxBytes = std::uint64_t{64} << 20;

/// \brief Reads an IDX file of unsigned bytes in two steps: the constructor reads and checks the
/// header, read_data() the values. Between the two, the caller can check the dimensions (and
/// compare them with another file's, as nn::load_idx_dataset compares the image and label counts)
/// before a single payload byte is read or any memory is allocated for it.
///
/// Plain or gzip-compressed files are accepted, recognised by their first two bytes (`1f 8b` for
/// gzip), whatever their name. Every problem is an nn::DataError naming the file:
/// - it cannot be opened, or is not a regular file (a FIFO, a device, a socket, a directory: see
///   nn::InputFile, which never blocks);
/// - it is shorter than its header; the magic number's first two bytes are not zero (the bytes
///   found are shown); the type code is not 0x08 (unsigned byte); 0 or more than 8 dimensions;
/// - the declared size \f$ \prod_i dims_i \f$ overflows or exceeds `max_bytes` (checked from the
///   header alone, before anything is allocated);
/// - the data are shorter than declared (truncated) or longer (trailing bytes): both counts named;
///   a plain file's length is compared with the header before anything is read;
/// - gzip: a corrupt stream, a CRC or length mismatch in the trailer, a stream cut off before its
///   trailer (even when all the data bytes are there), or bytes after the end of the stream that
///   are not another gzip member.
///
/// Decompression stops at the promised size: a gzip "bomb" (a small file that inflates to
/// gigabytes) costs at most `max_bytes` of output plus a short look past the end (1 MiB) to tell
/// trailing bytes from a clean end.
class IdxReader {
 public:
  /// \brief Opens `path` and reads its header; throws nn::DataError as listed above.
  explicit IdxReader(const std::string& path, std::uint64_t max_bytes = kIdxDefaultMaxBytes);
  /// \brief Closes the file.
  ~IdxReader();
  IdxReader(const IdxReader&) = delete;             ///< Not copyable (owns the open file).
  IdxReader& operator=(const IdxReader&) = delete;  ///< Not copyable (owns the open file).

  /// \brief The dimension sizes from the header, outermost first (e.g. 60000, 28, 28).
  const std::vector<std::uint32_t>& dims() const;
  /// \brief The number of data bytes the header declares, \f$ \prod_i dims_i \f$.
  std::uint64_t size() const;
  /// \brief The path given to the constructor.
  const std::string& path() const;
  /// \brief The header's dimensions as text: `"60000 x 28 x 28"`.
  std::string dims_text() const;

  /// \brief Reads the size() data bytes in order, handing them to `sink(bytes, n)` in pieces of at
  /// most 1 MiB, then checks that the file ends there (no trailing bytes; for gzip, a complete
  /// stream whose CRC and length match). Call it at most once. Throws nn::DataError as listed
  /// above; the sink may have received some of the bytes by then.
  void read_data(const std::function<void(const std::uint8_t*, std::size_t)>& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// \brief Reads a whole IDX file of unsigned bytes (plain or gzip) with nn::IdxReader: the header,
/// then the data into IdxArray::data. Throws nn::DataError as nn::IdxReader lists, and
/// nn::OutOfMemory (naming the file and the size) if the data buffer cannot be allocated.
IdxArray read_idx(const std::string& path, std::uint64_t max_bytes = kIdxDefaultMaxBytes);

/// \brief Writes `data` with dimensions `dims` as an IDX file of unsigned bytes (type 0x08);
/// gzip-compressed if `path` ends in `.gz`. Throws nn::DataError if the sizes disagree or the file
/// cannot be written.
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data);

}  // namespace nn
