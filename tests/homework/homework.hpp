#pragma once
// Checks for the graded homework tests (tests/homework/*_test.cpp, docs/homework.md).
//
// A failed check reports one line, "HW-CHECK: <what> should be <expected>, got <actual>", which
// `make grade` shows the student as it is. GoogleTest's own messages quote the test's source
// code (and so its formulas); the grader never shows them. So every check of a graded test goes
// through these functions, and says in words what it computed from what.
//
// The expected values are lecture numbers, values worked out by hand (the comment says how), or
// properties (an inverse, a symmetry, agreement with a finite-difference derivative of the
// forward function), never the exercise's formula written again.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>

namespace hw {

inline std::string num(double v) {
  std::ostringstream s;
  s.precision(12);
  s << v;
  return s.str();
}

inline std::string mat_text(const arma::mat& M) {
  std::ostringstream s;
  s.precision(10);
  s << "[";
  for (arma::uword r = 0; r < M.n_rows; ++r) {
    if (r) s << "; ";
    for (arma::uword c = 0; c < M.n_cols; ++c) s << (c ? ", " : "") << M(r, c);
  }
  s << "]";
  return s.str();
}

// A column: hw::col({1, 2, 3}) (arma::mat{{1}, {2}, {3}} is ambiguous).
inline arma::mat col(std::initializer_list<double> values) { return arma::mat(arma::vec(values)); }
// A row: hw::row({1, 2, 3}) (arma::mat{{1, 2, 3}} is ambiguous too).
inline arma::mat row(std::initializer_list<double> values) {
  return arma::mat(arma::rowvec(values));
}

inline void fail(const char* file, int line, const std::string& message) {
  ADD_FAILURE_AT(file, line) << "HW-CHECK: " << message;
}

// |actual - expected| <= tol (NaN never passes).
inline bool near(const char* file, int line, double actual, double expected, double tol,
                 const std::string& what) {
  if (std::abs(actual - expected) <= tol) return true;
  fail(file, line,
       what + " should be " + num(expected) + ", got " + num(actual) + " (tolerance " + num(tol) +
           ")");
  return false;
}

// Same shape and max |A - B| <= tol.
inline bool mat_near(const char* file, int line, const arma::mat& actual, const arma::mat& expected,
                     double tol, const std::string& what) {
  if (actual.n_rows != expected.n_rows || actual.n_cols != expected.n_cols) {
    fail(file, line,
         what + " should be a " + std::to_string(expected.n_rows) + " x " +
             std::to_string(expected.n_cols) + " matrix, got " + std::to_string(actual.n_rows) +
             " x " + std::to_string(actual.n_cols));
    return false;
  }
  bool ok = true;  // entry by entry: a NaN fails (arma's max() would skip it)
  for (arma::uword i = 0; i < actual.n_elem; ++i)
    ok = ok && std::abs(actual(i) - expected(i)) <= tol;
  if (ok) return true;
  fail(file, line,
       what + " should be " + mat_text(expected) + ", got " + mat_text(actual) + " (tolerance " +
           num(tol) + ")");
  return false;
}

inline bool is_true(const char* file, int line, bool ok, const std::string& what) {
  if (!ok) fail(file, line, what);
  return ok;
}

// The derivative of f at x by the five-point stencil, error O(h^4):
// (f(x - 2h) - 8 f(x - h) + 8 f(x + h) - f(x + 2h)) / 12h.
inline double derivative(const std::function<double(double)>& f, double x, double h = 1e-3) {
  return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
}

// The gradient of a scalar function of a matrix, entry by entry with the five-point stencil.
inline arma::mat gradient(const std::function<double(const arma::mat&)>& f, arma::mat x,
                          double h = 1e-3) {
  arma::mat g(arma::size(x));
  for (arma::uword i = 0; i < x.n_elem; ++i) {
    const double xi = x(i);
    g(i) = derivative(
        [&](double t) {
          x(i) = t;
          return f(x);
        },
        xi, h);
    x(i) = xi;
  }
  return g;
}

}  // namespace hw

#define HW_NEAR(actual, expected, tol, what) \
  ::hw::near(__FILE__, __LINE__, (actual), (expected), (tol), (what))
#define HW_MAT_NEAR(actual, expected, tol, what) \
  ::hw::mat_near(__FILE__, __LINE__, (actual), (expected), (tol), (what))
#define HW_TRUE(cond, what) ::hw::is_true(__FILE__, __LINE__, (cond), (what))
