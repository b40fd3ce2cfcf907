#pragma once
/// \file
/// \brief The one seeded random-number generator every random choice of the library goes through.

#include <armadillo>
#include <cstdint>
#include <random>

namespace nn {

/// \brief A seeded pseudo-random generator (64-bit Mersenne Twister) with the draws the library
/// needs: uniform and normal arrays, permutations, Bernoulli masks.
///
/// The same seed gives the same numbers on every platform: the distributions are computed here
/// from the raw 64-bit stream, not by the standard library's implementation-defined ones.
class Rng {
 public:
  /// \brief Creates a generator seeded with `seed`.
  explicit Rng(std::uint64_t seed = 42) { reseed(seed); }

  /// \brief Restarts the stream from `seed`.
  void reseed(std::uint64_t seed);

  /// \brief The seed of the current stream.
  std::uint64_t seed() const { return seed_; }

  /// \brief The next raw 64-bit value.
  std::uint64_t next() { return engine_(); }

  /// \brief One draw from \f$ U[0, 1) \f$ (53 random bits).
  double uniform();

  /// \brief One draw from \f$ U[lo, hi) \f$.
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// \brief One draw from \f$ \mathcal{N}(\mu, \sigma^2) \f$ (Box-Muller).
  double normal(double mean = 0.0, double sd = 1.0);

  /// \brief A uniform integer in \f$ \{0, \dots, n-1\} \f$ (unbiased, by rejection).
  arma::uword integer(arma::uword n);

  /// \brief A `rows x cols` array of independent \f$ U[lo, hi) \f$ draws.
  arma::mat randu(arma::uword rows, arma::uword cols, double lo = 0.0, double hi = 1.0);

  /// \brief A `rows x cols` array of independent \f$ \mathcal{N}(\mu, \sigma^2) \f$ draws.
  arma::mat randn(arma::uword rows, arma::uword cols, double mean = 0.0, double sd = 1.0);

  /// \brief A `rows x cols` array of 0/1 values, each 1 with probability `p`.
  arma::mat bernoulli(arma::uword rows, arma::uword cols, double p);

  /// \brief A random permutation of \f$ 0, \dots, n-1 \f$ (Fisher-Yates).
  arma::uvec permutation(arma::uword n);

  /// \brief The underlying engine, for use with `<random>` algorithms.
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
  std::uint64_t seed_ = 42;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

/// \brief The library's global generator (seed 42 until nn::set_seed is called).
Rng& global_rng();

/// \brief Seeds the global generator, and Armadillo's own (`arma::arma_rng`) for code that calls
/// `arma::randu` directly. Chapters call this once with their `--seed` flag.
void set_seed(std::uint64_t seed);

}  // namespace nn
