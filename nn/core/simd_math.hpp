#pragma once
/// \file
/// \brief Lets GCC vectorise loops that call `exp` (internal; included by .cpp files only).
///
/// glibc's vector math library (libmvec) has SIMD versions of `exp` (4 or 8 doubles per call,
/// within 4 ulp of the scalar function). glibc declares them itself only under `-ffast-math`;
/// declaring `exp` with the `simd` attribute lets GCC use them in any loop it vectorises, also in
/// Armadillo's element-wise loops such as `arma::exp(Z)` instantiated in the including file.
/// `NN_SIMD_EXP` is defined where that works (x86-64 Linux with GCC or Clang, not under ASan).

#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
extern "C" double exp(double) noexcept __attribute__((simd("notinbranch")));
#define NN_SIMD_EXP 1
#endif
