#include <nn/core/text.hpp>

#include <sstream>

namespace nn {

std::string grouped(arma::uword n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';  // a comma before each group of 3
    out += digits[i];
  }
  return out;
}

std::string compact(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace nn
