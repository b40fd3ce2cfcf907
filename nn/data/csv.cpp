#include <nn/data/csv.hpp>

#include <nn/core/errors.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace nn {

namespace {

std::vector<std::string> split_line(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  std::string::size_type start = 0;
  while (true) {
    const auto end = line.find(delimiter, start);
    fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return fields;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

CsvTable read_csv(const std::string& path, bool has_header, char delimiter) {
  std::ifstream in(path);
  if (!in) throw DataError("CSV file '" + path + "': cannot open: " + std::strerror(errno));
  CsvTable table;
  std::vector<double> values;  // row-major, one file line after another
  std::size_t width = 0, rows = 0, line_no = 0;
  bool header_pending = has_header;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split_line(line, delimiter);
    if (header_pending) {
      for (std::string& f : fields) table.header.push_back(trim(f));
      width = fields.size();
      header_pending = false;
      continue;
    }
    if (width == 0) width = fields.size();
    if (fields.size() != width)
      throw DataError("CSV file '" + path + "': line " + std::to_string(line_no) + " has " +
                      std::to_string(fields.size()) + " fields, expected " + std::to_string(width));
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const std::string f = trim(fields[j]);
      char* end = nullptr;
      const double v = std::strtod(f.c_str(), &end);
      if (f.empty() || end != f.c_str() + f.size())
        throw DataError("CSV file '" + path + "': line " + std::to_string(line_no) + ", column " +
                        std::to_string(j + 1) + ": '" + f + "' is not a number");
      values.push_back(v);
    }
    ++rows;
  }
  if (rows == 0) throw DataError("CSV file '" + path + "': no data lines");
  // row-major N x D values are exactly a column-major D x N matrix: column n = line n
  table.X = arma::mat(values.data(), width, rows);
  return table;
}

}  // namespace nn
