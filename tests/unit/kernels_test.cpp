// The seam of the hand-tuned kernels (nn/kernels/): the library's exp against long double expl,
// and every kernel against its textbook loop, bit for bit (memcmp), in every variant this CPU
// runs (on an AVX-512 machine: baseline, avx2 and avx512, each called explicitly).
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/core/exp.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/kernels/kernels.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adam.hpp>

namespace {

using nn::kernels::Variant;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The kernel variants (everything but the reference) this CPU runs, printed once per test so a
// log shows which ones were exercised.
std::vector<Variant> kernel_variants() {
  std::vector<Variant> out;
  std::string names;
  for (Variant v : nn::kernels::supported_variants()) {
    if (v == Variant::reference) continue;
    out.push_back(v);
    names += std::string(names.empty() ? "" : " ") + nn::kernels::name(v);
  }
  ::testing::Test::RecordProperty("variants", names);
  std::cout << "kernel variants run on this CPU: " << names << '\n';
  return out;
}

// The distance of y from the exact value e in units of the last place of e (as a double).
double ulp_error(double y, long double e) {
  if (std::isnan(y)) return std::isnan(e) ? 0.0 : kInf;
  if (std::isinf(y)) return e >= 0x1.fffffffffffff8p1023L ? 0.0 : kInf;  // rounds to inf
  const long double a = std::fabs(e);
  long double ulp = 0x1p-1074L;
  if (a >= 0x1p-1022L) {
    int exponent = 0;
    std::frexp(a, &exponent);  // a = f 2^exponent, f in [1/2, 1)
    ulp = std::ldexp(1.0L, exponent - 53);
  }
  return static_cast<double>(std::fabs(static_cast<long double>(y) - e) / ulp);
}

// Inputs with every special case of exp and sigmoid, then n - 29 spread over [-750, 750].
std::vector<double> inputs(std::size_t n) {
  std::vector<double> x = {0.0,
                           -0.0,
                           1.0,
                           -1.0,
                           0x1p-1074,
                           -0x1p-1074,
                           0x1p-1022,
                           1e-300,
                           -1e-20,
                           kNaN,
                           -kNaN,
                           kInf,
                           -kInf,
                           709.782712893384,
                           709.7827128933841,
                           710.0,
                           1e300,
                           -745.1332191019411,
                           -745.1332191019412,
                           -746.0,
                           -1e300,
                           -708.4,
                           -720.0,
                           0.34657359027997264,
                           -0.34657359027997264,
                           36.7,
                           -36.7,
                           1e-16,
                           -DBL_MAX};
  nn::Rng rng(7);
  while (x.size() < n) {
    const double u = rng.uniform(-1.0, 1.0);
    x.push_back(x.size() % 3 == 0 ? 750.0 * u : 20.0 * u);
  }
  x.resize(n);
  return x;
}

// The sizes of the agreement tests: empty, a single element, around one AVX-512 vector (7, 8, 9),
// 8k + 3 (a vector loop and a remainder), and a large one.
const std::vector<std::size_t> kSizes = {0, 1, 7, 8, 9, 8 * 17 + 3, 8 * 1000 + 3};

// Runs kernel(x + offset, y + offset, n) on a buffer filled with a sentinel; checks that it
// matches expected[0 .. n) bit for bit and writes nothing outside [offset, offset + n).
template <typename Kernel>
void expect_bitwise(const std::vector<double>& x, const std::vector<double>& expected,
                    std::size_t offset, Kernel kernel, const std::string& what) {
  const std::size_t n = expected.size();
  std::vector<double> in(n + offset + 1, 0.5), out(n + offset + 1, -7.25);
  std::copy(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n),
            in.begin() + static_cast<std::ptrdiff_t>(offset));
  kernel(in.data() + offset, out.data() + offset, n);
  EXPECT_EQ(std::memcmp(out.data() + offset, expected.data(), n * sizeof(double)), 0)
      << what << ": differs from the textbook loop";
  for (std::size_t i = 0; i < n; ++i) {
    if (std::memcmp(&out[offset + i], &expected[i], sizeof(double)) != 0) {
      ADD_FAILURE() << what << ": first difference at " << i << ": x = " << in[offset + i]
                    << ", kernel " << out[offset + i] << ", textbook " << expected[i];
      break;
    }
  }
  for (std::size_t i = 0; i < offset; ++i) EXPECT_EQ(out[i], -7.25) << what << ": wrote before";
  EXPECT_EQ(out[offset + n], -7.25) << what << ": wrote past the end";
}

}  // namespace

// ---- nn::exp --------------------------------------------------------------------------------

// Over 8 million points (uniform in each range, plus the range boundaries) the largest error
// measured is 0.62 ulp for normal results and 0.77 ulp for subnormal ones (docs: nn::exp).
TEST(NnExp, WithinOneUlpOfLongDoubleExpl) {
  struct Range {
    const char* name;
    double lo, hi, bound;
  };
  const Range ranges[] = {{"[-ln2/2, ln2/2]", -0.3466, 0.3466, 0.65},
                          {"[-1, 1]", -1.0, 1.0, 0.65},
                          {"[-40, 40]", -40.0, 40.0, 0.65},
                          {"normal results [-708.39, 709.78]", -708.39, 709.78, 0.65},
                          {"subnormal results [-745.2, -708.4]", -745.2, -708.4, 0.8}};
  nn::Rng rng(2024);
  const int n = 1600000;
  for (const Range& r : ranges) {
    double worst = 0.0, worst_x = 0.0;
    for (int i = 0; i <= n; ++i) {
      const double x = i < 2 ? (i == 0 ? r.lo : r.hi) : rng.uniform(r.lo, r.hi);
      const double e = ulp_error(nn::exp(x), std::exp(static_cast<long double>(x)));
      if (e > worst) {
        worst = e;
        worst_x = x;
      }
    }
    std::cout << r.name << ": max " << worst << " ulp at x = " << worst_x << '\n';
    EXPECT_LE(worst, r.bound) << r.name << ": at x = " << worst_x;
  }
}

TEST(NnExp, SpecialValues) {
  EXPECT_EQ(nn::exp(0.0), 1.0);
  EXPECT_EQ(nn::exp(-0.0), 1.0);
  EXPECT_EQ(nn::exp(1.0), 2.718281828459045);
  EXPECT_EQ(nn::exp(1e-300), 1.0);
  EXPECT_EQ(nn::exp(-1e-20), 1.0);
  EXPECT_EQ(nn::exp(1e-16), 1.0);                 // 1 + 1e-16 rounds to 1
  EXPECT_EQ(nn::exp(2e-16), 1.0000000000000002);  // 1 + 2e-16 rounds up
  EXPECT_TRUE(std::isnan(nn::exp(kNaN)));
  EXPECT_TRUE(std::isnan(nn::exp(-kNaN)));
  EXPECT_EQ(nn::exp(kInf), kInf);
  EXPECT_EQ(nn::exp(-kInf), 0.0);
  EXPECT_EQ(nn::exp(1e300), kInf);
  EXPECT_EQ(nn::exp(-1e300), 0.0);
  EXPECT_EQ(nn::exp(-DBL_MAX), 0.0);
  // overflow: e^x > DBL_MAX + ulp/2 from x = 709.78271289338400 on
  EXPECT_EQ(nn::exp(709.782712893384), 0x1.fffffffffff2ap+1023);
  EXPECT_EQ(nn::exp(709.7827128933841), kInf);
  EXPECT_EQ(nn::exp(710.0), kInf);
  // underflow: the smallest subnormal 2^-1074, then 0 below e^x < 2^-1075
  EXPECT_EQ(nn::exp(-745.1332191019411), 0x1p-1074);
  EXPECT_EQ(nn::exp(-745.1332191019412), 0.0);
  EXPECT_EQ(nn::exp(-746.0), 0.0);
  EXPECT_GT(nn::exp(-720.0), 0.0);  // a subnormal result, not flushed to zero
  EXPECT_LT(nn::exp(-720.0), DBL_MIN);
  EXPECT_LE(ulp_error(nn::exp(-720.0), std::exp(-720.0L)), 0.8);
  // exact powers of two where r = 0: e^(k ln 2) is 2^k to within an ulp
  for (int k = -1000; k <= 1000; k += 37) {
    const double x = k * 0.6931471805599453;
    EXPECT_LE(ulp_error(nn::exp(x), std::exp(static_cast<long double>(x))), 0.65) << "x = " << x;
  }
}

TEST(NnExp, MatrixIsTheScalarOnEveryElement) {
  const std::vector<double> x = inputs(8 * 17 + 3);
  const arma::mat X(x.data(), 13, 11);  // any shape
  for (Variant v : nn::kernels::supported_variants()) {
    nn::kernels::ScopedVariant scoped(v);
    const arma::mat Y = nn::exp(X);
    ASSERT_EQ(arma::size(Y), arma::size(X));
    for (arma::uword i = 0; i < X.n_elem; ++i) {
      const double e = nn::exp(X[i]);
      EXPECT_EQ(std::memcmp(&Y[i], &e, sizeof e), 0) << nn::kernels::name(v) << " at x = " << X[i];
    }
  }
}

// ---- every kernel against its textbook loop ---------------------------------------------------

TEST(Kernels, ExpIsBitIdenticalToTheScalarLoop) {
  for (Variant v : kernel_variants()) {
    for (std::size_t n : kSizes) {
      const std::vector<double> x = inputs(n);
      std::vector<double> expected(n);
      for (std::size_t i = 0; i < n; ++i) expected[i] = nn::exp(x[i]);  // the textbook loop
      for (std::size_t offset : {0, 1, 3}) {
        expect_bitwise(
            x, expected, offset,
            [v](const double* a, double* b, std::size_t k) { nn::kernels::exp(a, b, k, v); },
            std::string("exp ") + nn::kernels::name(v) + " n = " + std::to_string(n) + " offset " +
                std::to_string(offset));
      }
    }
  }
}

// BEGIN REFERENCE ONLY (the starter tree has no sigmoid and Adam kernels)
TEST(Kernels, SigmoidIsBitIdenticalToTheTextbookLoop) {
  for (Variant v : kernel_variants()) {
    for (std::size_t n : kSizes) {
      const std::vector<double> z = inputs(n);
      std::vector<double> expected(n);
      for (std::size_t i = 0; i < n; ++i) expected[i] = nn::sigmoid(z[i]);  // 1 / (1 + e^-z)
      for (std::size_t offset : {0, 1, 3}) {
        expect_bitwise(
            z, expected, offset,
            [v](const double* a, double* b, std::size_t k) { nn::kernels::sigmoid(a, b, k, v); },
            std::string("sigmoid ") + nn::kernels::name(v) + " n = " + std::to_string(n) +
                " offset " + std::to_string(offset));
      }
    }
  }
}

TEST(Kernels, SigmoidSpecialValues) {
  const std::vector<double> z = {kInf, -kInf, kNaN, 0.0, -0.0, 800.0, -800.0, 40.0, -40.0};
  for (Variant v : nn::kernels::supported_variants()) {
    nn::kernels::ScopedVariant scoped(v);
    const arma::vec S = nn::sigmoid(arma::vec(z));
    EXPECT_EQ(S[0], 1.0);
    EXPECT_EQ(S[1], 0.0);
    EXPECT_TRUE(std::isnan(S[2]));
    EXPECT_EQ(S[3], 0.5);
    EXPECT_EQ(S[4], 0.5);
    EXPECT_EQ(S[5], 1.0);
    EXPECT_EQ(S[6], 0.0);
    EXPECT_EQ(S[7], 1.0);                                             // 1 - 4e-18 rounds to 1
    EXPECT_NEAR(S[8] / 4.248354255291589e-18, 1.0, 4 * DBL_EPSILON);  // e^-40 / (1 + e^-40)
  }
}

// The textbook Adam loop (nn::Adam under Variant::reference) against the kernel called directly
// on unaligned pointers, over 30 steps of gradients with zeros, tiny, huge and negative values.
TEST(Kernels, AdamIsBitIdenticalToTheTextbookLoop) {
  const nn::AdamOptions options{1e-2, 0.9, 0.999, 1e-7};
  for (Variant v : kernel_variants()) {
    for (std::size_t n : kSizes) {
      for (std::size_t offset : {0, 1, 3}) {
        nn::Rng rng(11);
        nn::Parameter P{"W", rng.randn(static_cast<arma::uword>(n), 1), arma::mat()};
        std::vector<double> w(n + offset), m(n + offset, 0.0), s(n + offset, 0.0), g(n + offset);
        std::copy(P.value.begin(), P.value.end(), w.begin() + static_cast<std::ptrdiff_t>(offset));
        nn::Adam adam({&P}, options);
        for (int t = 1; t <= 30; ++t) {
          P.grad = rng.randn(static_cast<arma::uword>(n), 1);
          for (std::size_t i = 0; i < n; ++i) {
            if (i % 5 == 0) P.grad[i] = 0.0;
            if (i % 7 == 1) P.grad[i] *= 1e-12;
            if (i % 11 == 2) P.grad[i] *= 1e12;
          }
          std::copy(P.grad.begin(), P.grad.end(), g.begin() + static_cast<std::ptrdiff_t>(offset));
          {
            nn::kernels::ScopedVariant reference(Variant::reference);
            adam.step();  // the textbook loop of nn/optim/adam.cpp
          }
          const double c1 = 1.0 - std::pow(options.beta1, t), c2 = 1.0 - std::pow(options.beta2, t);
          nn::kernels::adam(w.data() + offset, m.data() + offset, s.data() + offset,
                            g.data() + offset, n,
                            {options.beta1, options.beta2, c1, c2, options.lr, options.eps}, v);
        }
        const std::string what = std::string("adam ") + nn::kernels::name(v) +
                                 " n = " + std::to_string(n) + " offset " + std::to_string(offset);
        const std::size_t bytes = n * sizeof(double);
        EXPECT_EQ(std::memcmp(w.data() + offset, P.value.memptr(), bytes), 0) << what << ": w";
        EXPECT_EQ(std::memcmp(m.data() + offset, adam.m(0).memptr(), bytes), 0) << what << ": m";
        EXPECT_EQ(std::memcmp(s.data() + offset, adam.v(0).memptr(), bytes), 0) << what << ": v";
      }
    }
  }
}

// The vector variants divide by c1 = 1 - beta1^t and c2 = 1 - beta2^t without a divide
// instruction (a reciprocal and Markstein's correction, nn/kernels/adam.cpp). That must give the
// correctly rounded quotient for every divisor a run can meet and for moments of every size:
// here the c of beta 0.9, 0.99, 0.999, 0.9999 at t = 1..400 and at large t, random c down to
// 2^-20 (and below, where the kernel falls back to the division), c with all-ones or all-zeros
// mantissas, against the textbook loop written out here, bit for bit.
TEST(Kernels, AdamDivisionByTheStepConstantsIsExactForEveryDivisor) {
  nn::Rng rng(17);
  std::vector<double> divisors;
  for (double beta : {0.9, 0.99, 0.999, 0.9999}) {
    for (int t = 1; t <= 400; ++t) divisors.push_back(1.0 - std::pow(beta, t));
    for (int t : {1000, 12345, 600000}) divisors.push_back(1.0 - std::pow(beta, t));
  }
  for (int k = 0; k < 200; ++k) {
    divisors.push_back(std::ldexp(1.0 + rng.uniform(), -1 - static_cast<int>(k % 24)));
  }
  for (double c : {1.0, 0.5, 0x1.fffffffffffffp-1, 0x1.fffffffffffffp-7, 0x1p-20, 0x1p-21}) {
    divisors.push_back(c);
  }
  // moments of every magnitude, both signs, zeros and -0 (m), with tiny and huge g
  const std::size_t n = 8 * 64 + 5;
  std::vector<double> g0(n), m0(n), v0(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int e = static_cast<int>(i % 61) * 32 - 1000;  // 2^-1000 .. 2^920
    m0[i] = std::ldexp(rng.uniform() + 0.5, e) * (i % 2 ? -1.0 : 1.0);
    v0[i] = std::ldexp(rng.uniform() + 0.5, e + 64);
    g0[i] = std::ldexp(rng.uniform() - 0.5, e);
    if (i % 9 == 0) m0[i] = v0[i] = g0[i] = 0.0;
    if (i % 9 == 1) m0[i] = g0[i] = -0.0;
  }
  const double beta1 = 0.9, beta2 = 0.999, eta = 1e-3, eps = 1e-7;
  for (Variant variant : kernel_variants()) {
    std::size_t differ = 0;
    for (std::size_t k = 0; k < divisors.size(); ++k) {
      const double c1 = divisors[k], c2 = divisors[k * 7 % divisors.size()];
      std::vector<double> w(n, 1.0), m = m0, v = v0, w_ref(n, 1.0), m_ref = m0, v_ref = v0;
      nn::kernels::adam(w.data(), m.data(), v.data(), g0.data(), n,
                        {beta1, beta2, c1, c2, eta, eps}, variant);
      for (std::size_t i = 0; i < n; ++i) {
        m_ref[i] = beta1 * m_ref[i] + (1.0 - beta1) * g0[i];
        v_ref[i] = beta2 * v_ref[i] + (1.0 - beta2) * g0[i] * g0[i];
        w_ref[i] -= eta * (m_ref[i] / c1) / (std::sqrt(v_ref[i] / c2) + eps);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const bool same = std::memcmp(&w[i], &w_ref[i], sizeof(double)) == 0 &&
                          std::memcmp(&m[i], &m_ref[i], sizeof(double)) == 0 &&
                          std::memcmp(&v[i], &v_ref[i], sizeof(double)) == 0;
        if (!same && differ++ < 5) {
          ADD_FAILURE() << nn::kernels::name(variant) << ": c1 = " << c1 << ", c2 = " << c2
                        << ", m = " << m0[i] << ", v = " << v0[i] << ", g = " << g0[i] << ": w "
                        << w[i] << " instead of " << w_ref[i];
        }
      }
    }
    EXPECT_EQ(differ, 0u) << nn::kernels::name(variant);
  }
}

// Through the public class: nn::Adam in every variant gives the reference's bits, also with
// eps = 0 and zero gradients (0 / 0 = NaN in both) and non-finite gradients.
TEST(Kernels, AdamClassAgreesInEveryVariantWithSpecialValues) {
  const arma::mat G = {{0.0, 1e-300, -kInf, kNaN, 3.0, -2.0, 1e300, 0.0, 5e-324}};
  auto run = [&](Variant v, double eps) {
    nn::kernels::ScopedVariant scoped(v);
    nn::Parameter W{"W", arma::mat(arma::size(G), arma::fill::ones), arma::mat()};
    nn::Adam adam({&W}, {1e-3, 0.9, 0.999, eps});
    for (int t = 0; t < 3; ++t) {
      W.grad = G;
      adam.step();
    }
    return std::vector<arma::mat>{W.value, adam.m(0), adam.v(0)};
  };
  for (double eps : {1e-7, 0.0}) {
    const std::vector<arma::mat> expected = run(Variant::reference, eps);
    EXPECT_TRUE(std::isnan(expected[0][3]));
    if (eps == 0.0) EXPECT_TRUE(std::isnan(expected[0][0]));  // 0 / (0 + 0)
    for (Variant v : kernel_variants()) {
      const std::vector<arma::mat> got = run(v, eps);
      for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(std::memcmp(got[k].memptr(), expected[k].memptr(), G.n_elem * sizeof(double)), 0)
            << nn::kernels::name(v) << " eps " << eps << " array " << k << "\n"
            << got[k] << "expected\n"
            << expected[k];
      }
    }
  }
}
// END REFERENCE ONLY

// Formula-level functions on an unaligned view (a block of a bigger matrix): every variant gives
// the reference's bits.
TEST(Kernels, FormulaFunctionsAgreeOnSubmatrixViews) {
  nn::Rng rng(5);
  const arma::mat big = 30.0 * rng.randn(37, 29);
  const arma::mat Z = big.submat(3, 1, 3 + 18, 1 + 16);  // 19 x 17, copied from a view
  std::vector<arma::mat> expected;
  {
    nn::kernels::ScopedVariant reference(Variant::reference);
    expected = {nn::sigmoid(Z),
                nn::softmax(Z),
                nn::log_softmax(Z),
                nn::exp(Z),
                arma::mat(nn::logsumexp(Z)),
                nn::sigmoid(big.cols(2, 5))};
  }
  for (Variant v : kernel_variants()) {
    nn::kernels::ScopedVariant scoped(v);
    const std::vector<arma::mat> got = {nn::sigmoid(Z),
                                        nn::softmax(Z),
                                        nn::log_softmax(Z),
                                        nn::exp(Z),
                                        arma::mat(nn::logsumexp(Z)),
                                        nn::sigmoid(big.cols(2, 5))};
    for (std::size_t k = 0; k < got.size(); ++k) {
      ASSERT_EQ(arma::size(got[k]), arma::size(expected[k]));
      EXPECT_EQ(std::memcmp(got[k].memptr(), expected[k].memptr(), got[k].n_elem * sizeof(double)),
                0)
          << nn::kernels::name(v) << ": function " << k;
    }
  }
}

// A whole training run (Dense, Sigmoid, Dense, Softmax, cross-entropy, Adam): the same weights,
// bit for bit, in every variant.
TEST(Kernels, TrainingGivesTheSameBitsInEveryVariant) {
  auto train = [](Variant v) {
    nn::kernels::ScopedVariant scoped(v);
    nn::Rng rng(3);
    const arma::mat X = rng.randn(5, 64);
    arma::uvec y(64);
    for (arma::uword i = 0; i < 64; ++i) y[i] = (X(0, i) + X(1, i) > 0.0) + (X(2, i) > 0.5);
    nn::set_seed(9);
    nn::Sequential model;
    model.add<nn::Dense>(5, 23);
    model.add<nn::Sigmoid>();
    model.add<nn::Dense>(23, 3);
    model.add<nn::Softmax>();
    model.compile(nn::CategoricalCrossEntropy(), nn::Adam(model.parameters(), {.lr = 1e-2}));
    nn::FitOptions options;
    options.epochs = 5;
    options.batch_size = 16;
    options.verbose = 0;
    model.fit(X, y, options);
    std::vector<double> weights;
    for (const nn::Parameter* p : model.parameters())
      weights.insert(weights.end(), p->value.begin(), p->value.end());
    return weights;
  };
  const std::vector<double> expected = train(Variant::reference);
  for (Variant v : kernel_variants()) {
    const std::vector<double> got = train(v);
    ASSERT_EQ(got.size(), expected.size());
    EXPECT_EQ(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)), 0)
        << nn::kernels::name(v);
  }
}

// ---- choosing the variant -------------------------------------------------------------------

TEST(Kernels, ParseAcceptsTheDocumentedValues) {
  EXPECT_EQ(nn::kernels::parse_variant(nullptr), nn::kernels::best());
  EXPECT_EQ(nn::kernels::parse_variant(""), nn::kernels::best());
  EXPECT_EQ(nn::kernels::parse_variant("auto"), nn::kernels::best());
  EXPECT_EQ(nn::kernels::parse_variant(" Reference "), Variant::reference);
  EXPECT_EQ(nn::kernels::parse_variant("reference"), Variant::reference);
  EXPECT_EQ(nn::kernels::parse_variant("baseline"), Variant::baseline);
  for (Variant v : nn::kernels::supported_variants()) {
    EXPECT_EQ(nn::kernels::parse_variant(nn::kernels::name(v)), v);
  }
  EXPECT_TRUE(nn::kernels::supported(Variant::reference));
  EXPECT_TRUE(nn::kernels::supported(Variant::baseline));
  EXPECT_EQ(nn::kernels::supported_variants().front(), Variant::reference);
  EXPECT_EQ(nn::kernels::supported_variants().back(), nn::kernels::best());
}

TEST(Kernels, UnknownValueIsAnErrorNamingItAndTheChoices) {
  for (const char* bad : {"fast", "ref", "avx", "sse2", "1", "reference,avx2"}) {
    try {
      nn::kernels::parse_variant(bad);
      ADD_FAILURE() << "no error for NN_KERNELS=" << bad;
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(std::string("NN_KERNELS='") + bad + "'"), std::string::npos)
          << message;
      EXPECT_NE(message.find("auto reference baseline avx2 avx512"), std::string::npos) << message;
    }
  }
}

TEST(Kernels, UnsupportedVariantIsAnErrorNotACrash) {
  for (Variant v : {Variant::avx2, Variant::avx512}) {
    if (nn::kernels::supported(v)) continue;  // only on a CPU without it
    EXPECT_THROW(nn::kernels::parse_variant(nn::kernels::name(v)), std::invalid_argument);
    EXPECT_THROW(nn::kernels::set_variant(v), std::invalid_argument);
    double x = 1.0, y = 0.0;
    EXPECT_THROW(nn::kernels::exp(&x, &y, 1, v), std::invalid_argument);
  }
  double x = 1.0, y = 0.0;
  EXPECT_THROW(nn::kernels::exp(&x, &y, 1, Variant::reference), std::invalid_argument);
}

TEST(Kernels, ScopedVariantRestoresAndDescribeSaysWhatRuns) {
  const Variant before = nn::kernels::active();
  {
    nn::kernels::ScopedVariant reference(Variant::reference);
    EXPECT_EQ(nn::kernels::active(), Variant::reference);
    EXPECT_FALSE(nn::kernels::fast());
    EXPECT_NE(nn::kernels::describe().find("kernels: reference"), std::string::npos)
        << nn::kernels::describe();
  }
  EXPECT_EQ(nn::kernels::active(), before);
  EXPECT_EQ(nn::kernels::describe().find("set by the program"), std::string::npos)
      << "the source is restored too: " << nn::kernels::describe();
  nn::kernels::ScopedVariant widest(nn::kernels::best());
  const std::string text = nn::kernels::describe();
  EXPECT_NE(text.find(std::string("kernels: ") + nn::kernels::name(nn::kernels::best())),
            std::string::npos)
      << text;
  for (const std::string& k : nn::kernels::kernel_names()) {
    EXPECT_NE(text.find(" " + k), std::string::npos) << k << " missing from: " << text;
  }
}
