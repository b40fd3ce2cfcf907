#include <nn/data/synthetic.hpp>

#include <nn/core/errors.hpp>

#include <cmath>
#include <string>

namespace nn {

namespace {

constexpr double kPi = 3.141592653589793;

// X += N(0, noise^2) entry by entry (nothing drawn when noise == 0)
void add_noise(arma::mat& X, double noise, Rng& rng) {
  if (noise == 0.0) return;
  X += rng.randn(X.n_rows, X.n_cols, 0.0, noise);
}

}  // namespace

Dataset make_xor(arma::uword n, double noise, Rng& rng) {
  const arma::mat corners = {{0, 0, 1, 1}, {0, 1, 0, 1}};
  const arma::uvec truth = {0, 1, 1, 0};  // y = x1 XOR x2
  Dataset d{arma::mat(2, n), arma::uvec(n)};
  for (arma::uword i = 0; i < n; ++i) {
    d.X.col(i) = corners.col(i % 4);
    d.y(i) = truth(i % 4);
  }
  add_noise(d.X, noise, rng);
  return d;
}

Dataset make_blobs(arma::uword n_per_class, const arma::mat& centers, double sd, Rng& rng) {
  const arma::uword K = centers.n_cols, D = centers.n_rows;
  Dataset d{arma::mat(D, K * n_per_class), arma::uvec(K * n_per_class)};
  if (n_per_class == 0) return d;
  for (arma::uword k = 0; k < K; ++k) {
    const arma::span cols(k * n_per_class, (k + 1) * n_per_class - 1);
    // x = c_k + sd z, z ~ N(0, I)
    d.X.cols(cols) = rng.randn(D, n_per_class, 0.0, sd);
    d.X.cols(cols).each_col() += centers.col(k);
    d.y(cols).fill(k);
  }
  return d;
}

Dataset make_moons(arma::uword n, double noise, Rng& rng) {
  const arma::uword n_out = n / 2, n_in = n - n_out;
  Dataset d{arma::mat(2, n), arma::uvec(n)};
  const arma::vec t_out = arma::linspace(0.0, kPi, n_out), t_in = arma::linspace(0.0, kPi, n_in);
  for (arma::uword i = 0; i < n_out; ++i) {
    d.X(0, i) = std::cos(t_out(i));  // (cos t, sin t)
    d.X(1, i) = std::sin(t_out(i));
    d.y(i) = 0;
  }
  for (arma::uword i = 0; i < n_in; ++i) {
    d.X(0, n_out + i) = 1.0 - std::cos(t_in(i));  // (1 - cos t, 1/2 - sin t)
    d.X(1, n_out + i) = 0.5 - std::sin(t_in(i));
    d.y(n_out + i) = 1;
  }
  add_noise(d.X, noise, rng);
  return d;
}

Dataset make_spiral(arma::uword n, arma::uword K, double noise, Rng& rng) {
  if (K == 0) throw ArgumentError("make_spiral: the number of arms K must be at least 1");
  const arma::uword m = n / K;  // points per arm
  Dataset d{arma::mat(2, K * m), arma::uvec(K * m)};
  for (arma::uword k = 0; k < K; ++k) {
    for (arma::uword i = 0; i < m; ++i) {
      const double r = (static_cast<double>(i) + 0.5) / static_cast<double>(m);  // radius in (0, 1)
      // 1.25 turns
      const double t = 2.0 * kPi * (1.25 * r + static_cast<double>(k) / static_cast<double>(K));
      d.X(0, k * m + i) = r * std::cos(t) + noise * rng.normal();
      d.X(1, k * m + i) = r * std::sin(t) + noise * rng.normal();
      d.y(k * m + i) = k;
    }
  }
  return d;
}

Dataset make_circles(arma::uword n, double noise, double factor, Rng& rng) {
  const arma::uword n_out = n / 2, n_in = n - n_out;
  Dataset d{arma::mat(2, n), arma::uvec(n)};
  for (arma::uword i = 0; i < n_out; ++i) {
    const double t = 2.0 * kPi * static_cast<double>(i) / static_cast<double>(n_out);
    d.X(0, i) = std::cos(t);  // unit circle
    d.X(1, i) = std::sin(t);
    d.y(i) = 0;
  }
  for (arma::uword i = 0; i < n_in; ++i) {
    const double t = 2.0 * kPi * static_cast<double>(i) / static_cast<double>(n_in);
    d.X(0, n_out + i) = factor * std::cos(t);  // circle of radius factor
    d.X(1, n_out + i) = factor * std::sin(t);
    d.y(n_out + i) = 1;
  }
  add_noise(d.X, noise, rng);
  return d;
}

RegressionData make_sine(arma::uword n, double lo, double hi, double noise, Rng& rng) {
  RegressionData d;
  d.X = arma::linspace<arma::rowvec>(lo, hi, n);
  d.Y = arma::sin(d.X);  // y = sin x
  add_noise(d.Y, noise, rng);
  return d;
}

double lecture_nonseparable_probability(double x1, double x2) {
  const double r2 = (x1 - 0.5) * (x1 - 0.5) + (x2 - 0.5) * (x2 - 0.5);  // r^2
  const double z = 10.0 * (std::exp(-8.0 * r2) - 0.5);                  // z = 10 (e^{-8 r^2} - 1/2)
  // BEGIN SOLUTION (companion of exercise sigmoid: the starter calls nn::sigmoid here)
  return 1.0 / (1.0 + std::exp(-z));  // P = 1 / (1 + e^{-z})
  // END SOLUTION
}

Dataset make_lecture_nonseparable(arma::uword n, Rng& rng) {
  Dataset d;
  d.X = rng.randu(2, n);  // x ~ U[0,1]^2
  d.y.set_size(n);
  for (arma::uword i = 0; i < n; ++i) {
    const double u = rng.uniform();  // y = [u < P(y=1|x)]
    d.y(i) = u < lecture_nonseparable_probability(d.X(0, i), d.X(1, i)) ? 1 : 0;
  }
  return d;
}

}  // namespace nn
