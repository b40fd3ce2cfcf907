// Worked examples of the lectures with topic `perceptron` (chapter 01_perceptron): the threshold
// unit and its tie conventions, the decision line, AND / OR / XOR. Expected numbers come from
// ../shared/lectures/WORKED_EXAMPLES.md or from an independent Python simulation of the learning
// rule (quoted where used); never from this library's own output.
#include <gtest/gtest.h>

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <string>

#include <nn/activations/sigmoid.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/model/perceptron.hpp>

namespace {

// The four binary inputs, one per column: (0,0), (0,1), (1,0), (1,1).
const arma::mat kBinaryInputs{{0, 0, 1, 1}, {0, 1, 0, 1}};

// True if some line of the grid w1, w2, b in {-3, -2.75, ..., 3} classifies all four inputs
// correctly; `best` receives the most points any of them gets right.
bool some_grid_line_separates(const arma::rowvec& y, arma::uword& best) {
  best = 0;
  const arma::vec values = arma::regspace(-3.0, 0.25, 3.0);
  for (double w1 : values) {
    for (double w2 : values) {
      for (double b : values) {
        const nn::Perceptron unit(arma::vec{w1, w2}, b);
        const arma::uword correct = 4 - unit.errors(kBinaryInputs, y);
        best = std::max(best, correct);
      }
    }
  }
  return best == 4;
}

}  // namespace

// L1-01: f(x) = 1 if w.x + b > 0, 0 otherwise (deck 1, "Perceptron"). Lecture: rule only.
// Catalogue (CONSTRUCTED w = (1,1), b = -1.5): (0,0) -> 0, (0,1) -> 0, (1,0) -> 0, (1,1) -> 1
// (AND); at (0.75, 0.75) w.x + b = 0 -> 0 (strict >, ties go to class 0).
TEST(Deck1, Ex01PerceptronThresholdUnit) {
  RecordProperty("catalogue_id", "L1-01");
  const nn::Perceptron unit(arma::vec{1, 1}, -1.5);  // default: labels {0, 1}, ties negative
  const arma::rowvec yhat = unit.predict(kBinaryInputs);
  const arma::rowvec expected{0, 0, 0, 1};
  EXPECT_TRUE(arma::all(yhat == expected)) << yhat;

  const arma::vec tie{0.75, 0.75};
  EXPECT_EQ(unit.net_input(tie)(0), 0.0);  // exact in binary: 0.75 + 0.75 - 1.5
  EXPECT_EQ(unit.predict(tie)(0), 0.0);
  EXPECT_EQ(nn::threshold_unit(0.0), 0.0);
  EXPECT_EQ(nn::threshold_unit(1e-300), 1.0);

  // The same unit with deck 2's convention sends the tie to the positive class.
  const nn::Perceptron deck2(arma::vec{1, 1}, -1.5, nn::PerceptronLabels::ZeroOne,
                             nn::TieRule::Positive);
  EXPECT_EQ(deck2.predict(tie)(0), 1.0);

  // A wrong input size is a ShapeError naming both shapes.
  try {
    unit.predict(arma::mat(3, 2, arma::fill::zeros));
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("3 x 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected 2 rows"), std::string::npos) << e.what();
  }
}

// L1-16: the boundary w1 x1 + w2 x2 + b = 0 as x2 = (-w1/w2) x1 + (-b/w2) (deck 1, "Linear
// Classifiers"). Lecture: formula only. Catalogue (CONSTRUCTED w = (2, -1), b = 1): slope 2,
// intercept 1; (0,1), (1,3), (-0.5,0) give w.x + b = 0; (0,0) gives +1 (class 1), (0,5) gives
// -4 (class 0). All values are exact in binary.
TEST(Deck1, Ex16DecisionBoundaryLine) {
  RecordProperty("catalogue_id", "L1-16");
  const nn::Perceptron unit(arma::vec{2, -1}, 1.0);
  const nn::DecisionLine line = unit.boundary();
  ASSERT_TRUE(line.exists);
  ASSERT_FALSE(line.vertical);
  EXPECT_EQ(line.slope, 2.0);
  EXPECT_EQ(line.intercept, 1.0);
  EXPECT_EQ(line.x2_at(1.0), 3.0);
  EXPECT_EQ(line.str(), "x2 = 2.0000 x1 + 1.0000");

  const arma::mat on_line{{0, 1, -0.5}, {1, 3, 0}};
  EXPECT_TRUE(arma::all(unit.net_input(on_line) == arma::rowvec{0, 0, 0}));
  const arma::mat off_line{{0, 0}, {0, 5}};
  EXPECT_TRUE(arma::all(unit.net_input(off_line) == arma::rowvec{1, -4}));
  EXPECT_TRUE(arma::all(unit.predict(off_line) == arma::rowvec{1, 0}));

  // w2 = 0: a vertical line x1 = -b/w1; w = 0: no line at all.
  const nn::DecisionLine vertical = nn::decision_line(arma::vec{2, 0}, -1.0);
  EXPECT_TRUE(vertical.vertical);
  EXPECT_EQ(vertical.x1, 0.5);
  EXPECT_FALSE(nn::decision_line(arma::vec{0, 0}, 1.0).exists);
  EXPECT_THROW(nn::decision_line(arma::vec{1, 2, 3}, 0.0), nn::ShapeError);
}

// L1-17: AND, OR and XOR decision boundaries; "XOR is not a linearly separable function!"
// (deck 1, "Decision Boundaries"; the three figures are lost: UNDERSPECIFIED). Catalogue
// (CONSTRUCTED): AND w = (1,1), b = -1.5 -> (0,0,0,1); OR w = (1,1), b = -0.5 -> (0,1,1,1);
// no (w, b) gives XOR's (0,1,1,0); the perceptron rule reaches 0 errors on AND and OR and never
// on XOR. Trained weights (zero start, eta = 1, examples in column order) from an independent
// Python simulation of the rule: AND stops in epoch 6 (the first without a mistake) with
// w = (2, 1), b = -2; OR in epoch 4 with w = (1, 1), b = 0; XOR ends every epoch at
// w = (-1, 0), b = 1 with 2 of 4 right, and with a shuffled order its best weights get 3 of 4.
TEST(Deck1, Ex17AndOrXorDecisionBoundaries) {
  RecordProperty("catalogue_id", "L1-17");
  const arma::rowvec y_and{0, 0, 0, 1}, y_or{0, 1, 1, 1}, y_xor{0, 1, 1, 0};

  // The catalogue's hand-made units.
  EXPECT_TRUE(arma::all(nn::Perceptron(arma::vec{1, 1}, -1.5).predict(kBinaryInputs) == y_and));
  EXPECT_TRUE(arma::all(nn::Perceptron(arma::vec{1, 1}, -0.5).predict(kBinaryInputs) == y_or));

  // Learned: AND and OR converge (an epoch without mistakes, then 0 errors).
  nn::Perceptron p_and(2);
  const nn::PerceptronFit fit_and = p_and.fit(kBinaryInputs, y_and, {.epochs = 100, .eta = 1.0});
  EXPECT_TRUE(fit_and.converged);
  EXPECT_EQ(fit_and.epochs, 6u);
  EXPECT_EQ(p_and.errors(kBinaryInputs, y_and), 0u);
  EXPECT_EQ(p_and.w()(0), 2.0);
  EXPECT_EQ(p_and.w()(1), 1.0);
  EXPECT_EQ(p_and.b(), -2.0);
  EXPECT_EQ(fit_and.best_accuracy, 1.0);

  nn::Perceptron p_or(2);
  const nn::PerceptronFit fit_or = p_or.fit(kBinaryInputs, y_or, {.epochs = 100, .eta = 1.0});
  EXPECT_TRUE(fit_or.converged);
  EXPECT_EQ(fit_or.epochs, 4u);
  EXPECT_EQ(p_or.errors(kBinaryInputs, y_or), 0u);
  EXPECT_EQ(p_or.w()(0), 1.0);
  EXPECT_EQ(p_or.w()(1), 1.0);
  EXPECT_EQ(p_or.b(), 0.0);

  // XOR: 100 epochs, never an epoch without mistakes; in order it cycles at 2 of 4 right.
  nn::Perceptron p_xor(2);
  const nn::PerceptronFit fit_xor = p_xor.fit(kBinaryInputs, y_xor, {.epochs = 100, .eta = 1.0});
  EXPECT_FALSE(fit_xor.converged);
  EXPECT_EQ(fit_xor.epochs, 100u);
  EXPECT_GT(p_xor.errors(kBinaryInputs, y_xor), 0u);
  for (const nn::PerceptronEpoch& e : fit_xor.history) EXPECT_GT(e.mistakes, 0u);
  EXPECT_EQ(p_xor.w()(0), -1.0);
  EXPECT_EQ(p_xor.w()(1), 0.0);
  EXPECT_EQ(p_xor.b(), 1.0);
  EXPECT_EQ(fit_xor.best_accuracy, 0.5);

  // With a new random order each epoch the rule still never converges, and its best ("pocket")
  // weights get 3 of 4 right: the most any line can do on XOR.
  nn::Rng rng(42);
  nn::Perceptron p_xor_shuffled(2);
  const nn::PerceptronFit fit_shuffled = p_xor_shuffled.fit(
      kBinaryInputs, y_xor, {.epochs = 100, .eta = 1.0, .shuffle = true, .rng = &rng});
  EXPECT_FALSE(fit_shuffled.converged);
  EXPECT_EQ(fit_shuffled.best_accuracy, 0.75);
  const nn::Perceptron pocket(fit_shuffled.best_w, fit_shuffled.best_b);
  EXPECT_EQ(pocket.errors(kBinaryInputs, y_xor), 1u);

  // Not separable: no line of a fine grid gets all four XOR points, the best get 3; AND and OR
  // have separating lines on the same grid.
  arma::uword best = 0;
  EXPECT_FALSE(some_grid_line_separates(y_xor, best));
  EXPECT_EQ(best, 3u);
  EXPECT_TRUE(some_grid_line_separates(y_and, best));
  EXPECT_TRUE(some_grid_line_separates(y_or, best));
}

// L2-02: f(x) = sign(w^T x + b) = 1 if w^T x + b >= 0, -1 if < 0 (deck 2, "Perceptron:
// Artificial Neuron"). Lecture: rule only. Catalogue (CONSTRUCTED w = (1, -1), b = 0):
// (2,1): z = 1 -> +1; (1,1): z = 0 -> +1 (ties go to +1 here, unlike L1-01 and L3-01);
// (0,1): z = -1 -> -1. numpy.sign(0) = 0, so the unit must map 0 to +1 explicitly.
TEST(Deck2, Ex02PerceptronSignOutput) {
  RecordProperty("catalogue_id", "L2-02");
  const nn::Perceptron unit(arma::vec{1, -1}, 0.0, nn::PerceptronLabels::MinusPlus,
                            nn::TieRule::Positive);
  const arma::mat X{{2, 1, 0}, {1, 1, 1}};
  EXPECT_TRUE(arma::all(unit.net_input(X) == arma::rowvec{1, 0, -1}));
  EXPECT_TRUE(arma::all(unit.predict(X) == arma::rowvec{1, 1, -1})) << unit.predict(X);
  // Armadillo's sign(), like numpy.sign, gives 0 at 0: neither label.
  EXPECT_EQ(arma::rowvec(arma::sign(arma::rowvec{0.0}))(0), 0.0);
  EXPECT_EQ(nn::threshold_unit(0.0, nn::PerceptronLabels::MinusPlus, nn::TieRule::Positive), 1.0);
  EXPECT_EQ(nn::threshold_unit(0.0, nn::PerceptronLabels::MinusPlus, nn::TieRule::Negative), -1.0);

  // The learning rule works with +-1 labels too (y - yhat = +-2); the {0,1} label 0 is rejected.
  nn::Perceptron learner(2, nn::PerceptronLabels::MinusPlus, nn::TieRule::Positive);
  const arma::rowvec y{1, 1, -1};
  const nn::PerceptronFit fit = learner.fit(X, y, {.epochs = 50});
  EXPECT_TRUE(fit.converged);
  EXPECT_EQ(learner.errors(X, y), 0u);
  EXPECT_THROW(learner.fit(X, arma::rowvec{1, 0, -1}), nn::DataError);
}

// L3-01: blue (1) if x1 w1 + x2 w2 + b > 0 else orange (0); logistic regression differs only in
// the activation 1/(1 + e^-x) (deck 3, "A single neuron - the Perceptron" / "- logistic
// regression"). Lecture: rule only. Catalogue (CONSTRUCTED w = (1, 2), b = -1): (1,1): z = 2 ->
// blue, sigmoid 0.880797078; (0, 0.5): z = 0 -> orange (strict >), sigmoid 0.5; (0,0): z = -1 ->
// orange, sigmoid 0.268941421.
TEST(Deck3, Ex01BlueOrangePerceptronAndLogistic) {
  RecordProperty("catalogue_id", "L3-01");
  const nn::Perceptron unit(arma::vec{1, 2}, -1.0);
  const arma::mat X{{1, 0, 0}, {1, 0.5, 0}};
  const arma::rowvec z = unit.net_input(X);
  EXPECT_TRUE(arma::all(z == arma::rowvec{2, 0, -1})) << z;
  EXPECT_TRUE(arma::all(unit.predict(X) == arma::rowvec{1, 0, 0}));  // blue, orange, orange

  // The same z through the sigmoid: the logistic-regression neuron.
  const arma::mat p = nn::sigmoid(arma::mat(z));
  const double expected[] = {0.880797078, 0.5, 0.268941421};  // catalogue, 9 significant digits
  for (int i = 0; i < 3; ++i) {
    const double exact = 1.0 / (1.0 + std::exp(-z(i)));  // the formula written out
    EXPECT_NEAR(p(i), exact, 1e-12);
    EXPECT_NEAR(p(i), expected[i], 5e-10);  // half a unit of the last printed digit
  }
  EXPECT_EQ(p(1), 0.5);
}
