#include <nn/core/rng.hpp>

#include <cmath>
#include <utility>

namespace nn {

void Rng::reseed(std::uint64_t seed) {
  seed_ = seed;
  engine_.seed(seed);
  has_spare_ = false;
}

double Rng::uniform() {
  // the top 53 bits, scaled to [0, 1)
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double Rng::normal(double mean, double sd) {
  if (has_spare_) {
    has_spare_ = false;
    return mean + sd * spare_;
  }
  // Box-Muller: r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2)
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * M_PI * u2;
  spare_ = r * std::sin(angle);
  has_spare_ = true;
  return mean + sd * r * std::cos(angle);
}

arma::uword Rng::integer(arma::uword n) {
  if (n <= 1) return 0;
  // reject the incomplete last block of the 64-bit range so every value is equally likely
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t r = engine_();
  while (r >= limit) r = engine_();
  return static_cast<arma::uword>(r % n);
}

arma::mat Rng::randu(arma::uword rows, arma::uword cols, double lo, double hi) {
  arma::mat A(rows, cols);
  for (double& a : A) a = uniform(lo, hi);
  return A;
}

arma::mat Rng::randn(arma::uword rows, arma::uword cols, double mean, double sd) {
  arma::mat A(rows, cols);
  for (double& a : A) a = normal(mean, sd);
  return A;
}

arma::mat Rng::bernoulli(arma::uword rows, arma::uword cols, double p) {
  arma::mat A(rows, cols);
  for (double& a : A) a = uniform() < p ? 1.0 : 0.0;
  return A;
}

arma::uvec Rng::permutation(arma::uword n) {
  arma::uvec perm = arma::regspace<arma::uvec>(0, n == 0 ? 0 : n - 1);
  if (n == 0) return arma::uvec();
  // Fisher-Yates: swap element i with a uniform choice among 0..i
  for (arma::uword i = n - 1; i > 0; --i) std::swap(perm(i), perm(integer(i + 1)));
  return perm;
}

Rng& global_rng() {
  static Rng rng(42);
  return rng;
}

void set_seed(std::uint64_t seed) {
  global_rng().reseed(seed);
  arma::arma_rng::set_seed(seed);
}

}  // namespace nn
