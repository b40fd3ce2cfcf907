// Instructor-only checks (docs/homework.md): this folder is left out of the starter tree and put
// back by the grader (the Gradescope autograder zip includes it). tests.json says which exercise
// each suite grades; its tests count like the public ones, and their messages stay hidden.
#include <armadillo>
#include <cmath>

#include <nn/activations/sigmoid.hpp>
#include <nn/optim/adam.hpp>

#include "homework.hpp"

// sigma at values the public tests do not use, and the matrix sigmoid built on the scalar one.
TEST(HwPrivateSigmoid, OtherValues) {
  HW_NEAR(nn::sigmoid(0.5), 0.6224593312018546, 1e-15, "sigmoid(0.5)");
  HW_NEAR(nn::sigmoid(-10.0), 4.5397868702434395e-05, 1e-18, "sigmoid(-10)");
  const arma::mat S = nn::sigmoid(arma::mat{{-1.0, 0.0, 1.0}, {2.0, -2.0, 3.0}});
  HW_NEAR(S(0, 1), 0.5, 1e-15, "sigmoid of a matrix at 0");
  HW_NEAR(S(0, 0) + S(0, 2), 1.0, 1e-15, "sigmoid(-1) + sigmoid(1) in a matrix");
}

// Adam's bias correction matters most in the first steps: after one step with any gradient the
// move is the learning rate (eps = 0), whatever beta1 and beta2 are.
TEST(HwPrivateAdam, FirstStepForOtherBetas) {
  nn::Parameter w{"w", hw::row({1.0, -1.0}), arma::mat(1, 2, arma::fill::zeros)};
  nn::Adam opt({&w}, {.lr = 0.05, .beta1 = 0.5, .beta2 = 0.6, .eps = 0.0});
  w.grad = hw::row({10.0, -0.001});
  opt.step();
  HW_MAT_NEAR(w.value, hw::row({0.95, -0.95}), 1e-15,
              "Adam(lr = 0.05, beta1 = 0.5, beta2 = 0.6, eps = 0): w after one step");
}
