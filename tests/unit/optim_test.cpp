// Unit tests of the optimizers: Adam's first steps and SGD with momentum / Nesterov against
// PyTorch 1.13 (torch.optim.Adam with eps=1e-7, torch.optim.SGD; float64), hand-set gradients.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/parameter.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/sgd.hpp>

namespace {

nn::Parameter start_weights() {
  const arma::mat W = {{0.5, -1.0, 0.0}, {2.0, 0.1, -0.3}};
  return {"W", W, arma::mat(arma::size(W), arma::fill::zeros)};
}

// Three gradients; the 1e-9 entries are small against eps = 1e-7, so eps visibly matters.
std::vector<arma::mat> gradients() {
  return {arma::mat{{0.1, -0.2, 1e-9}, {3.0, 0.0, -0.5}},
          arma::mat{{-0.3, 0.4, 2e-9}, {1.0, 0.0, -0.5}},
          arma::mat{{0.05, 0.1, -1e-9}, {-2.0, 1e-8, 0.25}}};
}

/* Oracle (/usr/bin/python3, torch 1.13.1, float64):
   w = torch.tensor([[0.5, -1.0, 0.0], [2.0, 0.1, -0.3]], requires_grad=True)
   opt = torch.optim.Adam([w], lr=1e-2, betas=(0.9, 0.999), eps=1e-7)
   for g in grads: w.grad = g.clone(); opt.step(); print(w) */
TEST(Adam, FirstThreeStepsMatchPyTorch) {
  nn::Parameter W = start_weights();
  nn::Adam adam({&W}, {.lr = 1e-2});
  const std::vector<arma::mat> expected = {
      {{0.49000000999999, -0.9900000049999975, -9.900990099009902e-05},
       {1.9900000003333334, 0.1, -0.2900000019999996}},
      {{0.4949419061233198, -0.993661039112809, -0.0002492653757677618},
       {1.9812893612157196, 0.1, -0.28000000399999925}},
      {{0.4977168865593519, -0.9978175495405757, -0.0003078465076211481},
       {1.9790171091010431, 0.0996511473989783, -0.2748434711331949}}};
  const std::vector<arma::mat> G = gradients();
  for (std::size_t t = 0; t < G.size(); ++t) {
    W.grad = G[t];
    adam.step();
    EXPECT_EQ(adam.iterations(), static_cast<long>(t + 1));
    EXPECT_TRUE(arma::approx_equal(W.value, expected[t], "absdiff", 1e-14))
        << "step " << t + 1 << "\n"
        << W.value << "expected\n"
        << expected[t];
  }
}

// Step 1 by hand: m_hat = g and v_hat = g^2, so w -= lr g / (|g| + eps) = lr sign(g) |g| / (|g| +
// eps).
TEST(Adam, FirstStepIsLrTimesSignDampedByEps) {
  nn::Parameter W = start_weights();
  nn::Adam adam({&W}, {.lr = 1e-2, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-7});
  W.grad = gradients()[0];
  adam.step();
  EXPECT_NEAR(W.value(0, 0), 0.5 - 1e-2 * 0.1 / (0.1 + 1e-7), 1e-15);
  EXPECT_NEAR(W.value(0, 2), -1e-2 * 1e-9 / (1e-9 + 1e-7), 1e-18);  // -1e-2 / 101
  EXPECT_EQ(W.value(1, 1), 0.1);                                    // g = 0: no move
  // m = (1 - beta1) g, v = (1 - beta2) g^2 (biased estimates are stored)
  EXPECT_NEAR(adam.m(0)(1, 0), 0.1 * 3.0, 1e-15);
  EXPECT_NEAR(adam.v(0)(1, 0), 0.001 * 9.0, 1e-15);
}

TEST(Adam, DefaultsAreKeras) {
  nn::Parameter W = start_weights();
  const nn::AdamOptions o = nn::Adam({&W}).options();
  EXPECT_EQ(o.lr, 1e-3);
  EXPECT_EQ(o.beta1, 0.9);
  EXPECT_EQ(o.beta2, 0.999);
  EXPECT_EQ(o.eps, 1e-7);
  EXPECT_EQ(nn::Adam({&W}).name(), "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07)");
}

TEST(Adam, GradientShapeMismatchThrowsShapeError) {
  nn::Parameter W = start_weights();
  nn::Adam adam({&W});
  W.grad.set_size(3, 2);
  try {
    adam.step();
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("3 x 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2 x 3"), std::string::npos) << e.what();
  }
}

TEST(Adam, RejectsBadHyperParameters) {
  nn::Parameter W = start_weights();
  EXPECT_THROW(nn::Adam({&W}, {.lr = 0.0}), std::invalid_argument);
  EXPECT_THROW(nn::Adam({&W}, {.lr = 1e-3, .beta1 = 1.0}), std::invalid_argument);
}

TEST(SGD, PlainStepIsWMinusEtaG) {
  nn::Parameter W = start_weights();
  nn::SGD sgd({&W}, {.lr = 0.1});
  W.grad = gradients()[0];
  sgd.step();
  const arma::mat expected = start_weights().value - 0.1 * gradients()[0];  // w - eta g
  EXPECT_TRUE(arma::approx_equal(W.value, expected, "absdiff", 1e-15));
  EXPECT_EQ(sgd.name(), "SGD(lr=0.1)");
}

// The lecture's form, by hand for one scalar: v1 = -eta g1, w1 = w0 + v1;
// v2 = mu v1 - eta g2, w2 = w1 + v2.  w0 = 2, g = 3, 1, eta = 0.1, mu = 0.9:
// v1 = -0.3, w1 = 1.7; v2 = -0.27 - 0.1 = -0.37, w2 = 1.33.
TEST(SGD, MomentumIsTheLectureForm) {
  nn::Parameter w{"w", arma::mat{2.0}, arma::mat{0.0}};
  nn::SGD sgd({&w}, {.lr = 0.1, .momentum = 0.9});
  w.grad = arma::mat{3.0};
  sgd.step();
  EXPECT_NEAR(sgd.velocity(0)(0), -0.3, 1e-15);
  EXPECT_NEAR(w.value(0), 1.7, 1e-15);
  w.grad = arma::mat{1.0};
  sgd.step();
  EXPECT_NEAR(sgd.velocity(0)(0), -0.37, 1e-15);
  EXPECT_NEAR(w.value(0), 1.33, 1e-15);
}

/* Oracle: torch.optim.SGD([w], lr=0.1, momentum=0.9[, nesterov=True]), the same three gradients.
   PyTorch's b = mu b + g, w -= lr b equals v = mu v - lr g, w += v for a constant lr (v = -lr b).
 */
TEST(SGD, MomentumAndNesterovMatchPyTorch) {
  const arma::mat momentum = {{0.5249, -1.0318, -5.510000000000001e-10},
                              {1.1969999999999998, 0.099999999, -0.0945}};
  const arma::mat nesterov = {{0.5374099999999999, -1.0586200000000001, -6.959000000000002e-10},
                              {1.0773, 0.0999999981, -0.04004999999999998}};
  for (bool use_nesterov : {false, true}) {
    nn::Parameter W = start_weights();
    nn::SGD sgd({&W}, {.lr = 0.1, .momentum = 0.9, .nesterov = use_nesterov});
    for (const arma::mat& G : gradients()) {
      W.grad = G;
      sgd.step();
    }
    EXPECT_TRUE(arma::approx_equal(W.value, use_nesterov ? nesterov : momentum, "absdiff", 1e-14))
        << (use_nesterov ? "nesterov" : "momentum") << "\n"
        << W.value;
  }
}

TEST(SGD, RejectsBadHyperParameters) {
  nn::Parameter W = start_weights();
  EXPECT_THROW(nn::SGD({&W}, {.lr = -1.0}), std::invalid_argument);
  EXPECT_THROW(nn::SGD({&W}, {.lr = 0.1, .momentum = 1.0}), std::invalid_argument);
  EXPECT_THROW(nn::SGD({&W}, {.lr = 0.1, .momentum = 0.0, .nesterov = true}),
               std::invalid_argument);
}

TEST(SGD, SetLearningRateChangesTheStep) {
  nn::Parameter w{"w", arma::mat{1.0}, arma::mat{2.0}};
  nn::SGD sgd({&w}, {.lr = 0.1});
  sgd.set_learning_rate(0.25);
  sgd.step();
  EXPECT_NEAR(w.value(0), 0.5, 1e-15);  // 1 - 0.25 * 2
}

}  // namespace
