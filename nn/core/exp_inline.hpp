#pragma once
/// \file
/// \brief The body of nn::exp, inlined into nn::exp(double) and into every vectorised kernel of
/// `nn/kernels/` (internal: included by the library's .cpp files only).
///
/// One body for every caller is what makes the scalar function and the SSE2, AVX2 and AVX-512
/// loops give the same bits: it uses only IEEE \f$ +, -, \times \f$, comparisons and integer bit
/// operations, no table, no branch, and the library is compiled with `-ffp-contract=off` (no FMA).
/// The algorithm and its accuracy are documented at nn::exp(double).

#include <cstdint>
#include <cstring>

namespace nn::detail {

/// \brief The bits of a double as an unsigned 64-bit integer.
[[gnu::always_inline]] inline std::uint64_t bits_of(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

/// \brief The double with the bits `u`.
[[gnu::always_inline]] inline double double_of(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

/// \brief \f$ 2^k \f$ for an integer-valued double \f$ k \in [-1022, 1023] \f$, built in the
/// exponent field: \f$ k + 1023 \f$ lands in the low bits of \f$ k + 1023 + 1.5 \cdot 2^{52} \f$,
/// and a shift by 52 moves it into the exponent (the bits above it drop out).
[[gnu::always_inline]] inline double pow2i(double k) {
  return double_of(bits_of(k + (0x1.8p52 + 1023.0)) << 52);
}

/// \brief \f$ e^x \f$ to within 1 ulp, the same bits in a scalar call and in every vector width
/// (see nn::exp(double) for the algorithm).
[[gnu::always_inline]] inline double exp_inline(double x) {
  constexpr double kShift = 0x1.8p52;               // 1.5 2^52: adding it rounds to an integer
  constexpr double kLog2e = 0x1.71547652b82fep0;    // 1 / ln 2
  constexpr double kLn2Hi = 0x1.62e42fee00000p-1;   // ln 2, first 32 bits: k ln2_hi is exact
  constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;  // ln 2 - ln2_hi
  x = x < -746.0 ? -746.0 : x;                      // e^x < 2^-1075 rounds to 0 anyway (NaN stays)
  x = x > 710.0 ? 710.0 : x;                        // e^x > 2^1024 is inf anyway (NaN stays)
  const double k = (x * kLog2e + kShift) - kShift;  // k = round(x / ln 2)
  const double hi = x - k * kLn2Hi;                 // x - k ln2_hi, exact
  const double lo = k * kLn2Lo;                     // k ln2_lo
  const double r = hi - lo;                         // r = x - k ln 2, |r| <= ln2/2
  const double r_lo = (hi - r) - lo;                // the rounding error of r
  // q = (e^r - 1 - r) / r^2 = 1/2! + r/3! + ... + r^12/14! (Taylor, truncation < 2^-57)
  double q = 1.0 / 87178291200.0;                                // 1/14!
  q = q * r + 1.0 / 6227020800.0;                                // 1/13!
  q = q * r + 1.0 / 479001600.0;                                 // 1/12!
  q = q * r + 1.0 / 39916800.0;                                  // 1/11!
  q = q * r + 1.0 / 3628800.0;                                   // 1/10!
  q = q * r + 1.0 / 362880.0;                                    // 1/9!
  q = q * r + 1.0 / 40320.0;                                     // 1/8!
  q = q * r + 1.0 / 5040.0;                                      // 1/7!
  q = q * r + 1.0 / 720.0;                                       // 1/6!
  q = q * r + 1.0 / 120.0;                                       // 1/5!
  q = q * r + 1.0 / 24.0;                                        // 1/4!
  q = q * r + 1.0 / 6.0;                                         // 1/3!
  q = q * r + 0.5;                                               // 1/2!
  const double s = 1.0 + r;                                      // 1 + r, rounded
  const double s_lo = (1.0 - s) + r;                             // its rounding error, exact
  const double p = s + (r * r * q + (s_lo + r_lo * (1.0 + r)));  // e^(r + r_lo), one rounding
  const double k1 = (k * 0.5 + kShift) - kShift;                 // k1 = round(k / 2)
  return p * pow2i(k1) * pow2i(k - k1);  // p 2^k1 2^(k - k1): exact, then one rounding
}

}  // namespace nn::detail
