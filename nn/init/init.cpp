#include <nn/init/init.hpp>

#include <cmath>

namespace nn {

arma::mat constant_init(arma::uword fan_out, arma::uword fan_in, double c) {
  return arma::mat(fan_out, fan_in, arma::fill::value(c));
}

arma::mat uniform_init(arma::uword fan_out, arma::uword fan_in, double lo, double hi, Rng& rng) {
  return rng.randu(fan_out, fan_in, lo, hi);
}

arma::mat normal_init(arma::uword fan_out, arma::uword fan_in, double mean, double sd, Rng& rng) {
  return rng.randn(fan_out, fan_in, mean, sd);
}

arma::mat truncated_normal_init(arma::uword fan_out, arma::uword fan_in, double mean, double sd,
                                Rng& rng) {
  arma::mat W(fan_out, fan_in);
  for (double& w : W) {
    double z = rng.normal();
    while (std::abs(z) > 2.0) z = rng.normal();  // keep |z| <= 2 standard deviations
    w = mean + sd * z;
  }
  return W;
}

arma::mat glorot_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  const double r = std::sqrt(6.0 / double(fan_in + fan_out));  // r = sqrt(6 / (fan_in + fan_out))
  return rng.randu(fan_out, fan_in, -r, r);
}

arma::mat glorot_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  const double fan_avg = 0.5 * double(fan_in + fan_out);
  return rng.randn(fan_out, fan_in, 0.0, std::sqrt(1.0 / fan_avg));  // Var = 1 / fan_avg
}

arma::mat he_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  const double r = std::sqrt(6.0 / double(fan_in));  // Var = r^2 / 3 = 2 / fan_in
  return rng.randu(fan_out, fan_in, -r, r);
}

arma::mat he_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  return rng.randn(fan_out, fan_in, 0.0, std::sqrt(2.0 / double(fan_in)));  // Var = 2 / fan_in
}

arma::mat lecun_uniform(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  const double r = std::sqrt(3.0 / double(fan_in));  // Var = r^2 / 3 = 1 / fan_in
  return rng.randu(fan_out, fan_in, -r, r);
}

arma::mat lecun_normal(arma::uword fan_out, arma::uword fan_in, Rng& rng) {
  return rng.randn(fan_out, fan_in, 0.0, std::sqrt(1.0 / double(fan_in)));  // Var = 1 / fan_in
}

}  // namespace nn
