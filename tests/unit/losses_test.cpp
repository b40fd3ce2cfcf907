// Unit tests of nn/losses: values against PyTorch 1.13 (float64, torch.nn.functional) or exact
// math, the Mean/Sum reductions, stability (clipping, logits forms at +-800), error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/core/errors.hpp>
#include <nn/losses/losses.hpp>

namespace {

using nn::Reduction;

const arma::mat kYhat = {{1, 2, 3}, {4, 5, 6}};
const arma::mat kT = {{1.5, 2, 2}, {4, 3, 7}};

TEST(Losses, MseMeanOverAllEntriesSumOverExamples) {
  EXPECT_NEAR(nn::mse(kYhat, kT), 1.0416666666666667, 1e-15);  // F.mse_loss (mean of all 6 entries)
  // Sum = sum over examples of the per-example mean over rows (Keras) = N * Mean
  EXPECT_NEAR(nn::mse(kYhat, kT, Reduction::Sum), 3.125, 1e-15);
  EXPECT_NEAR(nn::sse(kYhat, kT), 6.25, 1e-15);  // plain sum of squares
  EXPECT_NEAR(nn::mse(arma::mat(arma::vec{23.5}), arma::mat(arma::vec{22.9})), 0.36, 1e-12);
  // two different one-hot 4-vectors: squared distance 2, mean over the 4 entries 0.5
  const arma::mat a = arma::vec{0, 1, 0, 0}, b = arma::vec{0, 0, 1, 0};
  EXPECT_EQ(nn::sse(a, b), 2.0);
  EXPECT_EQ(nn::mse(a, b), 0.5);
  // gradient 2 (Yhat - T) / (K N)
  EXPECT_TRUE(
      arma::approx_equal(nn::mse_gradient(kYhat, kT), (kYhat - kT) / 3.0, "absdiff", 1e-16));
  EXPECT_TRUE(arma::approx_equal(nn::mse_gradient(kYhat, kT, Reduction::Sum), kYhat - kT, "absdiff",
                                 1e-16));
  EXPECT_TRUE(arma::approx_equal(nn::sse_gradient(kYhat, kT), 2.0 * (kYhat - kT), "absdiff", 0.0));
}

TEST(Losses, MaeMeanOverAllEntries) {
  EXPECT_NEAR(nn::mae(kYhat, kT), 0.75, 1e-15);  // F.l1_loss
  EXPECT_NEAR(nn::mae(kYhat, kT, Reduction::Sum), 2.25, 1e-15);
  const arma::mat G = nn::mae_gradient(kYhat, kT);
  // sign(0) = 0
  EXPECT_TRUE(arma::approx_equal(G, arma::mat{{-1, 0, 1}, {0, 1, -1}} / 6.0, "absdiff", 1e-16));
}

TEST(Losses, BinaryCrossEntropyOnProbabilities) {
  const arma::mat P = {{0.9, 0.2, 0.6}, {0.3, 0.99, 0.05}};
  const arma::mat Y = {{1, 0, 1}, {0, 1, 1}};
  EXPECT_NEAR(nn::binary_cross_entropy(P, Y), 0.700297874014042, 1e-15);  // F.binary_cross_entropy
  EXPECT_NEAR(nn::binary_cross_entropy(P, Y, 1e-7, Reduction::Sum), 2.100893622042126, 1e-14);
  // scalar form: -ln(1 - 0.9) = ln 10; -ln 0.75
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 0.0), std::log(10.0), 1e-14);
  EXPECT_NEAR(nn::binary_cross_entropy(0.25, 0.0), 0.2876820724517809, 1e-15);
  // clipping: a certain, wrong prediction costs -ln(1e-7) = 16.118..., not inf
  EXPECT_NEAR(nn::binary_cross_entropy(arma::mat(arma::vec{0.0}), arma::mat(arma::vec{1.0})),
              16.11809565095832, 1e-8);
  EXPECT_NEAR(nn::binary_cross_entropy(1.0, 0.0), 16.11809565095832, 1e-8);
  EXPECT_TRUE(std::isinf(-std::log(0.0)));  // what the unclipped formula would give
  // eps = 0 disables clipping: then the loss is inf and that is reported as a DataError
  EXPECT_THROW(nn::binary_cross_entropy(arma::mat(arma::vec{0.0}), arma::mat(arma::vec{1.0}), 0.0),
               nn::DataError);
  // gradient (P - Y) / (P (1 - P)) / (K N)
  const arma::mat G = nn::binary_cross_entropy_gradient(P, Y);
  EXPECT_TRUE(arma::approx_equal(G, (P - Y) / (P % (1 - P)) / 6.0, "absdiff", 1e-13));
}

TEST(Losses, BinaryCrossEntropyFromLogitsIsStable) {
  const arma::mat Z = {{2.0, -1.0, 0.5}, {-3.0, 0.0, 4.0}};
  const arma::mat Y = {{1, 0, 1}, {0, 1, 1}};
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Z, Y), 0.27902519046546653, 1e-15);  // torch
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Z, Y, Reduction::Sum), 0.8370755713963995,
              1e-15);
  // equals BCE of sigmoid(Z) where nothing saturates
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Z, Y),
              nn::binary_cross_entropy(nn::sigmoid(Z), Y), 1e-12);
  // z = +-800: the stable form is finite (torch: 800, 800, 0) ...
  const arma::mat Zx = {{800.0, -800.0, 800.0}};
  const arma::mat Yx = {{0.0, 1.0, 1.0}};
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Zx, Yx, Reduction::Sum), 1600.0, 1e-9);
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(800.0, 0.0), 800.0);
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(-800.0, 1.0), 800.0);
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(800.0, 1.0), 0.0);
  // ... while the naive ln(1 + e^z) - y z overflows, and ln sigma(-800) is ln 0
  const double naive = std::log(1.0 + std::exp(800.0)) - 0.0 * 800.0;
  EXPECT_TRUE(std::isinf(naive));
  const double p = 1.0 / (1.0 + std::exp(800.0));  // sigma(-800) underflows to 0
  EXPECT_FALSE(std::isfinite(-(1.0 * std::log(p))));
  // gradient (sigma(Z) - Y) / (K N), finite at +-800
  EXPECT_TRUE(arma::approx_equal(nn::binary_cross_entropy_from_logits_gradient(Z, Y),
                                 (nn::sigmoid(Z) - Y) / 6.0, "absdiff", 1e-16));
  EXPECT_TRUE(nn::binary_cross_entropy_from_logits_gradient(Zx, Yx).is_finite());
}

TEST(Losses, CategoricalCrossEntropyOnProbabilities) {
  const arma::mat P = {{0.7, 0.1, 0.2}, {0.2, 0.6, 0.3}, {0.1, 0.3, 0.5}};  // columns sum to 1
  const arma::mat T = {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}};                    // labels 0, 2, 1
  // -(ln .7 + ln .3 + ln .3)/3
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T), 0.9215401841968682, 1e-15);
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T, 1e-7, Reduction::Sum), 2.7646205525906047, 1e-14);
  // not renormalised: confident vs unsure (lecture L3-12 values)
  EXPECT_NEAR(nn::categorical_cross_entropy(arma::mat(arma::vec{0.23, 0.30, 0.23, 0.23}),
                                            arma::mat(arma::vec{0, 1, 0, 0})),
              -std::log(0.30), 1e-15);
  // clipped: p = 0 on the true class costs -ln 1e-7
  EXPECT_NEAR(nn::categorical_cross_entropy(arma::mat(arma::vec{0.0, 1.0, 0.0}),
                                            arma::mat(arma::vec{1, 0, 0})),
              16.11809565095832, 1e-8);
  EXPECT_TRUE(arma::approx_equal(nn::categorical_cross_entropy_gradient(P, T), -T / P / 3.0,
                                 "absdiff", 1e-15));
}

TEST(Losses, SoftmaxCrossEntropyOnLogits) {
  const arma::mat Z = {{1.0, -2.0, 0.3}, {2.0, 0.5, 0.3}, {-1.0, 1.5, 0.3}};
  const arma::uvec labels = {0, 2, 1};
  const arma::mat T = {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, T), 0.9275740336508211, 1e-15);  // F.cross_entropy
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, T, Reduction::Sum), 2.7827221009524634, 1e-14);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, labels), 0.9275740336508211, 1e-15);
  // soft targets (F.cross_entropy with probabilities)
  const arma::mat Ts = {{0.2, 0.5, 0.1}, {0.3, 0.25, 0.6}, {0.5, 0.25, 0.3}};
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, Ts), 1.827574033650821, 1e-14);
  // equals CCE of softmax(Z)
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, T), nn::categorical_cross_entropy(nn::softmax(Z), T),
              1e-14);
  // gradient (P - T)/N, both forms
  const arma::mat G = (nn::softmax(Z) - T) / 3.0;
  EXPECT_TRUE(arma::approx_equal(nn::softmax_cross_entropy_gradient(Z, T), G, "absdiff", 1e-16));
  EXPECT_TRUE(
      arma::approx_equal(nn::softmax_cross_entropy_gradient(Z, labels), G, "absdiff", 1e-16));
  EXPECT_TRUE(arma::approx_equal(nn::softmax_cross_entropy_gradient(Z, T, Reduction::Sum), 3.0 * G,
                                 "absdiff", 1e-15));
  // huge logits: finite (torch: 0 and 2000)
  const arma::mat big = arma::vec{1000.0, 0.0, -1000.0};
  EXPECT_EQ(nn::softmax_cross_entropy(big, arma::uvec{0}), 0.0);
  EXPECT_NEAR(nn::softmax_cross_entropy(big, arma::uvec{2}), 2000.0, 1e-9);
}

TEST(Losses, NllOnLogProbabilities) {
  const arma::mat Z = {{1.0, -2.0, 0.3}, {2.0, 0.5, 0.3}, {-1.0, 1.5, 0.3}};
  const arma::uvec labels = {0, 2, 1};
  const arma::mat logP = nn::log_softmax(Z);
  EXPECT_NEAR(nn::nll(logP, labels), 0.9275740336508211, 1e-15);  // F.nll_loss(F.log_softmax)
  EXPECT_NEAR(nn::nll(logP, labels, Reduction::Sum), 2.7827221009524634, 1e-14);
  const arma::mat T = {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
  EXPECT_NEAR(nn::nll(logP, T), nn::nll(logP, labels), 1e-16);
  EXPECT_TRUE(arma::approx_equal(nn::nll_gradient(logP, labels), -T / 3.0, "absdiff", 0.0));
  // NLL of probabilities {0.2, 0.7, 0.1} at class 1 = -ln 0.7
  EXPECT_NEAR(nn::nll(arma::log(arma::mat(arma::vec{0.2, 0.7, 0.1})), arma::uvec{1}),
              0.35667494393873245, 1e-15);
}

TEST(Losses, LabelErrors) {
  const arma::mat Z(3, 2, arma::fill::zeros);
  try {
    nn::softmax_cross_entropy(Z, arma::uvec{0, 3});
    FAIL() << "expected nn::DataError";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("nn::softmax_cross_entropy"), std::string::npos) << msg;
    EXPECT_NE(msg.find("label 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 classes"), std::string::npos) << msg;
  }
  try {
    nn::nll(Z, arma::uvec{0, 1, 2});
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("nn::nll"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 x 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 labels"), std::string::npos) << msg;
  }
}

// Every loss, free function and object: a shape mismatch names the loss and both shapes.
TEST(Losses, ShapeMismatchNamesTheLossAndBothShapes) {
  const arma::mat A(3, 4, arma::fill::value(0.5)), B(4, 3, arma::fill::value(0.5));
  const auto expect_shape_error = [&](const std::function<void()>& call, const std::string& loss) {
    try {
      call();
      ADD_FAILURE() << loss << ": expected nn::ShapeError";
    } catch (const nn::ShapeError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(loss), std::string::npos) << msg;
      EXPECT_NE(msg.find("3 x 4"), std::string::npos) << msg;
      EXPECT_NE(msg.find("4 x 3"), std::string::npos) << msg;
    }
  };
  expect_shape_error([&] { nn::mse(A, B); }, "nn::mse");
  expect_shape_error([&] { nn::mae(A, B); }, "nn::mae");
  expect_shape_error([&] { nn::binary_cross_entropy(A, B); }, "nn::binary_cross_entropy");
  expect_shape_error([&] { nn::binary_cross_entropy_from_logits(A, B); },
                     "nn::binary_cross_entropy_from_logits");
  expect_shape_error([&] { nn::categorical_cross_entropy(A, B); }, "nn::categorical_cross_entropy");
  expect_shape_error([&] { nn::softmax_cross_entropy(A, B); }, "nn::softmax_cross_entropy");
  expect_shape_error([&] { nn::nll(A, B); }, "nn::nll");
  expect_shape_error([&] { nn::mse_gradient(A, B); }, "nn::mse_gradient");
  expect_shape_error([&] { nn::softmax_cross_entropy_gradient(A, B); },
                     "nn::softmax_cross_entropy_gradient");
  expect_shape_error([&] { nn::SoftmaxCrossEntropy().forward(A, B); }, "nn::softmax_cross_entropy");
  expect_shape_error([&] { nn::BCEWithLogits().forward(A, B); },
                     "nn::binary_cross_entropy_from_logits");
}

TEST(Losses, NanOrInfInputIsADataErrorNamingTheLoss) {
  arma::mat P(2, 2, arma::fill::value(0.5));
  const arma::mat T(2, 2, arma::fill::value(1.0));
  P(1, 0) = arma::datum::nan;
  const auto expect_data_error = [&](const std::function<void()>& call, const std::string& loss) {
    try {
      call();
      ADD_FAILURE() << loss << ": expected nn::DataError";
    } catch (const nn::DataError& e) {
      EXPECT_NE(std::string(e.what()).find(loss), std::string::npos) << e.what();
    }
  };
  expect_data_error([&] { nn::mse(P, T); }, "nn::mse");
  expect_data_error([&] { nn::mae(P, T); }, "nn::mae");
  expect_data_error([&] { nn::binary_cross_entropy(P, T); }, "nn::binary_cross_entropy");
  expect_data_error([&] { nn::categorical_cross_entropy(P, T); }, "nn::categorical_cross_entropy");
  expect_data_error([&] { nn::softmax_cross_entropy(P, T); }, "nn::softmax_cross_entropy");
  expect_data_error([&] { nn::nll(P, T); }, "nn::nll");
  expect_data_error([&] { nn::MSE().forward(T, P); }, "nn::mse");  // NaN in the targets
  P(1, 0) = arma::datum::inf;
  expect_data_error([&] { nn::binary_cross_entropy_from_logits(P, T); },
                    "nn::binary_cross_entropy_from_logits");
  // a finite input whose loss overflows
  expect_data_error([&] { nn::mse(arma::mat(arma::vec{1e200}), arma::mat(arma::vec{-1e200})); },
                    "nn::mse");
}

TEST(LossObjects, ForwardBackwardNamesAndReduction) {
  const arma::mat Z = {{1.0, -2.0}, {2.0, 0.5}, {-1.0, 1.5}};
  const arma::mat T = {{1, 0}, {0, 0}, {0, 1}};
  nn::SoftmaxCrossEntropy mean_loss;
  nn::SoftmaxCrossEntropy sum_loss(Reduction::Sum);
  const double Lm = mean_loss.forward(Z, T), Ls = sum_loss.forward(Z, T);
  EXPECT_NEAR(Ls, 2.0 * Lm, 1e-14);  // Sum = N * Mean
  EXPECT_TRUE(
      arma::approx_equal(sum_loss.backward(), 2.0 * mean_loss.backward(), "absdiff", 1e-15));
  EXPECT_EQ(mean_loss.name(), "SoftmaxCrossEntropy(mean)");
  EXPECT_EQ(sum_loss.name(), "SoftmaxCrossEntropy(sum)");
  EXPECT_EQ(nn::MSE().name(), "MSE(mean)");
  EXPECT_EQ(nn::MAE(Reduction::Sum).name(), "MAE(sum)");
  EXPECT_EQ(nn::BinaryCrossEntropy().name(), "BinaryCrossEntropy(mean)");
  EXPECT_EQ(nn::BCEWithLogits().name(), "BinaryCrossEntropyFromLogits(mean)");
  EXPECT_EQ(nn::CategoricalCrossEntropy().name(), "CategoricalCrossEntropy(mean)");
  EXPECT_EQ(nn::NLLLoss().name(), "NLLLoss(mean)");
  // each object returns its free function's value and gradient
  nn::NLLLoss nll;
  EXPECT_NEAR(nll.forward(nn::log_softmax(Z), T), mean_loss.forward(Z, T), 1e-15);
  EXPECT_TRUE(arma::approx_equal(nll.backward(), -T / 2.0, "absdiff", 0.0));
  nn::BinaryCrossEntropy bce;
  const arma::mat P = nn::sigmoid(Z);
  EXPECT_EQ(bce.forward(P, T), nn::binary_cross_entropy(P, T));
  EXPECT_TRUE(
      arma::approx_equal(bce.backward(), nn::binary_cross_entropy_gradient(P, T), "absdiff", 0.0));
  // backward before forward is a call-order bug
  EXPECT_THROW(nn::MSE().backward(), nn::CallOrderError);
}

}  // namespace
