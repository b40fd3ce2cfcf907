// Worked examples of the lectures with topic `numerical-stability` (chapter 07_backprop_by_hand):
// exploding and vanishing activations and gradients along a chain of 100 one-neuron linear layers,
// and the max-subtracted softmax. Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md
// and from Python (exact 3^100 / 2^100 via fractions, rounded once to double), never from this
// library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <memory>
#include <vector>

#include <nn/activations/softmax.hpp>
#include <nn/autograd/value.hpp>
#include <nn/layers/dense.hpp>

namespace {

// float(Fraction(3**100, 2**100)) and 0.5**100 in Python.
constexpr double kOnePointFiveTo100 = 4.065611775352152e+17;
constexpr double kHalfTo100 = 7.888609052210118e-31;

// The deck-1 chain: L - 1 layers, one linear neuron each, no bias, all weights w:
// a_{l+1} = w_l a_l, a_1 = 1. Built from nn::Dense(W = [w], b = [0]) layers.
struct Chain {
  std::vector<std::unique_ptr<nn::Dense>> layers;
  Chain(double w, int L) {
    for (int l = 1; l < L; ++l)
      layers.push_back(std::make_unique<nn::Dense>(arma::mat(1, 1, arma::fill::value(w)),
                                                   arma::vec(1, arma::fill::zeros)));
  }
  // a[l] for l = 1..L (a[0] unused)
  std::vector<double> forward(double a1) {
    std::vector<double> a{0.0, a1};
    arma::mat x(1, 1, arma::fill::value(a1));
    for (auto& layer : layers) {
      x = layer->forward(x);
      a.push_back(x(0, 0));
    }
    return a;
  }
  // delta[l] = dL/da_l for l = 1..L with delta_L = 1 (delta[0] unused); needs forward first
  std::vector<double> backward(double delta_L) {
    std::vector<double> delta(layers.size() + 2, 0.0);
    arma::mat d(1, 1, arma::fill::value(delta_L));
    delta[layers.size() + 1] = delta_L;
    for (std::size_t l = layers.size(); l >= 1; --l) {
      d = layers[l - 1]->backward(d);  // delta_l = w_l delta_{l+1}
      delta[l] = d(0, 0);
    }
    return delta;
  }
};

}  // namespace

// L1-28 ERRATUM (numeric): exploding activations, a_L = a_1 prod_{k=1}^{L-1} w_k with a_1 = 1,
// L = 101. Lecture: "w = 0.5" but a2 = 1.5, a6 = 7.6, a101 = (1.5)^100 = 4.06 x 10^17 -- every
// value uses w = 1.5. Correct (w = 1.5): 1.5, 7.59375, 4.06561178e17 (the lecture's 4.06 is
// truncated).
TEST(Deck1, Ex28ExplodingActivations) {
  RecordProperty("catalogue_id", "L1-28");
  Chain chain(1.5, 101);
  const std::vector<double> a = chain.forward(1.0);
  ASSERT_EQ(a.size(), 102u);
  EXPECT_EQ(a[2], 1.5);
  EXPECT_EQ(a[6], 7.59375);  // exact in binary; lecture 7.6
  EXPECT_NEAR(a[101], kOnePointFiveTo100, 1e-12 * kOnePointFiveTo100);
  EXPECT_LE(std::abs(a[101] / 1e17 - 4.06), 0.01);  // lecture 4.06e17, truncated (4.0656)
  EXPECT_NEAR(a[6], 7.6, 0.05);                     // lecture 7.6
  // with the w = 0.5 the slide prints, the values would be those of L1-29
  Chain stated(0.5, 101);
  EXPECT_EQ(stated.forward(1.0)[101], kHalfTo100);
}

// L1-29: vanishing activations, w = 0.5, a_1 = 1, L = 101. Lecture: a2 = 0.5, a6 = 0.03125,
// a101 = 0.5^100 = 8 x 10^-31 ~ 0. Catalogue: as stated (OK); 0.5^100 = 7.88860905e-31 exactly.
TEST(Deck1, Ex29VanishingActivations) {
  RecordProperty("catalogue_id", "L1-29");
  Chain chain(0.5, 101);
  const std::vector<double> a = chain.forward(1.0);
  EXPECT_EQ(a[2], 0.5);
  EXPECT_EQ(a[6], 0.03125);
  EXPECT_EQ(a[101], kHalfTo100);  // a power of two: exact
  EXPECT_NEAR(a[101], 7.888609052e-31, 1e-12 * 7.888609052e-31 + 1e-40);
  EXPECT_LE(std::abs(a[101] - 8e-31), 0.5e-31);  // lecture 8e-31, one significant digit
}

// L1-31 ERRATUM (typo): exploding gradients, delta_101 = 1, w = 1.5. Lecture: delta_l = delta_L x
// prod_{l=L-1}^{L} w_l (as printed; must be prod_{k=l}^{L-1} w_k), delta_100 = 1.5, "a_96" = 7.6
// (means delta_96), delta_1 = 1.5^100 = 4.06 x 10^17. Correct: 1.5, 7.59375, 4.06561178e17.
TEST(Deck1, Ex31ExplodingGradients) {
  RecordProperty("catalogue_id", "L1-31");
  Chain chain(1.5, 101);
  chain.forward(1.0);
  const std::vector<double> delta = chain.backward(1.0);
  EXPECT_EQ(delta[101], 1.0);
  EXPECT_EQ(delta[100], 1.5);
  EXPECT_EQ(delta[96], 7.59375);
  EXPECT_NEAR(delta[1], kOnePointFiveTo100, 1e-12 * kOnePointFiveTo100);
  EXPECT_LE(std::abs(delta[1] / 1e17 - 4.06), 0.01);  // lecture, truncated
  // the corrected formula delta_l = delta_L prod_{k=l}^{L-1} w_k at every l
  for (int l = 1; l <= 101; ++l)
    EXPECT_NEAR(delta[l], std::pow(1.5, 101 - l), 1e-12 * std::pow(1.5, 101 - l)) << "l = " << l;
  // the scalar graph gives the same delta_1 = d a_101 / d a_1
  nn::autograd::Value a1(1.0, "a1");
  nn::autograd::Value a = a1;
  for (int l = 1; l <= 100; ++l) a = 1.5 * a;
  a.backward();
  EXPECT_NEAR(a1.grad(), kOnePointFiveTo100, 1e-12 * kOnePointFiveTo100);
}

// L1-32 ERRATUM (typo): vanishing gradients, delta_101 = 1, w = 0.5. Lecture: delta_100 = 0.5,
// "a_96" = 0.03125, delta_1 = (w)^100 = (1.5)^100 = 8 x 10^-31 -- '(1.5)^100' must be '(0.5)^100'.
// Correct: 0.5, 0.03125, 7.88860905e-31.
TEST(Deck1, Ex32VanishingGradients) {
  RecordProperty("catalogue_id", "L1-32");
  Chain chain(0.5, 101);
  chain.forward(1.0);
  const std::vector<double> delta = chain.backward(1.0);
  EXPECT_EQ(delta[100], 0.5);
  EXPECT_EQ(delta[96], 0.03125);
  EXPECT_EQ(delta[1], kHalfTo100);
  EXPECT_NEAR(delta[1], 7.888609052e-31, 1e-12 * 7.888609052e-31 + 1e-40);
  EXPECT_LE(std::abs(delta[1] - 8e-31), 0.5e-31);  // the printed 8e-31 is right for 0.5^100
  EXPECT_GT(std::abs(delta[1] - kOnePointFiveTo100), 1e17);  // and not 1.5^100 as printed
}

// L3-07: numerically stable softmax: e_z = exp(z - max z); probs = e_z / sum e_z (lecture: NumPy
// code over rows, and "what is the max value of j?" for an apple/orange/banana classifier).
// CONSTRUCTED z = (1000, 1001, 1002) and (-1000, -1000, -1000), here as two columns. Catalogue:
// max j = K = 3; (0.0900305732, 0.244728471, 0.665240956); (1/3, 1/3, 1/3); without the max
// subtraction both give NaN.
TEST(Deck3, Ex07StableSoftmax) {
  RecordProperty("catalogue_id", "L3-07");
  const arma::mat Z = {{1000.0, -1000.0}, {1001.0, -1000.0}, {1002.0, -1000.0}};
  const arma::mat P = nn::softmax(Z);
  EXPECT_EQ(P.n_rows, 3u);  // j = 1..K, K = 3 classes
  EXPECT_TRUE(P.is_finite());
  // numpy softmax of (1, 2, 3), full precision; catalogue 0.09003057317, 0.2447284711, 0.6652409558
  EXPECT_NEAR(P(0, 0), 0.09003057317038046, 1e-10);
  EXPECT_NEAR(P(1, 0), 0.24472847105479767, 1e-10);
  EXPECT_NEAR(P(2, 0), 0.6652409557748219, 1e-10);
  for (arma::uword k = 0; k < 3; ++k) EXPECT_NEAR(P(k, 1), 1.0 / 3.0, 1e-15);
  // the naive formula overflows (inf / inf) and underflows (0 / 0)
  const arma::mat E = arma::exp(Z);
  arma::mat naive = E;
  naive.each_row() /= arma::sum(E, 0);
  EXPECT_TRUE(std::isnan(naive(0, 0)));
  EXPECT_TRUE(std::isnan(naive(0, 1)));
}
