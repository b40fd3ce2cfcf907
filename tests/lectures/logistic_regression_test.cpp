// Worked examples of the lectures with topic `logistic-regression` (chapter
// 03_logistic_regression): the sigmoid neuron with binary cross-entropy, from deck 0 ("Single Node
// with Sigmoid & Cross-Entropy Loss") and deck 1 ("Math (Logistic Regression)" .. "Loss
// Calculations for Logistic Regression").
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md or from Python's math module
// (recomputed independently in double precision), never from this library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>

#include <nn/activations/sigmoid.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/logistic_regression.hpp>

namespace {

// The spam e-mail of deck 1 (L1-06): theta = (b, w1, w2, w3), x = (1, 2, 0), "Not Spam" y = 0.
const arma::vec kSpamTheta{-0.1, 0.2, 0.5, -0.3};
const arma::mat kSpamX = arma::vec{1.0, 2.0, 0.0};  // 3 x 1: one example (column)
const arma::rowvec kNotSpam{0.0};

// sigma(1.1) from Python: 1 / (1 + math.exp(-1.1)).
constexpr double kPhi11 = 0.7502601055951177;

// d/dx f(x) by central differences, h = 1e-6 (nn::numerical_gradient on a 1 x 1 matrix).
double central_difference(const std::function<double(double)>& f, double x, double h = 1e-6) {
  return nn::numerical_gradient([&f](const arma::mat& m) { return f(m(0)); }, arma::mat{x}, h)(0);
}

// |a - b| / (|a| + |b|), through nn::relative_error on 1 x 1 matrices.
double relative_error(double a, double b) { return nn::relative_error(arma::mat{a}, arma::mat{b}); }

}  // namespace

// L0-07: dL/dphi = -y/phi + (1-y)/(1-phi) = (phi - y)/(phi(1 - phi)) (lecture: symbolic, correct).
// CONSTRUCTED check point phi = sigma(1.1) = 0.750260106: y = 0 -> 1/(1-phi) = 4.00416602;
// y = 1 -> -1/phi = -1.33287108. Both equal central differences of the BCE.
TEST(Deck0, Ex07LogisticDLossDPhi) {
  RecordProperty("catalogue_id", "L0-07");
  EXPECT_NEAR(nn::bce_dphi(kPhi11, 0.0), 4.004166023946435, 1e-9);
  EXPECT_NEAR(nn::bce_dphi(kPhi11, 1.0), -1.3328710836980795, 1e-9);
  // The first line of the derivation, -y/phi + (1-y)/(1-phi), gives the same.
  for (double y : {0.0, 1.0}) {
    const double first_line = -y / kPhi11 + (1.0 - y) / (1.0 - kPhi11);
    EXPECT_NEAR(nn::bce_dphi(kPhi11, y), first_line, 1e-12);
    // The library's loss gradient on a 1 x 1 batch (mean over one example) agrees.
    const arma::mat g = nn::binary_cross_entropy_gradient(
        arma::mat(1, 1, arma::fill::value(kPhi11)), arma::mat(1, 1, arma::fill::value(y)));
    EXPECT_NEAR(g(0, 0), first_line, 1e-12);
    const double numeric =
        central_difference([y](double phi) { return nn::binary_cross_entropy(phi, y); }, kPhi11);
    EXPECT_LE(relative_error(nn::bce_dphi(kPhi11, y), numeric), 1e-7) << "y = " << y;
  }
}

// L0-09 (ERRATUM, typo): the lecture's intermediate lines read
//   dL/dz = (phi - y)/(phi(1 - y)) * dphi/dz = (phi - y)/(phi(1 - y)) * phi(1 - phi) = phi - y;
// the denominator must be phi(1 - phi) (from L0-07): taken literally the middle lines give
// phi(1 - phi) = 0.187369880 for y = 0 and divide by zero for y = 1. The final dL/dz = phi - y is
// right. Correct values at z = 1.1: y = 0 -> 0.750260106; y = 1 -> -0.249739894.
TEST(Deck0, Ex09LogisticDLossDzChainRule) {
  RecordProperty("catalogue_id", "L0-09");
  const double expected[] = {0.7502601055951177, -0.2497398944048823};  // phi - y, Python
  for (double y : {0.0, 1.0}) {
    const nn::LogisticChain c = nn::logistic_chain(1.1, y);
    EXPECT_NEAR(c.phi, kPhi11, 1e-12);
    EXPECT_NEAR(c.dphi_dz, 0.18736987954752055, 1e-12);                    // phi (1 - phi)
    EXPECT_NEAR(c.dL_dphi, (c.phi - y) / (c.phi * (1.0 - c.phi)), 1e-12);  // corrected denominator
    EXPECT_NEAR(c.dL_dz, expected[static_cast<int>(y)], 1e-10);  // the product of the factors
    EXPECT_NEAR(c.dL_dz, c.phi - y, 1e-12);                      // equals the simplified phi - y
    const double numeric = central_difference(
        [y](double z) { return nn::binary_cross_entropy_from_logits(z, y); }, 1.1);
    EXPECT_LE(relative_error(c.dL_dz, numeric), 1e-7) << "y = " << y;
  }
  // The erratum as printed: (phi - y)/(phi(1 - y)) * phi(1 - phi) at y = 0 is phi(1 - phi), not
  // phi - y.
  // Built from the library's own factors at y = 0: phi and dphi/dz = phi(1 - phi).
  const nn::LogisticChain c0 = nn::logistic_chain(1.1, 0.0);
  const double as_printed_y0 = (c0.phi - 0.0) / (c0.phi * (1.0 - 0.0)) * c0.dphi_dz;
  EXPECT_NEAR(as_printed_y0, 0.18736987954752055, 1e-12);
  EXPECT_GT(std::abs(as_printed_y0 - c0.dL_dz), 0.5);
}

// L0-10: dL/dw1 = (phi - y) x1, w_new = w_old - eps dL/dw (lecture: symbolic). CONSTRUCTED: the
// spam example and eps = 0.1: phi = 0.750260106; dL/dw = (0.750260106, 1.50052021, 0);
// dL/db = 0.750260106; after one step w = (0.124973989, 0.349947979, -0.3), b = -0.175026011.
TEST(Deck0, Ex10LogisticGradientAndUpdateStep) {
  RecordProperty("catalogue_id", "L0-10");
  const arma::vec grad = nn::logistic_cost_gradient(kSpamTheta, kSpamX, kNotSpam);
  ASSERT_EQ(grad.n_elem, 4u);
  EXPECT_NEAR(grad(0), kPhi11, 1e-12);              // dL/db = phi - y
  EXPECT_NEAR(grad(1), kPhi11 * 1.0, 1e-12);        // dL/dw1 = (phi - y) x1
  EXPECT_NEAR(grad(2), 1.5005202111902354, 1e-12);  // (phi - y) x2
  EXPECT_EQ(grad(3), 0.0);                          // x3 = 0
  auto J = [](const arma::vec& t) { return nn::logistic_cost(t, kSpamX, kNotSpam); };
  EXPECT_LE(nn::relative_error(grad, nn::numerical_gradient(J, kSpamTheta)), 1e-7);

  nn::Rng rng(1);
  const nn::GDResult r =
      nn::fit_logistic_regression(kSpamX, kNotSpam, kSpamTheta, {.lr = 0.1, .epochs = 1}, rng);
  ASSERT_EQ(r.steps, 1u);
  EXPECT_NEAR(r.theta(0), -0.17502601055951178, 1e-12);
  EXPECT_NEAR(r.theta(1), 0.12497398944048823, 1e-12);
  EXPECT_NEAR(r.theta(2), 0.34994797888097646, 1e-12);
  EXPECT_NEAR(r.theta(3), -0.3, 1e-15);
  // The catalogue's 9-digit figures.
  EXPECT_NEAR(r.theta(1), 0.124973989, 5e-10);
  EXPECT_NEAR(r.theta(2), 0.349947979, 5e-10);
  EXPECT_NEAR(r.theta(0), -0.175026011, 5e-10);
  EXPECT_LT(r.cost[1], r.cost[0]);  // the step lowered the loss
}

// L1-04: p = sigma(z) = e^z/(1 + e^z) = 1/(1 + e^-z); yhat = 1 iff p >= 0.5 iff z >= 0 (lecture:
// rule only). CONSTRUCTED z = -2, 0, 0.5, 2: sigma = 0.119202922, 0.5, 0.622459331, 0.880797078;
// z = 0 -> p = 0.5 -> predicted 1 (>=).
TEST(Deck1, Ex04SigmoidThresholdAtZeroLogit) {
  RecordProperty("catalogue_id", "L1-04");
  const double z[] = {-2.0, 0.0, 0.5, 2.0};
  const double p[] = {0.11920292202211755, 0.5, 0.6224593312018546, 0.8807970779778823};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(nn::sigmoid(z[k]), p[k], 1e-12) << "z = " << z[k];
    EXPECT_NEAR(std::exp(z[k]) / (1.0 + std::exp(z[k])), nn::sigmoid(z[k]), 1e-15);
  }
  EXPECT_EQ(nn::sigmoid(0.0), 0.5);
  // A one-feature model with theta = (0, 1) has z = x: predictions at z = -2, -1e-9, 0, 0.5, 2.
  const arma::vec theta{0.0, 1.0};
  const arma::mat X{{-2.0, -1e-9, 0.0, 0.5, 2.0}};
  const arma::uvec yhat = nn::logistic_predict(theta, X);
  const arma::uvec expected{0, 0, 1, 1, 1};
  EXPECT_TRUE(arma::all(yhat == expected)) << yhat.t();
  // Same decisions from the probabilities: p >= 0.5 iff z >= 0.
  const arma::rowvec P = nn::logistic_predict_proba(theta, X);
  for (arma::uword i = 0; i < X.n_cols; ++i) EXPECT_EQ(P(i) >= 0.5, X(0, i) >= 0.0);
}

// L1-05: c = -log(p) if y = 1, -log(1 - p) if y = 0 = -y log p - (1-y) log(1-p); J is the mean
// over the training set; c = 0 when p = y, c -> inf as p moves to the wrong label (lecture: limits
// only). CONSTRUCTED (y, p) = (1, 0.9), (0, 0.9), (1, 1), (0, 0): 0.105360516, 2.30258509, 0, 0
// (about 1e-7 with the clip at 1e-7).
TEST(Deck1, Ex05BinaryCrossEntropyPerInstance) {
  RecordProperty("catalogue_id", "L1-05");
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 1.0), 0.10536051565782628, 1e-10);
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 0.0), 2.3025850929940455, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(1.0, 1.0), 0.0, 1e-6);  // clipped: -ln(1 - 1e-7) ~ 1e-7
  EXPECT_NEAR(nn::binary_cross_entropy(0.0, 0.0), 0.0, 1e-6);
  // The two-case form and the single formula agree.
  for (double p : {0.1, 0.5, 0.9}) {
    EXPECT_NEAR(nn::binary_cross_entropy(p, 1.0), -std::log(p), 1e-12);
    EXPECT_NEAR(nn::binary_cross_entropy(p, 0.0), -std::log(1.0 - p), 1e-12);
  }
  // The cost grows without bound as p moves to the wrong label (up to the clip, -ln 1e-7 = 16.1).
  EXPECT_GT(nn::binary_cross_entropy(1e-6, 1.0), nn::binary_cross_entropy(1e-3, 1.0));
  EXPECT_GT(nn::binary_cross_entropy(1.0 - 1e-6, 0.0), 13.0);
  // J over a training set is the mean: logistic_cost on two examples with z = ln 9 (p = 0.9).
  const arma::vec theta{std::log(9.0), 0.0};
  const arma::mat X{{0.0, 0.0}};
  EXPECT_NEAR(nn::logistic_cost(theta, X, arma::rowvec{1.0, 0.0}),
              (0.10536051565782628 + 2.3025850929940455) / 2.0, 1e-10);
}

// L1-06 (ERRATUM, numeric): w = (0.2, 0.5, -0.3), b = -0.1, x = (1, 2, 0), y = 0 ("Not Spam").
// Lecture: z = 1.1; p ~ 0.75; L(0, 0.75) ~ 0.2877. Correct: z = 1.1, p = 0.750260106 and
// L = -ln(1 - p) = 1.38733533. The lecture's 0.2877 is -ln(0.75), the loss for y = 1.
TEST(Deck1, Ex06SpamEmailLoss) {
  RecordProperty("catalogue_id", "L1-06");
  const arma::rowvec z = nn::logistic_logit(kSpamTheta, kSpamX);
  EXPECT_NEAR(z(0), 1.1, 1e-12);
  const arma::rowvec p = nn::logistic_predict_proba(kSpamTheta, kSpamX);
  EXPECT_NEAR(p(0), kPhi11, 1e-12);
  EXPECT_LE(std::abs(p(0) - 0.75), 0.005);  // the lecture's "p ~ 0.75" is right
  const double loss = nn::logistic_cost(kSpamTheta, kSpamX, kNotSpam);
  EXPECT_NEAR(loss, 1.3873353251154312, 1e-9);  // correct value (erratum: lecture says 0.2877)
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(1.1, 0.0), 1.3873353251154312, 1e-9);
  // Where the lecture's number comes from: the loss if the e-mail were spam (y = 1).
  EXPECT_NEAR(nn::binary_cross_entropy(0.75, 1.0), 0.2876820724517809, 1e-12);
  EXPECT_NEAR(nn::logistic_cost(kSpamTheta, kSpamX, arma::rowvec{1.0}), 0.2873353251154307, 1e-9);
  EXPECT_GT(std::abs(loss - 0.2877), 1.0);
  // With p rounded to 0.75 as on the slide: -ln 0.25 = 1.38629436.
  EXPECT_NEAR(nn::binary_cross_entropy(0.75, 0.0), 1.3862943611198906, 1e-12);
  EXPECT_EQ(nn::logistic_predict(kSpamTheta, kSpamX)(0), 1u);  // the model says spam: wrong
}

// L1-07: y = (1, 0, 1), p = (0.9, 0.3, 0.6); lecture: L = -(1/3)[log(0.9) + log(1 - 0.3) +
// log(0.6)] (no number). Correct: per sample 0.105360516, 0.356674944, 0.510825624; mean
// 0.324287028.
TEST(Deck1, Ex07ThreeEmailsMeanBce) {
  RecordProperty("catalogue_id", "L1-07");
  const arma::mat P{{0.9, 0.3, 0.6}};
  const arma::mat Y{{1.0, 0.0, 1.0}};
  EXPECT_NEAR(nn::binary_cross_entropy(P, Y), 0.3242870277875165, 1e-10);
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 1.0), 0.10536051565782628, 1e-12);
  EXPECT_NEAR(nn::binary_cross_entropy(0.3, 0.0), 0.35667494393873245, 1e-12);
  EXPECT_NEAR(nn::binary_cross_entropy(0.6, 1.0), 0.5108256237659907, 1e-12);
  // The same three e-mails as a one-feature model whose logits are logit(p) = ln(p / (1 - p)).
  const arma::mat X{{std::log(0.9 / 0.1), std::log(0.3 / 0.7), std::log(0.6 / 0.4)}};
  EXPECT_NEAR(nn::logistic_cost(arma::vec{0.0, 1.0}, X, arma::rowvec{1.0, 0.0, 1.0}),
              0.3242870277875165, 1e-10);
}
