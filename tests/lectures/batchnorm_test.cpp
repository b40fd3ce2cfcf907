// Worked example of the lectures with topic `batchnorm` (chapter 10_batchnorm). Expected numbers
// from ../shared/lectures/WORKED_EXAMPLES.md (recomputed there in Python; checked again against
// torch.nn.BatchNorm1d in float64).
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>

#include <nn/layers/batch_norm.hpp>

// L1-36 (CONSTRUCTED example of the lecture's equations 1-4 and the running-average update):
// m_B = 4 samples, 2 features: x = (1, 0), (2, 10), (3, -10), (4, 20); gamma = (2, 0.5),
// beta = (0.1, -1). mu = (2.5, 5), sigma^2 = (1.25, 125) (biased). eps = 0: z f1 = (-2.58328157,
// -0.794427191, 0.994427191, 2.78328157), f2 = (-1.22360680, -0.776393202, -1.67082039,
// -0.329179607). eps = 0.001: z f1 = (-2.58220890, -0.794069635, 0.994069635, 2.78220890), f2 =
// (-1.22360590, -0.776394097, -1.67081771, -0.329182290). Keras running stats (momentum 0.99) after
// one batch: mean (0.025, 0.05), var (1.0025, 2.24).
TEST(Deck1, Ex36BatchNormalisationHandSizedExample) {
  RecordProperty("catalogue_id", "L1-36");
  const arma::mat X = {{1, 2, 3, 4}, {0, 10, -10, 20}};  // features x examples
  for (double eps : {0.0, 1e-3}) {
    nn::BatchNorm bn(2, 0.99, eps);
    bn.gamma().value = arma::vec{2.0, 0.5};
    bn.beta().value = arma::vec{0.1, -1.0};
    const arma::mat Z = bn.forward(X);
    EXPECT_EQ(bn.batch_mean()(0), 2.5);
    EXPECT_EQ(bn.batch_mean()(1), 5.0);
    EXPECT_EQ(bn.batch_var()(0), 1.25);
    EXPECT_EQ(bn.batch_var()(1), 125.0);
    const arma::mat expected =
        eps == 0.0 ? arma::mat{{-2.58328157, -0.794427191, 0.994427191, 2.78328157},
                               {-1.22360680, -0.776393202, -1.67082039, -0.329179607}}
                   : arma::mat{{-2.58220890, -0.794069635, 0.994069635, 2.78220890},
                               {-1.22360590, -0.776394097, -1.67081771, -0.329182290}};
    // the catalogue prints 9 significant digits: each entry within half a unit of its last digit
    for (arma::uword i = 0; i < expected.n_elem; ++i) {
      const double half_unit =
          0.5 * std::pow(10.0, std::floor(std::log10(std::abs(expected(i)))) - 8);
      EXPECT_NEAR(Z(i), expected(i), half_unit) << "eps " << eps << ", entry " << i << "\n" << Z;
    }
    if (eps == 0.0) {
      // xhat f1 = (-3, -1, 1, 3) / sqrt(5): exactly standardised (mean 0, biased variance 1).
      EXPECT_NEAR(bn.x_hat()(0, 0), -3.0 / std::sqrt(5.0), 1e-15);
      EXPECT_NEAR(arma::mean(bn.x_hat().row(1)), 0.0, 1e-15);
      EXPECT_NEAR(arma::mean(arma::square(bn.x_hat().row(1))), 1.0, 1e-15);
    }
    EXPECT_NEAR(bn.running_mean()(0), 0.025, 1e-15);
    EXPECT_NEAR(bn.running_mean()(1), 0.05, 1e-15);
    EXPECT_NEAR(bn.running_var()(0), 1.0025, 1e-12);
    EXPECT_NEAR(bn.running_var()(1), 2.24, 1e-12);
  }
  // Inference uses the running statistics: x = 1 in feature 1 ->
  // 2 (1 - 0.025) / sqrt(1.0025 + 0.001) + 0.1.
  nn::BatchNorm bn(2, 0.99, 1e-3);
  bn.gamma().value = arma::vec{2.0, 0.5};
  bn.beta().value = arma::vec{0.1, -1.0};
  bn.forward(X);
  bn.set_training(false);
  const arma::mat Zi = bn.forward(X);
  EXPECT_NEAR(Zi(0, 0), 2.0 * 0.975 / std::sqrt(1.0035) + 0.1, 1e-12);
  EXPECT_NEAR(bn.running_mean()(0), 0.025, 1e-15);  // unchanged at inference
}
