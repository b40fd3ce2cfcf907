#pragma once
/// \file
/// \brief Rosenblatt's perceptron: a linear threshold unit \f$ \hat y = f(w^T x + b) \f$, the
/// perceptron learning rule, training until an epoch without mistakes, and the decision line.

#include <armadillo>
#include <functional>
#include <string>
#include <vector>

#include <nn/core/rng.hpp>

namespace nn {

/// \brief The two labels a threshold unit outputs.
///
/// The lectures use both: decks 1 and 3 output \f$ \{0, 1\} \f$ (catalogue L1-01, L3-01), deck 2
/// outputs \f$ \operatorname{sign}(z) \in \{-1, +1\} \f$ (L2-02).
enum class PerceptronLabels {
  ZeroOne,   ///< negative class 0, positive class 1 (decks 1 and 3)
  MinusPlus  ///< negative class -1, positive class +1 (deck 2's `sign`)
};

/// \brief Which class a point exactly on the decision line, \f$ w^T x + b = 0 \f$, gets.
///
/// The three decks disagree: deck 1 (L1-01, "1 if wx + b > 0, 0 otherwise") and deck 3 (L3-01,
/// "blue if ... > 0, else orange") send a tie to the negative class; deck 2 (L2-02, "1 if
/// w^T x + b >= 0, -1 if < 0") sends it to the positive class. Note that a naive `sign` function
/// (and `numpy.sign`) returns 0 at 0, which is neither label: the unit must decide.
enum class TieRule {
  Negative,  ///< \f$ z = 0 \f$ gives the negative class (strict \f$ z > 0 \f$; decks 1 and 3)
  Positive   ///< \f$ z = 0 \f$ gives the positive class (\f$ z \ge 0 \f$; deck 2)
};

/// \brief The threshold function of a perceptron, applied to one net input \f$ z \f$:
/// \f[ f(z) = \begin{cases} y_+ & \text{if } z > 0 \\ y_- & \text{otherwise} \end{cases} \f]
/// (with TieRule::Positive the first case is \f$ z \ge 0 \f$)
/// with \f$ (y_-, y_+) = (0, 1) \f$ for PerceptronLabels::ZeroOne and \f$ (-1, +1) \f$ for
/// PerceptronLabels::MinusPlus.
double threshold_unit(double z, PerceptronLabels labels = PerceptronLabels::ZeroOne,
                      TieRule tie = TieRule::Negative);

/// \brief nn::threshold_unit applied to every entry of `Z`.
arma::mat threshold_unit(const arma::mat& Z, PerceptronLabels labels = PerceptronLabels::ZeroOne,
                         TieRule tie = TieRule::Negative);

/// \brief The decision boundary \f$ w_1 x_1 + w_2 x_2 + b = 0 \f$ of a 2-input unit, solved for
/// \f$ x_2 \f$ (deck 1, "Linear Classifiers", catalogue L1-16):
/// \f[ x_2 = -\frac{w_1}{w_2}\, x_1 - \frac{b}{w_2}. \f]
///
/// When \f$ w_2 = 0 \f$ the line is vertical, \f$ x_1 = -b / w_1 \f$ (`vertical` is true and
/// `x1` holds it). When \f$ w_1 = w_2 = 0 \f$ there is no line (`exists` is false): every point
/// gets the same class.
struct DecisionLine {
  bool exists = true;      ///< False when \f$ w = 0 \f$ (no boundary).
  bool vertical = false;   ///< True when \f$ w_2 = 0 \f$: the line is \f$ x_1 = \f$ `x1`.
  double slope = 0.0;      ///< \f$ -w_1 / w_2 \f$ (when not vertical).
  double intercept = 0.0;  ///< \f$ -b / w_2 \f$ (when not vertical).
  double x1 = 0.0;         ///< \f$ -b / w_1 \f$ (when vertical).

  /// \brief \f$ x_2 \f$ on the line at `x1_value` (not vertical lines only).
  double x2_at(double x1_value) const { return slope * x1_value + intercept; }

  /// \brief `"x2 = 2.0000 x1 + 1.0000"`, `"x1 = 0.5000"` or `"none (w = 0)"`, at `precision`
  /// decimals.
  std::string str(int precision = 4) const;
};

/// \brief The boundary \f$ w^T x + b = 0 \f$ of a unit with two inputs (see nn::DecisionLine).
/// Throws nn::ShapeError unless `w` has 2 entries.
DecisionLine decision_line(const arma::vec& w, double b);

/// \brief What one epoch of nn::Perceptron::fit did.
struct PerceptronEpoch {
  arma::uword epoch = 0;     ///< 1, 2, ...
  arma::uword mistakes = 0;  ///< Examples misclassified when they were presented (= updates made).
  arma::uword errors = 0;    ///< Examples misclassified by the weights at the end of the epoch.
  arma::vec w;               ///< Weights at the end of the epoch.
  double b = 0.0;            ///< Bias at the end of the epoch.
};

/// \brief Options of nn::Perceptron::fit.
struct PerceptronFitOptions {
  arma::uword epochs = 100;  ///< The epoch budget: at most this many passes over the data.
  double eta = 1.0;          ///< Learning rate \f$ \eta \f$ of the rule.
  bool shuffle = false;  ///< Present the examples in a new random order each epoch (from `rng`);
                         ///< false: in column order, so a run can be traced by hand.
  Rng* rng = nullptr;    ///< Generator for the shuffle (nn::global_rng() when null).
  /// Called after every epoch (e.g. to print the weights), may be empty.
  std::function<void(const PerceptronEpoch&)> on_epoch;
};

/// \brief The result of nn::Perceptron::fit.
struct PerceptronFit {
  bool converged = false;  ///< True if an epoch made no mistake (training stopped there).
  arma::uword epochs = 0;  ///< Epochs run; when converged, the epoch that made no mistake.
  std::vector<PerceptronEpoch> history;  ///< One entry per epoch.
  double best_accuracy = 0.0;            ///< Best training accuracy of any weights the rule visited
                                         ///< (the initial ones and those after every update).
  arma::vec best_w;     ///< Weights that reached `best_accuracy` first (the "pocket").
  double best_b = 0.0;  ///< Bias that reached `best_accuracy` first.
};

/// \brief Rosenblatt's perceptron (1957): one linear threshold unit
/// \f[ z = w^T x + b, \qquad \hat y = f(z) \f]
/// with \f$ f \f$ = nn::threshold_unit (labels \f$ \{0,1\} \f$ or \f$ \{-1,+1\} \f$, and a TieRule
/// for \f$ z = 0 \f$), trained by the perceptron learning rule, applied to one example at a time:
/// \f[ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y). \f]
/// A correctly classified example leaves \f$ w, b \f$ unchanged; a mistake moves the boundary
/// towards the misclassified point. If the classes are linearly separable the rule makes
/// finitely many mistakes (Novikoff's theorem) and an epoch passes with none: training has
/// converged. On data that are not separable (XOR) it never converges.
///
/// Shapes (one example per column): \f$ X: D \times N \f$, \f$ w: D \times 1 \f$, \f$ b \f$ a
/// scalar, labels \f$ y: 1 \times N \f$ (a row, or a vector of length \f$ N \f$).
///
/// Lectures: deck 1 "Perceptron" (L1-01) and "Linear Classifiers" (L1-16, L1-17), deck 2
/// "Perceptron: Artificial Neuron" (L2-02), deck 3 "A single neuron - the Perceptron" (L3-01).
class Perceptron {
 public:
  /// \brief A unit with `inputs` weights, all zero, and zero bias.
  explicit Perceptron(arma::uword inputs, PerceptronLabels labels = PerceptronLabels::ZeroOne,
                      TieRule tie = TieRule::Negative);

  /// \brief A unit with the given weights \f$ w \f$ (\f$ D \times 1 \f$) and bias \f$ b \f$.
  Perceptron(const arma::vec& w, double b, PerceptronLabels labels = PerceptronLabels::ZeroOne,
             TieRule tie = TieRule::Negative);

  /// \brief The net input \f$ z = w^T X + b \mathbf{1}^T \f$ (\f$ 1 \times N \f$).
  /// Throws nn::ShapeError unless `X` has \f$ D \f$ rows.
  arma::rowvec net_input(const arma::mat& X) const;

  /// \brief The predicted labels \f$ \hat y = f(w^T X + b \mathbf{1}^T) \f$ (\f$ 1 \times N \f$).
  arma::rowvec predict(const arma::mat& X) const;

  /// \brief One step of the learning rule on the example \f$ (x, y) \f$: predicts
  /// \f$ \hat y \f$ and, if it is wrong, sets \f$ w \leftarrow w + \eta (y - \hat y) x \f$,
  /// \f$ b \leftarrow b + \eta (y - \hat y) \f$. Returns true if it was a mistake (an update).
  bool update(const arma::vec& x, double y, double eta);

  /// \brief Trains with the learning rule for at most `options.epochs` epochs, stopping after the
  /// first epoch without a mistake.
  ///
  /// Throws nn::ShapeError if `X` does not have \f$ D \f$ rows or `y` does not have one label per
  /// column, nn::DataError if a label is not one of the unit's two labels, and
  /// std::invalid_argument unless \f$ \eta > 0 \f$.
  PerceptronFit fit(const arma::mat& X, const arma::rowvec& y,
                    const PerceptronFitOptions& options = {});

  /// \brief The number of columns of `X` whose prediction differs from `y`.
  arma::uword errors(const arma::mat& X, const arma::rowvec& y) const;

  /// \brief The fraction of columns of `X` predicted correctly.
  double accuracy(const arma::mat& X, const arma::rowvec& y) const;

  /// \brief The decision line of a 2-input unit (nn::decision_line).
  DecisionLine boundary() const { return decision_line(w_, b_); }

  /// \brief The weights \f$ w \f$ (\f$ D \times 1 \f$).
  const arma::vec& w() const { return w_; }
  /// \brief The bias \f$ b \f$.
  double b() const { return b_; }
  /// \brief Replaces the weights and the bias (nn::ShapeError if the size of `w` changes).
  void set_weights(const arma::vec& w, double b);
  /// \brief The number of inputs \f$ D \f$.
  arma::uword inputs() const { return w_.n_elem; }
  /// \brief The labels the unit outputs.
  PerceptronLabels labels() const { return labels_; }
  /// \brief What the unit outputs on the line \f$ z = 0 \f$.
  TieRule tie() const { return tie_; }
  /// \brief The negative label (0 or -1).
  double negative_label() const;
  /// \brief The positive label (always 1).
  double positive_label() const { return 1.0; }

 private:
  void check_input(const arma::mat& X, const std::string& where) const;
  void check_labels(const arma::mat& X, const arma::rowvec& y, const std::string& where) const;

  arma::vec w_;
  double b_ = 0.0;
  PerceptronLabels labels_;
  TieRule tie_;
};

}  // namespace nn
