#pragma once
/// \file
/// \brief Small synthetic data sets for the chapters: XOR, Gaussian blobs, two moons, circles, a
/// sine curve, and deck 4's non-linearly-separable 2-D set. All randomness comes from an nn::Rng.

#include <nn/core/rng.hpp>
#include <nn/data/dataset.hpp>

namespace nn {

/// \brief XOR: example \f$ i \f$ is the corner \f$ i \bmod 4 \f$ of the unit square, in the order
/// (0,0), (0,1), (1,0), (1,1), with label \f$ x_1 \oplus x_2 \f$ (0, 1, 1, 0), plus
/// \f$ \mathcal{N}(0, \text{noise}^2) \f$ on each coordinate (none drawn if `noise == 0`, so
/// `make_xor(4)` is exactly the truth table). `X`: \f$ 2 \times n \f$.
Dataset make_xor(arma::uword n = 4, double noise = 0.0, Rng& rng = global_rng());

/// \brief Gaussian blobs: `n_per_class` points \f$ c_k + \sigma z \f$, \f$ z \sim \mathcal{N}(0, I)
/// \f$, around each column \f$ c_k \f$ of `centers` (\f$ D \times K \f$), label \f$ k \f$. Columns
/// are grouped by class (class 0 first). `X`: \f$ D \times K n \f$.
Dataset make_blobs(arma::uword n_per_class, const arma::mat& centers, double sd,
                   Rng& rng = global_rng());

/// \brief Two interleaving half circles (scikit-learn's `make_moons`): \f$ \lfloor n/2 \rfloor \f$
/// points \f$ (\cos t, \sin t) \f$, label 0, and the rest \f$ (1 - \cos t, \tfrac12 - \sin t) \f$,
/// label 1, for \f$ t \f$ evenly spaced on \f$ [0, \pi] \f$, plus
/// \f$ \mathcal{N}(0, \text{noise}^2) \f$ per coordinate. `X`: \f$ 2 \times n \f$.
Dataset make_moons(arma::uword n, double noise = 0.1, Rng& rng = global_rng());

/// \brief Two concentric circles (scikit-learn's `make_circles`): \f$ \lfloor n/2 \rfloor \f$
/// points on the unit circle, label 0, the rest on the circle of radius `factor`, label 1, at
/// evenly spaced angles in \f$ [0, 2\pi) \f$, plus \f$ \mathcal{N}(0, \text{noise}^2) \f$ per
/// coordinate. `X`: \f$ 2 \times n \f$.
Dataset make_circles(arma::uword n, double noise = 0.05, double factor = 0.5,
                     Rng& rng = global_rng());

/// \brief A spiral of K arms (the playground's data set): arm \f$ k \f$ holds
/// \f$ m = \lfloor n/K \rfloor \f$ points at radius \f$ r_i = (i + \tfrac12)/m \f$ and angle
/// \f$ t = 2\pi (1.25\, r_i + k/K) \f$ (1.25 turns), i.e. \f$ (r_i \cos t, r_i \sin t) \f$, label
/// \f$ k \f$, plus \f$ \mathcal{N}(0, \text{noise}^2) \f$ per coordinate, drawn point by point
/// (also when noise is 0). `X`: \f$ 2 \times Km \f$.
Dataset make_spiral(arma::uword n, arma::uword K, double noise, Rng& rng = global_rng());

/// \brief A sine curve: \f$ x \f$ evenly spaced on \f$ [lo, hi] \f$ (`X`: \f$ 1 \times n \f$),
/// \f$ y = \sin x + \epsilon \f$, \f$ \epsilon \sim \mathcal{N}(0, \text{noise}^2) \f$ (none drawn
/// if `noise == 0`). The regression target of the "linear units fail, ReLU units succeed" example.
RegressionData make_sine(arma::uword n, double lo = 0.0, double hi = 6.283185307179586,
                         double noise = 0.0, Rng& rng = global_rng());

/// \brief \f$ P(y = 1 \mid x) \f$ of deck 4's synthetic set: a Gaussian bump centred in the square,
/// \f[ r^2 = (x_1 - \tfrac12)^2 + (x_2 - \tfrac12)^2, \quad z = 10\,(e^{-8 r^2} - \tfrac12),
///     \quad P(y = 1 \mid x) = \frac{1}{1 + e^{-z}}. \f]
double lecture_nonseparable_probability(double x1, double x2);

/// \brief Deck 4's 2-D synthetic set that is not linearly separable ("Most Datasets are not
/// Linearly Separable", the 2-4-1 sigmoid network example; the lecture's notebook
/// `sdrangan/introml neural/synthetic.ipynb`): \f$ n \f$ (400 in the lecture) points uniform on
/// \f$ [0, 1]^2 \f$, each labelled 1 with probability nn::lecture_nonseparable_probability
/// (\f$ y = [u < P(y=1 \mid x)] \f$, \f$ u \sim U[0,1) \f$). Positives concentrate in a disc of
/// radius \f$ \approx 0.29 \f$ around \f$ (\tfrac12, \tfrac12) \f$ (where \f$ z = 0 \f$:
/// \f$ r^2 = \ln 2 / 8 \f$), negatives in the corners, with a noisy boundary: no line separates
/// them. All of `X` is drawn first, then the \f$ u \f$'s, as in the notebook.
Dataset make_lecture_nonseparable(arma::uword n = 400, Rng& rng = global_rng());

}  // namespace nn
