// BEGIN REFERENCE ONLY (the homework starter has no fast Adam: it would bypass the exercise)
// Adam's update, vectorised: the loop of nn::Adam::step in one pass over w, m, v and g (the
// moments are memory-bound, so the three lines are fused), compiled for the baseline (SSE2),
// AVX2 and AVX-512F. Exact IEEE division and square root in every width, so every variant gives
// the textbook loop's bits. m / c1, v / c2, the sqrt and the last division share one divide
// unit: with all four arrays in L2 (2.5 MB, 600 steps) this form takes 0.038 s where one division
// and a sqrt (eta/c1 m / (sqrt(v)/sqrt(c2) + eps)) take 0.024 s and vrcp14pd + Newton steps
// 0.021 s. In the benchmark's training the pass is memory-bound and the two exact forms cost the
// same, 0.047 s per epoch (perf), 0.004 s more than the approximate reciprocal.
#include <cmath>

#include <nn/kernels/variants.hpp>

namespace nn::kernels {

namespace {

[[gnu::always_inline]] inline void adam_loop(double* __restrict w, double* __restrict m,
                                             double* __restrict v, const double* __restrict g,
                                             std::size_t n, const AdamStep& step) {
  const double beta1 = step.beta1, beta2 = step.beta2, c1 = step.c1, c2 = step.c2;
  const double eta = step.eta, eps = step.eps;
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];         // m = beta1 m + (1 - beta1) g
    v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];  // v = beta2 v + (1 - beta2) g^2
    const double m_hat = m[i] / c1;                     // m_hat = m / (1 - beta1^t)
    const double v_hat = v[i] / c2;                     // v_hat = v / (1 - beta2^t)
    w[i] -= eta * m_hat / (std::sqrt(v_hat) + eps);     // w -= eta m_hat / (sqrt(v_hat) + eps)
  }
}

void adam_baseline(double* w, double* m, double* v, const double* g, std::size_t n,
                   const AdamStep& step) {
  adam_loop(w, m, v, g, n, step);
}
#ifdef NN_KERNELS_X86
NN_TARGET_AVX2 void adam_avx2(double* w, double* m, double* v, const double* g, std::size_t n,
                              const AdamStep& step) {
  adam_loop(w, m, v, g, n, step);
}
NN_TARGET_AVX512 void adam_avx512(double* w, double* m, double* v, const double* g, std::size_t n,
                                  const AdamStep& step) {
  adam_loop(w, m, v, g, n, step);
}
#endif

}  // namespace

void adam(double* w, double* m, double* v, const double* g, std::size_t n, const AdamStep& step,
          Variant variant) {
  detail::check_runnable(variant, "nn::kernels::adam");
#ifdef NN_KERNELS_X86
  if (variant == Variant::avx512) return adam_avx512(w, m, v, g, n, step);
  if (variant == Variant::avx2) return adam_avx2(w, m, v, g, n, step);
#endif
  adam_baseline(w, m, v, g, n, step);
}

}  // namespace nn::kernels
// END REFERENCE ONLY
