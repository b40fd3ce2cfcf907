// Every default of the library that the lectures or Keras fix, pinned one test per default, each
// citing its source. The tests go through default-constructed objects (no options given) and check
// their behaviour against the same object built with the cited value spelled out; a "sensitivity"
// check shows that the inputs chosen tell the cited value from a plausible wrong one (PyTorch's,
// or the classic slip), so a changed default fails its test.
//
// Sources: the decks in ../shared/lectures (deck and slide named at each test) and the Keras API
// reference (keras.io/api and tensorflow.org/api_docs/python/tf/keras, 2.x and 3.x signatures).
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nn/activations/elu.hpp>
#include <nn/activations/relu.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/init/init.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/callbacks.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>

namespace {

// ---------------------------------------------------------------------------------------------
// Optimizers: the path of one scalar parameter w (starting at 1) under a fixed gradient sequence.

// Gradients of mixed sign and size: every learning rate, decay and momentum shows in the path.
const std::vector<double> kGradients = {1.0, -3.0, 0.5, 2.0, -0.25, 1.5};
// Gradients of the size of the optimizers' epsilon (1e-7): there epsilon decides the step.
const std::vector<double> kTinyGradients = {1e-7, 2e-7, -1e-7, 3e-7};

template <class Optimizer, class... Options>
std::vector<double> path_of(const std::vector<double>& gradients, const Options&... options) {
  nn::Parameter w{"w", arma::mat{1.0}, arma::mat{0.0}};
  Optimizer opt({&w}, options...);  // no options: the default-constructed optimizer
  std::vector<double> path;
  for (double g : gradients) {
    w.grad(0, 0) = g;
    opt.step();
    path.push_back(w.value(0, 0));
  }
  return path;
}

// The largest relative difference of two paths.
double path_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    d = std::max(d, std::abs(a[i] - b[i]) / std::max(std::abs(a[i] - 1.0), 1e-300));
  }
  return d;
}

// The default-constructed optimizer follows exactly the path of the cited value, and the path of
// the wrong value is measurably different (so these gradients pin the default).
template <class Optimizer, class Options>
void expect_default(const std::vector<double>& gradients, const Options& cited,
                    const Options& wrong) {
  const std::vector<double> by_default = path_of<Optimizer>(gradients);
  const std::vector<double> with_cited = path_of<Optimizer>(gradients, cited);
  const std::vector<double> with_wrong = path_of<Optimizer>(gradients, wrong);
  for (std::size_t i = 0; i < by_default.size(); ++i) {
    EXPECT_EQ(by_default[i], with_cited[i]) << "step " << i + 1;
  }
  EXPECT_GT(path_distance(with_wrong, with_cited), 1e-3)
      << "the gradients of this test cannot tell the cited default from the wrong value";
}

// Keras SGD(learning_rate=0.01, momentum=0.0, nesterov=False).
TEST(Defaults, SgdLearningRateIsKeras0_01) {
  expect_default<nn::SGD>(kGradients, nn::SGDOptions{.lr = 0.01}, nn::SGDOptions{.lr = 0.001});
}
TEST(Defaults, SgdMomentumIsKeras0) {
  expect_default<nn::SGD>(kGradients, nn::SGDOptions{.momentum = 0.0},
                          nn::SGDOptions{.momentum = 0.9});
}
TEST(Defaults, SgdNesterovIsKerasFalse) {
  // Nesterov only matters with momentum: both runs set momentum 0.9 and leave nesterov alone.
  nn::SGDOptions with_momentum;
  with_momentum.momentum = 0.9;
  nn::SGDOptions cited = with_momentum, wrong = with_momentum;
  cited.nesterov = false;
  wrong.nesterov = true;
  EXPECT_EQ(path_of<nn::SGD>(kGradients, with_momentum), path_of<nn::SGD>(kGradients, cited));
  EXPECT_GT(path_distance(path_of<nn::SGD>(kGradients, wrong), path_of<nn::SGD>(kGradients, cited)),
            1e-3);
}

// Keras Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07); deck 4, "Fitting the
// Model": Adam(lr=0.001) # beta 1=0.9 (L4-13). PyTorch's epsilon is 1e-8.
TEST(Defaults, AdamLearningRateIsKerasAndDeck4_0_001) {
  expect_default<nn::Adam>(kGradients, nn::AdamOptions{.lr = 1e-3}, nn::AdamOptions{.lr = 1e-2});
}
TEST(Defaults, AdamBeta1IsKerasAndDeck4_0_9) {
  expect_default<nn::Adam>(kGradients, nn::AdamOptions{.beta1 = 0.9},
                           nn::AdamOptions{.beta1 = 0.99});
}
TEST(Defaults, AdamBeta2IsKeras0_999) {
  expect_default<nn::Adam>(kGradients, nn::AdamOptions{.beta2 = 0.999},
                           nn::AdamOptions{.beta2 = 0.99});
}
TEST(Defaults, AdamEpsilonIsKeras1e7NotPyTorch1e8) {
  expect_default<nn::Adam>(kTinyGradients, nn::AdamOptions{.eps = 1e-7},
                           nn::AdamOptions{.eps = 1e-8});
}

// AMSGrad is Keras's Adam(amsgrad=True): the same four defaults.
TEST(Defaults, AmsgradLearningRateIsKeras0_001) {
  expect_default<nn::AMSGrad>(kGradients, nn::AdamOptions{.lr = 1e-3}, nn::AdamOptions{.lr = 1e-2});
}
TEST(Defaults, AmsgradBeta1IsKeras0_9) {
  expect_default<nn::AMSGrad>(kGradients, nn::AdamOptions{.beta1 = 0.9},
                              nn::AdamOptions{.beta1 = 0.99});
}
TEST(Defaults, AmsgradBeta2IsKeras0_999) {
  expect_default<nn::AMSGrad>(kGradients, nn::AdamOptions{.beta2 = 0.999},
                              nn::AdamOptions{.beta2 = 0.99});
}
TEST(Defaults, AmsgradEpsilonIsKeras1e7) {
  expect_default<nn::AMSGrad>(kTinyGradients, nn::AdamOptions{.eps = 1e-7},
                              nn::AdamOptions{.eps = 1e-8});
}

// Keras RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False).
TEST(Defaults, RmspropLearningRateIsKeras0_001) {
  expect_default<nn::RMSprop>(kGradients, nn::RMSpropOptions{.lr = 1e-3},
                              nn::RMSpropOptions{.lr = 1e-2});
}
TEST(Defaults, RmspropRhoIsKeras0_9) {
  expect_default<nn::RMSprop>(kGradients, nn::RMSpropOptions{.rho = 0.9},
                              nn::RMSpropOptions{.rho = 0.99});
}
TEST(Defaults, RmspropMomentumIsKeras0) {
  expect_default<nn::RMSprop>(kGradients, nn::RMSpropOptions{.momentum = 0.0},
                              nn::RMSpropOptions{.momentum = 0.9});
}
TEST(Defaults, RmspropEpsilonIsKeras1e7) {
  expect_default<nn::RMSprop>(kTinyGradients, nn::RMSpropOptions{.eps = 1e-7},
                              nn::RMSpropOptions{.eps = 1e-8});
}
TEST(Defaults, RmspropCenteredIsKerasFalse) {
  expect_default<nn::RMSprop>(kGradients, nn::RMSpropOptions{.centered = false},
                              nn::RMSpropOptions{.centered = true});
}

// Keras Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07).
TEST(Defaults, AdagradLearningRateIsKeras0_001) {
  expect_default<nn::Adagrad>(kGradients, nn::AdagradOptions{.lr = 1e-3},
                              nn::AdagradOptions{.lr = 1e-2});
}
TEST(Defaults, AdagradInitialAccumulatorIsKeras0_1) {
  expect_default<nn::Adagrad>(kGradients, nn::AdagradOptions{.initial_accumulator = 0.1},
                              nn::AdagradOptions{.initial_accumulator = 0.0});
}
TEST(Defaults, AdagradEpsilonIsKeras1e7) {
  // epsilon shows only next to a small accumulator: start it at 0 in all three runs.
  auto with = [](double eps) { return nn::AdagradOptions{.initial_accumulator = 0.0, .eps = eps}; };
  nn::AdagradOptions no_eps_given{.initial_accumulator = 0.0};
  EXPECT_EQ(path_of<nn::Adagrad>(kTinyGradients, no_eps_given),
            path_of<nn::Adagrad>(kTinyGradients, with(1e-7)));
  EXPECT_GT(path_distance(path_of<nn::Adagrad>(kTinyGradients, with(1e-8)),
                          path_of<nn::Adagrad>(kTinyGradients, with(1e-7))),
            1e-3);
}

// Keras Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-07).
TEST(Defaults, AdadeltaLearningRateIsKeras0_001) {
  expect_default<nn::Adadelta>(kGradients, nn::AdadeltaOptions{.lr = 1e-3},
                               nn::AdadeltaOptions{.lr = 1.0});
}
TEST(Defaults, AdadeltaRhoIsKeras0_95) {
  expect_default<nn::Adadelta>(kGradients, nn::AdadeltaOptions{.rho = 0.95},
                               nn::AdadeltaOptions{.rho = 0.9});
}
TEST(Defaults, AdadeltaEpsilonIsKeras1e7) {
  expect_default<nn::Adadelta>(kGradients, nn::AdadeltaOptions{.eps = 1e-7},
                               nn::AdadeltaOptions{.eps = 1e-6});
}

// Keras Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07).
TEST(Defaults, AdamaxLearningRateIsKeras0_001) {
  expect_default<nn::Adamax>(kGradients, nn::AdamaxOptions{.lr = 1e-3},
                             nn::AdamaxOptions{.lr = 2e-3});
}
TEST(Defaults, AdamaxBeta1IsKeras0_9) {
  expect_default<nn::Adamax>(kGradients, nn::AdamaxOptions{.beta1 = 0.9},
                             nn::AdamaxOptions{.beta1 = 0.99});
}
TEST(Defaults, AdamaxBeta2IsKeras0_999) {
  // beta2 decays the running maximum |g|: a large gradient first, then small ones.
  const std::vector<double> g = {5.0, 0.1, 0.1, 0.1, 0.1, 0.1};
  expect_default<nn::Adamax>(g, nn::AdamaxOptions{.beta2 = 0.999}, nn::AdamaxOptions{.beta2 = 0.9});
}
TEST(Defaults, AdamaxEpsilonIsKeras1e7) {
  expect_default<nn::Adamax>(kTinyGradients, nn::AdamaxOptions{.eps = 1e-7},
                             nn::AdamaxOptions{.eps = 1e-8});
}

// Keras Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07); the momentum
// schedule's decay 0.004 is Keras's (and PyTorch's NAdam momentum_decay=4e-3).
TEST(Defaults, NadamLearningRateIsKeras0_001) {
  expect_default<nn::Nadam>(kGradients, nn::NadamOptions{.lr = 1e-3}, nn::NadamOptions{.lr = 2e-3});
}
TEST(Defaults, NadamBeta1IsKeras0_9) {
  expect_default<nn::Nadam>(kGradients, nn::NadamOptions{.beta1 = 0.9},
                            nn::NadamOptions{.beta1 = 0.99});
}
TEST(Defaults, NadamBeta2IsKeras0_999) {
  expect_default<nn::Nadam>(kGradients, nn::NadamOptions{.beta2 = 0.999},
                            nn::NadamOptions{.beta2 = 0.99});
}
TEST(Defaults, NadamEpsilonIsKeras1e7) {
  expect_default<nn::Nadam>(kTinyGradients, nn::NadamOptions{.eps = 1e-7},
                            nn::NadamOptions{.eps = 1e-8});
}
TEST(Defaults, NadamMomentumDecayIsKeras0_004) {
  expect_default<nn::Nadam>(kGradients, nn::NadamOptions{.momentum_decay = 0.004},
                            nn::NadamOptions{.momentum_decay = 0.0});
}

// Keras Ftrl(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
// l1_regularization_strength=0.0, l2_regularization_strength=0.0, beta=0.0).
TEST(Defaults, FtrlLearningRateIsKeras0_001) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.lr = 1e-3}, nn::FtrlOptions{.lr = 1e-2});
}
TEST(Defaults, FtrlLearningRatePowerIsKerasMinus0_5) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.lr_power = -0.5},
                           nn::FtrlOptions{.lr_power = -0.25});
}
TEST(Defaults, FtrlInitialAccumulatorIsKeras0_1) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.initial_accumulator = 0.1},
                           nn::FtrlOptions{.initial_accumulator = 1.0});
}
TEST(Defaults, FtrlL1IsKeras0) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.l1 = 0.0}, nn::FtrlOptions{.l1 = 0.5});
}
TEST(Defaults, FtrlL2IsKeras0) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.l2 = 0.0}, nn::FtrlOptions{.l2 = 1000.0});
}
TEST(Defaults, FtrlBetaIsKeras0) {
  expect_default<nn::Ftrl>(kGradients, nn::FtrlOptions{.beta = 0.0}, nn::FtrlOptions{.beta = 1.0});
}

// ---------------------------------------------------------------------------------------------
// Batch normalisation: Keras BatchNormalization(momentum=0.99, epsilon=0.001,
// beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros',
// moving_variance_initializer='ones'); deck 1, "Batch Normalization": the running average
// v <- v momentum + v_B (1 - momentum) (L1-36). PyTorch's BatchNorm1d uses 0.1 = 1 - 0.9 and 1e-5.

TEST(Defaults, BatchNormMomentumIsKeras0_99) {
  nn::BatchNorm bn(1);
  bn.forward(arma::mat{{4.0, 6.0}});  // batch mean 5, biased batch variance 1
  // mean <- 0.99 * 0 + 0.01 * 5; var <- 0.99 * 1 + 0.01 * var_B (momentum 0.9 would give 0.5)
  EXPECT_NEAR(bn.running_mean()(0), 0.05, 1e-15);
  nn::BatchNorm cited(1, 0.99);
  cited.forward(arma::mat{{4.0, 6.0}});
  EXPECT_EQ(bn.running_var()(0), cited.running_var()(0));
  nn::BatchNorm wrong(1, 0.9);
  wrong.forward(arma::mat{{4.0, 6.0}});
  EXPECT_GT(std::abs(wrong.running_mean()(0) - bn.running_mean()(0)), 0.1);
}

TEST(Defaults, BatchNormEpsilonIsKeras1e3) {
  nn::BatchNorm bn(1);
  // A batch of tiny spread: variance 1e-4 is smaller than epsilon, so epsilon shows in x-hat.
  const arma::mat Z = bn.forward(arma::mat{{0.0, 0.02}});
  // x-hat = +-0.01 / sqrt(1e-4 + 1e-3) = +-0.30151; epsilon 1e-5 would give +-0.95346
  EXPECT_NEAR(Z(0, 1), 0.01 / std::sqrt(1e-4 + 1e-3), 1e-12);
  EXPECT_NEAR(Z(0, 0), -0.01 / std::sqrt(1e-4 + 1e-3), 1e-12);
  nn::BatchNorm wrong(1, 0.99, 1e-5);
  EXPECT_GT(std::abs(wrong.forward(arma::mat{{0.0, 0.02}})(0, 1) - Z(0, 1)), 0.5);
}

TEST(Defaults, BatchNormStartsAsKerasGammaOnesBetaZerosRunningMeanZerosVarOnes) {
  nn::BatchNorm bn(3);
  EXPECT_TRUE(arma::all(arma::vectorise(bn.gamma().value) == 1.0));
  EXPECT_TRUE(arma::all(arma::vectorise(bn.beta().value) == 0.0));
  EXPECT_TRUE(arma::all(bn.running_mean() == 0.0));
  EXPECT_TRUE(arma::all(bn.running_var() == 1.0));
  // Inference before any training step is then y = x / sqrt(1 + eps).
  bn.set_training(false);
  const arma::mat Y = bn.forward(arma::mat(arma::vec{2.0, -1.0, 0.5}));
  EXPECT_NEAR(Y(0, 0), 2.0 / std::sqrt(1.0 + 1e-3), 1e-15);
}

// ---------------------------------------------------------------------------------------------
// Dropout: the argument is the fraction *dropped* (Keras Dropout(rate): "Fraction of the input
// units to drop"; deck 1, "Dropout": x' = 0 with probability p, x / (1 - p) otherwise, L1-38) --
// not the keep probability of the original paper.

TEST(Defaults, DropoutRateIsTheFractionDropped) {
  nn::set_seed(2024);
  nn::Dropout dropout(0.2);
  EXPECT_EQ(dropout.rate(), 0.2);
  const arma::mat Y = dropout.forward(arma::mat(200, 500, arma::fill::ones));
  const double dropped = static_cast<double>(arma::accu(Y == 0.0)) / Y.n_elem;
  // 100,000 draws: standard error 0.0013, so 0.2 +- 0.01 is 8 standard errors wide; the keep
  // probability reading (0.8 dropped) is far outside.
  EXPECT_NEAR(dropped, 0.2, 0.01);
  // the kept units are scaled by 1 / (1 - rate) = 1.25, so E[Y] = X
  const arma::vec kept = Y.elem(arma::find(Y != 0.0));
  EXPECT_NEAR(kept.min(), 1.25, 1e-15);
  EXPECT_NEAR(kept.max(), 1.25, 1e-15);
  nn::set_seed(42);
}

// ---------------------------------------------------------------------------------------------
// Activations.

// Deck 1, "Leaky ReLU": "alpha typically set to 0.01". Keras's LeakyReLU layer defaults to 0.3
// (negative_slope=0.3) and keras.activations.leaky_relu to 0.2: the library follows the lecture.
TEST(Defaults, LeakyReluLayerSlopeIsDeck1_0_01) {
  nn::LeakyReLU layer;
  EXPECT_EQ(layer.alpha(), 0.01);
  const arma::mat Y = layer.forward(arma::mat{{-2.0, 3.0}});
  EXPECT_NEAR(Y(0, 0), -0.02, 1e-17);
  EXPECT_EQ(Y(0, 1), 3.0);
}
TEST(Defaults, LeakyReluFunctionSlopeIsDeck1_0_01) {
  EXPECT_NEAR(nn::leaky_relu(-5.0), -0.05, 1e-17);
  EXPECT_NEAR(nn::leaky_relu_derivative(-5.0), 0.01, 1e-17);
  EXPECT_NEAR(nn::leaky_relu(arma::mat{-5.0})(0, 0), -0.05, 1e-17);
}

// Keras ELU layer and keras.activations.elu: alpha=1.0.
TEST(Defaults, EluAlphaIsKeras1) {
  nn::ELU layer;
  EXPECT_NEAR(layer.forward(arma::mat{-1.0})(0, 0), std::exp(-1.0) - 1.0, 1e-15);
  EXPECT_NEAR(nn::elu(-1.0), std::exp(-1.0) - 1.0, 1e-15);
}

// PReLU: initial slope 0.25 and one shared slope (PyTorch nn.PReLU(num_parameters=1, init=0.25);
// He et al. 2015 initialise a = 0.25). Keras's PReLU starts at 0 (alpha_initializer='zeros').
TEST(Defaults, PreluStartsAtPyTorch0_25Shared) {
  nn::PReLU layer;
  ASSERT_EQ(layer.alpha().value.n_elem, 1u);
  const arma::mat Y = layer.forward(arma::mat{{-4.0, -8.0}, {2.0, -1.0}});
  EXPECT_EQ(Y(0, 0), -1.0);
  EXPECT_EQ(Y(0, 1), -2.0);
  EXPECT_EQ(Y(1, 1), -0.25);
}

// RReLU: slopes in [1/8, 1/3] (PyTorch nn.RReLU(lower=1/8, upper=1/3), Xu et al. 2015); deck 1,
// "Leaky ReLU": the slope is "fixed to an average value during testing".
TEST(Defaults, RreluRangeIsPyTorchOneEighthToOneThird) {
  nn::RReLU layer;
  EXPECT_EQ(layer.lo(), 1.0 / 8.0);
  EXPECT_EQ(layer.hi(), 1.0 / 3.0);
  layer.set_training(false);
  EXPECT_NEAR(layer.forward(arma::mat{-1.0})(0, 0), -(1.0 / 8.0 + 1.0 / 3.0) / 2.0, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// Initializers. Keras: GlorotUniform "within [-limit, limit], limit = sqrt(6 / (fan_in +
// fan_out))", HeUniform "limit = sqrt(6 / fan_in)", LecunUniform "limit = sqrt(3 / fan_in)";
// deck 1, "Initialization for each type of activation function": sigma^2 (Normal) = 1/fan_avg
// (Glorot), 2/fan_in (He), 1/fan_in (LeCun) (L1-35). Each initializer must be the uniform or
// normal draw of the library's own generator with exactly that limit or standard deviation.
// (Keras's *_normal initializers draw from a truncated normal; the library follows the deck's
// plain normal with the stated variance.)

constexpr arma::uword kFanOut = 100, kFanIn = 784;

void expect_same_draw(const arma::mat& W, const arma::mat& reference, const std::string& what) {
  ASSERT_EQ(W.n_rows, kFanOut) << what;
  ASSERT_EQ(W.n_cols, kFanIn) << what;
  EXPECT_LE(arma::abs(W - reference).max(), 1e-15 * arma::abs(reference).max()) << what;
}

TEST(Defaults, GlorotUniformLimitIsSqrt6OverFanInPlusFanOut) {
  nn::Rng a(7), b(7);
  const double limit = std::sqrt(6.0 / (kFanIn + kFanOut));  // 0.0823852555
  expect_same_draw(nn::glorot_uniform(kFanOut, kFanIn, a),
                   nn::uniform_init(kFanOut, kFanIn, -limit, limit, b), "glorot_uniform");
}
TEST(Defaults, GlorotNormalVarianceIsOneOverFanAvg) {
  nn::Rng a(7), b(7);
  const double sd = std::sqrt(1.0 / ((kFanIn + kFanOut) / 2.0));
  expect_same_draw(nn::glorot_normal(kFanOut, kFanIn, a),
                   nn::normal_init(kFanOut, kFanIn, 0.0, sd, b), "glorot_normal");
}
TEST(Defaults, HeUniformLimitIsSqrt6OverFanIn) {
  nn::Rng a(7), b(7);
  const double limit = std::sqrt(6.0 / kFanIn);  // 0.0874817765
  expect_same_draw(nn::he_uniform(kFanOut, kFanIn, a),
                   nn::uniform_init(kFanOut, kFanIn, -limit, limit, b), "he_uniform");
}
TEST(Defaults, HeNormalVarianceIsTwoOverFanIn) {
  nn::Rng a(7), b(7);
  expect_same_draw(nn::he_normal(kFanOut, kFanIn, a),
                   nn::normal_init(kFanOut, kFanIn, 0.0, std::sqrt(2.0 / kFanIn), b), "he_normal");
}
TEST(Defaults, LecunUniformLimitIsSqrt3OverFanIn) {
  nn::Rng a(7), b(7);
  const double limit = std::sqrt(3.0 / kFanIn);  // 0.0618589574
  expect_same_draw(nn::lecun_uniform(kFanOut, kFanIn, a),
                   nn::uniform_init(kFanOut, kFanIn, -limit, limit, b), "lecun_uniform");
}
TEST(Defaults, LecunNormalVarianceIsOneOverFanIn) {
  nn::Rng a(7), b(7);
  expect_same_draw(nn::lecun_normal(kFanOut, kFanIn, a),
                   nn::normal_init(kFanOut, kFanIn, 0.0, std::sqrt(1.0 / kFanIn), b),
                   "lecun_normal");
}
// Keras TruncatedNormal: "values more than two standard deviations from the mean are discarded
// and re-drawn".
TEST(Defaults, TruncatedNormalCutsAtTwoStandardDeviations) {
  nn::Rng rng(7);
  const arma::mat W = nn::truncated_normal_init(kFanOut, kFanIn, 0.0, 0.05, rng);
  EXPECT_LE(arma::abs(W).max(), 2.0 * 0.05);
  EXPECT_GT(arma::abs(W).max(), 0.99 * 2.0 * 0.05);  // 78,400 draws reach the cut
}
// Keras Dense(kernel_initializer='glorot_uniform', bias_initializer='zeros').
TEST(Defaults, DenseStartsAsKerasGlorotUniformAndZeroBias) {
  nn::set_seed(11);
  nn::Dense layer(kFanIn, kFanOut);
  nn::Rng same(11);
  expect_same_draw(layer.W().value, nn::glorot_uniform(kFanOut, kFanIn, same), "Dense W");
  EXPECT_TRUE(arma::all(arma::vectorise(layer.b().value) == 0.0));
  nn::set_seed(42);
}

// ---------------------------------------------------------------------------------------------
// Losses: probabilities are clipped to [1e-7, 1 - 1e-7] (Keras backend epsilon() = 1e-7; deck 3,
// "Categorical cross-entropy loss": np.clip(probs, 1e-7, 1 - 1e-7)).
TEST(Defaults, BinaryCrossEntropyClipsAtKeras1e7) {
  // p = 0 for a positive example: -ln(1e-7) = 16.118 instead of infinity
  EXPECT_NEAR(nn::binary_cross_entropy(arma::mat{0.0}, arma::mat{1.0}), -std::log(1e-7), 1e-9);
  EXPECT_NEAR(nn::BinaryCrossEntropy().forward(arma::mat{0.0}, arma::mat{1.0}), -std::log(1e-7),
              1e-9);
}
TEST(Defaults, CategoricalCrossEntropyClipsAtDeck3_1e7) {
  const arma::mat P(arma::vec{1.0, 0.0}), T(arma::vec{0.0, 1.0});
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T), -std::log(1e-7), 1e-9);
  EXPECT_NEAR(nn::CategoricalCrossEntropy().forward(P, T), -std::log(1e-7), 1e-9);
}

// ---------------------------------------------------------------------------------------------
// Decision threshold 0.5 on probabilities (deck 1, "Logistic Regression": class 1 when
// p >= 0.5, i.e. z >= 0; L1-04).
TEST(Defaults, PredictedClassesThresholdIsDeck1_0_5) {
  const arma::mat P = {{0.49, 0.5, 0.51}};
  EXPECT_TRUE(arma::all(nn::predicted_classes(P) == arma::uvec({0, 1, 1})));
  EXPECT_TRUE(arma::all(arma::vectorise(nn::threshold(P)) == arma::uvec({0, 1, 1})));
}

// ---------------------------------------------------------------------------------------------
// Training: Keras Model.fit(batch_size=None -> 32, epochs=1, shuffle=True).

struct Recorder : nn::Callback {
  nn::TrainBegin begin;
  std::size_t epochs_run = 0;
  void on_train_begin(const nn::TrainBegin& info) override { begin = info; }
  void on_epoch_end(const nn::EpochEnd&) override { ++epochs_run; }
};

struct FitRun {
  Recorder recorder;
  arma::mat W;
};

FitRun fit_small_model(const std::function<nn::FitOptions(Recorder&)>& options) {
  nn::set_seed(5);
  nn::Rng data_rng(6);
  const arma::mat X = data_rng.randn(3, 100);
  const arma::uvec y = arma::conv_to<arma::uvec>::from(X.row(0) + X.row(1) > 0.0);
  nn::Sequential model;
  auto& dense = model.add<nn::Dense>(3, 1);
  model.add<nn::Sigmoid>();
  model.compile(nn::BinaryCrossEntropy(), nn::SGD(model.parameters(), {.lr = 0.5}));
  FitRun run;
  model.fit(X, y, options(run.recorder));
  run.W = dense.W().value;
  nn::set_seed(42);
  return run;
}

TEST(Defaults, FitBatchSizeIsKeras32) {
  const FitRun run =
      fit_small_model([](Recorder& r) { return nn::FitOptions{.verbose = 0, .callbacks = {&r}}; });
  EXPECT_EQ(run.recorder.begin.examples, 100u);
  EXPECT_EQ(run.recorder.begin.batches_per_epoch, 4u);  // ceil(100 / 32)
}
TEST(Defaults, FitEpochsIsKeras1) {
  const FitRun run =
      fit_small_model([](Recorder& r) { return nn::FitOptions{.verbose = 0, .callbacks = {&r}}; });
  EXPECT_EQ(run.recorder.begin.epochs, 1u);
  EXPECT_EQ(run.recorder.epochs_run, 1u);
}
TEST(Defaults, FitShuffleIsKerasTrue) {
  auto with = [](std::optional<bool> shuffle) {
    return fit_small_model([shuffle](Recorder& r) {
      nn::FitOptions o{.epochs = 2, .verbose = 0, .callbacks = {&r}};
      if (shuffle) o.shuffle = *shuffle;
      return o;
    });
  };
  const arma::mat by_default = with(std::nullopt).W;
  EXPECT_TRUE(arma::approx_equal(by_default, with(true).W, "absdiff", 0.0));
  EXPECT_GT(arma::abs(by_default - with(false).W).max(), 1e-6);  // the order matters to SGD
}

// ---------------------------------------------------------------------------------------------
// Keras EarlyStopping(monitor="val_loss", min_delta=0, patience=0, restore_best_weights=False).

nn::EpochEnd epoch_logs(std::size_t epoch, double loss, double val_loss) {
  nn::EpochEnd e;
  e.epoch = epoch;
  e.epochs = 10;
  e.loss = loss;
  e.has_validation = true;
  e.val_loss = val_loss;
  return e;
}

// Feeds (loss, val_loss) per epoch until the callback stops; returns the epoch it stopped after.
std::size_t stop_epoch(nn::EarlyStopping& stop,
                       const std::vector<std::pair<double, double>>& logs) {
  stop.on_train_begin(
      {.epochs = 10, .batches_per_epoch = 1, .examples = 1, .has_validation = true});
  for (std::size_t e = 0; e < logs.size(); ++e) {
    stop.on_epoch_end(epoch_logs(e + 1, logs[e].first, logs[e].second));
    if (stop.stop_training()) return e + 1;
  }
  return 0;
}

TEST(Defaults, EarlyStoppingMonitorIsKerasValLoss) {
  // loss keeps falling, val_loss rises at epoch 2: only a val_loss monitor stops there
  const std::vector<std::pair<double, double>> logs = {{1.0, 1.0}, {0.9, 1.1}, {0.8, 1.2}};
  nn::EarlyStopping by_default;
  EXPECT_EQ(stop_epoch(by_default, logs), 2u);
  nn::EarlyStopping on_loss({.monitor = "loss"});
  EXPECT_EQ(stop_epoch(on_loss, logs), 0u);
}
TEST(Defaults, EarlyStoppingPatienceIsKeras0) {
  const std::vector<std::pair<double, double>> logs = {{1.0, 1.0}, {1.0, 1.0}, {1.0, 0.5}};
  nn::EarlyStopping by_default;
  EXPECT_EQ(stop_epoch(by_default, logs), 2u);  // the first epoch without improvement stops
  // (as in Keras, patience 0 and 1 stop at the same epoch: the counter is checked after it counts
  // the epoch); patience 2 waits for epoch 3, which improves
  nn::EarlyStopping patient({.patience = 2});
  EXPECT_EQ(stop_epoch(patient, logs), 0u);
}
TEST(Defaults, EarlyStoppingMinDeltaIsKeras0) {
  // any decrease, however small, is an improvement
  const std::vector<std::pair<double, double>> logs = {
      {1.0, 1.0}, {1.0, 1.0 - 1e-9}, {1.0, 1.0 - 2e-9}};
  nn::EarlyStopping by_default;
  EXPECT_EQ(stop_epoch(by_default, logs), 0u);
  nn::EarlyStopping coarse({.min_delta = 1e-4});
  EXPECT_EQ(stop_epoch(coarse, logs), 2u);
}
TEST(Defaults, EarlyStoppingRestoreBestWeightsIsKerasFalse) {
  nn::Parameter w{"w", arma::mat{1.0}, arma::mat{0.0}};
  nn::EarlyStopping by_default({}, {&w});
  by_default.on_train_begin(
      {.epochs = 10, .batches_per_epoch = 1, .examples = 1, .has_validation = true});
  by_default.on_epoch_end(epoch_logs(1, 1.0, 1.0));
  w.value(0, 0) = 2.0;  // epoch 2 makes it worse
  by_default.on_epoch_end(epoch_logs(2, 1.0, 2.0));
  ASSERT_TRUE(by_default.stop_training());
  by_default.on_train_end(false);
  EXPECT_FALSE(by_default.restored());
  EXPECT_EQ(w.value(0, 0), 2.0);  // the last weights stay
}

}  // namespace
