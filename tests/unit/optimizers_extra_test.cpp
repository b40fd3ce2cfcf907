// Unit tests of the optimizers beyond SGD/Adam (Adagrad, Adadelta, RMSprop, Adamax, Nadam, AMSGrad,
// FTRL), gradient clipping, learning-rate schedules, L2 regularisation, and the error paths and
// modes of BatchNorm and Dropout.
// Oracles: PyTorch 1.13.1 in float64 (/usr/bin/python3, torch.optim.*, call quoted above each
// test), NumPy transcriptions of Keras's Nadam and Ftrl updates, and hand computations.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/parameter.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/clipping.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/regularization/l2.hpp>
#include <nn/schedules/schedule.hpp>

namespace {

nn::Parameter start_weights() {
  const arma::mat W = {{0.5, -1.0, 0.0}, {2.0, 0.1, -0.3}};
  return {"W", W, arma::mat(arma::size(W), arma::fill::zeros)};
}

// Gradients with entries small against eps = 1e-7 (eps visibly matters) and exact zeros.
std::vector<arma::mat> gradients() {
  return {arma::mat{{0.1, -0.2, 1e-9}, {3.0, 0.0, -0.5}},
          arma::mat{{-0.3, 0.4, 2e-9}, {1.0, 0.0, -0.5}},
          arma::mat{{0.05, 0.1, -1e-9}, {-2.0, 1e-8, 0.25}}};
}

// Gradients without zeros (for eps = 0).
std::vector<arma::mat> gradients_nonzero() {
  return {arma::mat{{0.1, -0.2, 0.3}, {3.0, 0.5, -0.5}},
          arma::mat{{-0.3, 0.4, 0.2}, {1.0, -0.1, -0.5}},
          arma::mat{{0.05, 0.1, -0.4}, {-2.0, 0.7, 0.25}}};
}

// Runs three steps of `opt` on W with `G` and compares with `expected` at 1e-14 absolute.
void expect_path(nn::Optimizer& opt, nn::Parameter& W, const std::vector<arma::mat>& G,
                 const std::vector<arma::mat>& expected, double tol = 1e-14) {
  for (std::size_t t = 0; t < G.size(); ++t) {
    W.grad = G[t];
    opt.step();
    EXPECT_EQ(opt.iterations(), static_cast<long>(t + 1));
    EXPECT_TRUE(arma::approx_equal(W.value, expected[t], "absdiff", tol))
        << opt.name() << " step " << t + 1 << "\n"
        << W.value << "expected\n"
        << expected[t];
  }
}

}  // namespace

/* torch.optim.Adagrad([w], lr=0.1, initial_accumulator_value=0.1, eps=1e-7), float64 */
TEST(Adagrad, ThreeStepsMatchPyTorch) {
  nn::Parameter W = start_weights();
  nn::Adagrad opt({&W}, {.lr = 0.1, .initial_accumulator = 0.1, .eps = 1e-7});
  expect_path(opt, W, gradients(),
              {{{0.46984887463312996, -0.9465477659032255, -3.162276660168696e-10},
                {1.9005509716769338, 0.1, -0.2154845888128602}},
               {{0.536930898958127, -1.0195774269039168, -9.486829980506089e-10},
                {1.8690851338906551, 0.1, -0.15093487470940217}},
               {{0.5258197903161511, -1.0375379538807885, -6.324553320337393e-10},
                {1.9223474966013463, 0.09999999683772334, -0.18164962677751528}}});
}

// By hand: G = 0.1 + 0.01 = 0.11, w = 0.5 - 0.1 * 0.1 / (sqrt(0.11) + 1e-7).
TEST(Adagrad, FirstStepByHandAndKerasDefaults) {
  nn::Parameter W = start_weights();
  nn::Adagrad opt({&W});
  EXPECT_EQ(opt.learning_rate(), 1e-3);
  W.grad = gradients()[0];
  opt.step();
  EXPECT_NEAR(W.value(0, 0), 0.5 - 1e-3 * 0.1 / (std::sqrt(0.11) + 1e-7), 1e-16);
  EXPECT_NEAR(opt.accumulator(0)(1, 0), 9.1, 1e-15);
  EXPECT_THROW(nn::Adagrad({&W}, {.lr = 0.0}), std::invalid_argument);
}

/* torch.optim.Adadelta([w], lr=1.0, rho=0.95, eps=1e-7) */
TEST(Adadelta, ThreeStepsMatchPyTorch) {
  nn::Parameter W = start_weights();
  nn::Adadelta opt({&W}, {.lr = 1.0, .rho = 0.95, .eps = 1e-7});
  expect_path(opt, W, gradients(),
              {{{0.4985859278377735, -0.9985858217916402, -9.999999999997503e-10},
                {1.9985857865947618, 0.1, -0.2985857920944472}},
               {{0.500487941507246, -1.000383656539246, -2.9999999999977753e-09},
                {1.997938601896794, 0.1, -0.29715356814870003}},
               {{0.5000478388886056, -1.000983675165071, -1.999999999997963e-09},
                {1.9990881696621474, 0.09999999000000001, -0.2979947798043048}}});
  EXPECT_THROW(nn::Adadelta({&W}, {.lr = 1.0, .rho = 1.0}), std::invalid_argument);
}

/* torch.optim.RMSprop([w], lr=0.01, alpha=0.9, eps=1e-7) */
TEST(RMSprop, ThreeStepsMatchPyTorch) {
  nn::Parameter W = start_weights();
  nn::RMSprop opt({&W}, {.lr = 0.01, .rho = 0.9, .momentum = 0.0, .eps = 1e-7});
  expect_path(opt, W, gradients(),
              {{{0.468377323398, -0.9683772733982372, -9.968476908167399e-05},
                {1.9683772267316493, 0.1, -0.26837724339830354}},
               {{0.4985284275527765, -0.9969486815615171, -0.000298294500958536},
                {1.957894379463331, 0.1, -0.24543568053755832}},
               {{0.4933042032671789, -1.0042731603880772, -0.00019902465748194122},
                {1.9760089525591218, 0.09903065343003171, -0.2567295242218354}}});
}

/* torch.optim.RMSprop([w], lr=0.01, alpha=0.9, eps=1e-7, momentum=0.5, centered=True) */
TEST(RMSprop, CenteredWithMomentumMatchesPyTorch) {
  nn::Parameter W = start_weights();
  nn::RMSprop opt({&W}, {.lr = 0.01, .rho = 0.9, .momentum = 0.5, .eps = 1e-7, .centered = true});
  expect_path(opt, W, gradients(),
              {{{0.4666667777774074, -0.9666667222221297, -9.97008973080758e-05},
                {1.96666667037037, 0.1, -0.26666668888887407}},
               {{0.4808461198740993, -0.9789309315151797, -0.0003482852069346349},
                {1.9386268202834662, 0.1, -0.22450940923202697}},
               {{0.482655582733618, -0.992568482404863, -0.0003732899377057234},
                {1.9428543472080595, 0.09902912621359224, -0.21517163845106316}}});
}

/* torch.optim.Adamax([w], lr=0.01, eps=0.0): with eps = 0 Keras's, PyTorch's and the paper's
   forms coincide. */
TEST(Adamax, ThreeStepsMatchPyTorchWithoutEps) {
  nn::Parameter W = start_weights();
  nn::Adamax opt({&W}, {.lr = 0.01, .beta1 = 0.9, .beta2 = 0.999, .eps = 0.0});
  expect_path(opt, W, gradients_nonzero(),
              {{{0.49, -0.99, -0.009999999999999998}, {1.99, 0.09000000000000001, -0.29}},
               {{0.4936842105263158, -0.9928947368421053, -0.01825386790299071},
                {1.9835022742040285, 0.08631210157525948, -0.27999999999999997}},
               {{0.49539563905201245, -0.9956465661622003, -0.01846604502476193},
                {1.9818630810978457, 0.08096154806972443, -0.27553058593649}}});
}

// Keras's eps: step 1 gives m = 0.1 g, u = |g|, w -= lr/(0.1) * 0.1 g / (|g| + eps).
TEST(Adamax, KerasEpsByHand) {
  nn::Parameter W = start_weights();
  nn::Adamax opt({&W}, {.lr = 0.01});
  W.grad = gradients()[0];
  opt.step();
  EXPECT_NEAR(W.value(0, 2), -0.01 * 1e-9 / (1e-9 + 1e-7), 1e-18);
  EXPECT_EQ(W.value(1, 1), 0.1);  // g = 0: u = 0, m = 0, no move (no 0/0)
}

/* NumPy transcription of Keras's Nadam (keras/optimizers/nadam.py), float64, lr=0.01, eps=1e-7:
   u_t = beta1 (1 - 0.5 0.96^(0.004 t)), Pi_t = prod u_s,
   m_hat = u_{t+1} m / (1 - Pi_t u_{t+1}) + (1 - u_t) g / (1 - Pi_t), w -= lr m_hat / (sqrt(v_hat) +
   eps). Not torch 1.13's NAdam: it computes mu_product_next = mu_product * mu * mu_next (mu counted
   twice; fixed in later PyTorch releases), which gives w(0,0) = 0.489504698799209 after step 1. */
TEST(Nadam, ThreeStepsMatchKerasFormula) {
  nn::Parameter W = start_weights();
  nn::Nadam opt({&W}, {.lr = 0.01});
  expect_path(opt, W, gradients(),
              {{{0.48943549278095333, -0.9894354874987024, -0.00010459918597578102},
                {1.9894354825685967, 0.1, -0.28943548432934924}},
               {{0.4991501810035317, -0.9985010595591455, -0.00025450677587282876},
                {1.9855311620779903, 0.1, -0.28159864232880544}},
               {{0.4978668319456955, -1.0013167015802724, -0.0002023091491651066},
                {1.9908438511067574, 0.09938368215152489, -0.28443576412972094}}});
}

// With beta1 = 0 there is no momentum (mu_t = 0) and Nadam is RMSprop-like with Adam's bias
// correction: step 1 moves every coordinate by lr g / (|g| + eps).
TEST(Nadam, WithoutMomentumFirstStepByHand) {
  nn::Parameter W = start_weights();
  nn::Nadam opt({&W}, {.lr = 0.01, .beta1 = 0.0});
  W.grad = gradients()[0];
  opt.step();
  EXPECT_NEAR(W.value(1, 0), 2.0 - 0.01 * 3.0 / (3.0 + 1e-7), 1e-15);
}

/* torch.optim.Adam([w], lr=0.1, betas=(0.9, 0.9), eps=1e-7, amsgrad=True / False), w0 = 1,
   g = 1, 0.01, 0.01, 0.01, 0.01: v falls after step 1, so AMSGrad keeps the larger denominator.
   amsgrad=True : 0.900000009999999, 0.8339816803399867, 0.783623524947753, 0.7428514259901745,
   0.7087301668028504 amsgrad=False: 0.900000009999999, 0.830414446593731, 0.7744675029184511,
   0.7267235268344681, 0.6846095532290374 */
TEST(AMSGrad, KeepsTheLargestSecondMomentLikePyTorch) {
  nn::Parameter a{"w", arma::mat{1.0}, arma::mat{0.0}};
  nn::Parameter b = a;
  nn::AMSGrad ams({&a}, {.lr = 0.1, .beta1 = 0.9, .beta2 = 0.9, .eps = 1e-7});
  nn::Adam adam({&b}, {.lr = 0.1, .beta1 = 0.9, .beta2 = 0.9, .eps = 1e-7});
  const std::vector<double> g = {1.0, 0.01, 0.01, 0.01, 0.01};
  const std::vector<double> ams_expected = {0.900000009999999, 0.8339816803399867,
                                            0.783623524947753, 0.7428514259901745,
                                            0.7087301668028504};
  const std::vector<double> adam_expected = {0.900000009999999, 0.830414446593731,
                                             0.7744675029184511, 0.7267235268344681,
                                             0.6846095532290374};
  for (std::size_t t = 0; t < g.size(); ++t) {
    a.grad(0, 0) = g[t];
    b.grad(0, 0) = g[t];
    ams.step();
    adam.step();
    EXPECT_NEAR(a.value(0, 0), ams_expected[t], 1e-14) << "step " << t + 1;
    EXPECT_NEAR(b.value(0, 0), adam_expected[t], 1e-14) << "step " << t + 1;
  }
  EXPECT_NEAR(ams.v_max(0)(0, 0), 0.1, 1e-15);  // v_1 = (1 - 0.9) * 1^2 stays the maximum
}

/* NumPy transcription of Keras's Ftrl (lr=0.1, lr_power=-0.5, initial_accumulator 0.1, l1=0.01,
   l2=0.001, beta=0): n' = n + g^2; z += g - (sqrt(n') - sqrt(n))/lr w; w = (clip(z,-l1,l1) - z) /
   q. */
TEST(Ftrl, ThreeStepsMatchKerasFormula) {
  nn::Parameter W = start_weights();
  nn::Ftrl opt({&W},
               {.lr = 0.1, .lr_power = -0.5, .initial_accumulator = 0.1, .l1 = 0.01, .l2 = 0.001});
  expect_path(opt, W, gradients_nonzero(),
              {{{-0.0038649849611700057, -0.09866814412840046, -0.06650005050668407},
                {1.6904504284917046, -0.036265105502594035, -0.05341946179606775}},
               {{0.0587169309252073, -0.1716711615294916, -0.10818554926340318},
                {1.6589865697887374, -0.019603992540248145, 0.008532275873366774}},
               {{0.04761075589188877, -0.18962524243592147, -0.04415479399462418},
                {1.7122460971895261, -0.09551318576073985, -0.019718357810467203}}},
              1e-13);
}

// With a large L1 every |z| stays below l1 and FTRL sets the weights exactly to zero.
TEST(Ftrl, LargeL1GivesExactZeros) {
  nn::Parameter W = start_weights();
  W.value.zeros();
  nn::Ftrl opt({&W}, {.lr = 0.1, .lr_power = -0.5, .initial_accumulator = 0.1, .l1 = 10.0});
  W.grad = gradients_nonzero()[0];
  opt.step();
  EXPECT_EQ(arma::accu(arma::abs(W.value)), 0.0);
}

TEST(Clipping, ByValue) {
  nn::Parameter W = start_weights();
  W.grad = {{0.1, -2.0, 0.5}, {3.0, 0.0, -0.5}};
  std::vector<nn::Parameter*> ps = {&W};
  nn::clip_by_value(ps, 0.5);
  EXPECT_TRUE(
      arma::approx_equal(W.grad, arma::mat{{0.1, -0.5, 0.5}, {0.5, 0.0, -0.5}}, "absdiff", 0.0));
  EXPECT_THROW(nn::clip_by_value(ps, -1.0), std::invalid_argument);
}

// Norm of (3, 4) and (12) is 13; clipping to 6.5 halves everything, and 20 leaves it alone.
TEST(Clipping, ByGlobalNormKeepsTheDirection) {
  nn::Parameter a{"W", arma::mat(1, 2), arma::mat{{3.0, 4.0}}};
  nn::Parameter b{"b", arma::mat(1, 1), arma::mat{12.0}};
  std::vector<nn::Parameter*> ps = {&a, &b};
  EXPECT_EQ(nn::global_grad_norm(ps), 13.0);
  EXPECT_EQ(nn::clip_by_global_norm(ps, 20.0), 13.0);
  EXPECT_EQ(a.grad(0, 1), 4.0);
  EXPECT_EQ(nn::clip_by_global_norm(ps, 6.5), 13.0);
  EXPECT_EQ(a.grad(0, 0), 1.5);
  EXPECT_EQ(a.grad(0, 1), 2.0);
  EXPECT_EQ(b.grad(0, 0), 6.0);
  EXPECT_NEAR(nn::global_grad_norm(ps), 6.5, 1e-15);
}

TEST(Schedules, FormulasAndApply) {
  nn::StepDecay step(0.1, 0.5, 10);
  EXPECT_EQ(step(0), 0.1);
  EXPECT_EQ(step(9), 0.1);
  EXPECT_EQ(step(10), 0.05);
  EXPECT_EQ(step(25), 0.025);
  nn::ExponentialDecay expo(1.0, 0.5, 2.0);
  EXPECT_EQ(expo(4), 0.25);
  EXPECT_NEAR(expo(1), std::sqrt(0.5), 1e-15);
  nn::CosineDecay cosine(1.0, 100, 0.1);
  EXPECT_EQ(cosine(0), 1.0);
  EXPECT_NEAR(cosine(50), 0.1 + 0.9 * 0.5, 1e-15);
  EXPECT_NEAR(cosine(100), 0.1, 1e-15);
  EXPECT_NEAR(cosine(500), 0.1, 1e-15);
  nn::ConstantSchedule constant(0.3);
  EXPECT_EQ(constant(1000), 0.3);
  // Keras InverseTimeDecay(0.1, 10, 0.5): 0.1 / (1 + 0.5 t/10)
  nn::InverseTimeDecay keras(0.1, 0.5, 10.0);
  EXPECT_NEAR(keras(20), 0.05, 1e-17);
  nn::Parameter W = start_weights();
  nn::SGD sgd({&W}, {.lr = 1.0});
  EXPECT_EQ(nn::apply_schedule(step, sgd, 10), 0.05);
  EXPECT_EQ(sgd.learning_rate(), 0.05);
  EXPECT_THROW(step(-1), std::invalid_argument);
  EXPECT_THROW(nn::StepDecay(0.1, 1.5, 10), std::invalid_argument);
  EXPECT_THROW(nn::InverseTimeDecay(0.0, 0.1), std::invalid_argument);
}

TEST(L2, PenaltyGradientAndDecoupledDecay) {
  const arma::mat W = {{1.0, -2.0}, {0.5, 0.0}};
  EXPECT_EQ(nn::l2_penalty(W, 0.5), 0.25 * 5.25);
  EXPECT_TRUE(arma::approx_equal(nn::l2_penalty_gradient(W, 0.5), 0.5 * W, "absdiff", 0.0));
  nn::Parameter p{"W", W, arma::mat{{0.1, 0.1}, {0.1, 0.1}}};
  nn::add_l2_gradient({&p}, 0.5);
  EXPECT_TRUE(arma::approx_equal(p.grad, arma::mat{{0.6, -0.9}, {0.35, 0.1}}, "absdiff", 1e-15));
  nn::apply_weight_decay({&p}, 0.1, 0.5);
  EXPECT_TRUE(arma::approx_equal(p.value, 0.95 * W, "absdiff", 0.0));
  EXPECT_THROW(nn::weight_decay_step(W, arma::mat(3, 1, arma::fill::zeros), 0.1, 0.1),
               std::exception);
}

TEST(OptimizersExtra, NamesCarryTheHyperParameters) {
  nn::Parameter W = start_weights();
  EXPECT_EQ(nn::Adagrad({&W}).name(), "Adagrad(lr=0.001, initial_accumulator=0.1, eps=1e-07)");
  EXPECT_EQ(
      nn::RMSprop({&W}, {.lr = 0.01, .rho = 0.9, .momentum = 0.5, .eps = 1e-7, .centered = true})
          .name(),
      "RMSprop(lr=0.01, rho=0.9, momentum=0.5, eps=1e-07, centered)");
  EXPECT_EQ(nn::Nadam({&W}).name(),
            "Nadam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07, momentum_decay=0.004)");
  EXPECT_EQ(nn::AMSGrad({&W}).name(), "AMSGrad(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07)");
  EXPECT_EQ(
      nn::Ftrl({&W}, {.lr = 0.1, .lr_power = -0.5, .initial_accumulator = 0.1, .l1 = 0.01}).name(),
      "Ftrl(lr=0.1, lr_power=-0.5, initial_accumulator=0.1, l1=0.01, l2=0, beta=0)");
  EXPECT_EQ(nn::SGD({&W}, {.lr = 0.1, .momentum = 0.9, .nesterov = true}).name(),
            "SGD(lr=0.1, momentum=0.9, nesterov)");
  W.grad = arma::mat(3, 2, arma::fill::zeros);  // wrong shape
  nn::Adagrad bad({&W});
  EXPECT_THROW(bad.step(), std::exception);
}

// BatchNorm and Dropout: error paths and mode switches (the formulas are in tests/lectures and
// tests/grad).
TEST(BatchNormLayer, RejectsWrongShapesAndBadHyperParameters) {
  nn::BatchNorm bn(3);
  try {
    bn.forward(arma::mat(4, 5, arma::fill::zeros));
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("BatchNorm(3)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4 x 5"), std::string::npos) << msg;
  }
  EXPECT_THROW(nn::BatchNorm(0), nn::ShapeError);
  EXPECT_THROW(nn::BatchNorm(3, 1.0), std::invalid_argument);
  EXPECT_THROW(nn::BatchNorm(3, 0.9, -1.0), std::invalid_argument);
  EXPECT_THROW(bn.set_running_stats(arma::vec(2), arma::vec(3)), nn::ShapeError);
  EXPECT_EQ(bn.parameters().size(), 2u);
  EXPECT_EQ(bn.name(), "BatchNorm(3)");
}

TEST(BatchNormLayer, InferenceLeavesRunningStatsAndIgnoresTheBatch) {
  nn::BatchNorm bn(2, 0.5, 0.0);
  const arma::mat X = {{1, 3}, {2, 6}};
  bn.forward(X);  // mu = (2, 4), var = (1, 4): running = (1, 2), (1, 2.5)
  EXPECT_TRUE(arma::approx_equal(bn.running_mean(), arma::vec{1.0, 2.0}, "absdiff", 0.0));
  EXPECT_TRUE(arma::approx_equal(bn.running_var(), arma::vec{1.0, 2.5}, "absdiff", 0.0));
  bn.set_training(false);
  const arma::mat Z1 = bn.forward(X);
  const arma::mat Z2 = bn.forward(X.col(0));
  EXPECT_TRUE(arma::approx_equal(Z1.col(0), Z2, "absdiff", 0.0));  // independent of the batch
  EXPECT_NEAR(Z1(1, 1), (6.0 - 2.0) / std::sqrt(2.5), 1e-15);
  EXPECT_TRUE(arma::approx_equal(bn.running_mean(), arma::vec{1.0, 2.0}, "absdiff", 0.0));
}

TEST(DropoutLayer, RejectsBadRatesAndMasks) {
  EXPECT_THROW(nn::Dropout(1.0), std::invalid_argument);
  EXPECT_THROW(nn::Dropout(-0.1), std::invalid_argument);
  nn::Dropout drop(0.5);
  EXPECT_THROW(drop.fix_mask(arma::mat{{0.5, 1.0}}), nn::ArgumentError);
  drop.fix_mask(arma::mat{{1.0, 0.0}});
  EXPECT_THROW(drop.forward(arma::mat(2, 2, arma::fill::ones)), nn::ShapeError);
  EXPECT_THROW(nn::dropout_with_mask(arma::mat(2, 1), arma::mat(1, 2), 0.5), nn::ShapeError);
  EXPECT_EQ(drop.name(), "Dropout(0.5)");
}

TEST(DropoutLayer, FreshMasksFromTheSeededGlobalGenerator) {
  nn::set_seed(7);
  nn::Dropout drop(0.25);
  const arma::mat X(10, 10, arma::fill::ones);
  const arma::mat A = drop.forward(X);
  const arma::mat MA = drop.mask();
  const arma::mat B = drop.forward(X);
  EXPECT_FALSE(arma::approx_equal(A, B, "absdiff", 0.0));  // a new mask each forward
  nn::set_seed(7);
  EXPECT_TRUE(arma::approx_equal(drop.forward(X), A, "absdiff", 0.0));  // same seed, same mask
  EXPECT_TRUE(arma::approx_equal(drop.backward(X), MA / 0.75, "absdiff", 1e-15));
  nn::Dropout none(0.0);
  EXPECT_TRUE(arma::approx_equal(none.forward(X), X, "absdiff", 0.0));  // p = 0 keeps everything
}
