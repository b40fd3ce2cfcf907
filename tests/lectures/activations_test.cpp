// Worked examples of the lectures with topic `activations` (chapter 05_activations_losses): the
// sigmoid, tanh and ReLU families, GELU in both forms, and their derivatives.
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md, recomputed to full double
// precision with /usr/bin/python3 (math.exp, math.tanh, math.erf); never from this library's
// output. Every derivative is also checked against central differences (suite
// ActivationDerivatives).
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <nn/activations/activations.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>

namespace {

// Central difference (f(z + h) - f(z - h)) / 2h: error O(h^2) plus rounding O(eps / h).
double central_difference(const std::function<double(double)>& f, double z, double h = 1e-6) {
  return nn::numerical_gradient([&f](const arma::mat& m) { return f(m(0)); }, arma::mat{z}, h)(0);
}

// The project's relative error |a - n| / (|a| + |n|), 0 when both are 0.
double relative_error(double a, double n) { return nn::relative_error(arma::mat{a}, arma::mat{n}); }

// Checks f' against central differences at z; returns a message on failure.
::testing::AssertionResult DerivativeMatches(const std::string& name,
                                             const std::function<double(double)>& f,
                                             const std::function<double(double)>& df, double z) {
  const double analytic = df(z);
  const double numeric = central_difference(f, z);
  // Where the derivative is (nearly) 0 the relative error is meaningless: compare absolutely.
  const bool ok = (std::abs(analytic) < 1e-6 && std::abs(numeric) < 1e-6)
                      ? std::abs(analytic - numeric) <= 1e-9
                      : relative_error(analytic, numeric) <= 1e-7;
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << name << "'(" << z << "): analytic " << analytic << ", central difference " << numeric
         << ", relative error " << relative_error(analytic, numeric);
}

}  // namespace

// L0-08: phi'(z) = (1 + e^-z)^-2 e^-z = phi(z)(1 - phi(z)). Lecture: symbolic only.
// Catalogue (CONSTRUCTED z): phi'(0) = 0.25; phi'(1.1) = 0.187369880; phi'(2) = 0.104993585.
TEST(Deck0, Ex08SigmoidDerivative) {
  RecordProperty("catalogue_id", "L0-08");
  EXPECT_EQ(nn::sigmoid_derivative(0.0), 0.25);  // exact in binary
  EXPECT_NEAR(nn::sigmoid_derivative(1.1), 0.18736987954752055, 1e-9);
  EXPECT_NEAR(nn::sigmoid_derivative(2.0), 0.10499358540350662, 1e-9);
  // The lecture's intermediate form (1 + e^-z)^-2 e^-z.
  for (double z : {0.0, 1.1, 2.0}) {
    EXPECT_NEAR(std::pow(1.0 + std::exp(-z), -2.0) * std::exp(-z), nn::sigmoid_derivative(z),
                1e-15);
    EXPECT_TRUE(DerivativeMatches(
        "sigmoid", [](double x) { return nn::sigmoid(x); },
        [](double x) { return nn::sigmoid_derivative(x); }, z));
  }
  // The matrix form agrees element by element.
  const arma::mat D = nn::sigmoid_derivative(arma::mat{{0.0, 1.1, 2.0}});
  EXPECT_EQ(D(0, 0), 0.25);
  EXPECT_NEAR(D(0, 1), 0.18736987954752055, 1e-9);
  EXPECT_NEAR(D(0, 2), 0.10499358540350662, 1e-9);
}

// L1-19: d/dx sigmoid = exp(-x)/(1 + exp(-x))^2 = sigmoid(x)(1 - sigmoid(x)). Lecture: symbolic.
// Catalogue (CONSTRUCTED x = 0, 2, -1): 0.25, 0.104993585, 0.196611933.
TEST(Deck1, Ex19SigmoidDerivativeTwoForms) {
  RecordProperty("catalogue_id", "L1-19");
  const std::vector<double> x{0.0, 2.0, -1.0};
  const std::vector<double> expected{0.25, 0.10499358540350662, 0.19661193324148185};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double quotient = std::exp(-x[i]) / std::pow(1.0 + std::exp(-x[i]), 2.0);
    const double product = nn::sigmoid(x[i]) * (1.0 - nn::sigmoid(x[i]));
    EXPECT_NEAR(nn::sigmoid_derivative(x[i]), expected[i], 1e-9) << "x = " << x[i];
    EXPECT_NEAR(quotient, nn::sigmoid_derivative(x[i]), 1e-15) << "x = " << x[i];
    EXPECT_NEAR(product, nn::sigmoid_derivative(x[i]), 1e-15) << "x = " << x[i];
  }
  EXPECT_EQ(nn::sigmoid_derivative(0.0), 0.25);
}

// L1-20: tanh(x) = (1 - exp(-2x))/(1 + exp(-2x)), range (-1, 1), tanh' = 1 - tanh^2.
// Lecture: symbolic. Catalogue (CONSTRUCTED x): tanh(0.5) = 0.462117157, tanh'(0.5) = 0.786447733;
// tanh(-1) = -0.761594156, tanh'(-1) = 0.419974342; tanh(2) = 0.964027580, tanh'(2) = 0.0706508249.
TEST(Deck1, Ex20TanhExpFormAndDerivative) {
  RecordProperty("catalogue_id", "L1-20");
  struct Row {
    double x, tanh, derivative;
  };
  const std::vector<Row> rows{{0.5, 0.46211715726000974, 0.7864477329659274},
                              {-1.0, -0.7615941559557649, 0.41997434161402614},
                              {2.0, 0.9640275800758169, 0.07065082485316443}};
  for (const Row& r : rows) {
    const double slide_form = (1.0 - std::exp(-2.0 * r.x)) / (1.0 + std::exp(-2.0 * r.x));
    EXPECT_NEAR(slide_form, nn::tanh(r.x), 1e-15) << "x = " << r.x;
    EXPECT_NEAR(nn::tanh(r.x), r.tanh, 1e-9) << "x = " << r.x;
    EXPECT_NEAR(nn::tanh_derivative(r.x), r.derivative, 1e-9) << "x = " << r.x;
    EXPECT_NEAR(nn::tanh_derivative(r.x), 1.0 - r.tanh * r.tanh, 1e-15) << "x = " << r.x;
    EXPECT_TRUE(DerivativeMatches(
        "tanh", [](double z) { return nn::tanh(z); },
        [](double z) { return nn::tanh_derivative(z); }, r.x));
  }
  // Lecture's rounded figures (9 significant digits in the catalogue): half a unit of the last
  // digit.
  EXPECT_NEAR(nn::tanh(0.5), 0.462117157, 5e-10);
  EXPECT_NEAR(nn::tanh_derivative(0.5), 0.786447733, 5e-10);
  // Range (-1, 1): saturates but never reaches the bounds for moderate inputs.
  EXPECT_LT(nn::tanh(15.0), 1.0);
  EXPECT_GT(nn::tanh(-15.0), -1.0);
}

// L1-21: ReLU(x) = max(x, 0); derivative 0 if x < 0, 1 if x >= 0 ("not defined at x = 0").
// Catalogue (CONSTRUCTED x = -2, 0, 3): relu = 0, 0, 3; relu' = 0, ?, 1. The slide's table gives 1
// at 0, deck 3 (L3-13) gives 1(x > 0) = 0. The library documents 0 (as PyTorch and TensorFlow).
TEST(Deck1, Ex21ReluDerivativeAtZero) {
  RecordProperty("catalogue_id", "L1-21");
  EXPECT_EQ(nn::relu(-2.0), 0.0);
  EXPECT_EQ(nn::relu(0.0), 0.0);
  EXPECT_EQ(nn::relu(3.0), 3.0);
  EXPECT_EQ(nn::relu_derivative(-2.0), 0.0);
  EXPECT_EQ(nn::relu_derivative(3.0), 1.0);
  EXPECT_EQ(nn::relu_derivative(0.0), 0.0);  // documented convention: 1(z > 0)
  const arma::mat D = nn::relu_derivative(arma::mat{{-2.0, 0.0, 3.0}});
  EXPECT_EQ(D(0, 0), 0.0);
  EXPECT_EQ(D(0, 1), 0.0);
  EXPECT_EQ(D(0, 2), 1.0);
  // The one-sided difference quotients at 0 are 0 (left) and 1 (right): any value in [0, 1] is a
  // sub-gradient, which is why the decks disagree.
  const double h = 1e-8;
  EXPECT_EQ((nn::relu(0.0) - nn::relu(-h)) / h, 0.0);
  EXPECT_NEAR((nn::relu(h) - nn::relu(0.0)) / h, 1.0, 1e-15);
}

// L1-40: LeakyReLU(z) = max(alpha z, z), alpha typically 0.01; RReLU draws alpha at random in
// training and uses the average at test; PReLU learns alpha. Lecture: alpha = 0.01.
// Catalogue (CONSTRUCTED z = -2, -0.5, 0, 3): -0.02, -0.005, 0, 3; derivative 0.01 / 1;
// RReLU at test alpha = (1/8 + 1/3)/2 = 0.229166667.
TEST(Deck1, Ex40LeakyReluRreluPrelu) {
  RecordProperty("catalogue_id", "L1-40");
  EXPECT_NEAR(nn::leaky_relu(-2.0, 0.01), -0.02, 1e-15);
  EXPECT_NEAR(nn::leaky_relu(-0.5, 0.01), -0.005, 1e-15);
  EXPECT_EQ(nn::leaky_relu(0.0, 0.01), 0.0);
  EXPECT_EQ(nn::leaky_relu(3.0, 0.01), 3.0);
  EXPECT_EQ(nn::leaky_relu(-2.0), nn::leaky_relu(-2.0, 0.01));  // default alpha is the lecture's
  EXPECT_EQ(nn::leaky_relu_derivative(-2.0, 0.01), 0.01);
  EXPECT_EQ(nn::leaky_relu_derivative(3.0, 0.01), 1.0);
  // max(alpha z, z) is the piecewise form for alpha < 1.
  for (double z : {-2.0, -0.5, 0.0, 3.0}) {
    EXPECT_EQ(nn::leaky_relu(z, 0.01), std::max(0.01 * z, z)) << "z = " << z;
  }
  // RReLU at inference: the mean slope (l + u)/2 = 11/48 with PyTorch's range [1/8, 1/3].
  EXPECT_NEAR(nn::rrelu_mean_slope(1.0 / 8.0, 1.0 / 3.0), 0.22916666666666666, 1e-10);
  EXPECT_NEAR(nn::rrelu(-2.0), -2.0 * 11.0 / 48.0, 1e-15);
  EXPECT_EQ(nn::rrelu(3.0), 3.0);
  // RReLU in training: every negative-side slope lies in [l, u], and they are not all equal.
  nn::Rng rng(7);
  const arma::mat Z(4, 50, arma::fill::value(-1.0));
  const arma::mat A = nn::rrelu(Z, 1.0 / 8.0, 1.0 / 3.0, /*training=*/true, rng);
  const arma::mat slopes = -A;  // A = alpha * (-1)
  EXPECT_GE(slopes.min(), 1.0 / 8.0);
  EXPECT_LE(slopes.max(), 1.0 / 3.0);
  EXPECT_GT(slopes.max() - slopes.min(), 0.1);
  // PReLU: the same formula with a learned alpha; df/dalpha = min(z, 0) (central differences).
  const double alpha = 0.25;
  EXPECT_EQ(nn::prelu(-2.0, alpha), -0.5);
  EXPECT_EQ(nn::prelu(3.0, alpha), 3.0);
  const arma::mat dalpha = nn::prelu_alpha_derivative(arma::mat{{-2.0, -0.5, 3.0}});
  const std::vector<double> zs{-2.0, -0.5, 3.0};
  for (std::size_t i = 0; i < zs.size(); ++i) {
    const double z = zs[i];
    const double numeric = central_difference([z](double a) { return nn::prelu(z, a); }, alpha);
    EXPECT_NEAR(dalpha(0, i), numeric, 1e-9) << "z = " << z;
    EXPECT_EQ(dalpha(0, i), std::min(z, 0.0)) << "z = " << z;
  }
}

// L1-41: GELU(x) = x Phi(x); printed approximation '0.5z (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))'.
// ERRATUM (typo): '0.5z' must be '0.5x' (z appears nowhere else). We assert the correct formula.
// Catalogue, exact / tanh form: x = -3: -0.00404969409 / -0.00363739208; -1: -0.158655254 /
// -0.158808009; -0.5: -0.154268769 / -0.154285990; 0: 0 / 0; 0.5: 0.345731231 / 0.345714010;
// 1: 0.841344746 / 0.841191991; 2: 1.95449974 / 1.95459769; 3: 2.99595031 / 2.99636261.
// max |exact - tanh form| on [-6, 6] = 4.73e-4.
TEST(Deck1, Ex41GeluErfAndTanhForms) {
  RecordProperty("catalogue_id", "L1-41");
  struct Row {
    double x, exact, tanh_form;
  };
  const std::vector<Row> rows{{-3.0, -0.00404969409489031, -0.0036373920817729943},
                              {-1.0, -0.15865525393145707, -0.15880800939172324},
                              {-0.5, -0.15426876936299344, -0.15428599017485606},
                              {0.0, 0.0, 0.0},
                              {0.5, 0.34573123063700656, 0.34571400982514394},
                              {1.0, 0.8413447460685429, 0.8411919906082768},
                              {2.0, 1.9544997361036416, 1.954597694087775},
                              {3.0, 2.99595030590511, 2.996362607918227}};
  const double pi = std::acos(-1.0);
  for (const Row& r : rows) {
    EXPECT_NEAR(nn::gelu(r.x), r.exact, 1e-10) << "x = " << r.x;
    EXPECT_NEAR(nn::gelu_tanh(r.x), r.tanh_form, 1e-10) << "x = " << r.x;
    // The corrected slide formula, 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3))).
    const double corrected =
        0.5 * r.x * (1.0 + std::tanh(std::sqrt(2.0 / pi) * (r.x + 0.044715 * r.x * r.x * r.x)));
    EXPECT_NEAR(nn::gelu_tanh(r.x), corrected, 1e-15) << "x = " << r.x;
    EXPECT_TRUE(DerivativeMatches(
        "gelu", [](double z) { return nn::gelu(z); },
        [](double z) { return nn::gelu_derivative(z); }, r.x));
    EXPECT_TRUE(DerivativeMatches(
        "gelu_tanh", [](double z) { return nn::gelu_tanh(z); },
        [](double z) { return nn::gelu_tanh_derivative(z); }, r.x));
  }
  // The approximation error on [-6, 6] (a fine grid): 4.73e-4 at its worst.
  const arma::mat x = arma::linspace<arma::rowvec>(-6.0, 6.0, 120001);
  const double max_gap = arma::abs(nn::gelu(x) - nn::gelu_tanh(x)).max();
  EXPECT_LE(max_gap, 5e-4);
  EXPECT_NEAR(max_gap, 4.73e-4, 5e-7);  // 0.000473235519 (python, same grid)
}

// L2-04: sigma(x) = 1/(1 + e^-x); tanh(x) = (e^x - e^-x)/(e^x + e^-x); ReLU(x) = max(0, x).
// Catalogue (CONSTRUCTED x = -1, 0, 1): sigma 0.268941421, 0.5, 0.731058579; tanh -0.761594156, 0,
// 0.761594156; ReLU 0, 0, 1; identity tanh(x) = 2 sigma(2x) - 1.
TEST(Deck2, Ex04SigmoidTanhReluAtThreePoints) {
  RecordProperty("catalogue_id", "L2-04");
  const arma::mat x{{-1.0, 0.0, 1.0}};
  const arma::mat s = nn::sigmoid(x), t = nn::tanh(x), r = nn::relu(x);
  EXPECT_NEAR(s(0, 0), 0.2689414213699951, 1e-10);
  EXPECT_EQ(s(0, 1), 0.5);
  EXPECT_NEAR(s(0, 2), 0.7310585786300049, 1e-10);
  EXPECT_NEAR(t(0, 0), -0.7615941559557649, 1e-10);
  EXPECT_EQ(t(0, 1), 0.0);
  EXPECT_NEAR(t(0, 2), 0.7615941559557649, 1e-10);
  EXPECT_EQ(r(0, 0), 0.0);
  EXPECT_EQ(r(0, 1), 0.0);
  EXPECT_EQ(r(0, 2), 1.0);
  // The lecture's rounded figures (9 digits): within half a unit.
  EXPECT_NEAR(s(0, 0), 0.268941421, 5e-10);
  EXPECT_NEAR(t(0, 2), 0.761594156, 5e-10);
  for (double v : {-1.0, 0.0, 1.0}) {
    const double slide_form = (std::exp(v) - std::exp(-v)) / (std::exp(v) + std::exp(-v));
    EXPECT_NEAR(nn::tanh(v), slide_form, 1e-15) << "x = " << v;
    EXPECT_NEAR(nn::tanh(v), 2.0 * nn::sigmoid(2.0 * v) - 1.0, 1e-15) << "x = " << v;
  }
}

// L3-13: ReLU f'(x) = 1(x > 0); sigmoid f'(x) = 1/(1 + e^-x) (1 - 1/(1 + e^-x)); Kronecker delta
// delta_ij = 1 if i = j else 0. Catalogue (CONSTRUCTED x = -1, 0, 2): ReLU' = 0, 0, 1;
// sigmoid' = 0.196611933, 0.25, 0.104993585.
TEST(Deck3, Ex13ReluSigmoidDerivativesKroneckerDelta) {
  RecordProperty("catalogue_id", "L3-13");
  const arma::mat x{{-1.0, 0.0, 2.0}};
  const arma::mat dr = nn::relu_derivative(x), ds = nn::sigmoid_derivative(x);
  EXPECT_EQ(dr(0, 0), 0.0);
  EXPECT_EQ(dr(0, 1), 0.0);
  EXPECT_EQ(dr(0, 2), 1.0);
  EXPECT_NEAR(ds(0, 0), 0.19661193324148185, 1e-10);
  EXPECT_EQ(ds(0, 1), 0.25);
  EXPECT_NEAR(ds(0, 2), 0.10499358540350662, 1e-10);
  for (arma::uword i = 0; i < 3; ++i) {
    const double s = 1.0 / (1.0 + std::exp(-x(0, i)));
    EXPECT_NEAR(ds(0, i), s * (1.0 - s), 1e-15);
  }
  // Where the deck uses the Kronecker delta: d softmax_i / d z_j = s_i (delta_ij - s_j).
  const arma::vec s = nn::softmax(arma::vec{-1.0, 0.0, 2.0});
  const arma::mat J = nn::softmax_jacobian(s);
  const arma::mat delta = arma::eye(3, 3);
  for (arma::uword i = 0; i < 3; ++i) {
    for (arma::uword j = 0; j < 3; ++j) {
      EXPECT_NEAR(J(i, j), s(i) * (delta(i, j) - s(j)), 1e-15) << "J(" << i << "," << j << ")";
    }
  }
}

// L4-02: printed 'Sigmoid: g_act(z) = 1/1 + e^{-z}'; ReLU g_act(z) = max(0, z).
// ERRATUM (typo): missing parentheses. As printed (1/1) + e^{-z} gives 2 at z = 0 and 1.36787944 at
// z = 1; the sigmoid 1/(1 + e^{-z}) gives 0.5 and 0.731058579. We assert the correct values.
TEST(Deck4, Ex02SigmoidAsPrintedErratum) {
  RecordProperty("catalogue_id", "L4-02");
  EXPECT_EQ(nn::sigmoid(0.0), 0.5);
  EXPECT_NEAR(nn::sigmoid(1.0), 0.7310585786300049, 1e-10);
  // As printed, (1/1) + e^{-z} = 1 + e^{-z} is the reciprocal of the sigmoid: 1 / sigma(z).
  const auto as_printed = [](double z) { return 1.0 / nn::sigmoid(z); };
  EXPECT_EQ(as_printed(0.0), 2.0);
  EXPECT_NEAR(as_printed(1.0), 1.3678794411714423, 1e-12);
  EXPECT_GT(as_printed(0.0), 1.0);  // not a probability: the typo matters
  EXPECT_EQ(nn::relu(-0.7), 0.0);
  EXPECT_EQ(nn::relu(0.7), 0.7);
}

// Not a catalogue entry: every activation's derivative against central differences, at points away
// from the kinks (0 for the ReLU family, step and ELU), in both the scalar and the matrix forms.
TEST(ActivationDerivatives, MatchCentralDifferences) {
  struct Activation {
    std::string name;
    std::function<double(double)> f, df;
    std::function<arma::mat(const arma::mat&)> F, dF;
  };
  const double alpha = 0.2;
  const std::vector<Activation> all{
      {"identity", [](double z) { return nn::identity(z); },
       [](double z) { return nn::identity_derivative(z); },
       [](const arma::mat& Z) { return nn::identity(Z); },
       [](const arma::mat& Z) { return nn::identity_derivative(Z); }},
      {"step", [](double z) { return nn::step(z); },
       [](double z) { return nn::step_derivative(z); },
       [](const arma::mat& Z) { return nn::step(Z); },
       [](const arma::mat& Z) { return nn::step_derivative(Z); }},
      {"sigmoid", [](double z) { return nn::sigmoid(z); },
       [](double z) { return nn::sigmoid_derivative(z); },
       [](const arma::mat& Z) { return nn::sigmoid(Z); },
       [](const arma::mat& Z) { return nn::sigmoid_derivative(Z); }},
      {"tanh", [](double z) { return nn::tanh(z); },
       [](double z) { return nn::tanh_derivative(z); },
       [](const arma::mat& Z) { return nn::tanh(Z); },
       [](const arma::mat& Z) { return nn::tanh_derivative(Z); }},
      {"relu", [](double z) { return nn::relu(z); },
       [](double z) { return nn::relu_derivative(z); },
       [](const arma::mat& Z) { return nn::relu(Z); },
       [](const arma::mat& Z) { return nn::relu_derivative(Z); }},
      {"leaky_relu", [](double z) { return nn::leaky_relu(z); },
       [](double z) { return nn::leaky_relu_derivative(z); },
       [](const arma::mat& Z) { return nn::leaky_relu(Z); },
       [](const arma::mat& Z) { return nn::leaky_relu_derivative(Z); }},
      {"prelu", [=](double z) { return nn::prelu(z, alpha); },
       [=](double z) { return nn::prelu_derivative(z, alpha); },
       [=](const arma::mat& Z) { return nn::prelu(Z, alpha); },
       [=](const arma::mat& Z) { return nn::prelu_derivative(Z, arma::vec{alpha}); }},
      {"rrelu (inference)", [](double z) { return nn::rrelu(z); },
       [](double z) { return nn::rrelu_derivative(z); },
       [](const arma::mat& Z) { return nn::rrelu(Z); },
       [](const arma::mat& Z) { return nn::rrelu_derivative(Z); }},
      {"elu", [](double z) { return nn::elu(z); }, [](double z) { return nn::elu_derivative(z); },
       [](const arma::mat& Z) { return nn::elu(Z); },
       [](const arma::mat& Z) { return nn::elu_derivative(Z); }},
      {"selu", [](double z) { return nn::selu(z); },
       [](double z) { return nn::selu_derivative(z); },
       [](const arma::mat& Z) { return nn::selu(Z); },
       [](const arma::mat& Z) { return nn::selu_derivative(Z); }},
      {"gelu", [](double z) { return nn::gelu(z); },
       [](double z) { return nn::gelu_derivative(z); },
       [](const arma::mat& Z) { return nn::gelu(Z); },
       [](const arma::mat& Z) { return nn::gelu_derivative(Z); }},
      {"gelu_tanh", [](double z) { return nn::gelu_tanh(z); },
       [](double z) { return nn::gelu_tanh_derivative(z); },
       [](const arma::mat& Z) { return nn::gelu_tanh(Z); },
       [](const arma::mat& Z) { return nn::gelu_tanh_derivative(Z); }},
      {"softplus", [](double z) { return nn::softplus(z); },
       [](double z) { return nn::softplus_derivative(z); },
       [](const arma::mat& Z) { return nn::softplus(Z); },
       [](const arma::mat& Z) { return nn::softplus_derivative(Z); }},
  };
  const arma::mat Z{{-3.1, -1.3, -0.4, -0.05, 0.07, 0.3, 0.9, 2.5, 4.2}};
  for (const Activation& a : all) {
    const arma::mat A = a.F(Z), D = a.dF(Z);
    ASSERT_EQ(A.n_cols, Z.n_cols) << a.name;
    ASSERT_EQ(D.n_cols, Z.n_cols) << a.name;
    for (arma::uword i = 0; i < Z.n_elem; ++i) {
      const double z = Z(i);
      EXPECT_TRUE(DerivativeMatches(a.name, a.f, a.df, z));
      EXPECT_NEAR(A(i), a.f(z), 1e-15) << a.name << "(" << z << "), matrix vs scalar";
      EXPECT_NEAR(D(i), a.df(z), 1e-15) << a.name << "'(" << z << "), matrix vs scalar";
    }
  }
}

// Not a catalogue entry: the SELU constants make the derivative jump at 0 by lambda (1 - alpha),
// and ELU is continuous with slope 1 on both sides at 0 when alpha = 1.
TEST(ActivationDerivatives, EluAndSeluAtZero) {
  const double lambda = 1.0507009873554804934193349852946;
  const double alpha = 1.6732632423543772848170429916717;
  EXPECT_NEAR(nn::selu(1.0), lambda, 1e-15);
  EXPECT_NEAR(nn::selu(-1.0), lambda * alpha * (std::exp(-1.0) - 1.0), 1e-15);
  EXPECT_NEAR(nn::elu(-1.0), std::exp(-1.0) - 1.0, 1e-15);
  EXPECT_NEAR(nn::elu_derivative(-1e-9), 1.0, 1e-8);
  EXPECT_EQ(nn::elu_derivative(1.0), 1.0);
}
