// Graded tests of chapter 07's own exercise (chapters/07_backprop_by_hand/main.cpp, included so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter07_main
#include "chapters/07_backprop_by_hand/main.cpp"
#undef main

#include "homework.hpp"

// L(a, b, w, t) = ((a + b) w - t)^2 + w^2; the chapter's numbers at (1, 2, 2, 4): 8, 8, 16, -4.
TEST(HwDeck2HandGradients, TheChaptersPoint) {
  const Deck2Grads g = deck2_hand_gradients(1.0, 2.0, 2.0, 4.0);
  HW_NEAR(g.a, 8.0, 1e-15, "dL/da at (a, b, w, t) = (1, 2, 2, 4)");
  HW_NEAR(g.b, 8.0, 1e-15, "dL/db at (1, 2, 2, 4)");
  HW_NEAR(g.w, 16.0, 1e-15, "dL/dw at (1, 2, 2, 4) (both paths through w)");
  HW_NEAR(g.t, -4.0, 1e-15, "dL/dt at (1, 2, 2, 4)");
}

TEST(HwDeck2HandGradients, AgreesWithFiniteDifferences) {
  const double a = 0.5, b = -1.5, w = 3.0, t = 0.25;
  const auto L = [](double a_, double b_, double w_, double t_) {
    const double r = (a_ + b_) * w_ - t_;
    return r * r + w_ * w_;
  };
  const Deck2Grads g = deck2_hand_gradients(a, b, w, t);
  HW_NEAR(g.a, hw::derivative([&](double x) { return L(x, b, w, t); }, a), 1e-9,
          "dL/da at (0.5, -1.5, 3, 0.25)");
  HW_NEAR(g.b, hw::derivative([&](double x) { return L(a, x, w, t); }, b), 1e-9,
          "dL/db at (0.5, -1.5, 3, 0.25)");
  HW_NEAR(g.w, hw::derivative([&](double x) { return L(a, b, x, t); }, w), 1e-9,
          "dL/dw at (0.5, -1.5, 3, 0.25)");
  HW_NEAR(g.t, hw::derivative([&](double x) { return L(a, b, w, x); }, t), 1e-9,
          "dL/dt at (0.5, -1.5, 3, 0.25)");
}
