// Worked examples of the lectures with topic `optimizers` (chapter 08_sgd_optimizers): the Keras
// optimizer list, momentum in the lecture's form, Adam's defaults and two steps. Expected numbers
// come from ../shared/lectures/WORKED_EXAMPLES.md (recomputed there in Python).
#include <gtest/gtest.h>

#include <armadillo>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nn/core/parameter.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>

// L0-11: "Keras Supports 8 Optimizers" while listing 9 names (SGD, Momentum, Ftrl, Adagrad,
// Adadelta, RMSprop, Adam, Adamax, Nadam): Momentum is an option of SGD, so the 8 classes are SGD,
// RMSprop, Adam, Adadelta, Adagrad, Adamax, Nadam, Ftrl. The library provides each of them.
TEST(Deck0, Ex11KerasSupportsEightOptimizers) {
  RecordProperty("catalogue_id", "L0-11");
  nn::Parameter w{"w", arma::mat{1.0}, arma::mat{0.5}};
  std::vector<std::unique_ptr<nn::Optimizer>> all;
  all.push_back(std::make_unique<nn::SGD>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::RMSprop>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Adam>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Adadelta>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Adagrad>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Adamax>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Nadam>(std::vector<nn::Parameter*>{&w}));
  all.push_back(std::make_unique<nn::Ftrl>(std::vector<nn::Parameter*>{&w}));
  std::set<std::string> classes;
  for (const auto& opt : all) {
    const std::string name = opt->name();
    classes.insert(name.substr(0, name.find('(')));
    // Keras defaults
    EXPECT_EQ(opt->learning_rate(), name == "SGD(lr=0.01)" ? 0.01 : 1e-3) << name;
  }
  EXPECT_EQ(classes.size(), 8u);
  EXPECT_EQ(classes, (std::set<std::string>{"SGD", "RMSprop", "Adam", "Adadelta", "Adagrad",
                                            "Adamax", "Nadam", "Ftrl"}));
  // Momentum is not a ninth class: SGD accepts it.
  nn::SGD momentum({&w}, {.lr = 0.01, .momentum = 0.9});
  EXPECT_EQ(momentum.momentum(), 0.9);
}

// L3-18: weight_updates = momentum * weight_moms - lr * dweights; weight_moms = weight_updates
// (then weights += weight_updates). CONSTRUCTED: momentum 0.9, lr 0.1. (a) constant gradient 1 from
// w = 0: updates -0.1, -0.19, -0.271 -> w = -0.1, -0.29, -0.561 (updates approach
// -lr/(1 - momentum) = -1). (b) f(w) = w^2/2 from w = 1: w = 0.9, 0.72, 0.486.
TEST(Deck3, Ex18MomentumInTheLecturesForm) {
  RecordProperty("catalogue_id", "L3-18");
  nn::Parameter a{"w", arma::mat{0.0}, arma::mat{1.0}};
  nn::SGD sgd_a({&a}, {.lr = 0.1, .momentum = 0.9});
  const std::vector<double> updates = {-0.1, -0.19, -0.271};
  const std::vector<double> wa = {-0.1, -0.29, -0.561};
  for (std::size_t t = 0; t < 3; ++t) {
    sgd_a.step();
    EXPECT_NEAR(sgd_a.velocity(0)(0, 0), updates[t], 1e-12);
    EXPECT_NEAR(a.value(0, 0), wa[t], 1e-12);
  }
  for (int t = 0; t < 300; ++t) sgd_a.step();
  EXPECT_NEAR(sgd_a.velocity(0)(0, 0), -1.0, 1e-12);  // -lr / (1 - momentum)

  nn::Parameter b{"w", arma::mat{1.0}, arma::mat{0.0}};
  nn::SGD sgd_b({&b}, {.lr = 0.1, .momentum = 0.9});
  const std::vector<double> wb = {0.9, 0.72, 0.486};
  for (std::size_t t = 0; t < 3; ++t) {
    b.grad = b.value;  // f'(w) = w
    sgd_b.step();
    EXPECT_NEAR(b.value(0, 0), wb[t], 1e-12);
  }
}

// L4-13 (UNDERSPECIFIED: beta_2 is cut off after "0."; Keras's 0.999 assumed): Adam(lr=0.001),
// beta_1 = 0.9. CONSTRUCTED two steps from theta0 = 1 with g = 0.5, 0.25 (textbook Adam, eps added
// to sqrt(vhat)): theta1 = 0.9990000002, theta2 = 0.998067820797.
TEST(Deck4, Ex13AdamDefaultsAndTwoSteps) {
  RecordProperty("catalogue_id", "L4-13");
  const nn::AdamOptions defaults;
  EXPECT_EQ(defaults.lr, 0.001);
  EXPECT_EQ(defaults.beta1, 0.9);
  EXPECT_EQ(defaults.beta2, 0.999);
  EXPECT_EQ(defaults.eps, 1e-7);
  nn::Parameter theta{"theta", arma::mat{1.0}, arma::mat{0.5}};
  nn::Adam adam({&theta});
  adam.step();
  EXPECT_NEAR(adam.m(0)(0, 0), 0.05, 1e-15);
  EXPECT_NEAR(adam.v(0)(0, 0), 0.00025, 1e-18);
  EXPECT_NEAR(theta.value(0, 0), 0.9990000002, 1e-12);
  theta.grad(0, 0) = 0.25;
  adam.step();
  EXPECT_NEAR(adam.m(0)(0, 0), 0.07, 1e-15);
  EXPECT_NEAR(adam.v(0)(0, 0), 0.00031225, 1e-17);
  EXPECT_NEAR(theta.value(0, 0), 0.998067820797, 1e-12);
}
