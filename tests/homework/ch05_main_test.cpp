// Graded tests of chapter 05's own exercises (chapters/05_activations_losses/main.cpp, included so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter05_main
#include "chapters/05_activations_losses/main.cpp"
#undef main

#include <cmath>

#include "homework.hpp"

TEST(HwCentralDifference, SlopeOfKnownFunctions) {
  HW_NEAR(central_difference([](double z) { return std::sin(z); }, 1.0), std::cos(1.0), 1e-9,
          "central_difference of sin at 1");
  HW_NEAR(central_difference([](double z) { return z * z * z; }, 2.0, 1e-4), 12.0, 1e-7,
          "central_difference of z^3 at 2");
}

TEST(HwCentralDifference, UsesTheStepItIsGiven) {
  // for z^3 the central difference is 3 z^2 + h^2 exactly: at z = 1, h = 0.5 it is 3.25
  HW_NEAR(central_difference([](double z) { return z * z * z; }, 1.0, 0.5), 3.25, 1e-12,
          "central_difference of z^3 at 1 with h = 0.5");
}

TEST(HwStableBceFromLogit, KnownValues) {
  HW_NEAR(stable_bce_from_logit(0.0, 1.0), std::log(2.0), 1e-15, "stable_bce_from_logit(0, 1)");
  HW_NEAR(stable_bce_from_logit(1.0, 1.0), 0.31326168751822286, 1e-15,
          "stable_bce_from_logit(1, 1)");
  HW_NEAR(stable_bce_from_logit(-1.0, 1.0), 1.3132616875182228, 1e-15,
          "stable_bce_from_logit(-1, 1)");
  HW_NEAR(stable_bce_from_logit(2.0, 0.0), 2.1269280110429727, 1e-15,
          "stable_bce_from_logit(2, 0)");
}

TEST(HwStableBceFromLogit, NoOverflow) {
  HW_NEAR(stable_bce_from_logit(800.0, 0.0), 800.0, 1e-12, "stable_bce_from_logit(800, 0)");
  HW_NEAR(stable_bce_from_logit(-800.0, 1.0), 800.0, 1e-12, "stable_bce_from_logit(-800, 1)");
  HW_NEAR(stable_bce_from_logit(800.0, 1.0), 0.0, 1e-12, "stable_bce_from_logit(800, 1)");
}

// (1000, 1001, 1002) at class 0: 2.4076059644444285 (the chapter's 2.4076; Python); (0, ln 3) at
// class 1: -ln(3/4).
TEST(HwStableSoftmaxCrossEntropy, LectureValues) {
  HW_NEAR(stable_softmax_cross_entropy(arma::vec{1000.0, 1001.0, 1002.0}, 0), 2.4076059644444285,
          1e-12, "stable_softmax_cross_entropy((1000, 1001, 1002), class 0)");
  HW_NEAR(stable_softmax_cross_entropy(arma::vec{0.0, std::log(3.0)}, 1), std::log(4.0 / 3.0),
          1e-15, "stable_softmax_cross_entropy((0, ln 3), class 1) = ln(4/3)");
}

TEST(HwStableSoftmaxCrossEntropy, EveryClass) {
  const arma::vec z = {2.0, -1.0, 0.5, 0.0};
  double total_p = 0.0;  // sum over c of e^-L_c must be 1: the softmax probabilities
  for (arma::uword c = 0; c < 4; ++c) total_p += std::exp(-stable_softmax_cross_entropy(z, c));
  HW_NEAR(total_p, 1.0, 1e-14, "the sum over the classes c of e^(-loss at c)");
}
