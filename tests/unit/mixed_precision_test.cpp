// Mixed precision (nn::Precision): a Dense layer with float32 products and double master weights.
// The float32 path is held against the double path on the same data: the forward output, the
// three gradients and one training step differ by no more than float32 rounding allows
// (unit roundoff u = 2^-24 ~ 6e-8; a dot product of n terms is off by at most about n u relative
// to the sum of the absolute terms, and a few u in practice), yet by more than double rounding
// does, so the test can tell the two paths apart.
#include <gtest/gtest.h>

#include "support/throws.hpp"

#include <cmath>

#include <nn/core/errors.hpp>
#include <nn/core/precision.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

namespace {

using nn_test::Throws;

// ||A - B|| / ||B||
double rel(const arma::mat& A, const arma::mat& B) { return arma::norm(A - B) / arma::norm(B); }

// A Dense(50 -> 8) with random weights (one draw per statement: the order is then fixed).
nn::Dense random_dense(nn::Rng& rng) {
  const arma::mat W = rng.randn(8, 50);
  const arma::vec b = rng.randn(8, 1);
  return nn::Dense(W, b);
}

// Two copies of a Dense(50 -> 8) with the same weights, one of them with float32 products.
struct Pair {
  nn::Dense d64, d32;
  explicit Pair(nn::Rng& rng) : d64(random_dense(rng)), d32(d64.W().value, d64.b().value) {
    d32.set_compute(nn::Precision::Float32);
  }
};

TEST(MixedPrecision, DenseForwardAndGradientsAgreeWithDoubleToFloat32Rounding) {
  nn::Rng rng(3);
  Pair p(rng);
  const arma::mat X = rng.randn(50, 20);
  const arma::mat dY = rng.randn(8, 20);
  const arma::mat Y64 = p.d64.forward(X), Y32 = p.d32.forward(X);
  const arma::mat dX64 = p.d64.backward(dY), dX32 = p.d32.backward(dY);
  // float32 rounding of the inputs and the sums: about 1e-7 relative, far above double's 1e-16
  for (double e : {rel(Y32, Y64), rel(dX32, dX64), rel(p.d32.W().grad, p.d64.W().grad)}) {
    EXPECT_LT(e, 1e-6);
    EXPECT_GT(e, 1e-9);  // the products really ran in float32
  }
  EXPECT_LT(rel(p.d32.b().grad, p.d64.b().grad), 1e-15);  // db = dY 1 stays in double
}

TEST(MixedPrecision, ParametersAndGradientsStayDouble) {
  nn::Rng rng(4);
  Pair p(rng);
  p.d32.forward(rng.randn(50, 5));
  p.d32.backward(rng.randn(8, 5));
  // the master weights are exactly the double weights given, untouched by the forward pass
  EXPECT_EQ(arma::accu(p.d32.W().value != p.d64.W().value), 0u);
  EXPECT_EQ(p.d32.compute(), nn::Precision::Float32);
  EXPECT_EQ(p.d64.compute(), nn::Precision::Float64);
  EXPECT_EQ(p.d32.name(), "Dense(50 -> 8, float32)");
  EXPECT_EQ(p.d64.name(), "Dense(50 -> 8)");
  EXPECT_EQ(nn::to_string(nn::Precision::Float32), "float32");
}

TEST(MixedPrecision, AFloat32BatchIsKeptAsItIs) {
  nn::Rng rng(5);
  Pair p(rng);
  const arma::mat X = rng.randn(50, 6);
  const arma::mat Y = p.d32.forward(X);
  arma::fmat X32 = arma::conv_to<arma::fmat>::from(X);
  EXPECT_EQ(arma::accu(p.d32.forward_float32(std::move(X32)) != Y), 0u);  // same float32 input
  // in float64 compute a float32 batch is converted to double: the double result of float(X)
  const arma::mat Y64 = p.d64.forward_float32(arma::conv_to<arma::fmat>::from(X));
  EXPECT_LT(rel(Y64, p.d64.forward(X)), 1e-6);
}

TEST(MixedPrecision, OneTrainingStepDiffersFromDoubleByFloat32RoundingOnly) {
  // the same model twice, one with float32 products; one SGD step on the same batch
  auto build = [](nn::Precision p) {
    nn::set_seed(11);
    auto m = std::make_unique<nn::Sequential>();
    m->add<nn::Dense>(30, 12);
    m->add<nn::Sigmoid>();
    m->add<nn::Dense>(12, 4);
    m->add<nn::Softmax>();
    m->set_compute(p);
    m->compile(nn::CategoricalCrossEntropy(), nn::SGD(m->parameters(), {.lr = 0.5}));
    return m;
  };
  auto m64 = build(nn::Precision::Float64), m32 = build(nn::Precision::Float32);
  EXPECT_EQ(m32->compute(), nn::Precision::Float32);
  nn::Rng rng(12);
  const arma::mat X = rng.randu(30, 16);
  arma::mat T(4, 16, arma::fill::zeros);
  for (arma::uword j = 0; j < 16; ++j) T(j % 4, j) = 1.0;
  const arma::mat W0 = m64->parameters()[0]->value;
  const double L64 = m64->train_step(X, T), L32 = m32->train_step(X, T);
  EXPECT_NEAR(L32, L64, 1e-6 * L64);
  for (std::size_t i = 0; i < m64->parameters().size(); ++i) {
    const arma::mat& a = m64->parameters()[i]->value;
    const arma::mat& b = m32->parameters()[i]->value;
    // the step changes W by eta dL/dW; float32 changes that change by ~1e-7 relative
    EXPECT_LT(arma::abs(a - b).max(), 1e-6) << "parameter " << i;
  }
  EXPECT_GT(arma::abs(m64->parameters()[0]->value - W0).max(), 1e-4);  // the step moved W
}

TEST(MixedPrecision, FitInFloat32ReachesTheLossOfFitInDouble) {
  nn::Rng rng(21);
  const arma::mat X = rng.randn(6, 300);
  arma::uvec y(300);
  for (arma::uword j = 0; j < 300; ++j) y[j] = X(0, j) + X(1, j) > 0 ? 1 : 0;
  auto run = [&](nn::Precision p) {
    nn::set_seed(22);
    nn::Sequential m;
    m.add<nn::Dense>(6, 8);
    m.add<nn::Sigmoid>();
    m.add<nn::Dense>(8, 2);
    m.add<nn::Softmax>();
    m.set_compute(p);
    m.compile(nn::CategoricalCrossEntropy(), nn::SGD(m.parameters(), {.lr = 0.5}));
    return m.fit(X, y, {.epochs = 5, .batch_size = 30, .verbose = 0}).loss;
  };
  const std::vector<double> l64 = run(nn::Precision::Float64), l32 = run(nn::Precision::Float32);
  ASSERT_EQ(l64.size(), 5u);
  EXPECT_LT(l64.back(), 0.5 * l64.front());  // it learns
  for (std::size_t e = 0; e < l64.size(); ++e) EXPECT_NEAR(l32[e], l64[e], 1e-5) << "epoch " << e;
  EXPECT_NE(l32.back(), l64.back());  // and the float32 run is a different computation
}

TEST(MixedPrecision, AGradientCheckInFloat32SeesTheRounding) {
  // central differences divide the rounding of f by 2h: with h = 1e-6 float32's 6e-8 relative
  // error of the output becomes a large error of the estimate, while double passes at 1e-7
  nn::Rng rng(31);
  const arma::mat X = rng.randn(50, 4);
  Pair p(rng);
  const double e64 = nn::gradcheck_layer(p.d64, X, rng).max_rel_error;
  const double e32 = nn::gradcheck_layer(p.d32, X, rng).max_rel_error;
  EXPECT_LT(e64, 1e-7);
  EXPECT_GT(e32, 1e-4);
}

TEST(MixedPrecision, ErrorsNameTheLayerAndTheShapes) {
  nn::Rng rng(41);
  Pair p(rng);
  EXPECT_TRUE(
      Throws<nn::ShapeError>([&] { p.d32.forward_float32(arma::fmat(49, 3)); },
                             {"Dense(50 -> 8, float32)::forward", "49 x 3", "float32", "50 rows"}));
  nn::Dense fresh(5, 2);
  fresh.set_compute(nn::Precision::Float32);
  EXPECT_TRUE(Throws<nn::CallOrderError>([&] { fresh.backward(arma::mat(2, 3)); },
                                         {"Dense(5 -> 2, float32)::backward", "before forward"}));
  p.d32.forward(rng.randn(50, 3));
  EXPECT_TRUE(Throws<nn::ShapeError>([&] { p.d32.backward(arma::mat(8, 4)); }, {"dY", "8 x 4"}));
}

}  // namespace
