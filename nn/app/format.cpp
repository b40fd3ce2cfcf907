#include "nn/app/format.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace nn {

void heading(const std::string& title) { std::cout << "\n== " << title << " ==\n"; }

std::string fmt(double v, int precision) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[400];  // %.*f of the largest double has 309 digits before the point
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  const std::string s = buf;
  // "-0.0000" (a rounding residue such as -1e-15, or -0.0) prints as "0.0000"
  const bool negative_zero = s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos;
  return negative_zero ? s.substr(1) : s;
}

std::string fmt(const arma::mat& M, int precision, const std::string& brackets,
                const std::string& separator) {
  if (brackets.size() != 2)
    throw std::invalid_argument("nn::fmt: brackets must be two characters, got \"" + brackets + "\"");
  std::string s(1, brackets[0]);
  for (arma::uword i = 0; i < M.n_elem; ++i) s += (i ? separator : "") + fmt(M(i), precision);
  return s + brackets[1];
}

std::string grouped(arma::uword n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';  // a comma before each group of 3
    out += digits[i];
  }
  return out;
}

}  // namespace nn
