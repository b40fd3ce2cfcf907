#include <nn/data/csv.hpp>

#include <nn/core/errors.hpp>
#include <nn/data/file.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace nn {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// A field as it appears in a message: at most 40 characters.
std::string printable(std::string_view text) { return quoted_bytes(text, 40); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The decimal grammar [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?. On success
// `magnitude` is k + 1 where the value is d.ddd x 10^k (0 for zero): > 0 means |x| >= 1, so a value
// out of range overflows; <= 0 means |x| < 1, so it underflows.
bool decimal(std::string_view s, long long& magnitude) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  long long first_nonzero = -1;  // position of the first non-zero digit, counted from the left
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++int_digits)
    if (first_nonzero < 0 && s[i] != '0') first_nonzero = static_cast<long long>(int_digits);
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++frac_digits)
      if (first_nonzero < 0 && s[i] != '0')
        first_nonzero = static_cast<long long>(int_digits + frac_digits);
  }
  if (int_digits + frac_digits == 0) return false;
  long long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    std::size_t exp_digits = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++exp_digits)
      exponent = std::min<long long>(exponent * 10 + (s[i] - '0'), 1'000'000'000);  // saturates
    if (exp_digits == 0) return false;
    if (negative) exponent = -exponent;
  }
  if (i != s.size()) return false;
  // the value is d.ddd x 10^k with k = exponent + int_digits - first_nonzero - 1
  magnitude = first_nonzero < 0 ? 0 : exponent + static_cast<long long>(int_digits) - first_nonzero;
  return true;
}

// Parses field `f` into `value`; false, with `problem` saying why, if it is not an accepted number.
bool parse_number(std::string_view f, bool allow_nan, double& value, std::string& problem) {
  if (f.empty()) {
    if (allow_nan) return value = std::numeric_limits<double>::quiet_NaN(), true;
    problem = "empty field: expected a number (CsvOptions::allow_nan reads gaps as NaN)";
    return false;
  }
  long long magnitude = 0;
  if (!decimal(f, magnitude)) {
    const std::string l = lower(f[0] == '+' || f[0] == '-' ? f.substr(1) : f);
    if (l == "nan") {
      if (allow_nan) return value = std::numeric_limits<double>::quiet_NaN(), true;
      problem = printable(f) +
                " is NaN, not a number (CsvOptions::allow_nan accepts NaN for data with gaps)";
    } else if (l == "inf" || l == "infinity") {
      problem = printable(f) + " is infinite: only finite numbers are accepted";
    } else if (l.size() > 1 && l[0] == '0' && l[1] == 'x') {
      problem = printable(f) + " is a hexadecimal number: only decimal numbers are accepted";
    } else {
      problem = printable(f) + " is not a number";
    }
    return false;
  }
  const char* first = f.data() + (f[0] == '+' ? 1 : 0);  // from_chars takes no '+'
  const auto r = std::from_chars(first, f.data() + f.size(), value);
  if (r.ec == std::errc::result_out_of_range || (r.ec == std::errc() && !std::isfinite(value))) {
    problem = printable(f) +
              (magnitude > 0 ? " is out of the range of a double (larger than 1.8e308)"
                             : " is out of the range of a double: not zero, but smaller than the "
                               "smallest positive double 4.9e-324, so it would read as 0");
    return false;
  }
  if (r.ec != std::errc() || r.ptr != f.data() + f.size()) {
    problem = printable(f) + " is not a number";
    return false;
  }
  return true;
}

// Fields of one line, split at the delimiter (empty fields kept).
void split_line(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(delimiter, start);
    fields.push_back(
        line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

}  // namespace

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  const char d = options.delimiter;
  if (d == '\0' || d == '\n' || d == '\r' || d == ' ' || d == '.' || d == '+' || d == '-' ||
      d == 'e' || d == 'E' || std::isdigit(static_cast<unsigned char>(d)))
    throw std::invalid_argument(
        "read_csv('" + path + "'): the delimiter " + printable(std::string_view(&d, 1)) +
        " could be part of a number or of a line end; use ',', ';' or '\\t'");
  const std::string prefix = "CSV file '" + path + "': ";
  InputFile file(path, prefix);
  const auto too_big = [&](std::uint64_t size) {
    return DataError(prefix + "is " + std::to_string(size) + " bytes, more than the limit of " +
                     std::to_string(options.max_bytes) +
                     " bytes (raise CsvOptions::max_bytes to read it)");
  };
  if (file.size() > options.max_bytes) throw too_big(file.size());
  // one more byte: a file that grew is noticed
  std::string text(static_cast<std::size_t>(file.size()) + 1, '\0');
  text.resize(file.read(text.data(), text.size()));
  if (text.size() > options.max_bytes) throw too_big(text.size());
  if (text.size() > file.size()) throw DataError(prefix + "the file grew while being read");
  std::string_view rest(text);
  // UTF-8 byte-order mark (spreadsheets write it)
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);

  CsvTable table;
  std::vector<double> values;  // row-major, one file line after another
  std::vector<std::string_view> fields;
  std::size_t width = 0, rows = 0, line_no = 0;
  bool header_pending = options.has_header;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    ++line_no;
    if (trim(line).empty()) continue;
    split_line(line, d, fields);
    if (header_pending) {
      for (std::string_view f : fields) table.header.emplace_back(trim(f));
      width = fields.size();
      header_pending = false;
      continue;
    }
    if (width == 0) width = fields.size();
    if (fields.size() != width)
      throw DataError(prefix + "line " + std::to_string(line_no) + " has " +
                      std::to_string(fields.size()) + " fields, expected " + std::to_string(width));
    for (std::size_t j = 0; j < fields.size(); ++j) {
      double v = 0.0;
      std::string problem;
      if (!parse_number(trim(fields[j]), options.allow_nan, v, problem)) {
        // words on the first line: most likely the column names
        const bool names = rows == 0 && !options.has_header &&
                           problem.find("is not a number") != std::string::npos;
        throw DataError(
            prefix + "line " + std::to_string(line_no) + ", column " + std::to_string(j + 1) +
            ": " + problem +
            (names ? " (if this line holds the column names, read the file with has_header)" : ""));
      }
      try {
        values.push_back(v);
      } catch (const std::bad_alloc&) {
        throw OutOfMemory("out of memory: cannot hold more than " + std::to_string(values.size()) +
                          " values (" + std::to_string(8 * values.size() / 1000000) +
                          " MB) of CSV file '" + path + "'");
      }
    }
    ++rows;
  }
  if (rows == 0) throw DataError(prefix + "no data lines");
  // row-major N x D values are exactly a column-major D x N matrix: column n = line n
  try {
    table.X = arma::mat(values.data(), width, rows);
  } catch (const std::bad_alloc&) {
    throw OutOfMemory("out of memory: cannot allocate " +
                      std::to_string(8 * values.size() / 1000000) + " MB (" +
                      std::to_string(width) + " x " + std::to_string(rows) +
                      " doubles) for CSV file '" + path + "'");
  }
  return table;
}

CsvTable read_csv(const std::string& path, bool has_header, char delimiter) {
  CsvOptions options;
  options.has_header = has_header;
  options.delimiter = delimiter;
  return read_csv(path, options);
}

}  // namespace nn
