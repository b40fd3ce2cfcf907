// Worked examples of the lectures with topic `init` (chapter 09_initialization): constant
// initialisation never breaks symmetry; the variances of Glorot, He and LeCun. Expected numbers
// from ../shared/lectures/WORKED_EXAMPLES.md (recomputed there in Python); statistical checks use a
// seeded nn::Rng with the bounds the catalogue states.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <nn/core/rng.hpp>
#include <nn/init/init.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

// The 2-2-1 network of L1-34, the one chapter 09 trains.
#include "../../chapters/09_initialization/two_two_one_network.hpp"

// L1-34: constant init makes every hidden unit compute the same output, gradient and update.
// CONSTRUCTED: 2-2-1 network, sigmoid hidden and output, all weights 0.5, biases 0, x = (1, 2),
// y = 1, BCE. Catalogue: h = 0.817574476 (both), yhat = 0.693721226, dL/dz_out = -0.306278774,
// dL/dw_out = (-0.250405708, -0.250405708), both rows of dL/dW_hidden (-0.0228401962,
// -0.0456803924).
TEST(Deck1, Ex34ConstantInitialisationNeverBreaksSymmetry) {
  RecordProperty("catalogue_id", "L1-34");
  chapter09::TwoTwoOneNetwork net(chapter09::every_weight_half());  // the chapter's network
  nn::Sequential& model = net.model;
  nn::Dense &hidden = net.hidden, &out = net.out;
  nn::BinaryCrossEntropy& loss = net.loss;
  const arma::mat &x = net.x, &y = net.y;

  const arma::mat yhat = model.forward(x);
  EXPECT_NEAR(yhat(0, 0), 0.693721226, 5e-10);
  loss.forward(yhat, y);
  model.backward(loss.backward());
  EXPECT_NEAR(out.W().grad(0, 0), -0.250405708, 5e-10);
  EXPECT_EQ(out.W().grad(0, 0), out.W().grad(0, 1));
  const arma::mat& dW = hidden.W().grad;
  EXPECT_NEAR(dW(0, 0), -0.02284019622, 1e-10);
  EXPECT_NEAR(dW(0, 1), -0.04568039244, 1e-10);
  EXPECT_EQ(dW(0, 0), dW(1, 0));  // identical rows, bit for bit
  EXPECT_EQ(dW(0, 1), dW(1, 1));

  // Identical rows -> identical updates -> the two hidden units stay identical forever.
  nn::SGD sgd(model.parameters(), {.lr = 0.5});
  for (int t = 0; t < 50; ++t) {
    loss.forward(model.forward(x), y);
    model.backward(loss.backward());
    sgd.step();
  }
  EXPECT_TRUE(arma::all(hidden.W().value.row(0) == hidden.W().value.row(1)));
  EXPECT_EQ(hidden.b().value(0, 0), hidden.b().value(1, 0));
  EXPECT_NE(hidden.W().value(0, 0), 0.5);  // it did train

  // A small random init (std 0.01, the d2l reading of "N(0, 0.01)") breaks the symmetry.
  nn::Rng rng(3);
  const nn::Initializer small = [&rng](arma::uword r, arma::uword c) {
    return nn::normal_init(r, c, 0.0, 0.01, rng);
  };
  nn::Dense h2(2, 2, small);
  EXPECT_FALSE(arma::all(h2.W().value.row(0) == h2.W().value.row(1)));
}

// L1-35: Glorot sigma^2 = 1/fan_avg, He 2/fan_in, LeCun 1/fan_in. CONSTRUCTED layers 784 -> 100 and
// 100 -> 10. Catalogue (784 -> 100): Glorot var 0.00226244344 (uniform limit sqrt(6/884) =
// 0.0823852555), He 0.00255102041 (limit 0.0874817765), LeCun 0.00127551020 (limit 0.0618589574);
// (100 -> 10): Glorot 0.0181818182, He 0.02, LeCun 0.01. Statistical: the sample variance of a
// 784 x 100 draw lies within 5% of the target (relative SE ~0.5%; a wrong formula is off by >=
// 77%).
TEST(Deck1, Ex35InitialisationVariances) {
  RecordProperty("catalogue_id", "L1-35");
  // The library's exact scales, against the catalogue's 9-digit values (half a unit of the last
  // printed digit). A uniform initializer with limit r, given the generator state of a
  // uniform_init(-1, 1) draw, returns exactly r times that draw; a normal one with standard
  // deviation s returns s times the normal_init(0, 1) draw. So the ratio of the two draws' norms
  // is the initializer's own limit or standard deviation, not a formula typed in the test.
  using Draw = std::function<arma::mat(arma::uword, arma::uword, nn::Rng&)>;
  auto scale = [](const Draw& draw, bool uniform, arma::uword fan_out, arma::uword fan_in) {
    nn::Rng a(1), b(1);
    const arma::mat W = draw(fan_out, fan_in, a);
    arma::mat unit;
    if (uniform) {
      unit = nn::uniform_init(fan_out, fan_in, -1.0, 1.0, b);
    } else {
      unit = nn::normal_init(fan_out, fan_in, 0.0, 1.0, b);
    }
    return arma::norm(W, "fro") / arma::norm(unit, "fro");
  };
  auto sq = [](double s) { return s * s; };
  const Draw glorot_normal = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::glorot_normal(o, i, r);
  };
  const Draw he_normal = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::he_normal(o, i, r);
  };
  const Draw lecun_normal = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::lecun_normal(o, i, r);
  };
  const Draw glorot_uniform = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::glorot_uniform(o, i, r);
  };
  const Draw he_uniform = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::he_uniform(o, i, r);
  };
  const Draw lecun_uniform = [](arma::uword o, arma::uword i, nn::Rng& r) {
    return nn::lecun_uniform(o, i, r);
  };
  // 1 / fan_avg = 1/442
  EXPECT_NEAR(sq(scale(glorot_normal, false, 100, 784)), 0.00226244344, 5e-12);
  EXPECT_NEAR(sq(scale(he_normal, false, 100, 784)), 0.00255102041, 5e-12);     // 2 / fan_in
  EXPECT_NEAR(sq(scale(lecun_normal, false, 100, 784)), 0.00127551020, 5e-12);  // 1 / fan_in
  EXPECT_NEAR(scale(glorot_uniform, true, 100, 784), 0.0823852555, 5e-11);      // sqrt(3 / fan_avg)
  EXPECT_NEAR(scale(he_uniform, true, 100, 784), 0.0874817765, 5e-11);          // sqrt(6 / fan_in)
  EXPECT_NEAR(scale(lecun_uniform, true, 100, 784), 0.0618589574, 5e-11);       // sqrt(3 / fan_in)
  EXPECT_NEAR(sq(scale(glorot_normal, false, 10, 100)), 0.0181818182, 5e-11);   // 100 -> 10
  EXPECT_NEAR(sq(scale(he_normal, false, 10, 100)), 0.02, 5e-11);
  EXPECT_NEAR(sq(scale(lecun_normal, false, 10, 100)), 0.01, 5e-11);

  struct Scheme {
    std::string name;
    std::function<arma::mat(arma::uword, arma::uword, nn::Rng&)> draw;
    double var_784_100;
    double limit;  // uniform limit (0 for normal draws)
  };
  const std::vector<Scheme> schemes = {
      {"glorot_uniform",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_uniform(o, i, r); },
       0.00226244344, 0.0823852555},
      {"glorot_normal",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::glorot_normal(o, i, r); },
       0.00226244344, 0.0},
      {"he_uniform",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::he_uniform(o, i, r); },
       0.00255102041, 0.0874817765},
      {"he_normal", [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::he_normal(o, i, r); },
       0.00255102041, 0.0},
      {"lecun_uniform",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::lecun_uniform(o, i, r); },
       0.00127551020, 0.0618589574},
      {"lecun_normal",
       [](arma::uword o, arma::uword i, nn::Rng& r) { return nn::lecun_normal(o, i, r); },
       0.00127551020, 0.0},
  };
  nn::Rng rng(35);
  for (const Scheme& s : schemes) {
    const arma::mat W = s.draw(100, 784, rng);
    ASSERT_EQ(W.n_rows, 100u);
    ASSERT_EQ(W.n_cols, 784u);
    const double var = arma::accu(arma::square(W)) / static_cast<double>(W.n_elem);  // mean 0 known
    EXPECT_NEAR(var / s.var_784_100, 1.0, 0.05) << s.name;
    EXPECT_NEAR(arma::mean(arma::vectorise(W)), 0.0, 5.0 * std::sqrt(s.var_784_100 / W.n_elem))
        << s.name;
    if (s.limit > 0.0) {
      EXPECT_LE(arma::abs(W).max(), s.limit) << s.name;
      EXPECT_GT(arma::abs(W).max(), 0.99 * s.limit) << s.name;
    }
  }
  // 100 -> 10 (1000 draws: relative SE of the variance ~4.5% for normal, ~2.8% for uniform;
  // 5 SE of the normal case is 22%, still far from the nearest wrong formula).
  const arma::mat W = nn::he_normal(10, 100, rng);
  EXPECT_NEAR(arma::accu(arma::square(W)) / 1000.0 / 0.02, 1.0, 0.22);
}
