// Worked example of the lectures with topic `regularization` (chapter 11_dropout_regularization).
// Expected numbers from ../shared/lectures/WORKED_EXAMPLES.md.
#include <gtest/gtest.h>

#include <armadillo>

#include <nn/core/parameter.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/regularization/l2.hpp>

// L1-37: min l(w, b) + (lambda/2) ||w||^2; gradient dl/dw + lambda w;
// w_{t+1} = (1 - eta lambda) w_t - eta dl/dw_t. CONSTRUCTED: w = (1, -2), dl/dw = (0.5, 0.5),
// eta = 0.1, lambda = 0.01: penalty 0.025; new w = (0.949, -2.048) by both forms; lambda = 0 gives
// plain SGD (0.95, -2.05).
TEST(Deck1, Ex37L2RegularisationAsWeightDecay) {
  RecordProperty("catalogue_id", "L1-37");
  const arma::mat w = arma::vec{1.0, -2.0};
  const arma::mat g = arma::vec{0.5, 0.5};
  EXPECT_NEAR(nn::l2_penalty(w, 0.01), 0.025, 1e-15);
  const arma::mat decayed = nn::weight_decay_step(w, g, 0.1, 0.01);
  EXPECT_NEAR(decayed(0), 0.949, 1e-12);
  EXPECT_NEAR(decayed(1), -2.048, 1e-12);

  // The same step as SGD on the penalised gradient dl/dw + lambda w.
  nn::Parameter p{"W", w, g};
  nn::add_l2_gradient({&p}, 0.01);
  nn::SGD sgd({&p}, {.lr = 0.1});
  sgd.step();
  EXPECT_NEAR(p.value(0), 0.949, 1e-12);
  EXPECT_NEAR(p.value(1), -2.048, 1e-12);
  EXPECT_NEAR(arma::abs(p.value - decayed).max(), 0.0, 1e-15);

  const arma::mat plain = nn::weight_decay_step(w, g, 0.1, 0.0);
  EXPECT_NEAR(plain(0), 0.95, 1e-15);
  EXPECT_NEAR(plain(1), -2.05, 1e-15);
}
