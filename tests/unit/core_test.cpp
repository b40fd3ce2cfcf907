// Unit tests of nn/core and the Dense layer: shapes, error messages, the seeded generator.
#include <gtest/gtest.h>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/core/shapes.hpp>
#include <nn/layers/dense.hpp>

namespace {

TEST(Rng, SameSeedSameNumbers) {
  nn::Rng a(7), b(7), c(8);
  const arma::mat A = a.randn(3, 4), B = b.randn(3, 4), C = c.randn(3, 4);
  EXPECT_TRUE(arma::approx_equal(A, B, "absdiff", 0.0));
  EXPECT_FALSE(arma::approx_equal(A, C, "absdiff", 1e-3));
}

TEST(Rng, UniformMeanAndPermutation) {
  nn::Rng rng(1);
  const arma::mat U = rng.randu(1, 100000, -1.0, 3.0);
  // mean of U[-1, 3) is 1, sd 4/sqrt(12); 5 standard errors of the mean
  EXPECT_NEAR(arma::mean(arma::vectorise(U)), 1.0, 5 * (4 / std::sqrt(12.0)) / std::sqrt(1e5));
  EXPECT_GE(U.min(), -1.0);
  EXPECT_LT(U.max(), 3.0);
  const arma::uvec p = rng.permutation(50);
  EXPECT_TRUE(arma::all(arma::sort(p) == arma::regspace<arma::uvec>(0, 49)));
}

TEST(Rng, NormalMoments) {
  nn::Rng rng(3);
  const arma::vec z = arma::vectorise(rng.randn(200, 500, 2.0, 3.0));
  EXPECT_NEAR(arma::mean(z), 2.0, 5 * 3.0 / std::sqrt(1e5));
  EXPECT_NEAR(arma::stddev(z), 3.0, 0.05);
}

TEST(Shapes, MatmulErrorNamesBothShapes) {
  const arma::mat X = {{1, 2, 3}, {4, 5, 6}};
  try {
    nn::matmul(X, X);
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("2 x 3 by 2 x 3"), std::string::npos) << e.what();
  }
}

TEST(Dense, ForwardIsWXPlusB) {
  nn::Dense layer(arma::mat{{1, 2}, {3, 4}, {5, 6}}, arma::vec{0.5, -1, 0});
  const arma::mat X = {{1, 0}, {0, 1}};
  const arma::mat Y = layer.forward(X);
  const arma::mat expected = {{1.5, 2.5}, {2, 3}, {5, 6}};
  EXPECT_TRUE(arma::approx_equal(Y, expected, "absdiff", 0.0));
  EXPECT_EQ(layer.name(), "Dense(2 -> 3)");
}

TEST(Dense, WrongInputRowsNamesLayerAndShape) {
  nn::Dense layer(784, 100);
  try {
    layer.forward(arma::mat(785, 100, arma::fill::zeros));
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "Dense(784 -> 100)::forward: input is 785 x 100 (features x examples), "
                 "expected 784 rows");
  }
}

TEST(Dense, GlorotUniformDefaultAndZeroBias) {
  nn::Dense layer(300, 100);
  const double r = std::sqrt(6.0 / 400.0);
  EXPECT_LE(arma::abs(layer.W().value).max(), r);
  EXPECT_GT(arma::abs(layer.W().value).max(), 0.95 * r);
  EXPECT_EQ(arma::accu(arma::abs(layer.b().value)), 0.0);
}

}  // namespace
