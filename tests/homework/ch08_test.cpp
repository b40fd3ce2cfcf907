// Graded tests of chapter 08's library exercises: one step() of each optimizer. Every test runs
// three steps on w = (0.3, -0.7) and compares the path with an independent transcription of the
// update rule as PyTorch's and Keras's documentation state it (Python, float64).
#include <armadillo>
#include <string>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>

#include "homework.hpp"

namespace {

nn::Parameter start() { return {"w", hw::row({0.3, -0.7}), arma::mat(1, 2, arma::fill::zeros)}; }

const std::vector<arma::mat> kGrads = {{{0.2, -0.1}}, {{-0.4, 0.3}}, {{0.1, 0.05}}};

template <class Opt, class Options>
void expect_path(const Options& options, const std::vector<arma::mat>& expected,
                 const std::string& what, const std::vector<arma::mat>& grads = kGrads,
                 double tol = 1e-13) {
  nn::Parameter w = start();
  Opt opt({&w}, options);
  for (std::size_t t = 0; t < grads.size(); ++t) {
    w.grad = grads[t];
    opt.step();
    if (!HW_MAT_NEAR(w.value, expected[t], tol, what + ": w after step " + std::to_string(t + 1)))
      return;
  }
}

}  // namespace

TEST(HwSgdStep, PlainSteps) {
  expect_path<nn::SGD>(nn::SGDOptions{.lr = 0.1},
                       {{{0.27999999999999997, -0.69}},
                        {{0.31999999999999995, -0.72}},
                        {{0.30999999999999994, -0.725}}},
                       "SGD(lr = 0.1)");
}

TEST(HwSgdStep, TheLearningRateScalesTheStep) {
  nn::Parameter w = start();
  nn::SGD opt({&w}, {.lr = 2.0});
  w.grad = hw::row({0.5, -0.25});
  opt.step();
  HW_MAT_NEAR(w.value, (hw::row({-0.7, -0.2})), 1e-15,
              "SGD(lr = 2): w after one step with g = (0.5, -0.25)");
}

// The lecture's form: v = mu v - eta g, w = w + v (Nesterov: w = w + mu v - eta g).
TEST(HwSgdMomentumStep, Momentum) {
  expect_path<nn::SGD>(
      nn::SGDOptions{.lr = 0.1, .momentum = 0.9},
      {{{0.27999999999999997, -0.69}}, {{0.302, -0.711}}, {{0.31179999999999997, -0.7349}}},
      "SGD(lr = 0.1, momentum = 0.9)");
}

TEST(HwSgdMomentumStep, Nesterov) {
  expect_path<nn::SGD>(
      nn::SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true},
      {{{0.262, -0.6809999999999999}}, {{0.32180000000000003, -0.7299}}, {{0.32062, -0.75641}}},
      "SGD(lr = 0.1, momentum = 0.9, nesterov)");
}

TEST(HwAdamStep, ThreeSteps) {
  expect_path<nn::Adam>(nn::AdamOptions{.lr = 0.1, .beta1 = 0.8, .beta2 = 0.9, .eps = 1e-7},
                        {{{0.20000004999997498, -0.6000000999999}},
                         {{0.24151336034662488, -0.6535438998571977}},
                         {{0.25589007082299986, -0.7039235660012932}}},
                        "Adam(lr = 0.1, beta1 = 0.8, beta2 = 0.9, eps = 1e-7)");
}

TEST(HwAdamStep, FirstStepIsTheLearningRateTimesTheSign) {
  // m_hat = g, v_hat = g^2 at t = 1: the step is eta g / (|g| + eps)
  nn::Parameter w = start();
  nn::Adam opt({&w}, {.lr = 0.01, .beta1 = 0.9, .beta2 = 0.999, .eps = 0.0});
  w.grad = hw::row({-3.0, 0.002});
  opt.step();
  HW_MAT_NEAR(w.value, (hw::row({0.31, -0.71})), 1e-15,
              "Adam(lr = 0.01, eps = 0): w after the first step");
}

TEST(HwAdagradStep, ThreeSteps) {
  expect_path<nn::Adagrad>(nn::AdagradOptions{.lr = 0.1, .initial_accumulator = 0.1, .eps = 1e-7},
                           {{{0.24654776590322558, -0.6698488746331299}},
                            {{0.31957742690391683, -0.7369308989581269}},
                            {{0.3016168999270452, -0.7480420076001028}}},
                           "Adagrad(lr = 0.1, initial_accumulator = 0.1, eps = 1e-7)");
}

TEST(HwRmspropStep, Plain) {
  expect_path<nn::RMSprop>(nn::RMSpropOptions{.lr = 0.1, .rho = 0.8, .eps = 1e-7},
                           {{{0.07639345224974145, -0.4763937022489029}},
                            {{0.2805174933150595, -0.690679263473502}},
                            {{0.22523430111653395, -0.7299872143169326}}},
                           "RMSprop(lr = 0.1, rho = 0.8, eps = 1e-7)");
}

TEST(HwRmspropStep, CenteredWithMomentum) {
  expect_path<nn::RMSprop>(
      nn::RMSpropOptions{.lr = 0.1, .rho = 0.8, .momentum = 0.5, .eps = 1e-7, .centered = true},
      {{{0.05000031249960937, -0.4500006249984374}},
       {{0.13553833820049935, -0.5507242421966447}},
       {{0.12273590732913338, -0.6431385319132658}}},
      "RMSprop(lr = 0.1, rho = 0.8, momentum = 0.5, centered)");
}

TEST(HwAdadeltaStep, ThreeSteps) {
  expect_path<nn::Adadelta>(nn::AdadeltaOptions{.lr = 1.0, .rho = 0.9, .eps = 1e-6},
                            {{{0.2968381175504387, -0.6968393022937949}},
                             {{0.3008783721793363, -0.7011020362650882}},
                             {{0.2995018462370464, -0.70210907824663}}},
                            "Adadelta(lr = 1, rho = 0.9, eps = 1e-6)");
}

TEST(HwAdamaxStep, ThreeSteps) {
  expect_path<nn::Adamax>(nn::AdamaxOptions{.lr = 0.1, .beta1 = 0.8, .beta2 = 0.9, .eps = 1e-7},
                          {{{0.200000049999975, -0.6000000999999}},
                           {{0.23333337499997708, -0.6407408271603984}},
                           {{0.2438069604330886, -0.6750456110548014}}},
                          "Adamax(lr = 0.1, beta1 = 0.8, beta2 = 0.9, eps = 1e-7)");
}

// Gradients whose second moment falls in the first coordinate: AMSGrad keeps the largest v and
// takes smaller steps than Adam there (Adam would reach 0.13462016745894506 after step 2).
TEST(HwAmsgradStep, KeepsTheLargestSecondMoment) {
  expect_path<nn::AMSGrad>(nn::AdamOptions{.lr = 0.1, .beta1 = 0.8, .beta2 = 0.9, .eps = 1e-7},
                           {{{0.200000009999999, -0.6000000999999}},
                            {{0.13797179916559182, -0.6535438998571977}},
                            {{0.09357817088921541, -0.7020041256936955}}},
                           "AMSGrad(lr = 0.1, beta1 = 0.8, beta2 = 0.9, eps = 1e-7)",
                           {{{1.0, -0.1}}, {{0.01, 0.3}}, {{0.01, 0.05}}});
}

TEST(HwNadamStep, ThreeSteps) {
  expect_path<nn::Nadam>(
      nn::NadamOptions{.lr = 0.1, .beta1 = 0.8, .beta2 = 0.9, .eps = 1e-7, .momentum_decay = 0.004},
      {{{0.19047224650971367, -0.5904723012735356}},
       {{0.2858084939582957, -0.6925782116367082}},
       {{0.2642548941864904, -0.7201065881773628}}},
      "Nadam(lr = 0.1, beta1 = 0.8, beta2 = 0.9, eps = 1e-7, momentum_decay = 0.004)");
}

// Keras's FTRL with L1 = 0.01 and L2 = 0.02; the second weight is exactly 0 after the first step.
TEST(HwFtrlStep, ThreeStepsWithL1AndL2) {
  expect_path<nn::Ftrl>(
      nn::FtrlOptions{
          .lr = 0.1, .lr_power = -0.5, .initial_accumulator = 0.1, .l1 = 0.01, .l2 = 0.02},
      {{{-0.004280155593931095, 0.0}},
       {{0.06459504170057899, -0.06605363714731916}},
       {{0.046762623373084594, -0.07706685300634998}}},
      "Ftrl(lr = 0.1, lr_power = -0.5, initial_accumulator = 0.1, l1 = 0.01, l2 = 0.02)");
}
