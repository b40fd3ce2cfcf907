// Fuzz target: the CSV reader. The first byte holds the options (bit 0: header line; bit 1:
// allow_nan; bits 2-3: delimiter ',' ';' '\t' '|'), the rest is the file. A table read must be
// rectangular, its values finite (NaN only with allow_nan, never an infinity), the header as wide
// as the table; anything but nn::DataError is a finding.
#include "fuzz_file.hpp"

#include <nn/core/errors.hpp>
#include <nn/data/csv.hpp>

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  nn::CsvOptions o;
  o.has_header = data[0] & 1;
  o.allow_nan = data[0] & 2;
  o.delimiter = ",;\t|"[(data[0] >> 2) & 3];
  nn_fuzz::FuzzFile f(data + 1, size - 1);
  try {
    const nn::CsvTable t = nn::read_csv(f.path(), o);
    nn_fuzz::require(t.X.n_rows > 0 && t.X.n_cols > 0);
    nn_fuzz::require(!o.has_header || t.header.size() == t.X.n_rows);
    for (double x : t.X) nn_fuzz::require(std::isfinite(x) || (o.allow_nan && std::isnan(x)));
  } catch (const nn::DataError&) {
  }
  return 0;
}
