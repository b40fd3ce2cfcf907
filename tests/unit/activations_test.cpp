// Unit tests of nn/activations and the activation layers: values at known points (oracle: PyTorch
// 1.13 in float64, `torch.nn.functional`, or exact math), derivative conventions, stability of
// softmax, layer caching/modes, and error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nn/activations/activations.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>

namespace {

// the points every element-wise activation is evaluated at
const arma::rowvec kZ = {-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5};

void expect_row_near(const arma::mat& got, const arma::rowvec& expected, double tol,
                     const std::string& what) {
  ASSERT_EQ(got.n_elem, expected.n_elem) << what;
  for (arma::uword i = 0; i < expected.n_elem; ++i) {
    EXPECT_NEAR(got[i], expected[i], tol) << what << " at z = " << kZ[i];
  }
}

TEST(Activations, SigmoidValuesAndDerivative) {
  // torch.sigmoid / autograd
  expect_row_near(nn::sigmoid(kZ),
                  {0.04742587317756678, 0.2689414213699951, 0.3775406687981454, 0.5,
                   0.6224593312018546, 0.7310585786300049, 0.9241418199787566},
                  1e-15, "sigmoid");
  expect_row_near(nn::sigmoid_derivative(kZ),
                  {0.04517665973091214, 0.19661193324148185, 0.2350037122015945, 0.25,
                   0.2350037122015945, 0.19661193324148185, 0.07010371654510807},
                  1e-15, "sigmoid'");
  EXPECT_EQ(nn::sigmoid(0.0), 0.5);
  EXPECT_EQ(nn::sigmoid_derivative(0.0), 0.25);
  // no overflow at the extremes: exactly 0 and 1, derivative 0, never NaN
  EXPECT_EQ(nn::sigmoid(-800.0), 0.0);
  EXPECT_EQ(nn::sigmoid(800.0), 1.0);
  EXPECT_EQ(nn::sigmoid_derivative(-800.0), 0.0);
  EXPECT_TRUE(nn::sigmoid(arma::mat{{-1e308, 1e308}}).is_finite());
}

TEST(Activations, SoftplusIsStable) {
  expect_row_near(nn::softplus(kZ),
                  {0.04858735157374206, 0.31326168751822286, 0.4740769841801067, 0.6931471805599453,
                   0.9740769841801067, 1.3132616875182228, 2.5788897342925496},
                  1e-15, "softplus");
  EXPECT_EQ(nn::softplus(1000.0), 1000.0);  // ln(1 + e^1000) overflows in the naive form
  EXPECT_TRUE(std::isinf(std::log(1.0 + std::exp(1000.0))));
  EXPECT_NEAR(nn::softplus(-1000.0), 0.0, 1e-300);
}

TEST(Activations, TanhValuesAndDerivative) {
  expect_row_near(nn::tanh(kZ),
                  {-0.9950547536867305, -0.7615941559557649, -0.46211715726000974, 0.0,
                   0.46211715726000974, 0.7615941559557649, 0.9866142981514303},
                  1e-15, "tanh");
  expect_row_near(nn::tanh_derivative(kZ),
                  {0.009866037165440166, 0.41997434161402614, 0.7864477329659274, 1.0,
                   0.7864477329659274, 0.41997434161402614, 0.02659222668316057},
                  1e-15, "tanh'");
  // tanh(z) = 2 sigma(2z) - 1
  EXPECT_NEAR(nn::tanh(1.0), 2.0 * nn::sigmoid(2.0) - 1.0, 1e-15);
}

TEST(Activations, ReluFamilyValuesAndDerivativeConventionAtZero) {
  expect_row_near(nn::relu(kZ), {0, 0, 0, 0, 0.5, 1.0, 2.5}, 0.0, "relu");
  expect_row_near(nn::relu_derivative(kZ), {0, 0, 0, 0, 1, 1, 1}, 0.0, "relu'");  // 0 at z = 0
  EXPECT_EQ(nn::relu_derivative(0.0), 0.0);
  EXPECT_EQ(nn::relu(-2.0), 0.0);
  expect_row_near(nn::leaky_relu(kZ), {-0.03, -0.01, -0.005, 0.0, 0.5, 1.0, 2.5}, 1e-17,
                  "leaky_relu");
  expect_row_near(nn::leaky_relu_derivative(kZ, 0.2), {0.2, 0.2, 0.2, 0.2, 1, 1, 1}, 0.0, "leaky'");
  EXPECT_NEAR(nn::leaky_relu(-2.0, 0.01), -0.02, 1e-17);
  EXPECT_EQ(nn::leaky_relu(3.0, 0.01), 3.0);
  // PReLU: one slope per row, or one shared
  const arma::mat Z = {{-1.0, 2.0}, {-4.0, -0.5}};
  const arma::mat per_row = nn::prelu(Z, arma::vec{0.1, 0.5});
  EXPECT_TRUE(arma::approx_equal(per_row, arma::mat{{-0.1, 2.0}, {-2.0, -0.25}}, "absdiff", 1e-16));
  EXPECT_TRUE(
      arma::approx_equal(nn::prelu(Z, arma::vec{0.1}), nn::leaky_relu(Z, 0.1), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(nn::prelu_alpha_derivative(Z),
                                 arma::mat{{-1.0, 0.0}, {-4.0, -0.5}}, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(nn::prelu_derivative(Z, arma::vec{0.1, 0.5}),
                                 arma::mat{{0.1, 1.0}, {0.5, 0.5}}, "absdiff", 0.0));
}

TEST(Activations, PreluWrongSlopeCountNamesShapes) {
  try {
    nn::prelu(arma::mat(3, 2, arma::fill::ones), arma::vec{0.1, 0.2});
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("nn::prelu"), std::string::npos) << msg;
    EXPECT_NE(msg.find("2 entries"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 x 2"), std::string::npos) << msg;
  }
}

TEST(Activations, RreluInferenceUsesTheMeanSlopeAndTrainingDrawsInRange) {
  // (1/8 + 1/3) / 2 = 11/48
  EXPECT_NEAR(nn::rrelu_mean_slope(), 11.0 / 48.0, 1e-16);
  EXPECT_NEAR(nn::rrelu_mean_slope(1.0 / 8.0, 1.0 / 3.0), 0.2291666667, 1e-10);
  EXPECT_NEAR(nn::rrelu(-2.0), -2.0 * 11.0 / 48.0, 1e-15);
  EXPECT_EQ(nn::rrelu(2.0), 2.0);
  nn::Rng rng(5);
  const arma::mat Z(50, 40, arma::fill::value(-1.0));
  // training: y = alpha z, alpha ~ U[0.1, 0.3]
  const arma::mat Y = nn::rrelu(Z, 0.1, 0.3, true, rng);
  EXPECT_GE((-Y).min(), 0.1);
  EXPECT_LE((-Y).max(), 0.3);
  EXPECT_GT(arma::stddev(arma::vectorise(Y)), 0.01);  // really random, not the mean
  EXPECT_NEAR(arma::mean(arma::vectorise(-Y)), 0.2, 5 * 0.2 / std::sqrt(12.0) / std::sqrt(2000.0));
  // inference: deterministic, no draw
  EXPECT_TRUE(arma::approx_equal(nn::rrelu(Z, 0.1, 0.3, false, rng),
                                 arma::mat(50, 40, arma::fill::value(-0.2)), "absdiff", 1e-16));
  EXPECT_THROW(nn::rrelu_slopes(2, 2, 0.5, 0.1, true, rng), nn::ArgumentError);
}

TEST(Activations, EluAndSeluValues) {
  expect_row_near(
      nn::elu(kZ),
      {-0.950212931632136, -0.6321205588285577, -0.3934693402873666, 0.0, 0.5, 1.0, 2.5}, 1e-15,
      "elu");
  expect_row_near(
      nn::elu(kZ, 0.5),
      {-0.475106465816068, -0.31606027941427883, -0.1967346701436833, 0.0, 0.5, 1.0, 2.5}, 1e-15,
      "elu(0.5)");
  expect_row_near(
      nn::elu_derivative(kZ),
      {0.049787068367863944, 0.36787944117144233, 0.6065306597126334, 1.0, 1.0, 1.0, 1.0}, 1e-15,
      "elu'");
  expect_row_near(nn::selu(kZ),
                  {-1.6705687287671118, -1.1113307378125625, -0.6917581878028713, 0.0,
                   0.5253504936777402, 1.0507009873554805, 2.626752468388701},
                  1e-14, "selu");
  // torch's convention at 0 is the z <= 0 branch, lambda alpha e^0 = 1.7581, as ours
  expect_row_near(nn::selu_derivative(kZ),
                  {0.08753061208026487, 0.646768603034814, 1.0663411530445053, 1.7580993408473766,
                   1.0507009873554805, 1.0507009873554805, 1.0507009873554805},
                  1e-14, "selu'");
}

TEST(Activations, GeluBothForms) {
  expect_row_near(nn::gelu(kZ),
                  {-0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0,
                   0.34573123063700656, 0.841344746068543, 2.4844758366855597},
                  1e-15, "gelu");
  expect_row_near(nn::gelu_tanh(kZ),
                  {-0.0036373920817729943, -0.15880800939172324, -0.15428599017485606, 0.0,
                   0.34571400982514394, 0.8411919906082768, 2.484915733910001},
                  1e-15, "gelu_tanh");
  expect_row_near(nn::gelu_derivative(kZ),
                  {-0.01194564720418392, -0.08331547058768635, 0.13250487534383712, 0.5,
                   0.8674951246561629, 1.0833154705876864, 1.037611085908145},
                  1e-15, "gelu'");
  expect_row_near(nn::gelu_tanh_derivative(kZ),
                  {-0.011584166630969648, -0.08296408384578252, 0.13263009646535764, 0.5,
                   0.8673699035346424, 1.0829640838457826, 1.037951576212666},
                  1e-15, "gelu_tanh'");
  // the approximation stays within 5e-4 of the exact form on [-6, 6]
  const arma::mat grid = arma::regspace<arma::rowvec>(-6.0, 0.001, 6.0);
  EXPECT_LE(arma::abs(nn::gelu(grid) - nn::gelu_tanh(grid)).max(), 5e-4);
}

TEST(Activations, IdentityAndStep) {
  expect_row_near(nn::identity(kZ), kZ, 0.0, "identity");
  expect_row_near(nn::identity_derivative(kZ), arma::rowvec(7, arma::fill::ones), 0.0, "identity'");
  expect_row_near(nn::step(kZ), {0, 0, 0, 0, 1, 1, 1}, 0.0, "step");  // step(0) = 0
  expect_row_near(nn::step_derivative(kZ), arma::rowvec(7, arma::fill::zeros), 0.0, "step'");
  EXPECT_EQ(nn::step(0.0), 0.0);
  EXPECT_EQ(nn::step(1e-300), 1.0);
}

TEST(Softmax, ColumnsAreDistributionsAndStable) {
  // columns: [1,2,3], [1000,1001,1002] (naive exp overflows), [-1000,-1000,-1000] (naive
  // underflows)
  const arma::mat Z = {{1.0, 1000.0, -1000.0}, {2.0, 1001.0, -1000.0}, {3.0, 1002.0, -1000.0}};
  const arma::mat S = nn::softmax(Z);
  ASSERT_TRUE(S.is_finite());
  // torch
  const arma::vec expected = {0.09003057317038046, 0.24472847105479764, 0.6652409557748218};
  for (arma::uword k = 0; k < 3; ++k) {
    EXPECT_NEAR(S(k, 0), expected[k], 1e-15);
    EXPECT_NEAR(S(k, 1), expected[k], 1e-15);  // shift invariance
    EXPECT_NEAR(S(k, 2), 1.0 / 3.0, 1e-15);
  }
  EXPECT_LE(arma::abs(arma::sum(S, 0) - 1.0).max(), 1e-15);
  // the naive formula is not finite on the second column
  const arma::vec naive = arma::exp(Z.col(1)) / arma::accu(arma::exp(Z.col(1)));
  EXPECT_FALSE(naive.is_finite());
  // log-softmax: finite, and equal to log(softmax)
  const arma::mat logS = nn::log_softmax(Z);
  ASSERT_TRUE(logS.is_finite());
  EXPECT_NEAR(logS(0, 1), -2.4076059644443806, 1e-13);
  EXPECT_NEAR(logS(2, 2), -1.0986122886681098, 1e-15);
  EXPECT_LE(arma::abs(logS - arma::log(S)).max(), 1e-13);
  // log-sum-exp
  const arma::rowvec lse = nn::logsumexp(Z);
  EXPECT_NEAR(lse[1], 1002.4076059644444, 1e-12);
  // log-softmax stays finite where log(softmax) is -inf
  const arma::mat far = arma::vec{0.0, -800.0};
  EXPECT_EQ(nn::softmax(far)(1, 0), 0.0);
  EXPECT_NEAR(nn::log_softmax(far)(1, 0), -800.0, 1e-12);
}

TEST(Softmax, JacobianIsDiagMinusOuterProduct) {
  const arma::vec s = {0.2, 0.3, 0.5};
  const arma::mat J = nn::softmax_jacobian(s);
  const arma::mat expected = {
      {0.2 - 0.04, -0.06, -0.10}, {-0.06, 0.3 - 0.09, -0.15}, {-0.10, -0.15, 0.5 - 0.25}};
  EXPECT_TRUE(arma::approx_equal(J, expected, "absdiff", 1e-15));
  EXPECT_TRUE(J.is_symmetric());
  EXPECT_LE(arma::abs(arma::sum(J, 1)).max(), 1e-15);  // rows sum to 0
}

TEST(Softmax, BackwardShapeMismatchNamesBothShapes) {
  try {
    nn::softmax_backward(arma::mat(3, 2, arma::fill::ones), arma::mat(2, 3, arma::fill::ones));
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("softmax_backward"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 x 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("2 x 3"), std::string::npos) << msg;
  }
}

TEST(ActivationLayers, ForwardMatchesTheFunctionsAndNames) {
  nn::Rng rng(3);
  const arma::mat X = rng.randn(3, 4);
  nn::Sigmoid sigmoid;
  nn::Tanh tanh;
  nn::ReLU relu;
  nn::LeakyReLU leaky(0.01);
  nn::ELU elu(0.5);
  nn::SELU selu;
  nn::GELU gelu, gelu_tanh(true);
  nn::Softmax softmax;
  nn::Identity identity;
  nn::Step step;
  EXPECT_TRUE(arma::approx_equal(sigmoid.forward(X), nn::sigmoid(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(tanh.forward(X), nn::tanh(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(relu.forward(X), nn::relu(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(leaky.forward(X), nn::leaky_relu(X, 0.01), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(elu.forward(X), nn::elu(X, 0.5), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(selu.forward(X), nn::selu(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(gelu.forward(X), nn::gelu(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(gelu_tanh.forward(X), nn::gelu_tanh(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(softmax.forward(X), nn::softmax(X), "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(identity.forward(X), X, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(step.forward(X), nn::step(X), "absdiff", 0.0));
  EXPECT_EQ(leaky.name(), "LeakyReLU(0.01)");
  EXPECT_EQ(elu.name(), "ELU(0.5)");
  EXPECT_EQ(gelu_tanh.name(), "GELU(tanh)");
  EXPECT_EQ(nn::RReLU().name(), "RReLU(0.125, 0.333333)");
  EXPECT_EQ(nn::PReLU().name(), "PReLU");
  EXPECT_EQ(nn::PReLU(0.25, 3).name(), "PReLU(3)");
  EXPECT_EQ(softmax.output_rows(7), 7u);
  EXPECT_TRUE(sigmoid.parameters().empty());
}

TEST(ActivationLayers, PReLUAssignsTheSlopeGradient) {
  const arma::mat X = {{-1.0, 2.0, -3.0}, {4.0, -5.0, -0.5}};
  const arma::mat dY = {{1.0, 1.0, 2.0}, {1.0, 3.0, -2.0}};
  nn::PReLU shared(0.25);
  shared.forward(X);
  shared.backward(dY);
  // dL/dalpha = sum dY .* min(X, 0) = -1 - 6 - 15 + 1 = -21
  ASSERT_EQ(shared.parameters().size(), 1u);
  EXPECT_EQ(shared.alpha().grad(0, 0), -21.0);
  nn::PReLU per_unit(0.25, 2);
  per_unit.forward(X);
  const arma::mat dX = per_unit.backward(dY);
  EXPECT_EQ(per_unit.alpha().grad(0, 0), -7.0);   // -1 - 6
  EXPECT_EQ(per_unit.alpha().grad(1, 0), -14.0);  // -15 + 1
  EXPECT_TRUE(
      arma::approx_equal(dX, arma::mat{{0.25, 1.0, 0.5}, {1.0, 0.75, -0.5}}, "absdiff", 0.0));
  EXPECT_THROW(per_unit.forward(arma::mat(3, 1, arma::fill::ones)), nn::ShapeError);
}

TEST(ActivationLayers, RReLUModes) {
  nn::Rng rng(17);
  nn::RReLU layer(0.1, 0.3, &rng);
  const arma::mat X(4, 6, arma::fill::value(-1.0));
  const arma::mat Y1 = layer.forward(X), Y2 = layer.forward(X);
  EXPECT_FALSE(arma::approx_equal(Y1, Y2, "absdiff", 1e-12));  // new slopes each training pass
  const arma::mat dX = layer.backward(arma::mat(4, 6, arma::fill::ones));
  EXPECT_TRUE(arma::approx_equal(dX, -Y2, "absdiff", 1e-16));  // the slopes of the last forward
  layer.set_training(false);
  EXPECT_TRUE(arma::approx_equal(layer.forward(X), arma::mat(4, 6, arma::fill::value(-0.2)),
                                 "absdiff", 1e-16));
  EXPECT_THROW(nn::RReLU(0.5, 0.1), nn::ArgumentError);
}

TEST(ActivationLayers, SoftmaxBackwardIsTheJacobianProduct) {
  nn::Rng rng(9);
  const arma::mat X = rng.randn(4, 3);
  const arma::mat dY = rng.randn(4, 3);
  nn::Softmax layer;
  const arma::mat S = layer.forward(X);
  const arma::mat dX = layer.backward(dY);
  for (arma::uword n = 0; n < 3; ++n) {
    const arma::vec expected = nn::softmax_jacobian(S.col(n)).t() * dY.col(n);  // J^T dy
    EXPECT_LE(arma::abs(dX.col(n) - expected).max(), 1e-15);
  }
}

TEST(ActivationLayers, BackwardWithWrongShapeNamesTheLayer) {
  nn::Sigmoid layer;
  layer.forward(arma::mat(3, 2, arma::fill::zeros));
  try {
    layer.backward(arma::mat(2, 2, arma::fill::ones));
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("Sigmoid::backward"), std::string::npos) << msg;
    EXPECT_NE(msg.find("2 x 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("3 x 2"), std::string::npos) << msg;
  }
  nn::ReLU fresh;  // backward before any forward: a call-order bug, not a shape mismatch
  EXPECT_THROW(fresh.backward(arma::mat(2, 2, arma::fill::ones)), nn::CallOrderError);
}

}  // namespace
