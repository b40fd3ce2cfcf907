// Worked examples of the lectures with topic `linear-regression` (chapter 02_linear_regression):
// the SSE / MSE / J relationship, the cost table J(theta1), the normal equation, the sign of the
// gradient and three epochs of batch gradient descent on two parameters (deck 1, "SGD - Linear
// Regression" .. "Gradient Descent- Two Parameters").
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md or from numpy (recomputed
// independently in double precision), never from this library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>

#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/losses/mse.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/linear_regression.hpp>

namespace {

// The lecture's data (deck 1, slide "SGD - Linear Regression"): X = Y = (1, 2, 3), one feature.
const arma::mat kX{{1.0, 2.0, 3.0}};  // 1 x 3: one feature, three examples (columns)
const arma::rowvec kY{1.0, 2.0, 3.0};

}  // namespace

// L1-02: the lecture writes the "Mean Squared Error" as sum_{i=1}^{8} (yhat_i - y_i)^2 over 8
// plotted points; the figure is lost (UNDERSPECIFIED), so only the relationship SSE = m MSE = 2m J
// can be checked, on the L1-23 data: theta = (0, 2) gives SSE = 14, MSE = 14/3, J = 14/6.
TEST(Deck1, Ex02SseMseAndHalfMseCost) {
  RecordProperty("catalogue_id", "L1-02");
  const arma::vec theta{0.0, 2.0};
  const arma::rowvec h = nn::linear_predict(theta, kX);
  EXPECT_EQ(h(0), 2.0);
  EXPECT_EQ(h(2), 6.0);
  const double sse = nn::sse(h, kY);
  const double mse = nn::mse(h, kY);
  const double J = nn::linear_cost(theta, kX, kY);
  EXPECT_EQ(sse, 14.0);                 // 1 + 4 + 9, exact
  EXPECT_NEAR(mse, 14.0 / 3.0, 1e-12);  // 4.66666667
  EXPECT_NEAR(J, 14.0 / 6.0, 1e-12);    // 2.33333333
  EXPECT_NEAR(sse, 3.0 * mse, 1e-12);   // SSE = m MSE
  EXPECT_NEAR(sse, 6.0 * J, 1e-12);     // SSE = 2m J
}

// L1-23: J(theta1) = 1/(2m) sum (theta1 x_i - y_i)^2 with theta0 = 0 on X = Y = (1, 2, 3).
// Lecture's table: theta -1 -> 9.33; 0 -> 2.33; 1 -> 0; 2 -> 2.33; 3 -> 9.33.
// Correct: J = (7/3)(theta1 - 1)^2 = 28/3, 7/3, 0, 7/3, 28/3 (as stated); also the hypotheses
// h(X | theta = 1) = (1, 2, 3) and h(X | theta = 2) = (2, 4, 6) of the "Loss Function" slide.
TEST(Deck1, Ex23CostTable) {
  RecordProperty("catalogue_id", "L1-23");
  const arma::rowvec h1 = nn::linear_predict(arma::vec{0.0, 1.0}, kX);
  const arma::rowvec h2 = nn::linear_predict(arma::vec{0.0, 2.0}, kX);
  EXPECT_TRUE(arma::approx_equal(h1, arma::rowvec{1, 2, 3}, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(h2, arma::rowvec{2, 4, 6}, "absdiff", 0.0));

  const double thetas[] = {-1.0, 0.0, 1.0, 2.0, 3.0};
  const double correct[] = {28.0 / 3.0, 7.0 / 3.0, 0.0, 7.0 / 3.0, 28.0 / 3.0};
  const double lecture[] = {9.33, 2.33, 0.0, 2.33, 9.33};
  for (int k = 0; k < 5; ++k) {
    const double J = nn::linear_cost(arma::vec{0.0, thetas[k]}, kX, kY);
    EXPECT_NEAR(J, correct[k], 1e-12) << "theta1 = " << thetas[k];
    EXPECT_LE(std::abs(J - lecture[k]), 0.005)
        << "lecture's 2-decimal value, theta1 = " << thetas[k];
  }
  EXPECT_EQ(nn::linear_cost(arma::vec{0.0, 1.0}, kX, kY), 0.0);  // the minimum, exact
  // the GD start, J(4) = 21
  EXPECT_NEAR(nn::linear_cost(arma::vec{0.0, 4.0}, kX, kY), 21.0, 1e-12);
}

// L1-24: theta = (X^T X)^-1 X^T y ("Least Squares Normal Equation"; the lecture gives the formula
// only). CONSTRUCTED: the L1-23 data with an intercept column: X^T X = [[3, 6], [6, 14]],
// X^T y = (6, 14), theta = (0, 1); without intercept theta1 = 14/14 = 1. "Feature scaling does not
// change prediction": x * 10 gives theta = (0, 0.1) and the same predictions (1, 2, 3).
TEST(Deck1, Ex24NormalEquation) {
  RecordProperty("catalogue_id", "L1-24");
  const arma::mat Xd = nn::design_matrix(kX);
  const arma::mat XtX = Xd.t() * Xd;
  EXPECT_TRUE(arma::approx_equal(XtX, arma::mat{{3, 6}, {6, 14}}, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(arma::vec(Xd.t() * kY.t()), arma::vec{6, 14}, "absdiff", 0.0));
  EXPECT_NEAR(arma::det(XtX), 6.0, 1e-12);

  const arma::vec theta = nn::normal_equation(kX, kY);
  ASSERT_EQ(theta.n_elem, 2u);
  EXPECT_NEAR(theta(0), 0.0, 1e-12);
  EXPECT_NEAR(theta(1), 1.0, 1e-12);

  const arma::vec no_intercept = nn::normal_equation(kX, kY, /*fit_intercept=*/false);
  EXPECT_EQ(no_intercept(0), 0.0);
  EXPECT_NEAR(no_intercept(1), 1.0, 1e-12);  // 14 / 14

  const arma::mat X10 = 10.0 * kX;
  const arma::vec theta10 = nn::normal_equation(X10, kY);
  EXPECT_NEAR(theta10(0), 0.0, 1e-12);
  EXPECT_NEAR(theta10(1), 0.1, 1e-12);
  const arma::rowvec h10 = nn::linear_predict(theta10, X10);
  EXPECT_TRUE(arma::approx_equal(h10, arma::rowvec{1, 2, 3}, "absdiff", 1e-12));
}

// L1-25: start at theta = 4, theta = theta - lambda * gradient. Lecture: dJ/dtheta1 is zero at
// theta1 = 1, positive for theta1 > 1, negative for theta1 < 1. Correct: dJ/dtheta1 =
// (14/3)(theta1 - 1): at 4 -> 14, at 1 -> 0, at 0 -> -4.66666667, at 2 -> 4.66666667; with
// lambda = 0.01 one step (theta0 held at 0) takes 4 -> 3.86. Gradients also match central
// differences.
TEST(Deck1, Ex25GradientSignAndOneStep) {
  RecordProperty("catalogue_id", "L1-25");
  auto dJ = [](double theta1) {
    return nn::linear_cost_gradient(arma::vec{0.0, theta1}, kX, kY)(1);
  };
  EXPECT_NEAR(dJ(4.0), 14.0, 1e-12);
  EXPECT_EQ(dJ(1.0), 0.0);
  EXPECT_NEAR(dJ(0.0), -14.0 / 3.0, 1e-12);
  EXPECT_NEAR(dJ(2.0), 14.0 / 3.0, 1e-12);
  EXPECT_GT(dJ(1.5), 0.0);  // cost increases with theta1 -> decrease theta1
  EXPECT_LT(dJ(0.5), 0.0);  // cost decreases with theta1 -> increase theta1

  auto J = [](const arma::vec& t) { return nn::linear_cost(t, kX, kY); };
  for (double t1 : {4.0, 2.0, 0.0, -1.0}) {
    const arma::vec theta{0.0, t1};
    const arma::vec analytic = nn::linear_cost_gradient(theta, kX, kY);
    EXPECT_LE(nn::relative_error(analytic, nn::numerical_gradient(J, theta)), 1e-7)
        << "theta1 = " << t1;
  }

  // One step of the lecture's rule with theta0 fixed at 0 ("let us assume theta0 = 0").
  nn::Rng rng(1);
  const nn::GDResult r = nn::fit_linear_regression(
      kX, kY, arma::vec{0.0, 4.0},
      {.lr = 0.01, .epochs = 1, .batch_size = 0, .shuffle = false, .fit_intercept = false}, rng);
  EXPECT_EQ(r.steps, 1u);
  EXPECT_EQ(r.theta(0), 0.0);
  EXPECT_NEAR(r.theta(1), 3.86, 1e-12);
}

// L1-26: batch gradient descent on (theta0, theta1), lambda = 0.01, J printed each epoch (lecture:
// algorithm only). CONSTRUCTED: L1-23 data, start (0, 0). Catalogue: epoch 0 J = 2.33333333,
// grads (-2, -4.66666667); epoch 1 theta = (0.02, 0.0466666667), J = 2.08270370; epoch 2
// J = 1.85910278; after 3 epochs theta = (0.0566628889, 0.132409630), J = 1.65961544.
// Full-precision values below are numpy's (same recurrence, IEEE double).
TEST(Deck1, Ex26BatchGradientDescentTwoParameters) {
  RecordProperty("catalogue_id", "L1-26");
  const arma::vec g0 = nn::linear_cost_gradient(arma::vec{0.0, 0.0}, kX, kY);
  EXPECT_EQ(g0(0), -2.0);
  EXPECT_NEAR(g0(1), -14.0 / 3.0, 1e-12);

  nn::Rng rng(1);
  std::vector<arma::vec> grads;
  const nn::GDResult r = nn::fit_linear_regression(
      kX, kY, arma::vec{0.0, 0.0}, {.lr = 0.01, .epochs = 3, .batch_size = 0}, rng,
      [&](const nn::GDStep& s) { grads.push_back(s.grad); });
  ASSERT_EQ(r.steps, 3u);  // batch GD: one update per epoch
  ASSERT_EQ(r.cost.size(), 4u);
  EXPECT_NEAR(r.cost[0], 7.0 / 3.0, 1e-12);  // 2.33333333
  EXPECT_NEAR(r.cost[1], 2.0827037037037037, 1e-9);
  EXPECT_NEAR(r.cost[2], 1.8591027801646092, 1e-9);
  EXPECT_NEAR(r.cost[3], 1.65961543974581, 1e-9);
  EXPECT_NEAR(r.path(0, 1), 0.02, 1e-12);
  EXPECT_NEAR(r.path(1, 1), 0.046666666666666667, 1e-12);
  EXPECT_NEAR(grads[1](0), -1.8866666666666667, 1e-10);
  EXPECT_NEAR(grads[1](1), -4.408888888888889, 1e-10);
  EXPECT_NEAR(r.path(0, 2), 0.038866666666666667, 1e-10);
  EXPECT_NEAR(r.path(1, 2), 0.090755555555555556, 1e-10);
  EXPECT_NEAR(r.theta(0), 0.05666288888888889, 1e-10);
  EXPECT_NEAR(r.theta(1), 0.13240962962962963, 1e-10);
  // The catalogue's 9-significant-digit figures, to their last digit.
  EXPECT_NEAR(r.cost[3], 1.65961544, 5e-9);
  EXPECT_NEAR(r.theta(0), 0.0566628889, 5e-11);
  EXPECT_NEAR(r.theta(1), 0.132409630, 5e-10);
  // "Print J: useful to see if this is becoming smaller": it is.
  EXPECT_LT(r.cost[1], r.cost[0]);
  EXPECT_LT(r.cost[2], r.cost[1]);
  EXPECT_LT(r.cost[3], r.cost[2]);
}
