// Chapter 01: the perceptron. Reads top to bottom like README.md: the threshold unit and its tie
// conventions, the decision line, the learning rule on AND and OR (it converges) and on XOR (it
// cannot), why XOR is not linearly separable, and a cloud of points learned with sign labels.
#include <algorithm>
#include <armadillo>
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/model/perceptron.hpp>
#include <nn/plot/plot.hpp>

namespace {

using nn::fmt;
using nn::format;
using nn::heading;

// "(a, b)" at `precision` decimals.
std::string fmt_vec(const arma::vec& v, int precision = 4) { return fmt(v, precision, "()"); }

// A label as printed: "1", "0", "-1", "+1" for the sign unit.
std::string label_str(double y, const nn::Perceptron& unit) {
  if (unit.labels() == nn::PerceptronLabels::MinusPlus) return y > 0 ? "+1" : "-1";
  return y > 0 ? "1" : "0";
}

// The four binary inputs, one per column, and the three gates' targets.
const arma::mat kInputs{{0, 0, 1, 1}, {0, 1, 0, 1}};
const arma::rowvec kAnd{0, 0, 0, 1}, kOr{0, 1, 1, 1}, kXor{0, 1, 1, 0};

// Truth table of a unit on the four binary inputs next to the target.
void truth_table(const nn::Perceptron& unit, const arma::rowvec& y, const std::string& indent) {
  const arma::rowvec z = unit.net_input(kInputs);
  const arma::rowvec yhat = unit.predict(kInputs);
  std::cout << indent << "x1 x2 | z = w.x + b | yhat | target\n";
  for (arma::uword i = 0; i < 4; ++i) {
    std::cout << indent
              << format("%2.0f %2.0f | %11s | %4s | %6s%s\n", kInputs(0, i), kInputs(1, i),
                        fmt(z(i)).c_str(), label_str(yhat(i), unit).c_str(),
                        label_str(y(i), unit).c_str(), yhat(i) == y(i) ? "" : "   <- wrong");
  }
}

// One line per epoch: mistakes made while presenting the examples, then the weights.
void print_epoch(const nn::PerceptronEpoch& e) {
  std::cout << format("  epoch %3llu  mistakes %llu  w = %s  b = %s  errors after %llu\n",
                      static_cast<unsigned long long>(e.epoch),
                      static_cast<unsigned long long>(e.mistakes), fmt_vec(e.w).c_str(),
                      fmt(e.b).c_str(), static_cast<unsigned long long>(e.errors));
}

// Exercise 1: the best accuracy any line w1 x1 + w2 x2 + b (w1, w2, b on a grid of step 0.5 in
// [-2, 2]) reaches on the four binary inputs, and how many of those lines classify all four.
struct GridSearch {
  double best_accuracy = 0.0;
  arma::uword lines = 0;
  arma::uword perfect = 0;
};
GridSearch search_lines(const arma::rowvec& y) {
  GridSearch result;
  const arma::vec values = arma::regspace(-2.0, 0.5, 2.0);
  for (double w1 : values)
    for (double w2 : values)
      for (double b : values) {
        // BEGIN SOLUTION
        const nn::Perceptron unit(arma::vec{w1, w2}, b);
        const double acc = unit.accuracy(kInputs, y);
        ++result.lines;
        if (acc == 1.0) ++result.perfect;
        if (acc > result.best_accuracy) result.best_accuracy = acc;
        // END SOLUTION
      }
  return result;
}

// The decision line of `unit` as a plot series over x1 in [lo, hi] (vertical lines too).
nn::plot::Series line_series(const nn::Perceptron& unit, const std::string& label, double lo,
                             double hi) {
  const nn::DecisionLine line = unit.boundary();
  if (!line.exists) return {label, arma::vec(), arma::vec(), "lines"};
  if (line.vertical) return {label, arma::vec{line.x1, line.x1}, arma::vec{lo, hi}, "lines"};
  // clip to the box [lo, hi]^2: gnuplot drops a segment whose two ends are both outside it
  double a = lo, b = hi;
  if (line.slope != 0.0) {
    const double xa = (lo - line.intercept) / line.slope, xb = (hi - line.intercept) / line.slope;
    a = std::max(lo, std::min(xa, xb));
    b = std::min(hi, std::max(xa, xb));
  }
  return {label, arma::vec{a, b}, arma::vec{line.x2_at(a), line.x2_at(b)}, "lines"};
}

// The points of each class as separate series, plus the unit's decision line.
std::vector<nn::plot::Series> gate_series(const nn::Perceptron& unit, const arma::mat& X,
                                          const arma::rowvec& y, const std::string& line_label) {
  std::vector<nn::plot::Series> series;
  const double negative = unit.negative_label();
  for (double cls : {negative, 1.0}) {
    const arma::uvec idx = arma::find(y == cls);
    const arma::mat P = X.cols(idx);
    series.push_back({"class " + label_str(cls, unit), P.row(0).t(), P.row(1).t(), "points"});
  }
  series.push_back(line_series(unit, line_label, -0.5, 1.5));
  return series;
}

// ---------------------------------------------------------------------------------------------
// 1. The threshold unit: AND and OR by hand.
void threshold_unit() {
  heading("1. The threshold unit (deck 1, L1-01)");
  const nn::Perceptron and_unit(arma::vec{1, 1}, -1.5);
  std::cout << "Example 1.1  w = " << fmt_vec(and_unit.w()) << ", b = " << fmt(and_unit.b())
            << ": f(x) = 1 if w.x + b > 0 else 0 computes AND\n";
  truth_table(and_unit, kAnd, "  ");
  const arma::vec on_line{0.75, 0.75};
  std::cout << "Example 1.2  x = (0.75, 0.75): z = " << fmt(and_unit.net_input(on_line)(0))
            << " -> " << label_str(and_unit.predict(on_line)(0), and_unit)
            << "  (on the line: strict > sends it to class 0)\n";
  const nn::Perceptron or_unit(arma::vec{1, 1}, -0.5);
  std::cout << "Example 1.3  w = " << fmt_vec(or_unit.w()) << ", b = " << fmt(or_unit.b())
            << ": the same unit with another bias computes OR\n";
  truth_table(or_unit, kOr, "  ");
}

// ---------------------------------------------------------------------------------------------
// 2. Three decks, two output conventions, two rules for a tie.
void tie_rules() {
  heading("2. Three decks, two outputs, two tie rules (L2-02, L3-01)");
  const nn::Perceptron sign_unit(arma::vec{1, -1}, 0.0, nn::PerceptronLabels::MinusPlus,
                                 nn::TieRule::Positive);
  const arma::mat X2{{2, 1, 0}, {1, 1, 1}};
  const arma::rowvec z2 = sign_unit.net_input(X2), y2 = sign_unit.predict(X2);
  std::cout
      << "Example 2.1  deck 2: f(x) = sign(w.x + b), +1 if w.x + b >= 0; w = (1, -1), b = 0\n";
  for (arma::uword i = 0; i < 3; ++i) {
    std::cout << "  x = " << fmt_vec(X2.col(i), 0) << "  z = " << fmt(z2(i)) << " -> "
              << label_str(y2(i), sign_unit) << (z2(i) == 0.0 ? "  (tie: +1 in deck 2)" : "")
              << "\n";
  }
  const nn::Perceptron blue_orange(arma::vec{1, 2}, -1.0);
  const arma::mat X3{{1, 0, 0}, {1, 0.5, 0}};
  const arma::rowvec z3 = blue_orange.net_input(X3), y3 = blue_orange.predict(X3);
  const arma::mat p3 = nn::sigmoid(arma::mat(z3));
  std::cout << "Example 2.2  deck 3: blue (1) if x1 w1 + x2 w2 + b > 0 else orange (0); "
               "w = (1, 2), b = -1; logistic regression puts z through the sigmoid instead\n";
  for (arma::uword i = 0; i < 3; ++i) {
    std::cout << "  x = " << fmt_vec(X3.col(i), 1) << "  z = " << fmt(z3(i)) << " -> "
              << (y3(i) > 0 ? "blue  " : "orange") << "  sigmoid(z) = " << fmt(p3(i), 9)
              << (z3(i) == 0.0 ? "  (tie: orange in deck 3)" : "") << "\n";
  }
  std::cout << "Example 2.3  on the line z = 0: deck 1 -> 0, deck 2 -> +1, deck 3 -> orange (0)\n";
}

// ---------------------------------------------------------------------------------------------
// 3. The decision line w1 x1 + w2 x2 + b = 0.
void decision_line() {
  heading("3. The decision line (deck 1, L1-16)");
  const nn::Perceptron line_unit(arma::vec{2, -1}, 1.0);
  std::cout << "Example 3.1  w = " << fmt_vec(line_unit.w()) << ", b = " << fmt(line_unit.b())
            << ": w1 x1 + w2 x2 + b = 0  <=>  " << line_unit.boundary().str() << "\n";
  const arma::mat X4{{0, 1, -0.5, 0, 0}, {1, 3, 0, 0, 5}};
  const arma::rowvec z4 = line_unit.net_input(X4), y4 = line_unit.predict(X4);
  for (arma::uword i = 0; i < X4.n_cols; ++i) {
    std::cout << "  x = " << fmt_vec(X4.col(i), 1) << "  z = " << fmt(z4(i)) << " -> "
              << (z4(i) == 0.0 ? "on the line" : "class " + label_str(y4(i), line_unit)) << "\n";
  }
}

// A unit trained by the learning rule, and how the training went.
struct Learned {
  nn::Perceptron unit;
  nn::PerceptronFit fit;
};

// ---------------------------------------------------------------------------------------------
// 4. and 5. The learning rule on AND and on OR: it converges.
Learned learn(const std::string& name, const arma::rowvec& y, int section,
              const nn::PerceptronFitOptions& options) {
  heading(std::to_string(section) + ". Learning " + name + " (L1-17)");
  std::cout << "Example " << section << ".1  w = (0, 0), b = 0; w <- w + eta (y - yhat) x, "
            << "b <- b + eta (y - yhat); examples " << (options.shuffle ? "shuffled" : "in order")
            << "\n";
  nn::Perceptron unit(2);
  const nn::PerceptronFit fit = unit.fit(kInputs, y, options);
  std::cout << "Example " << section << ".2  " << name << ": "
            << (fit.converged
                    ? "converged: epoch " + std::to_string(fit.epochs) + " made no mistake"
                    : "did not converge in " + std::to_string(fit.epochs) + " epochs")
            << "; final w = " << fmt_vec(unit.w()) << ", b = " << fmt(unit.b()) << "\n";
  std::cout << "  decision line " << unit.boundary().str() << "\n";
  truth_table(unit, y, "  ");
  return {unit, fit};
}

// XOR trained with shuffling: the pocket (best) weights and the epochs' history.
struct XorLearned {
  nn::Perceptron pocket;
  nn::PerceptronFit fit;
};

// ---------------------------------------------------------------------------------------------
// 6. XOR: the rule cycles, the pocket keeps the best weights, no line gets all four.
XorLearned xor_never_converges(const nn::PerceptronFitOptions& options,
                               const nn::ChapterOptions& opt) {
  heading("6. XOR: the rule never converges (L1-17)");
  nn::PerceptronFitOptions xor_options = options;
  xor_options.shuffle = false;
  xor_options.on_epoch = [&opt](const nn::PerceptronEpoch& e) {
    if (e.epoch <= 4 && !opt.quiet) print_epoch(e);
  };
  nn::Perceptron xor_in_order(2);
  const nn::PerceptronFit xor_fit = xor_in_order.fit(kInputs, kXor, xor_options);
  if (!opt.quiet) {
    std::cout << "  ...\n";
    print_epoch(xor_fit.history.back());
  }
  arma::uword repeats = 0;  // epochs that end where the previous one ended
  for (std::size_t k = 1; k < xor_fit.history.size(); ++k) {
    const nn::PerceptronEpoch &a = xor_fit.history[k - 1], &c = xor_fit.history[k];
    if (arma::all(a.w == c.w) && a.b == c.b) ++repeats;
  }
  std::cout << "Example 6.1  XOR in order: "
            << (xor_fit.converged ? "converged (unexpected)"
                                  : "did not converge within the budget of " +
                                        std::to_string(xor_fit.epochs) + " epochs")
            << "; " << repeats << (repeats == 1 ? " epoch ends" : " epochs end")
            << " with the same w, b as the one before (a cycle)"
            << "; best accuracy " << fmt(xor_fit.best_accuracy * 4, 0) << "/4\n";

  nn::PerceptronFitOptions shuffled = options;
  shuffled.shuffle = true;
  shuffled.on_epoch = nullptr;
  nn::Perceptron xor_shuffled(2);
  const nn::PerceptronFit xor_best = xor_shuffled.fit(kInputs, kXor, shuffled);
  arma::uword min_mistakes = 4;
  for (const nn::PerceptronEpoch& e : xor_best.history)
    min_mistakes = std::min(min_mistakes, e.mistakes);
  const nn::Perceptron pocket(xor_best.best_w, xor_best.best_b);
  std::cout << "Example 6.2  XOR shuffled each epoch (seed " << opt.seed << "): "
            << (xor_best.converged ? "converged (unexpected)"
                                   : "did not converge within the budget of " +
                                         std::to_string(xor_best.epochs) + " epochs")
            << " (fewest mistakes in an epoch: " << min_mistakes << ")\n";
  std::cout << "  best accuracy " << fmt(xor_best.best_accuracy * 4, 0)
            << "/4 with the pocket weights w = " << fmt_vec(pocket.w())
            << ", b = " << fmt(pocket.b()) << "  (" << pocket.boundary().str() << ")\n";
  truth_table(pocket, kXor, "  ");

  std::cout << "Example 6.3  every line with w1, w2, b in {-2, -1.5, ..., 2} on the four inputs:\n";
  for (const auto& [name, y] :
       {std::make_pair("AND", kAnd), std::make_pair("OR ", kOr), std::make_pair("XOR", kXor)}) {
    const GridSearch g = search_lines(y);
    std::cout << "  " << name << ": " << g.perfect << " of " << g.lines
              << " lines classify all four; best accuracy " << fmt(g.best_accuracy * 4, 0)
              << "/4\n";
  }
  return {pocket, xor_best};
}

// Two labelled clouds of points and the sign unit trained on them.
struct Clouds {
  arma::mat X;
  arma::rowvec y;
  nn::Perceptron unit;
};

// ---------------------------------------------------------------------------------------------
// 7. Two clouds of points with sign labels -1 / +1.
Clouds two_clouds(const nn::PerceptronFitOptions& options, std::uint64_t seed) {
  heading("7. Two clouds of points, sign labels (deck 2)");
  nn::Rng& rng = nn::global_rng();
  const arma::uword n_per_class = 20;
  // One draw per statement: C++ leaves the order of a call's arguments open, so
  // join_rows(rng.randn(..), rng.randn(..)) would give other points with another compiler.
  // The "+1" cloud's noise is drawn first (the order this chapter's numbers were made with).
  const arma::mat noise_plus = rng.randn(2, n_per_class, 0.0, 0.5);
  const arma::mat noise_minus = rng.randn(2, n_per_class, 0.0, 0.5);
  arma::mat X = arma::join_rows(noise_minus, noise_plus);
  X.head_cols(n_per_class).each_col() += arma::vec{-1.0, -0.5};  // the "-1" cloud
  X.tail_cols(n_per_class).each_col() += arma::vec{1.0, 0.5};    // the "+1" cloud
  const arma::rowvec y = arma::join_rows(-arma::rowvec(n_per_class, arma::fill::ones),
                                         arma::rowvec(n_per_class, arma::fill::ones));
  nn::Perceptron unit(2, nn::PerceptronLabels::MinusPlus, nn::TieRule::Positive);
  nn::PerceptronFitOptions cloud_options = options;
  cloud_options.shuffle = false;
  const nn::PerceptronFit fit = unit.fit(X, y, cloud_options);
  std::cout << "Example 7.1  " << 2 * n_per_class << " points (N(+-(1, 0.5), 0.5^2 I), seed "
            << seed << "): "
            << (fit.converged
                    ? "converged: epoch " + std::to_string(fit.epochs) + " made no mistake"
                    : "did not converge in " + std::to_string(fit.epochs) + " epochs")
            << "; errors " << unit.errors(X, y) << "/" << X.n_cols << "; w = " << fmt_vec(unit.w())
            << ", b = " << fmt(unit.b()) << "; " << unit.boundary().str() << "\n";
  return {X, y, unit};
}

// ---------------------------------------------------------------------------------------------
// 8. Plots: each gate's half-planes and points, the three lines together, mistakes per epoch, the
// clouds.
void plots(const nn::plot::Target& target, const Learned& and_gate, const Learned& or_gate,
           const XorLearned& xor_gate, const Clouds& clouds) {
  if (!target.enabled()) return;
  heading("8. Plots");
  const auto regions = [&](const std::string& file, const std::string& title,
                           const nn::Perceptron& unit, const arma::rowvec& y) {
    return nn::plot::decision_regions(
        target, file, title + ": " + unit.boundary().str(),
        [&unit](const arma::mat& G) { return unit.predict(G); }, kInputs,
        arma::conv_to<arma::uvec>::from(y), {-0.5, 1.5}, {-0.5, 1.5}, 100, "yhat");
  };
  const nn::Perceptron& pocket = xor_gate.pocket;
  std::vector<nn::plot::Series> all_lines = gate_series(and_gate.unit, kInputs, kXor, "");
  all_lines.pop_back();  // keep the XOR points, replace the line by the three lines
  all_lines[0].label = "XOR class 0";
  all_lines[1].label = "XOR class 1";
  all_lines.push_back(
      line_series(and_gate.unit, "AND: " + and_gate.unit.boundary().str(), -0.5, 1.5));
  all_lines.push_back(line_series(or_gate.unit, "OR: " + or_gate.unit.boundary().str(), -0.5, 1.5));
  all_lines.push_back(line_series(pocket, "XOR pocket: " + pocket.boundary().str(), -0.5, 1.5));
  const std::vector<std::string> written = {
      regions("and.png", "AND learned", and_gate.unit, kAnd),
      regions("or.png", "OR learned", or_gate.unit, kOr),
      regions("xor.png", "XOR, best (pocket) weights, 3 of 4", pocket, kXor),
      nn::plot::lines(target, "lines.png", "The learned decision lines", "x1", "x2", all_lines,
                      {false, {-0.5, 1.5}, {-0.5, 1.5}}),
  };
  std::vector<double> m_and, m_or, m_xor;
  for (const auto& e : and_gate.fit.history) m_and.push_back(static_cast<double>(e.mistakes));
  for (const auto& e : or_gate.fit.history) m_or.push_back(static_cast<double>(e.mistakes));
  for (arma::uword k = 0; k < 20 && k < xor_gate.fit.history.size(); ++k)
    m_xor.push_back(static_cast<double>(xor_gate.fit.history[k].mistakes));
  const std::string curve = nn::plot::curves(
      target, "mistakes.png", "Mistakes per epoch (XOR: first 20 epochs, shuffled)",
      {{"AND", m_and}, {"OR", m_or}, {"XOR", m_xor}}, "mistakes");
  const arma::uvec cloud_labels = arma::conv_to<arma::uvec>::from(clouds.y > 0);
  const std::string cloud_map = nn::plot::decision_regions(
      target, "clouds.png",
      "Sign unit on two clouds (class 0 = -1, class 1 = +1): " + clouds.unit.boundary().str(),
      [&](const arma::mat& G) { return arma::rowvec((clouds.unit.predict(G) + 1.0) / 2.0); },
      clouds.X, cloud_labels, {-3.0, 3.0}, {-3.0, 3.0}, 100, "(yhat + 1) / 2");
  for (const std::string& path : written)
    if (!path.empty()) std::cout << "wrote " << path << "\n";
  if (!curve.empty()) std::cout << "wrote " << curve << "\n";
  if (!cloud_map.empty()) std::cout << "wrote " << cloud_map << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("01_perceptron", "Chapter 01: the perceptron");
  arma::uword epochs = 100;
  double eta = 1.0;
  bool shuffle = false;
  chapter.add_option("--epochs", epochs, "epoch budget of the learning rule",
                     CLI::Range(1, 1000000));
  chapter.add_option("--lr", eta, "learning rate eta of the rule (> 0)", nn::positive_finite());
  chapter.app().add_flag("--shuffle", shuffle,
                         "present AND and OR in a new random order each epoch (seeded)");

  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 01: the perceptron (eta = " << fmt(eta) << ", epoch budget " << epochs
              << ", seed " << opt.seed << ")\n";
    nn::PerceptronFitOptions fit_options;
    fit_options.epochs = epochs;
    fit_options.eta = eta;
    fit_options.shuffle = shuffle;
    if (!opt.quiet) fit_options.on_epoch = print_epoch;  // --quiet: no per-epoch lines

    threshold_unit();
    tie_rules();
    decision_line();
    const Learned and_gate = learn("AND", kAnd, 4, fit_options);
    const Learned or_gate = learn("OR", kOr, 5, fit_options);
    const XorLearned xor_gate = xor_never_converges(fit_options, opt);
    const Clouds clouds = two_clouds(fit_options, opt.seed);
    plots(opt.plot_target(), and_gate, or_gate, xor_gate, clouds);
  });
}
