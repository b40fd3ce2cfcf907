// Graded tests of chapter 01's own exercise (chapters/01_perceptron/main.cpp, included here so
// that its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter01_main
#include "chapters/01_perceptron/main.cpp"
#undef main

#include <string>

#include "homework.hpp"

namespace {
std::string counts(const GridSearch& g) {
  return "lines " + std::to_string(g.lines) + ", perfect " + std::to_string(g.perfect) +
         ", best accuracy " + hw::num(g.best_accuracy);
}
}  // namespace

// The chapter's numbers: 729 lines; 20 separate AND, 30 separate OR, none XOR (best 3 of 4).
TEST(HwSearchLines, AndAndOr) {
  const GridSearch a = search_lines(arma::rowvec{0, 0, 0, 1});
  HW_TRUE(a.lines == 729 && a.perfect == 20 && a.best_accuracy == 1.0,
          "search_lines(AND) should give lines 729, perfect 20, best accuracy 1; got " + counts(a));
  const GridSearch o = search_lines(arma::rowvec{0, 1, 1, 1});
  HW_TRUE(o.lines == 729 && o.perfect == 30 && o.best_accuracy == 1.0,
          "search_lines(OR) should give lines 729, perfect 30, best accuracy 1; got " + counts(o));
}

TEST(HwSearchLines, NoLineSeparatesXor) {
  const GridSearch x = search_lines(arma::rowvec{0, 1, 1, 0});
  HW_TRUE(
      x.lines == 729 && x.perfect == 0 && x.best_accuracy == 0.75,
      "search_lines(XOR) should give lines 729, perfect 0, best accuracy 0.75; got " + counts(x));
}
