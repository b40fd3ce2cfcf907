#pragma once
/// \file
/// \brief The IDX file format of MNIST (plain or gzip-compressed): a validating reader and a writer.
///
/// An IDX file is a 4-byte magic number `00 00 <type> <ndims>`, then `ndims` big-endian 32-bit
/// dimension sizes, then the data, row-major (the last dimension varies fastest). MNIST's
/// `train-images-idx3-ubyte` is `00 00 08 03`, dimensions 60000, 28, 28, then
/// \f$ 60000 \cdot 28 \cdot 28 \f$ unsigned bytes.

#include <cstdint>
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

/// \brief The most data bytes read_idx accepts (1 GiB; MNIST's largest file has 47 MB). A header
/// declaring more is rejected before anything is allocated.
inline constexpr std::uint64_t kIdxMaxBytes = std::uint64_t{1} << 30;

/// \brief Reads an IDX file of unsigned bytes, plain or gzip-compressed (recognised by its first
/// two bytes `1f 8b`, whatever its name).
///
/// Validates everything before trusting it, and throws nn::DataError naming the file and the
/// problem: the file is missing or unreadable; shorter than its header; the magic number's first
/// two bytes are not zero (the message shows the bytes found); the type code is not 0x08
/// (unsigned byte); 0 or more than 8 dimensions; the declared size overflows or exceeds
/// nn::kIdxMaxBytes; the data are shorter than declared (truncated) or longer (trailing bytes):
/// both counts named; a corrupt gzip stream.
///
/// Never allocates more than the file can hold: a plain file's declared size is checked against
/// its length before the data buffer is allocated; a gzip file is read incrementally, so the buffer
/// grows only with bytes actually decompressed.
IdxArray read_idx(const std::string& path);

/// \brief Writes `data` with dimensions `dims` as an IDX file of unsigned bytes (type 0x08);
/// gzip-compressed if `path` ends in `.gz`. Throws nn::DataError if the sizes disagree or the file
/// cannot be written.
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims,
               const std::vector<std::uint8_t>& data);

}  // namespace nn
