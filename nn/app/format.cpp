#include "nn/app/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace nn {

namespace {

// NaN and the infinities the same on every machine (printf may write "-nan"); empty otherwise.
std::string non_finite(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return "";
}

}  // namespace

void heading(const std::string& title) { std::cout << "\n== " << title << " ==\n"; }

std::string format(const char* spec, ...) {
  va_list args, again;
  va_start(args, spec);
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, spec, args);  // the length the text needs
  va_end(args);
  std::string out(static_cast<std::size_t>(std::max(n, 0)), '\0');
  std::vsnprintf(out.data(), out.size() + 1, spec, again);
  va_end(again);
  return out;
}

std::string fmt(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  const std::string s = format("%.*f", precision, v);
  // "-0.0000" (a rounding residue such as -1e-15, or -0.0) prints as "0.0000"
  const bool negative_zero = s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos;
  return negative_zero ? s.substr(1) : s;
}

std::string sci(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  return format("%.*e", precision, v == 0.0 ? 0.0 : v);  // -0.0 == 0.0: printed without a sign
}

std::string fmt(const arma::mat& M, int precision, const std::string& brackets,
                const std::string& separator) {
  if (brackets.size() != 2)
    throw std::invalid_argument("nn::fmt: brackets must be two characters, got \"" + brackets +
                                "\"");
  std::string s(1, brackets[0]);
  for (arma::uword i = 0; i < M.n_elem; ++i) s += (i ? separator : "") + fmt(M(i), precision);
  return s + brackets[1];
}

std::string fmt_rows(const arma::mat& M, int precision) {
  std::string s = "[";
  for (arma::uword i = 0; i < M.n_rows; ++i)
    s += (i ? ", " : "") + fmt(arma::mat(M.row(i)), precision);  // "[a, b]" per row
  return s + "]";
}

}  // namespace nn
