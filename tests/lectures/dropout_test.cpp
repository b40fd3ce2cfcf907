// Worked examples of the lectures with topic `dropout` (chapter 11_dropout_regularization).
// Expected numbers from ../shared/lectures/WORKED_EXAMPLES.md; the Monte-Carlo check uses the
// seeded global generator and the catalogue's ~5 standard-error bound.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>

#include <nn/core/rng.hpp>
#include <nn/layers/dropout.hpp>

// L1-38: x'_i = 0 with probability p, x_i/(1 - p) otherwise, so E[x'] = x. CONSTRUCTED:
// h = (1, 2, 3, 4); p = 0.5 with keep-mask (1,0,1,1) -> (2, 0, 6, 8); p = 0.2 with keep-mask
// (1,1,0,1) -> (1.25, 2.5, 0, 5). MC: the mean of 1e5 draws of dropout(3.0, p = 0.3) lies within
// 0.03 of 3.0 (SE = 3 sqrt(p/(1-p)) / sqrt(1e5) = 0.0062, so 0.03 is ~4.8 SE).
TEST(Deck1, Ex38InvertedDropoutInTraining) {
  RecordProperty("catalogue_id", "L1-38");
  const arma::vec h = {1, 2, 3, 4};
  const arma::mat a = nn::dropout_with_mask(h, arma::vec{1, 0, 1, 1}, 0.5);
  EXPECT_TRUE(arma::approx_equal(a, arma::mat(arma::vec{2, 0, 6, 8}), "absdiff", 0.0));
  const arma::mat b = nn::dropout_with_mask(h, arma::vec{1, 1, 0, 1}, 0.2);
  EXPECT_TRUE(arma::approx_equal(b, arma::mat(arma::vec{1.25, 2.5, 0, 5}), "absdiff", 1e-15));

  // The layer with a fixed mask does the same.
  nn::Dropout layer(0.5);
  layer.fix_mask(arma::vec{1, 0, 1, 1});
  EXPECT_TRUE(arma::approx_equal(layer.forward(h), a, "absdiff", 0.0));

  // Monte Carlo with fresh masks from the seeded global generator.
  nn::set_seed(38);
  nn::Dropout drop(0.3);
  const arma::mat x(1, 100000, arma::fill::value(3.0));
  const arma::mat y = drop.forward(x);
  EXPECT_NEAR(arma::mean(arma::vectorise(y)), 3.0, 0.03);
  // The drop fraction is p within 5 SE (sqrt(0.21 / 1e5) = 0.00145).
  EXPECT_NEAR(static_cast<double>(arma::accu(y == 0.0)) / static_cast<double>(y.n_elem), 0.3,
              5 * 0.00145);
  EXPECT_TRUE(arma::all(arma::vectorise((y == 0.0) + (arma::abs(y - 3.0 / 0.7) < 1e-12)) == 1));
}

// L1-39 (ERRATUM formula): the slide writes h' = dropout(h) for inference (contradicting its own
// "guarantee deterministic results"). Correct: at inference inverted dropout is the identity,
// h' = h, e.g. h = (1, 2, 3, 4) -> (1, 2, 3, 4) for any p.
TEST(Deck1, Ex39DropoutAtInferenceIsTheIdentity) {
  RecordProperty("catalogue_id", "L1-39");
  const arma::mat h = arma::vec{1, 2, 3, 4};
  for (double p : {0.0, 0.2, 0.5, 0.9}) {
    nn::Dropout drop(p);
    drop.set_training(false);
    const arma::mat first = drop.forward(h);
    EXPECT_TRUE(arma::approx_equal(first, h, "absdiff", 0.0)) << "p = " << p;
    EXPECT_TRUE(arma::approx_equal(drop.forward(h), first, "absdiff", 0.0));  // deterministic
    EXPECT_TRUE(arma::approx_equal(drop.backward(h), h, "absdiff", 0.0));
  }
}
