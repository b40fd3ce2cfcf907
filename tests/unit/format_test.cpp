// Unit tests of nn/app/format: the number formats every chapter prints through. NaN, the
// infinities and negative zero are spelled one way on every machine; rounding is printf's, of the
// binary value.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <nn/app/format.hpp>

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

TEST(FormatFixed, DecimalsAsAsked) {
  EXPECT_EQ(nn::fmt(3.14159), "3.1416");
  EXPECT_EQ(nn::fmt(3.14159, 2), "3.14");
  EXPECT_EQ(nn::fmt(-2.5, 1), "-2.5");
  EXPECT_EQ(nn::fmt(42.0, 0), "42");
}

TEST(FormatFixed, NegativeZeroHasNoSign) {
  EXPECT_EQ(nn::fmt(-0.0), "0.0000");
  EXPECT_EQ(nn::fmt(-1e-15), "0.0000");       // a rounding residue
  EXPECT_EQ(nn::fmt(-0.00004, 4), "0.0000");  // rounds to zero at 4 decimals
  EXPECT_EQ(nn::fmt(-0.4, 0), "0");
  EXPECT_EQ(nn::fmt(-0.00006, 4), "-0.0001");  // rounds away from zero: keeps its sign
  EXPECT_EQ(nn::fmt(-0.6, 0), "-1");
}

TEST(FormatFixed, NanAndInfinitiesSpelledOneWay) {
  EXPECT_EQ(nn::fmt(kNaN), "NaN");
  EXPECT_EQ(nn::fmt(std::copysign(kNaN, -1.0)), "NaN");  // printf would write "-nan"
  EXPECT_EQ(nn::fmt(kInf), "inf");
  EXPECT_EQ(nn::fmt(-kInf, 2), "-inf");
}

TEST(FormatFixed, RoundsTheBinaryValue) {
  EXPECT_EQ(nn::fmt(2.675, 2), "2.67");  // stored as 2.67499999...
  EXPECT_EQ(nn::fmt(1.005, 2), "1.00");  // stored as 1.00499999...
  EXPECT_EQ(nn::fmt(0.125, 2), "0.12");  // an exact tie: to the even digit
  EXPECT_EQ(nn::fmt(0.375, 2), "0.38");
  EXPECT_EQ(nn::fmt(9.99996, 4), "10.0000");  // the carry reaches the integer part
}

TEST(FormatFixed, HugeNumbersAreNotCutShort) {
  const std::string s = nn::fmt(1e308, 4);
  EXPECT_EQ(s.size(), 309u + 5u);  // 309 digits, the point, 4 decimals
  EXPECT_EQ(s.substr(0, 3), "100");
  EXPECT_EQ(s.substr(s.size() - 5), ".0000");
  EXPECT_EQ(nn::fmt(1.0 / 3.0, 60).size(), 62u);
}

TEST(FormatScientific, DecimalsAsAsked) {
  EXPECT_EQ(nn::sci(4.7324e-4), "4.7324e-04");
  EXPECT_EQ(nn::sci(1e-7, 2), "1.00e-07");
  EXPECT_EQ(nn::sci(2.8272e7, 4), "2.8272e+07");
  EXPECT_EQ(nn::sci(1e-8, 0), "1e-08");
  EXPECT_EQ(nn::sci(-3.0e-300, 1), "-3.0e-300");
  EXPECT_EQ(nn::sci(9.9996e5, 3), "1.000e+06");  // the carry moves the exponent
  EXPECT_EQ(nn::sci(0.125, 1), "1.2e-01");       // an exact tie: to the even digit
}

TEST(FormatScientific, ZeroNanAndInfinities) {
  EXPECT_EQ(nn::sci(0.0, 2), "0.00e+00");
  EXPECT_EQ(nn::sci(-0.0, 2), "0.00e+00");  // no "-0.00e+00"
  EXPECT_EQ(nn::sci(kNaN), "NaN");
  EXPECT_EQ(nn::sci(std::copysign(kNaN, -1.0), 3), "NaN");
  EXPECT_EQ(nn::sci(kInf), "inf");
  EXPECT_EQ(nn::sci(-kInf), "-inf");
}

TEST(FormatVector, BracketsSeparatorAndEntries) {
  EXPECT_EQ(nn::fmt(arma::vec{1, -2}), "[1.0000, -2.0000]");
  EXPECT_EQ(nn::fmt(arma::vec{1, -2}, 2, "()"), "(1.00, -2.00)");
  EXPECT_EQ(nn::fmt(arma::rowvec{0.5, -1e-12, kNaN}, 1, "[]", " "), "[0.5 0.0 NaN]");
  EXPECT_EQ(nn::fmt(arma::vec(), 4), "[]");
  EXPECT_EQ(nn::fmt(arma::mat{{1, 2}, {3, 4}}, 0), "[1, 3, 2, 4]");  // memory (column-major) order
  EXPECT_THROW(nn::fmt(arma::vec{1}, 2, "("), std::invalid_argument);
}

TEST(FormatRows, RowByRowAsNumPyPrints) {
  EXPECT_EQ(nn::fmt_rows(arma::mat{{1, 2}, {3, 4}}, 0), "[[1, 2], [3, 4]]");
  EXPECT_EQ(nn::fmt_rows(arma::mat{{0.01, -0.0}}, 2), "[[0.01, 0.00]]");
  EXPECT_EQ(nn::fmt_rows(arma::mat(2, 0)), "[[], []]");
  EXPECT_EQ(nn::fmt_rows(arma::mat()), "[]");
}

TEST(FormatGrouped, ThousandsSeparators) {
  EXPECT_EQ(nn::grouped(0), "0");
  EXPECT_EQ(nn::grouped(999), "999");
  EXPECT_EQ(nn::grouped(1000), "1,000");
  EXPECT_EQ(nn::grouped(79510), "79,510");
  EXPECT_EQ(nn::grouped(1234567890), "1,234,567,890");
}

TEST(FormatPrintf, AnyLength) {
  EXPECT_EQ(nn::format("%-6s|%3d", "ab", 7), "ab    |  7");
  EXPECT_EQ(nn::format("%s", std::string(5000, 'x').c_str()).size(), 5000u);
  EXPECT_EQ(nn::format("no arguments"), "no arguments");
}

}  // namespace
