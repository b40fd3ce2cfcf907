// Gradient checks (DESIGN 6, STYLE "Tests"): every activation layer, Dense, and every loss, by
// central differences (h = 1e-6) at relative error <= 1e-7, each tensor checked separately.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include <nn/activations/activations.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/losses.hpp>

#include "support/gradcheck_assert.hpp"

namespace {

constexpr double kTol = 1e-7;

// 4 x 5 inputs with |x| in [0.1, 2]: away from the kink of the ReLU family at 0
arma::mat away_from_zero(nn::Rng& rng, arma::uword rows = 4, arma::uword cols = 5) {
  arma::mat X = rng.randu(rows, cols, 0.1, 2.0);
  const arma::mat sign = 2.0 * rng.bernoulli(rows, cols, 0.5) - 1.0;
  return X % sign;
}

struct LayerCase {
  std::string name;                                  // test-name suffix
  std::function<std::unique_ptr<nn::Layer>()> make;  // a fresh layer
};

std::ostream& operator<<(std::ostream& out, const LayerCase& c) { return out << c.name; }

class LayerGradient : public ::testing::TestWithParam<LayerCase> {};

TEST_P(LayerGradient, MatchesCentralDifferences) {
  nn::Rng rng(2024);
  std::unique_ptr<nn::Layer> layer = GetParam().make();
  const arma::mat X = away_from_zero(rng);
  EXPECT_TRUE(nn::testing::LayerGradientsMatch(*layer, X, kTol)) << layer->name();
}

template <typename T, typename... Args>
std::function<std::unique_ptr<nn::Layer>()> factory(Args... args) {
  return [=]() { return std::unique_ptr<nn::Layer>(std::make_unique<T>(args...)); };
}

std::unique_ptr<nn::Layer> rrelu_inference() {
  auto layer = std::make_unique<nn::RReLU>(1.0 / 8.0, 1.0 / 3.0);
  layer->set_training(false);
  return layer;
}

std::unique_ptr<nn::Layer> dense_4_3() {
  nn::Rng rng(7);
  const arma::mat W = rng.randn(3, 4);
  const arma::vec b = rng.randn(3, 1);
  return std::make_unique<nn::Dense>(W, b);
}

std::unique_ptr<nn::Layer> prelu_per_unit() {
  auto layer = std::make_unique<nn::PReLU>(0.25, 4);
  layer->alpha().value = arma::vec{0.1, 0.2, -0.3, 0.4};
  return layer;
}

INSTANTIATE_TEST_SUITE_P(
    Layers, LayerGradient,
    ::testing::Values(
        LayerCase{"Identity", factory<nn::Identity>()},
        LayerCase{"Sigmoid", factory<nn::Sigmoid>()}, LayerCase{"Tanh", factory<nn::Tanh>()},
        LayerCase{"ReLU", factory<nn::ReLU>()},
        LayerCase{"LeakyReLU001", factory<nn::LeakyReLU>(0.01)},
        LayerCase{"LeakyReLU03", factory<nn::LeakyReLU>(0.3)},
        LayerCase{"PReLUShared", factory<nn::PReLU>(0.25)},
        LayerCase{"PReLUPerUnit", prelu_per_unit}, LayerCase{"RReLUInference", rrelu_inference},
        LayerCase{"RReLUFixedSlope", factory<nn::RReLU>(0.2, 0.2)},
        LayerCase{"ELU", factory<nn::ELU>(1.0)}, LayerCase{"ELUAlpha05", factory<nn::ELU>(0.5)},
        LayerCase{"SELU", factory<nn::SELU>()}, LayerCase{"GELUErf", factory<nn::GELU>(false)},
        LayerCase{"GELUTanh", factory<nn::GELU>(true)},
        LayerCase{"Softmax", factory<nn::Softmax>()},
        LayerCase{"LogSoftmax", factory<nn::LogSoftmax>()}, LayerCase{"Dense", dense_4_3}),
    [](const ::testing::TestParamInfo<LayerCase>& info) { return info.param.name; });

// The step's derivative is 0 almost everywhere: backward must return exactly 0, and central
// differences away from 0 agree.
TEST(StepGradient, IsZero) {
  nn::Rng rng(5);
  nn::Step layer;
  const arma::mat X = away_from_zero(rng);
  const nn::GradCheckResult r = nn::gradcheck_layer(layer, X, rng);
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(arma::abs(r.entries[0].analytic).max(), 0.0);
  EXPECT_EQ(arma::abs(r.entries[0].numeric).max(), 0.0);
  EXPECT_EQ(r.max_rel_error, 0.0);
}

// RReLU in training: backward must use the very slopes drawn in forward. Replaying the same
// random stream for every forward of the numerical check makes the layer deterministic.
TEST(RReLUGradient, TrainingUsesTheDrawnSlopes) {
  nn::Rng data_rng(11), layer_rng(99);
  nn::RReLU layer(0.1, 0.4, &layer_rng);
  const arma::mat X = away_from_zero(data_rng);
  const arma::mat dY = data_rng.randn(4, 5);
  layer_rng.reseed(3);
  layer.forward(X);
  const arma::mat dX = layer.backward(dY);
  const arma::mat numeric = nn::numerical_gradient(
      [&](const arma::mat& Xp) {
        layer_rng.reseed(3);  // the same slopes every time
        return arma::accu(dY % layer.forward(Xp));
      },
      X);
  EXPECT_LE(nn::relative_error(dX, numeric), kTol) << "analytic\n" << dX << "numeric\n" << numeric;
}

// A whole model (here one Dense layer) under a loss: dW, db and dX of L = loss(W X + b, T).
TEST(ModelGradient, DenseUnderSoftmaxCrossEntropy) {
  nn::Rng rng(8);
  const arma::mat W = rng.randn(3, 4);
  const arma::vec b = rng.randn(3, 1);
  nn::Dense dense(W, b);
  nn::SoftmaxCrossEntropy loss;
  const arma::mat X = rng.randn(4, 6);
  const arma::mat T = arma::eye(3, 6);
  EXPECT_TRUE(nn::testing::ModelGradientsMatch(dense, loss, X, T, kTol));
}

// ----- losses -----

struct LossCase {
  std::string name;
  std::function<std::unique_ptr<nn::Loss>()> make;
  std::function<arma::mat(nn::Rng&)> yhat;    // predictions (3 x 5)
  std::function<arma::mat(nn::Rng&)> target;  // targets (3 x 5)
};

std::ostream& operator<<(std::ostream& out, const LossCase& c) { return out << c.name; }

class LossGradient : public ::testing::TestWithParam<LossCase> {};

TEST_P(LossGradient, MatchesCentralDifferences) {
  nn::Rng rng(31);
  std::unique_ptr<nn::Loss> loss = GetParam().make();
  const arma::mat Yhat = GetParam().yhat(rng);
  const arma::mat T = GetParam().target(rng);
  EXPECT_TRUE(nn::testing::LossGradientsMatch(*loss, Yhat, T, kTol)) << loss->name();
}

template <typename T, typename... Args>
std::function<std::unique_ptr<nn::Loss>()> loss_factory(Args... args) {
  return [=]() { return std::unique_ptr<nn::Loss>(std::make_unique<T>(args...)); };
}

arma::mat real_values(nn::Rng& rng) { return rng.randn(3, 5); }
arma::mat probabilities(nn::Rng& rng) { return rng.randu(3, 5, 0.05, 0.95); }
arma::mat binary_targets(nn::Rng& rng) { return rng.bernoulli(3, 5, 0.5); }
arma::mat soft_binary_targets(nn::Rng& rng) { return rng.randu(3, 5, 0.0, 1.0); }
arma::mat distributions(nn::Rng& rng) { return nn::softmax(rng.randn(3, 5)); }
arma::mat log_distributions(nn::Rng& rng) { return nn::log_softmax(rng.randn(3, 5)); }
arma::mat one_hot_targets(nn::Rng& rng) {
  arma::mat T(3, 5, arma::fill::zeros);
  for (arma::uword n = 0; n < 5; ++n) T(rng.integer(3), n) = 1.0;
  return T;
}
// |Yhat - T| >= 0.1 everywhere: away from the kink of |.|
arma::mat offsets(nn::Rng& rng) { return away_from_zero(rng, 3, 5); }

using nn::Reduction;

INSTANTIATE_TEST_SUITE_P(
    Losses, LossGradient,
    ::testing::Values(
        LossCase{"MSEMean", loss_factory<nn::MSE>(Reduction::Mean), real_values, real_values},
        LossCase{"MSESum", loss_factory<nn::MSE>(Reduction::Sum), real_values, real_values},
        LossCase{"MAEMean", loss_factory<nn::MAE>(Reduction::Mean), offsets,
                 [](nn::Rng&) { return arma::mat(3, 5, arma::fill::zeros); }},
        LossCase{"MAESum", loss_factory<nn::MAE>(Reduction::Sum), offsets,
                 [](nn::Rng&) { return arma::mat(3, 5, arma::fill::zeros); }},
        LossCase{"BCEMean", loss_factory<nn::BinaryCrossEntropy>(Reduction::Mean, 1e-7),
                 probabilities, binary_targets},
        LossCase{"BCESumSoftTargets", loss_factory<nn::BinaryCrossEntropy>(Reduction::Sum, 1e-7),
                 probabilities, soft_binary_targets},
        LossCase{"BCEFromLogitsMean",
                 loss_factory<nn::BinaryCrossEntropyFromLogits>(Reduction::Mean), real_values,
                 binary_targets},
        LossCase{"BCEFromLogitsSum", loss_factory<nn::BCEWithLogits>(Reduction::Sum), real_values,
                 soft_binary_targets},
        LossCase{"CCEMean", loss_factory<nn::CategoricalCrossEntropy>(Reduction::Mean, 1e-7),
                 distributions, one_hot_targets},
        LossCase{"CCESumSoftTargets",
                 loss_factory<nn::CategoricalCrossEntropy>(Reduction::Sum, 1e-7), distributions,
                 distributions},
        LossCase{"SoftmaxCEMean", loss_factory<nn::SoftmaxCrossEntropy>(Reduction::Mean),
                 real_values, one_hot_targets},
        LossCase{"SoftmaxCESumSoftTargets", loss_factory<nn::SoftmaxCrossEntropy>(Reduction::Sum),
                 real_values, distributions},
        LossCase{"SoftmaxCEUnnormalisedTargets",
                 loss_factory<nn::SoftmaxCrossEntropy>(Reduction::Mean), real_values,
                 soft_binary_targets},
        LossCase{"NLLMean", loss_factory<nn::NLLLoss>(Reduction::Mean), log_distributions,
                 one_hot_targets},
        LossCase{"NLLSum", loss_factory<nn::NLLLoss>(Reduction::Sum), log_distributions,
                 one_hot_targets}),
    [](const ::testing::TestParamInfo<LossCase>& info) { return info.param.name; });

// The label forms of the free functions agree with central differences too.
TEST(LabelLossGradient, SoftmaxCrossEntropyAndNLLWithLabels) {
  nn::Rng rng(12);
  const arma::mat Z = rng.randn(4, 6);
  const arma::uvec c = {0, 3, 1, 1, 2, 0};
  for (const nn::Reduction r : {Reduction::Mean, Reduction::Sum}) {
    const arma::mat numeric_ce = nn::numerical_gradient(
        [&](const arma::mat& Zp) { return nn::softmax_cross_entropy(Zp, c, r); }, Z);
    EXPECT_LE(nn::relative_error(nn::softmax_cross_entropy_gradient(Z, c, r), numeric_ce), kTol);
    const arma::mat logP = nn::log_softmax(Z);
    const arma::mat numeric_nll =
        nn::numerical_gradient([&](const arma::mat& Lp) { return nn::nll(Lp, c, r); }, logP);
    EXPECT_LE(nn::relative_error(nn::nll_gradient(logP, c, r), numeric_nll), kTol);
  }
}

// Every element-wise activation's _derivative is the derivative of its function (checked entry by
// entry with central differences: the Jacobian is diagonal).
TEST(ActivationDerivative, MatchesCentralDifferences) {
  nn::Rng rng(21);
  const arma::mat Z = away_from_zero(rng, 6, 7);
  using F = std::function<arma::mat(const arma::mat&)>;
  const std::vector<std::tuple<std::string, F, F>> cases = {
      {"identity", [](const arma::mat& z) { return nn::identity(z); },
       [](const arma::mat& z) { return nn::identity_derivative(z); }},
      {"sigmoid", [](const arma::mat& z) { return nn::sigmoid(z); },
       [](const arma::mat& z) { return nn::sigmoid_derivative(z); }},
      {"softplus", [](const arma::mat& z) { return nn::softplus(z); },
       [](const arma::mat& z) { return nn::softplus_derivative(z); }},
      {"tanh", [](const arma::mat& z) { return nn::tanh(z); },
       [](const arma::mat& z) { return nn::tanh_derivative(z); }},
      {"relu", [](const arma::mat& z) { return nn::relu(z); },
       [](const arma::mat& z) { return nn::relu_derivative(z); }},
      {"leaky_relu", [](const arma::mat& z) { return nn::leaky_relu(z, 0.05); },
       [](const arma::mat& z) { return nn::leaky_relu_derivative(z, 0.05); }},
      {"prelu",
       [](const arma::mat& z) {
         return nn::prelu(z, arma::vec{0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
       },
       [](const arma::mat& z) {
         return nn::prelu_derivative(z, arma::vec{0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
       }},
      {"rrelu", [](const arma::mat& z) { return nn::rrelu(z, 0.1, 0.3, false); },
       [](const arma::mat& z) { return nn::rrelu_derivative(z, 0.1, 0.3); }},
      {"elu", [](const arma::mat& z) { return nn::elu(z, 0.7); },
       [](const arma::mat& z) { return nn::elu_derivative(z, 0.7); }},
      {"selu", [](const arma::mat& z) { return nn::selu(z); },
       [](const arma::mat& z) { return nn::selu_derivative(z); }},
      {"gelu", [](const arma::mat& z) { return nn::gelu(z); },
       [](const arma::mat& z) { return nn::gelu_derivative(z); }},
      {"gelu_tanh", [](const arma::mat& z) { return nn::gelu_tanh(z); },
       [](const arma::mat& z) { return nn::gelu_tanh_derivative(z); }},
  };
  for (const auto& [name, f, df] : cases) {
    // sum(f(Z)) has gradient f'(Z) because f acts element by element
    const arma::mat numeric =
        nn::numerical_gradient([&](const arma::mat& Zp) { return arma::accu(f(Zp)); }, Z);
    EXPECT_LE(nn::relative_error(df(Z), numeric), kTol) << name;
  }
  // prelu's slope derivative: d/dalpha sum(prelu(Z, alpha)) = sum(min(Z, 0))
  const double numeric_alpha =
      (arma::accu(nn::prelu(Z, 0.3 + 1e-6)) - arma::accu(nn::prelu(Z, 0.3 - 1e-6))) / 2e-6;
  EXPECT_NEAR(arma::accu(nn::prelu_alpha_derivative(Z)), numeric_alpha,
              1e-7 * std::abs(numeric_alpha));
}

// The softmax Jacobian: J^T dy from softmax_backward equals the explicit diag(s) - s s^T product
// and the central-difference Jacobian of softmax.
TEST(SoftmaxJacobian, MatchesCentralDifferencesAndBackward) {
  nn::Rng rng(4);
  const arma::vec z = rng.randn(5, 1);
  const arma::vec s = nn::softmax(z);
  const arma::mat J = nn::softmax_jacobian(s);
  for (arma::uword i = 0; i < 5; ++i) {
    const arma::mat row_i =
        nn::numerical_gradient([&](const arma::mat& zp) { return nn::softmax(zp)(i, 0); }, z);
    EXPECT_LE(nn::relative_error(arma::mat(J.row(i)), arma::mat(row_i.t())), kTol) << "row " << i;
  }
  const arma::vec dy = rng.randn(5, 1);
  EXPECT_LE(nn::relative_error(nn::softmax_backward(s, dy), J.t() * dy), 1e-14);
}

}  // namespace

namespace {

// The check must be able to fail: a sigmoid whose backward forgets the (1 - Y) factor.
class BrokenSigmoid : public nn::Sigmoid {
 public:
  arma::mat forward(const arma::mat& X) override {
    Y_ = nn::Sigmoid::forward(X);
    return Y_;
  }
  arma::mat backward(const arma::mat& dY) override { return dY % Y_; }  // wrong: missing (1 - Y)

 private:
  arma::mat Y_;
};

TEST(GradCheck, DetectsAWrongBackwardAndReportsBothMatrices) {
  nn::Rng rng(1);
  BrokenSigmoid layer;
  const arma::mat X = rng.randn(2, 3);
  const nn::GradCheckResult r = nn::gradcheck_layer(layer, X, rng);
  EXPECT_GT(r.max_rel_error, 0.1);
  EXPECT_FALSE(r.passed());
  const ::testing::AssertionResult a = nn::testing::GradientsMatch(r, 1e-7);
  EXPECT_FALSE(a);
  EXPECT_NE(std::string(a.message()).find("analytic (backward)"), std::string::npos) << a.message();
  EXPECT_NE(std::string(a.message()).find("numeric (central differences)"), std::string::npos);
}

TEST(GradCheck, RelativeErrorConventions) {
  const arma::mat Z(2, 2, arma::fill::zeros), A = {{1, 2}, {3, 4}};
  EXPECT_EQ(nn::relative_error(Z, Z), 0.0);
  EXPECT_EQ(nn::relative_error(A, Z), 1.0);
  EXPECT_EQ(nn::relative_error(A, A), 0.0);
  EXPECT_NEAR(nn::relative_error(A, 2.0 * A), 1.0 / 3.0, 1e-15);  // ||A|| / (||A|| + 2||A||)
  EXPECT_THROW(nn::relative_error(A, arma::mat(3, 1)), nn::ShapeError);
}

TEST(GradCheck, NumericalGradientOfAQuadraticIsExact) {
  // f(x) = sum(x .^ 2) / 2 has gradient x; central differences are exact for quadratics (up to
  // rounding)
  const arma::mat x = {{1.5, -2.0}, {0.25, 3.0}};
  const arma::mat g =
      nn::numerical_gradient([](const arma::mat& v) { return 0.5 * arma::accu(v % v); }, x);
  EXPECT_LE(arma::abs(g - x).max(), 1e-9);
}

}  // namespace
