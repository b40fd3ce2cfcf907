#include <nn/kernels/kernels.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include <nn/kernels/variants.hpp>

namespace nn::kernels {

namespace {

constexpr Variant kAll[] = {Variant::reference, Variant::baseline, Variant::avx2, Variant::avx512};

// The active variant, -1 until the first call of active() or set_variant().
std::atomic<int> g_active{-1};
// Where it came from, for describe(): "NN_KERNELS unset", "NN_KERNELS=avx2", "set by the program".
std::atomic<const char*> g_source{"NN_KERNELS unset"};

bool cpu_has(Variant variant) {
#ifdef NN_KERNELS_X86
  __builtin_cpu_init();
  if (variant == Variant::avx2)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (variant == Variant::avx512) return __builtin_cpu_supports("avx512f");
#else
  if (variant == Variant::avx2 || variant == Variant::avx512) return false;
#endif
  return true;
}

std::string list(const std::vector<Variant>& variants) {
  std::string out;
  for (Variant v : variants) out += (out.empty() ? "" : " ") + std::string(name(v));
  return out;
}

}  // namespace

const char* name(Variant variant) {
  switch (variant) {
    case Variant::reference:
      return "reference";
    case Variant::baseline:
      return "baseline";
    case Variant::avx2:
      return "avx2";
    case Variant::avx512:
      return "avx512";
  }
  return "?";
}

bool supported(Variant variant) { return cpu_has(variant); }

std::vector<Variant> supported_variants() {
  std::vector<Variant> out;
  for (Variant v : kAll) {
    if (supported(v)) out.push_back(v);
  }
  return out;
}

Variant best() { return supported_variants().back(); }

Variant parse_variant(const char* value) {
  std::string text = value ? value : "";
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text.empty() || text == "auto") return best();
  for (Variant v : kAll) {
    if (text != name(v)) continue;
    if (!supported(v)) {
      throw std::invalid_argument("NN_KERNELS=" + std::string(value) +
                                  ": this CPU cannot run the " + name(v) +
                                  " kernels; it runs: auto " + list(supported_variants()));
    }
    return v;
  }
  throw std::invalid_argument("NN_KERNELS='" + std::string(value) +
                              "' is not a kernel variant; expected one of: auto reference baseline "
                              "avx2 avx512 (this CPU runs: auto " +
                              list(supported_variants()) + ")");
}

Variant active() {
  int v = g_active.load(std::memory_order_acquire);
  if (v >= 0) return static_cast<Variant>(v);
  const char* env = std::getenv("NN_KERNELS");
  const int parsed = static_cast<int>(parse_variant(env));  // throws on a bad value
  if (g_active.compare_exchange_strong(v, parsed)) {        // unless set_variant came first
    static std::string source;                              // written once, here
    source = env && *env ? "NN_KERNELS=" + std::string(env) : "NN_KERNELS unset";
    g_source.store(source.c_str());
  }
  return static_cast<Variant>(g_active.load(std::memory_order_acquire));
}

void set_variant(Variant variant) {
  if (!supported(variant)) {
    throw std::invalid_argument(std::string("nn::kernels::set_variant: this CPU cannot run the ") +
                                name(variant) + " kernels; it runs: " + list(supported_variants()));
  }
  g_active.store(static_cast<int>(variant), std::memory_order_release);
  g_source.store("set by the program");
}

ScopedVariant::ScopedVariant(Variant variant)
    : previous_(active()), previous_source_(g_source.load()) {
  set_variant(variant);
}

ScopedVariant::~ScopedVariant() {
  g_active.store(static_cast<int>(previous_));
  g_source.store(previous_source_);
}

std::vector<std::string> kernel_names() {
  return {
      "exp",
      // BEGIN REFERENCE ONLY (the homework starter has no fast sigmoid or Adam: they are exercises)
      "sigmoid", "adam",
      // END REFERENCE ONLY
  };
}

std::string describe() {
  const Variant v = active();
  std::string out = std::string("kernels: ") + name(v) + " (" + g_source.load();
  if (v == Variant::reference) return out + ": the textbook loops of the formula files)";
  if (std::string(g_source.load()) == "NN_KERNELS unset") out += ": the widest this CPU runs";
  out += "; this CPU runs: " + list(supported_variants()) + ") for";
  for (const std::string& k : kernel_names()) out += " " + k;
  return out;
}

namespace detail {

void check_runnable(Variant variant, const char* kernel) {
  if (variant == Variant::reference) {
    throw std::invalid_argument(std::string(kernel) +
                                ": Variant::reference is the textbook loop of the formula file, "
                                "not a kernel of nn/kernels/");
  }
  if (!supported(variant)) {
    throw std::invalid_argument(std::string(kernel) + ": this CPU cannot run the " + name(variant) +
                                " variant; it runs: " + list(supported_variants()));
  }
}

}  // namespace detail

}  // namespace nn::kernels
