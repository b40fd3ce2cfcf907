#pragma once
/// \file
/// \brief The one seam for hand-tuned kernels: which variant runs, and the kernels themselves.
///
/// The files students read (`nn/activations/sigmoid.cpp`, `nn/optim/adam.cpp`, `nn/core/exp.cpp`)
/// hold the textbook loop of each formula. The same loop, compiled for wider vector units, lives
/// in `nn/kernels/`: one function per kernel, each built three times (baseline x86-64 = SSE2,
/// AVX2, AVX-512F) and chosen at run time from the CPU's features. A formula file hands its work
/// to a kernel in one visible `if`, before its textbook loop (`nn/core/exp.cpp`):
/// \code
/// if (kernels::fast()) {  // the loop below, vectorised (nn/kernels/exp.cpp): the same bits
///   kernels::exp(X.memptr(), Y.memptr(), X.n_elem);
///   return Y;
/// }
/// for (arma::uword i = 0; i < X.n_elem; ++i) Y[i] = nn::exp(X[i]);  // Y = e^X, element-wise
/// \endcode
///
/// **Same bits.** Every kernel uses only IEEE \f$ +, -, \times, \div, \sqrt{} \f$, comparisons and
/// integer bit operations, in the order of its textbook loop, with no FMA contraction
/// (`-ffp-contract=off`), and the library's own nn::exp instead of the C library's. So every
/// variant, on every x86-64 CPU, gives the bits of the textbook loop; `tests/unit/kernels_test.cpp`
/// asserts it with `memcmp` for every variant the machine can run.
///
/// **Choosing.** The environment variable `NN_KERNELS`, read once at the first kernel call:
/// | `NN_KERNELS`          | runs                                                              |
/// |-----------------------|-------------------------------------------------------------------|
/// | unset, empty, `auto`  | the widest variant this CPU runs (Variant::avx512, avx2, baseline) |
/// | `reference`           | the textbook loops in the formula files, nothing from this seam     |
/// | `baseline`, `avx2`, `avx512` | that variant (an error if this CPU cannot run it)            |
///
/// Any other value is an error: the first kernel call throws std::invalid_argument naming the
/// value and the choices (there is no silent fallback). Tests and programs can also choose with
/// nn::kernels::set_variant or nn::kernels::ScopedVariant; nn::kernels::describe says what runs.

#include <cstddef>
#include <string>
#include <vector>

namespace nn::kernels {

/// \brief An implementation of the kernels.
enum class Variant {
  reference,  ///< The textbook loops of the formula files; no kernel of this seam runs.
  baseline,   ///< The kernels compiled for the baseline of the architecture (SSE2 on x86-64).
  avx2,       ///< The kernels compiled for AVX2 and FMA (x86-64, GCC or Clang).
  avx512,     ///< The kernels compiled for AVX-512F (x86-64, GCC or Clang).
};

/// \brief The name of a variant as `NN_KERNELS` spells it: `"reference"`, `"baseline"`,
/// `"avx2"`, `"avx512"`.
const char* name(Variant variant);

/// \brief The variant a value of `NN_KERNELS` asks for. Unset (`nullptr`), `""` and `"auto"` give
/// nn::kernels::best(); the four names of nn::kernels::name give that variant.
///
/// Throws std::invalid_argument for any other value, and for a variant this CPU cannot run; the
/// message names the value and lists the values this machine accepts.
Variant parse_variant(const char* value);

/// \brief True if this build and this CPU can run `variant` (reference and baseline always).
bool supported(Variant variant);

/// \brief Every variant this machine can run, from Variant::reference to the widest.
std::vector<Variant> supported_variants();

/// \brief The widest variant this CPU runs: what `NN_KERNELS=auto` selects.
Variant best();

/// \brief The variant in use. On the first call it is
/// nn::kernels::parse_variant(`getenv("NN_KERNELS")`) (which may throw, see there), unless
/// nn::kernels::set_variant chose one before.
Variant active();

/// \brief True unless the active variant is Variant::reference: the formula files then hand their
/// loops to the kernels below.
inline bool fast() { return active() != Variant::reference; }

/// \brief Makes `variant` the active one for the whole process (overrides `NN_KERNELS`). Throws
/// std::invalid_argument if this CPU cannot run it.
void set_variant(Variant variant);

/// \brief Sets a variant for the lifetime of the object and restores the previous one after
/// (for tests: `nn::kernels::ScopedVariant reference(nn::kernels::Variant::reference);`).
class ScopedVariant {
 public:
  /// \brief Makes `variant` active (see nn::kernels::set_variant).
  explicit ScopedVariant(Variant variant);
  /// \brief Restores the variant that was active before.
  ~ScopedVariant();
  ScopedVariant(const ScopedVariant&) = delete;             ///< Not copyable.
  ScopedVariant& operator=(const ScopedVariant&) = delete;  ///< Not copyable.

 private:
  Variant previous_;
  const char* previous_source_;
};

/// \brief One line saying which kernels run and why, e.g.
/// `kernels: avx512 (NN_KERNELS unset: the widest this CPU runs; it runs reference baseline avx2
/// avx512) for exp, sigmoid, adam`. The benchmark prints it.
std::string describe();

/// \brief The names of the kernels this build has: `"exp"`, `"sigmoid"`, `"adam"` (the homework
/// starter tree has only `"exp"`: the others would bypass exercises).
std::vector<std::string> kernel_names();

/// \brief The element-wise exponential \f$ y_i = e^{x_i} \f$ of `n` doubles with the `variant`'s
/// vector width; bit-identical to nn::exp(double) on every element.
///
/// `x` and `y` must not overlap; any alignment. Throws
/// std::invalid_argument for Variant::reference (the textbook loop is nn::exp(const arma::mat&))
/// or a variant this CPU cannot run.
void exp(const double* x, double* y, std::size_t n, Variant variant = active());

// BEGIN REFERENCE ONLY (the homework starter has no fast sigmoid or Adam: they are exercises)
/// \brief The logistic sigmoid \f$ s_i = 1 / (1 + e^{-z_i}) \f$ of `n` doubles; bit-identical to
/// nn::sigmoid(double) on every element. Same contract as nn::kernels::exp.
void sigmoid(const double* z, double* s, std::size_t n, Variant variant = active());

/// \brief The scalars of one Adam step \f$ t \f$ (see nn::Adam).
struct AdamStep {
  double beta1;  ///< \f$ \beta_1 \f$
  double beta2;  ///< \f$ \beta_2 \f$
  double c1;     ///< \f$ 1 - \beta_1^t \f$
  double c2;     ///< \f$ 1 - \beta_2^t \f$
  double eta;    ///< \f$ \eta \f$
  double eps;    ///< \f$ \epsilon \f$
};

/// \brief One Adam update of `n` parameters in one pass, bit-identical to the loop of
/// nn::Adam::step:
/// \f{align*}{
///   m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,
///   \\ \hat m &= m / c_1, \qquad \hat v = v / c_2, \qquad
///   w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon).
/// \f}
/// The AVX2 and AVX-512 variants compute \f$ m / c_1 \f$ and \f$ v / c_2 \f$ without a divide
/// instruction, as the correctly rounded quotient from the reciprocal \f$ r = 1/c \f$ (Markstein):
/// \f$ q = a r,\; e = a - q c \f$ (exact, one FMA), \f$ a / c = q + e r \f$ rounded once.
/// `w`, `m`, `v`, `g` must not overlap. Same contract as nn::kernels::exp otherwise.
void adam(double* w, double* m, double* v, const double* g, std::size_t n, const AdamStep& step,
          Variant variant = active());
// END REFERENCE ONLY

}  // namespace nn::kernels
