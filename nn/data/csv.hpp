#pragma once
/// \file
/// \brief A small, strict CSV reader for numeric tables (one example per line).

#include <armadillo>

#include <cstdint>
#include <string>
#include <vector>

namespace nn {

/// \brief A numeric CSV table: the header names (if any) and the values, transposed to the
/// library's layout: line \f$ n \f$ of the file is column \f$ n \f$ of `X` (\f$ D \times N \f$).
struct CsvTable {
  std::vector<std::string> header;  ///< Column names (empty if the file has no header line).
  arma::mat X;                      ///< Values, \f$ D \times N \f$: one file line per column.
};

/// \brief The default limit on the size of a CSV file nn::read_csv reads: 64 MiB. Its values
/// take at most 8 bytes per 2 bytes of text (`1,`), so reading never needs more than
/// \f$ 2 \cdot 4 \f$ times the file's size; a larger file is refused before anything is read.
inline constexpr std::uint64_t kCsvDefaultMaxBytes = std::uint64_t{64} << 20;

/// \brief How nn::read_csv reads a file.
struct CsvOptions {
  bool has_header = false;  ///< The first non-blank line holds the column names.
  /// Separates the fields: not a digit, sign, point, `e`, space or line break.
  char delimiter = ',';
  /// Accept gaps: an empty field, or `nan` in any case (`NaN`, `NAN`), reads as NaN. Off by
  /// default, when every value must be a finite number. Infinities are never accepted.
  bool allow_nan = false;
  std::uint64_t max_bytes = kCsvDefaultMaxBytes;  ///< The largest file accepted, in bytes.
};

/// \brief Reads a CSV file of decimal numbers separated by `options.delimiter`. Blank lines are
/// skipped; fields may be surrounded by spaces; `\r\n` line ends and a UTF-8 byte-order mark are
/// accepted.
///
/// A field is a decimal number: an optional sign, digits with an optional decimal point, an
/// optional exponent (`-1.5`, `+2`, `.5`, `3e-4`). Read with `std::from_chars`, so the result
/// does not depend on the locale. Numbers that are *not* values in a data table are refused, each
/// an nn::DataError naming the file, the line, the column and the text found:
/// - `nan`, `inf`, `infinity` (unless `allow_nan`, which accepts NaN and empty fields only);
/// - numbers out of the range of a double: \f$ |x| > 1.8 \cdot 10^{308} \f$ (`1e999`, which
///   `strtod` would turn into \f$ \infty \f$) and non-zero numbers that round to zero
///   (`1e-400`, below the smallest subnormal \f$ 4.9 \cdot 10^{-324} \f$); subnormal numbers are
///   accepted;
/// - hexadecimal (`0x1p3`) and anything else that is not a decimal number.
///
/// Also an nn::DataError naming the file: it cannot be opened or is not a regular file (see
/// nn::InputFile: a FIFO or a device is refused without blocking); it is larger than
/// `options.max_bytes`; no data lines; a line with a different number of fields than the first
/// (line number, both counts). A delimiter that could be part of a number is a
/// std::invalid_argument.
CsvTable read_csv(const std::string& path, const CsvOptions& options);

/// \brief nn::read_csv with a header flag and a delimiter, and the other options at their defaults.
CsvTable read_csv(const std::string& path, bool has_header = false, char delimiter = ',');

}  // namespace nn
