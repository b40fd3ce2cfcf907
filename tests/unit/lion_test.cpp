// nn::Lion (Chen et al. 2023): three steps by hand, a NumPy transcription of the paper's Program 1
// as oracle, the defaults, the checks of the hyper-parameters, and the two properties that make it
// Lion: the step has the size of eta in every coordinate, and sign(0) = 0.
// Oracle (PyTorch has no Lion): /usr/bin/python3 with NumPy 1.24, float64,
//   update = beta1 * m + (1 - beta1) * g; update = np.sign(update) + wd * w
//   w = w - lr * update;                   m = beta2 * m + (1 - beta2) * g
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <stdexcept>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/parameter.hpp>
#include <nn/optim/lion.hpp>

namespace {

using nn_test::Throws;

nn::Parameter weights(const arma::mat& W) {
  return {"W", W, arma::mat(arma::size(W), arma::fill::zeros)};
}

// lr 0.1, beta1 0.5, beta2 0.75, weight decay 0.5, w = (1, -2, 0.5):
//   step 1: g = (0.4, 0.2, 0),    c = 0.5 g = (0.2, 0.1, 0),          sign (1, 1, 0)
//           w = w - 0.1 (sign + 0.5 w) = (0.85, -2, 0.475);           m = 0.25 g = (0.1, 0.05, 0)
//   step 2: g = (-0.1, -0.3, 0.2), c = 0.5 m + 0.5 g = (0, -0.125, 0.1), sign (0, -1, 1)
//           w = (0.85 - 0.0425, -2 + 0.2, 0.475 - 0.12375) = (0.8075, -1.8, 0.35125)
//           m = 0.75 m + 0.25 g = (0.05, -0.0375, 0.05)
//   step 3: g = (0.2, 0.1, -0.4),  c = (0.125, 0.03125, -0.175),      sign (1, 1, -1)
//           w = (0.8075 - 0.140375, -1.8 - 0.01, 0.35125 + 0.0824375) = (0.667125, -1.81,
//           0.4336875) m = (0.0875, -0.003125, -0.0625)
TEST(Lion, ThreeStepsByHand) {
  nn::Parameter W = weights({{1.0, -2.0, 0.5}});
  nn::Lion lion({&W}, {.lr = 0.1, .beta1 = 0.5, .beta2 = 0.75, .weight_decay = 0.5});
  const std::vector<arma::mat> G = {{{0.4, 0.2, 0.0}}, {{-0.1, -0.3, 0.2}}, {{0.2, 0.1, -0.4}}};
  const std::vector<arma::mat> w = {
      {{0.85, -2.0, 0.475}}, {{0.8075, -1.8, 0.35125}}, {{0.667125, -1.81, 0.4336875}}};
  const std::vector<arma::mat> m = {
      {{0.1, 0.05, 0.0}}, {{0.05, -0.0375, 0.05}}, {{0.0875, -0.003125, -0.0625}}};
  for (std::size_t t = 0; t < G.size(); ++t) {
    W.grad = G[t];
    lion.step();
    EXPECT_EQ(lion.iterations(), static_cast<long>(t + 1));
    EXPECT_TRUE(arma::approx_equal(W.value, w[t], "absdiff", 1e-15)) << "step " << t + 1 << "\n"
                                                                     << W.value;
    EXPECT_TRUE(arma::approx_equal(lion.m(0), m[t], "absdiff", 1e-15)) << "step " << t + 1 << "\n"
                                                                       << lion.m(0);
  }
}

// The oracle on a 2 x 3 parameter with tiny gradients (1e-9: the sign still counts) and an exact 0
// (sign(0) = 0: only the decay moves that weight), lr 0.01, betas (0.9, 0.99), weight decay 0.1.
TEST(Lion, ThreeStepsMatchANumPyTranscriptionOfThePaper) {
  nn::Parameter W = weights({{0.5, -1.0, 0.0}, {2.0, 0.1, -0.3}});
  nn::Lion lion({&W}, {.lr = 0.01, .beta1 = 0.9, .beta2 = 0.99, .weight_decay = 0.1});
  const std::vector<arma::mat> G = {{{0.1, -0.2, 1e-9}, {3.0, 0.0, -0.5}},
                                    {{-0.3, 0.4, 2e-9}, {1.0, 0.0, -0.5}},
                                    {{0.05, 0.1, -1e-9}, {-2.0, 1e-8, 0.25}}};
  const std::vector<arma::mat> expected = {
      {{0.4895, -0.989, -0.01}, {1.988, 0.0999, -0.2897}},
      {{0.49901049999999997, -0.998011, -0.01999}, {1.9760119999999999, 0.0998001, -0.2794103}},
      {{0.48851148949999995, -1.007012989, -0.00997001},
       {1.9840359879999998, 0.0897002999, -0.2891308897}}};
  for (std::size_t t = 0; t < G.size(); ++t) {
    W.grad = G[t];
    lion.step();
    EXPECT_TRUE(arma::approx_equal(W.value, expected[t], "absdiff", 1e-15))
        << "step " << t + 1 << "\n"
        << W.value << "expected\n"
        << expected[t];
  }
}

// Without decay every coordinate with a nonzero c moves by exactly eta, whatever the gradient's
// size: gradients scaled by 1e6 give the same path.
TEST(Lion, EveryStepHasTheSizeOfTheLearningRate) {
  nn::Parameter small = weights({{0.3, -0.7}, {1.5, 0.0}});
  nn::Parameter large = small;
  nn::Lion a({&small}, {.lr = 0.125});
  nn::Lion b({&large}, {.lr = 0.125});
  const arma::mat before = small.value;
  small.grad = arma::mat{{2e-3, -1e-3}, {5e-4, -4e-3}};
  large.grad = 1e6 * small.grad;
  a.step();
  b.step();
  EXPECT_TRUE(arma::approx_equal(arma::abs(small.value - before),
                                 arma::mat(2, 2, arma::fill::value(0.125)), "absdiff", 1e-15));
  EXPECT_TRUE(arma::approx_equal(small.value, large.value, "absdiff", 0.0));
  EXPECT_TRUE(
      arma::approx_equal(small.value - before, -0.125 * arma::sign(small.grad), "absdiff", 1e-15));
}

TEST(Lion, DefaultsAndName) {
  nn::Parameter W = weights(arma::mat(2, 2, arma::fill::ones));
  nn::Lion lion({&W});
  EXPECT_EQ(lion.learning_rate(), 1e-4);
  EXPECT_EQ(lion.name(), "Lion(lr=0.0001, beta1=0.9, beta2=0.99, weight_decay=0)");
  // m_0 = 0
  EXPECT_TRUE(arma::approx_equal(lion.m(0), arma::mat(2, 2, arma::fill::zeros), "absdiff", 0.0));
  EXPECT_THROW(lion.m(1), std::out_of_range);
}

TEST(Lion, BadHyperParametersAreArgumentErrorsNamingTheArgument) {
  nn::Parameter W = weights(arma::mat(1, 1, arma::fill::ones));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::Lion({&W}, {.lr = 0.0}); },
                                        {"Lion: learning rate must be > 0, got 0"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::Lion({&W}, {.lr = arma::datum::nan}); },
                                        {"Lion", "learning rate"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>([&] { nn::Lion({&W}, {.lr = 1e-4, .beta1 = 1.0}); },
                                        {"Lion: beta1 must be in [0, 1), got 1"}));
  EXPECT_TRUE(
      Throws<nn::ArgumentError>([&] { nn::Lion({&W}, {.lr = 1e-4, .beta1 = 0.9, .beta2 = -0.5}); },
                                {"Lion: beta2 must be in [0, 1), got -0.5"}));
  EXPECT_TRUE(Throws<nn::ArgumentError>(
      [&] { nn::Lion({&W}, {.lr = 1e-4, .beta1 = 0.9, .beta2 = 0.99, .weight_decay = -0.1}); },
      {"Lion: weight_decay must be >= 0, got -0.1"}));
  // a gradient of the wrong shape is the shared check of Optimizer::step
  W.grad = arma::mat(2, 1, arma::fill::zeros);
  nn::Lion lion({&W});
  EXPECT_TRUE(
      Throws<nn::ShapeError>([&] { lion.step(); }, {"Lion::step (parameter W)", "2 x 1", "1 x 1"}));
}

}  // namespace
