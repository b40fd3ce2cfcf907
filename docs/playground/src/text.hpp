#pragma once
// Numbers and strings as the playground writes them: in the query string, in JSON and in the
// exported C++ (the same digits everywhere, so a value survives every round trip bit for bit).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace playground {

// The shortest of %.15g, %.16g, %.17g that reads back as the same double ("0.03", "1e-07").
inline std::string number(double x) {
  if (std::isnan(x)) return "nan";
  char buf[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

// A C++ literal of type double for x: number(x) with ".0" where it would read as an integer.
inline std::string cpp_double(double x) {
  std::string s = number(x);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// A JSON number, or null for NaN and infinities (JSON has neither).
inline std::string json_number(double x) { return std::isfinite(x) ? number(x) : "null"; }

inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace playground
