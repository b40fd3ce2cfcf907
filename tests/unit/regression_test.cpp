// Behaviour and error paths of nn/regression: linear regression (cost, gradient, normal
// equation), logistic regression, and the gradient-descent driver (batch / mini-batch / SGD).
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/regression/gradient_descent.hpp>
#include <nn/regression/linear_regression.hpp>
#include <nn/regression/logistic_regression.hpp>

namespace {

// Noise-free data from y = 1 - 2 x1 + 0.5 x2 (D = 2, m = 20), seeded.
struct ExactData {
  arma::mat X;
  arma::rowvec y;
  arma::vec theta{1.0, -2.0, 0.5};
};
ExactData exact_data() {
  nn::Rng rng(7);
  ExactData d;
  d.X = rng.randu(2, 20, -1.0, 1.0);
  d.y = d.theta(0) + d.theta.tail(2).t() * d.X;
  return d;
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST(LinearRegression, DesignMatrixHasOnesThenExamplesAsRows) {
  const arma::mat X{{1, 2, 3}, {4, 5, 6}};  // D = 2, m = 3
  const arma::mat Xd = nn::design_matrix(X);
  ASSERT_EQ(Xd.n_rows, 3u);
  ASSERT_EQ(Xd.n_cols, 3u);
  EXPECT_TRUE(arma::approx_equal(Xd, arma::mat{{1, 1, 4}, {1, 2, 5}, {1, 3, 6}}, "absdiff", 0.0));
}

TEST(LinearRegression, CostMatchesMatrixForm) {
  const ExactData d = exact_data();
  const arma::vec theta{0.3, 0.1, -0.7};
  const arma::mat Xd = nn::design_matrix(d.X);
  const arma::vec r = Xd * theta - d.y.t();
  // J = 1/(2m) (X theta - y)^T (X theta - y)
  EXPECT_NEAR(nn::linear_cost(theta, d.X, d.y), arma::dot(r, r) / (2.0 * 20), 1e-12);
  EXPECT_NEAR(nn::linear_cost(d.theta, d.X, d.y), 0.0, 1e-25);
}

TEST(LinearRegression, GradientMatchesCentralDifferences) {
  const ExactData d = exact_data();
  auto J = [&](const arma::vec& t) { return nn::linear_cost(t, d.X, d.y); };
  for (const arma::vec& theta : {arma::vec{0.0, 0.0, 0.0}, arma::vec{2.0, 1.0, -3.0}}) {
    const arma::vec g = nn::linear_cost_gradient(theta, d.X, d.y);
    EXPECT_LE(nn::relative_error(g, nn::numerical_gradient(J, theta)), 1e-7);
  }
  EXPECT_LE(arma::norm(nn::linear_cost_gradient(d.theta, d.X, d.y)), 1e-14);  // zero at the optimum
}

TEST(LinearRegression, HessianGivesExactGradientDifferences) {
  // J is quadratic: grad(theta + delta) - grad(theta) = H delta for any delta.
  const ExactData d = exact_data();
  const arma::mat H = nn::linear_cost_hessian(d.X);
  const arma::vec theta{0.1, 0.2, 0.3}, delta{-1.0, 0.5, 2.0};
  const arma::vec diff =
      nn::linear_cost_gradient(theta + delta, d.X, d.y) - nn::linear_cost_gradient(theta, d.X, d.y);
  EXPECT_LE(arma::norm(diff - H * delta), 1e-12);
  EXPECT_TRUE(H.is_symmetric());
}

TEST(LinearRegression, NormalEquationRecoversExactModel) {
  const ExactData d = exact_data();
  const arma::vec theta = nn::normal_equation(d.X, d.y);
  EXPECT_LE(arma::norm(theta - d.theta), 1e-12);
}

TEST(LinearRegression, NormalEquationMatchesLeastSquaresOnNoisyData) {
  nn::Rng rng(3);
  const arma::mat X = rng.randu(1, 50, 0.0, 2.0);
  const arma::rowvec y = 4.0 + 3.0 * X + rng.randn(1, 50);
  const arma::vec theta = nn::normal_equation(X, y);
  // Independent check: Armadillo's least-squares solve of the overdetermined system Xd theta = y.
  const arma::vec lsq = arma::solve(nn::design_matrix(X), y.t());
  EXPECT_LE(arma::norm(theta - lsq), 1e-10);
  EXPECT_LE(arma::norm(nn::linear_cost_gradient(theta, X, y)), 1e-12);
}

TEST(LinearRegression, NormalEquationThrowsOnSingularSystem) {
  // Two identical features: X^T X is singular.
  const arma::mat X{{1, 2, 3, 4}, {1, 2, 3, 4}};
  const arma::rowvec y{1, 2, 3, 4};
  EXPECT_THROW(nn::normal_equation(X, y), nn::DataError);
  const std::string msg = message_of([&] { nn::normal_equation(X, y); });
  EXPECT_NE(msg.find("singular"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3 x 3"), std::string::npos) << msg;
  // Fewer examples than parameters.
  EXPECT_THROW(nn::normal_equation(arma::mat(1, 1, arma::fill::ones), arma::rowvec{2.0}),
               nn::DataError);
}

TEST(LinearRegression, ShapeErrorsNameTheShapes) {
  const arma::mat X{{1, 2, 3}};
  EXPECT_THROW(nn::linear_predict(arma::vec{1, 2, 3}, X), nn::ShapeError);
  const std::string m1 = message_of([&] { nn::linear_predict(arma::vec{1, 2, 3}, X); });
  EXPECT_NE(m1.find("theta has 3 entries, expected D + 1 = 2"), std::string::npos) << m1;
  EXPECT_NE(m1.find("1 x 3"), std::string::npos) << m1;
  const std::string m2 = message_of([&] {
    nn::linear_cost(arma::vec{0, 1}, X, arma::rowvec{1, 2});
  });
  EXPECT_NE(m2.find("y is 1 x 2, expected 1 x 3"), std::string::npos) << m2;
  EXPECT_THROW(nn::normal_equation(X, arma::rowvec{1, 2}), nn::ShapeError);
  EXPECT_THROW(
      nn::fit_linear_regression(X, arma::rowvec{1, 2, 3}, arma::vec{0}, {}, nn::global_rng()),
      nn::ShapeError);
}

TEST(LinearRegression, StandardizedThetaConvertsBackToSameModel) {
  nn::Rng rng(5);
  const arma::rowvec x1 = rng.randu(1, 30, 0.0, 1.0);
  const arma::rowvec x2 = rng.randu(1, 30, 0.0, 1000.0);
  const arma::mat X = arma::join_cols(x1, x2);
  const arma::rowvec y = 2.0 + 5.0 * X.row(0) - 0.01 * X.row(1) + 0.1 * rng.randn(1, 30);
  const arma::vec mu = arma::mean(X, 1), sd = arma::stddev(X, 0, 1);
  arma::mat Xs = X;
  Xs.each_col() -= mu;
  Xs.each_col() /= sd;
  const arma::vec theta_s = nn::normal_equation(Xs, y);
  const arma::vec theta = nn::theta_from_standardized(theta_s, mu, sd);
  EXPECT_LE(arma::norm(theta - nn::normal_equation(X, y)) / arma::norm(theta), 1e-9);
  EXPECT_LE(arma::abs(nn::linear_predict(theta, X) - nn::linear_predict(theta_s, Xs)).max(), 1e-9);
  EXPECT_THROW(nn::theta_from_standardized(theta_s, arma::vec{1.0}, arma::vec{1.0}),
               nn::ShapeError);
}

TEST(GradientDescent, UpdatesPerEpochForBatchMiniBatchAndStochastic) {
  // Deck 1 "Gradient Descent Variations": 12 observations -> 1, 4 (B = 3), 12 (B = 1) updates.
  nn::Rng data_rng(11);
  const arma::mat X = data_rng.randu(2, 12);
  const arma::rowvec y = data_rng.randu(1, 12);
  const arma::vec theta0(3, arma::fill::zeros);
  struct Case {
    arma::uword batch;
    arma::uword per_epoch;
  };
  for (const Case c :
       {Case{0, 1}, Case{12, 1}, Case{100, 1}, Case{3, 4}, Case{5, 3}, Case{1, 12}}) {
    nn::Rng rng(1);
    std::vector<int> epochs;
    const nn::GDResult r =
        nn::fit_linear_regression(X, y, theta0, {.lr = 0.1, .epochs = 2, .batch_size = c.batch},
                                  rng, [&](const nn::GDStep& s) { epochs.push_back(s.epoch); });
    EXPECT_EQ(r.steps, 2 * c.per_epoch) << "batch_size " << c.batch;
    EXPECT_EQ(r.path.n_cols, r.steps + 1);
    EXPECT_EQ(r.cost.size(), 3u);
    ASSERT_EQ(epochs.size(), r.steps);
    EXPECT_EQ(epochs.front(), 1);
    EXPECT_EQ(epochs.back(), 2);
    EXPECT_TRUE(arma::approx_equal(r.path.col(0), theta0, "absdiff", 0.0));
    EXPECT_TRUE(arma::approx_equal(r.path.col(r.steps), r.theta, "absdiff", 0.0));
  }
}

TEST(GradientDescent, EveryExampleOncePerEpochInShuffledBatches) {
  std::vector<arma::uvec> batches;
  const nn::BatchObjective f = [&](const arma::vec& theta, const arma::uvec& batch) {
    if (batch.n_elem < 10) batches.push_back(batch);  // skip the full-data cost evaluations
    return nn::CostGradient{0.0, arma::vec(theta.n_elem, arma::fill::zeros)};
  };
  nn::Rng rng(2);
  nn::gradient_descent(f, arma::vec{0.0}, 10, {.lr = 0.1, .epochs = 2, .batch_size = 4}, rng);
  ASSERT_EQ(batches.size(), 6u);  // 4 + 4 + 2 per epoch
  EXPECT_EQ(batches[2].n_elem, 2u);
  for (int e = 0; e < 2; ++e) {
    std::set<arma::uword> seen;
    for (int b = 0; b < 3; ++b) seen.insert(batches[3 * e + b].begin(), batches[3 * e + b].end());
    EXPECT_EQ(seen.size(), 10u) << "epoch " << e + 1;
  }
  // Reshuffled: the two epochs visit the examples in different orders.
  EXPECT_FALSE(arma::all(arma::join_cols(batches[0], batches[1]) ==
                         arma::join_cols(batches[3], batches[4])));
}

TEST(GradientDescent, SameSeedSamePathDifferentSeedDifferentPath) {
  const ExactData d = exact_data();
  const nn::GDOptions opt{.lr = 0.1, .epochs = 3, .batch_size = 1};
  nn::Rng a(9), b(9), c(10);
  const arma::vec t0(3, arma::fill::zeros);
  const nn::GDResult ra = nn::fit_linear_regression(d.X, d.y, t0, opt, a);
  const nn::GDResult rb = nn::fit_linear_regression(d.X, d.y, t0, opt, b);
  const nn::GDResult rc = nn::fit_linear_regression(d.X, d.y, t0, opt, c);
  EXPECT_TRUE(arma::approx_equal(ra.path, rb.path, "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(ra.path, rc.path, "absdiff", 1e-12));
}

TEST(GradientDescent, BatchGradientDescentConvergesToNormalEquation) {
  nn::Rng data_rng(3);
  const arma::mat X = data_rng.randu(1, 50, 0.0, 2.0);
  const arma::rowvec y = 4.0 + 3.0 * X + data_rng.randn(1, 50);
  const arma::vec exact = nn::normal_equation(X, y);
  nn::Rng rng(1);
  const double eta = 0.9 * nn::max_stable_learning_rate(X);
  const nn::GDResult r =
      nn::fit_linear_regression(X, y, arma::vec{0.0, 0.0}, {.lr = eta, .epochs = 2000}, rng);
  EXPECT_FALSE(r.diverged);
  EXPECT_LE(arma::norm(r.theta - exact), 1e-8);
  for (std::size_t e = 1; e < r.cost.size(); ++e) EXPECT_LE(r.cost[e], r.cost[e - 1] + 1e-15);
}

TEST(GradientDescent, LearningRateAboveTwoOverLambdaMaxDiverges) {
  nn::Rng data_rng(3);
  const arma::mat X = data_rng.randu(1, 50, 0.0, 2.0);
  const arma::rowvec y = 4.0 + 3.0 * X;
  const double eta_max = nn::max_stable_learning_rate(X);
  nn::Rng rng(1);
  const nn::GDResult below = nn::fit_linear_regression(X, y, arma::vec{0.0, 0.0},
                                                       {.lr = 0.98 * eta_max, .epochs = 200}, rng);
  const nn::GDResult above = nn::fit_linear_regression(X, y, arma::vec{0.0, 0.0},
                                                       {.lr = 1.02 * eta_max, .epochs = 200}, rng);
  EXPECT_LT(below.cost.back(), below.cost.front());
  EXPECT_GT(above.cost.back(), above.cost.front());
  // Far above: the cost overflows, the run stops early and says so.
  const nn::GDResult blown = nn::fit_linear_regression(X, y, arma::vec{0.0, 0.0},
                                                       {.lr = 50 * eta_max, .epochs = 10000}, rng);
  EXPECT_TRUE(blown.diverged);
  EXPECT_LT(blown.cost.size(), 10001u);
  EXPECT_FALSE(std::isfinite(blown.cost.back()));
}

TEST(GradientDescent, FixedInterceptStaysPut) {
  const ExactData d = exact_data();
  nn::Rng rng(1);
  const nn::GDResult r = nn::fit_linear_regression(
      d.X, d.y, arma::vec{0.25, 0.0, 0.0}, {.lr = 0.1, .epochs = 5, .fit_intercept = false}, rng);
  EXPECT_TRUE(arma::all(r.path.row(0) == 0.25));
  EXPECT_NE(r.theta(1), 0.0);
}

TEST(GradientDescent, PathCanBeLimitedToStartAndEnd) {
  const ExactData d = exact_data();
  nn::Rng a(1), b(1);
  const arma::vec t0(3, arma::fill::zeros);
  const nn::GDResult full =
      nn::fit_linear_regression(d.X, d.y, t0, {.lr = 0.1, .epochs = 3, .batch_size = 1}, a);
  const nn::GDResult ends = nn::fit_linear_regression(
      d.X, d.y, t0, {.lr = 0.1, .epochs = 3, .batch_size = 1, .record_path = false}, b);
  EXPECT_EQ(full.path.n_cols, 61u);
  ASSERT_EQ(ends.path.n_cols, 2u);
  EXPECT_TRUE(arma::approx_equal(ends.path.col(0), t0, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(ends.path.col(1), full.theta, "absdiff", 0.0));
  EXPECT_EQ(ends.steps, 60u);
}

TEST(GradientDescent, RejectsBadArguments) {
  const nn::BatchObjective f = [](const arma::vec& t, const arma::uvec&) {
    return nn::CostGradient{0.0, t};
  };
  nn::Rng rng(1);
  EXPECT_THROW(nn::gradient_descent(f, arma::vec{1.0}, 5, {.lr = 0.0}, rng), std::invalid_argument);
  EXPECT_THROW(nn::gradient_descent(f, arma::vec{1.0}, 5, {.lr = 0.1, .epochs = -1}, rng),
               std::invalid_argument);
  EXPECT_THROW(nn::gradient_descent(f, arma::vec{1.0}, 0, {}, rng), std::invalid_argument);
  EXPECT_THROW(nn::gradient_descent(f, arma::vec(), 5, {}, rng), std::invalid_argument);
  const nn::BatchObjective wrong = [](const arma::vec&, const arma::uvec&) {
    return nn::CostGradient{0.0, arma::vec{1.0, 2.0}};
  };
  EXPECT_THROW(nn::gradient_descent(wrong, arma::vec{1.0}, 5, {}, rng), nn::ShapeError);
}

TEST(LogisticRegression, GradientMatchesCentralDifferences) {
  nn::Rng rng(4);
  const arma::mat X = rng.randn(3, 25);
  const arma::rowvec y = arma::conv_to<arma::rowvec>::from(rng.bernoulli(1, 25, 0.5));
  auto J = [&](const arma::vec& t) { return nn::logistic_cost(t, X, y); };
  for (const arma::vec& theta : {arma::vec{0.0, 0.0, 0.0, 0.0}, arma::vec{0.5, -1.0, 2.0, 0.3}}) {
    EXPECT_LE(nn::relative_error(nn::logistic_cost_gradient(theta, X, y),
                                 nn::numerical_gradient(J, theta)),
              1e-7);
  }
}

TEST(LogisticRegression, CostIsMeanBinaryCrossEntropy) {
  const arma::vec theta{0.5, -1.0};
  const arma::mat X{{-1.0, 0.0, 2.0}};
  const arma::rowvec y{1.0, 0.0, 1.0};
  double sum = 0.0;
  for (arma::uword i = 0; i < 3; ++i) {
    const double p = 1.0 / (1.0 + std::exp(-(0.5 - X(0, i))));
    sum += -(y(i) * std::log(p) + (1.0 - y(i)) * std::log(1.0 - p));
  }
  EXPECT_NEAR(nn::logistic_cost(theta, X, y), sum / 3.0, 1e-12);
}

TEST(LogisticRegression, ThresholdOtherThanHalf) {
  const arma::vec theta{0.0, 1.0};
  const arma::mat X{{-1.0, 0.0, 1.0, 2.0}};  // p = 0.269, 0.5, 0.731, 0.881
  EXPECT_TRUE(arma::all(nn::logistic_predict(theta, X, 0.8) == arma::uvec{0, 0, 0, 1}));
  EXPECT_TRUE(arma::all(nn::logistic_predict(theta, X, 0.2) == arma::uvec{1, 1, 1, 1}));
  EXPECT_THROW(nn::logistic_predict(theta, X, 1.0), std::invalid_argument);
  EXPECT_THROW(nn::logistic_predict(theta, X, 0.0), std::invalid_argument);
}

TEST(LogisticRegression, RejectsLabelsOtherThanZeroOrOne) {
  const arma::mat X{{1.0, 2.0}};
  const std::string msg = message_of([&] {
    nn::logistic_cost(arma::vec{0, 1}, X, arma::rowvec{0, 2});
  });
  EXPECT_NE(msg.find("y(1) = 2"), std::string::npos) << msg;
  EXPECT_THROW(nn::logistic_cost(arma::vec{0, 1}, X, arma::rowvec{0, 2}), nn::DataError);
  EXPECT_THROW(nn::logistic_cost(arma::vec{0, 1}, X, arma::rowvec{0}), nn::ShapeError);
  EXPECT_THROW(nn::logistic_logit(arma::vec{0, 1, 2}, X), nn::ShapeError);
}

TEST(LogisticRegression, LearnsSeparableBlobsAndBoundaryHasZeroLogit) {
  nn::Rng rng(8);
  const arma::mat class0 = rng.randn(2, 40, -2.0, 0.7);
  const arma::mat class1 = rng.randn(2, 40, 2.0, 0.7);
  arma::mat X = arma::join_rows(class0, class1);
  const arma::rowvec y =
      arma::join_rows(arma::rowvec(40, arma::fill::zeros), arma::rowvec(40, arma::fill::ones));
  const nn::GDResult r = nn::fit_logistic_regression(
      X, y, arma::vec(3, arma::fill::zeros), {.lr = 0.5, .epochs = 200, .batch_size = 16}, rng);
  EXPECT_LT(r.cost.back(), 0.1);
  const arma::uvec pred = nn::logistic_predict(r.theta, X);
  EXPECT_EQ(arma::accu(pred == arma::conv_to<arma::uvec>::from(y)), 80u);
  // Points on the plotted line x2 = -(b + w1 x1)/w2 have logit 0 (p = 0.5).
  const arma::vec x1{-3.0, 0.0, 3.0};
  const arma::vec x2 = nn::decision_boundary_x2(r.theta, x1);
  const arma::rowvec z = nn::logistic_logit(r.theta, arma::join_cols(x1.t(), x2.t()));
  EXPECT_LE(arma::abs(z).max(), 1e-12);
  EXPECT_THROW(nn::decision_boundary_x2(arma::vec{0.0, 1.0, 0.0}, x1), std::domain_error);
  EXPECT_THROW(nn::decision_boundary_x2(arma::vec{0.0, 1.0}, x1), nn::ShapeError);
}

TEST(LogisticRegression, ChainRuleFactorsMultiplyToPhiMinusY) {
  for (double z : {-5.0, -0.3, 0.0, 2.0, 8.0}) {
    for (double y : {0.0, 1.0}) {
      const nn::LogisticChain c = nn::logistic_chain(z, y);
      EXPECT_NEAR(c.dL_dz, c.phi - y, 1e-12) << "z = " << z << ", y = " << y;
      EXPECT_NEAR(c.dphi_dz, c.phi * (1.0 - c.phi), 1e-15);
    }
  }
  EXPECT_THROW(nn::bce_dphi(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(nn::bce_dphi(1.0, 0.0), std::invalid_argument);
}
