#pragma once
/// \file
/// \brief A small, strict CSV reader for numeric tables (one example per line).

#include <armadillo>

#include <string>
#include <vector>

namespace nn {

/// \brief A numeric CSV table: the header names (if any) and the values, transposed to the
/// library's layout: line \f$ n \f$ of the file is column \f$ n \f$ of `X` (\f$ D \times N \f$).
struct CsvTable {
  std::vector<std::string> header;  ///< Column names (empty if the file has no header line).
  arma::mat X;                      ///< Values, \f$ D \times N \f$: one file line per column.
};

/// \brief Reads a CSV file of numbers separated by `delimiter`; if `has_header`, the first line
/// holds the column names. Blank lines are skipped; fields may be surrounded by spaces.
///
/// Throws nn::DataError naming the file and the problem: missing file, no data lines, a line
/// with a different number of fields than the first (line number, both counts), a field that is
/// not a number (line, column and the text found).
CsvTable read_csv(const std::string& path, bool has_header = false, char delimiter = ',');

}  // namespace nn
