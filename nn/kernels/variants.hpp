#pragma once
/// \file
/// \brief How a kernel file builds its variants (internal: included by `nn/kernels/*.cpp` only).
///
/// A kernel is one loop in an always-inlined function, compiled into three thin functions: the
/// baseline one, one with `NN_TARGET_AVX2`, one with `NN_TARGET_AVX512`. The compiler vectorises
/// each for its width; the operations (and so the bits) are those of the loop. (Clang's
/// `target("avx512f")` also enables FMA instructions; the library's `-ffp-contract=off` keeps the
/// compiler from contracting `a * b + c` into one, in every variant.)

#include <nn/kernels/kernels.hpp>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// \brief Defined where the AVX2 and AVX-512 variants are built (x86-64, GCC or Clang).
#define NN_KERNELS_X86 1
/// \brief Compiles a function for AVX2 and FMA (every AVX2 CPU from Intel and AMD has both; only
/// the Adam kernel uses an FMA, explicitly, see nn/kernels/adam.cpp).
#define NN_TARGET_AVX2 __attribute__((target("avx2,fma")))
/// \brief Compiles a function for AVX-512F.
#define NN_TARGET_AVX512 __attribute__((target("avx512f")))
#endif

namespace nn::kernels::detail {

/// \brief Throws std::invalid_argument unless `variant` is a kernel variant (not
/// Variant::reference) that this CPU runs; `kernel` names the caller in the message.
void check_runnable(Variant variant, const char* kernel);

}  // namespace nn::kernels::detail
