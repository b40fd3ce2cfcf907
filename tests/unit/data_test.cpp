// Unit tests of nn/data: one-hot encoding, the synthetic generators (shapes, exact geometry when
// noise-free, determinism for a seed), splitting and batching, standardisation and min-max
// scaling, the CSV reader.
#include <gtest/gtest.h>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/csv.hpp>
#include <nn/data/encode.hpp>
#include <nn/data/split.hpp>
#include <nn/data/synthetic.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

bool same(const arma::mat& A, const arma::mat& B) {
  return arma::approx_equal(A, B, "absdiff", 0.0);
}
bool same(const arma::uvec& a, const arma::uvec& b) {
  return a.n_elem == b.n_elem && arma::all(a == b);
}

TEST(OneHot, ColumnsAreUnitVectors) {
  const arma::mat T = nn::one_hot({2, 0, 1, 2}, 3);
  const arma::mat expected = {{0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0, 0, 1}};
  EXPECT_TRUE(same(T, expected));
  EXPECT_EQ(nn::one_hot(arma::uvec(), 4).n_rows, 4u);
}

TEST(OneHot, LabelOutOfRangeNamesLabelIndexAndK) {
  try {
    nn::one_hot({0, 1, 3}, 3);
    FAIL() << "expected nn::DataError";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("label 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("index 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("K = 3"), std::string::npos) << msg;
  }
}

TEST(Synthetic, XorIsTheTruthTable) {
  const nn::Dataset d = nn::make_xor(4);
  EXPECT_TRUE(same(d.X, arma::mat{{0, 0, 1, 1}, {0, 1, 0, 1}}));
  EXPECT_TRUE(same(d.y, arma::uvec{0, 1, 1, 0}));
  nn::Rng a(5), b(5), c(6);
  const nn::Dataset n1 = nn::make_xor(40, 0.1, a), n2 = nn::make_xor(40, 0.1, b),
                    n3 = nn::make_xor(40, 0.1, c);
  EXPECT_EQ(n1.X.n_cols, 40u);
  EXPECT_TRUE(same(n1.X, n2.X));
  EXPECT_FALSE(same(n1.X, n3.X));
  EXPECT_EQ(n1.y(7), 0u);  // corner 7 mod 4 = (1, 1)
  EXPECT_NEAR(n1.X(0, 7), 1.0, 0.6);
}

TEST(Synthetic, BlobsShapeLabelsAndMeans) {
  const arma::mat centers = {{0, 5, -5}, {0, 5, 5}};
  nn::Rng rng(1);
  const nn::Dataset d = nn::make_blobs(2000, centers, 0.5, rng);
  ASSERT_EQ(d.X.n_rows, 2u);
  ASSERT_EQ(d.X.n_cols, 6000u);
  EXPECT_EQ(d.y(0), 0u);
  EXPECT_EQ(d.y(2000), 1u);
  EXPECT_EQ(d.y(5999), 2u);
  for (arma::uword k = 0; k < 3; ++k) {
    const arma::vec m = arma::mean(d.X.cols(arma::find(d.y == k)), 1);
    // 5 standard errors of a mean of 2000 N(., 0.5^2) draws
    EXPECT_NEAR(m(0), centers(0, k), 5 * 0.5 / std::sqrt(2000.0));
    EXPECT_NEAR(m(1), centers(1, k), 5 * 0.5 / std::sqrt(2000.0));
  }
}

TEST(Synthetic, MoonsNoiseFreeLieOnTheirHalfCircles) {
  const nn::Dataset d = nn::make_moons(101, 0.0);
  ASSERT_EQ(d.X.n_cols, 101u);
  EXPECT_EQ(arma::accu(d.y == 0), 50u);
  EXPECT_EQ(arma::accu(d.y == 1), 51u);
  for (arma::uword i = 0; i < 101; ++i) {
    const double x = d.X(0, i), y = d.X(1, i);
    if (d.y(i) == 0) {
      EXPECT_NEAR(x * x + y * y, 1.0, 1e-12);  // (cos t, sin t)
      EXPECT_GE(y, -1e-12);
    } else {
      // (1 - cos t, 1/2 - sin t)
      EXPECT_NEAR((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1.0, 1e-12);
      EXPECT_LE(y, 0.5 + 1e-12);
    }
  }
  nn::Rng a(3), b(3);
  EXPECT_TRUE(same(nn::make_moons(50, 0.2, a).X, nn::make_moons(50, 0.2, b).X));
}

TEST(Synthetic, SpiralNoiseFreeArmsAndAngles) {
  nn::Rng rng(5);
  const nn::Dataset d = nn::make_spiral(61, 3, 0.0, rng);  // m = 20 points per arm, 1 dropped
  ASSERT_EQ(d.X.n_cols, 60u);
  for (arma::uword k = 0; k < 3; ++k) EXPECT_EQ(arma::accu(d.y == k), 20u);
  const double pi = std::acos(-1.0);
  for (arma::uword j = 0; j < 60; ++j) {
    const arma::uword k = j / 20, i = j % 20;
    const double r = (i + 0.5) / 20.0, t = 2.0 * pi * (1.25 * r + k / 3.0);
    EXPECT_EQ(d.y(j), k);
    EXPECT_NEAR(d.X(0, j), r * std::cos(t), 1e-15);
    EXPECT_NEAR(d.X(1, j), r * std::sin(t), 1e-15);
  }
  // the noise is drawn point by point even when it is 0: the generator moved by 2 per point
  nn::Rng fresh(5);
  for (int draw = 0; draw < 120; ++draw) fresh.normal();
  EXPECT_EQ(rng.normal(), fresh.normal());
  EXPECT_THROW(nn::make_spiral(10, 0, 0.1, rng), nn::ArgumentError);
}

TEST(Synthetic, CirclesNoiseFreeRadii) {
  const nn::Dataset d = nn::make_circles(60, 0.0, 0.3);
  const arma::rowvec r = arma::sqrt(arma::sum(arma::square(d.X), 0));
  for (arma::uword i = 0; i < 60; ++i) EXPECT_NEAR(r(i), d.y(i) == 0 ? 1.0 : 0.3, 1e-12);
  EXPECT_EQ(arma::accu(d.y), 30u);
}

TEST(Synthetic, SineIsExactWithoutNoise) {
  const nn::RegressionData d = nn::make_sine(50, 0.0, 2 * M_PI);
  ASSERT_EQ(d.X.n_rows, 1u);
  ASSERT_EQ(d.X.n_cols, 50u);
  EXPECT_DOUBLE_EQ(d.X(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(d.X(0, 49), 2 * M_PI);
  EXPECT_TRUE(same(d.Y, arma::sin(d.X)));
}

TEST(Synthetic, LectureNonseparableProbability) {
  // centre: z = 10 (e^0 - 1/2) = 5, sigmoid(5) (Python oracle: 0.9933071490757153)
  EXPECT_NEAR(nn::lecture_nonseparable_probability(0.5, 0.5), 0.9933071490757153, 1e-15);
  // corner: r^2 = 1/2, z = 10 (e^{-4} - 1/2) (Python oracle: 0.008027329807581023)
  EXPECT_NEAR(nn::lecture_nonseparable_probability(0.0, 0.0), 0.008027329807581023, 1e-15);
  // the boundary P = 1/2 is the circle r^2 = ln 2 / 8
  EXPECT_NEAR(nn::lecture_nonseparable_probability(0.5 + std::sqrt(std::log(2.0) / 8), 0.5), 0.5,
              1e-12);
}

TEST(Synthetic, LectureNonseparableSet) {
  nn::Rng a(42), b(42);
  const nn::Dataset d = nn::make_lecture_nonseparable(400, a);
  ASSERT_EQ(d.X.n_rows, 2u);
  ASSERT_EQ(d.X.n_cols, 400u);
  EXPECT_GE(d.X.min(), 0.0);
  EXPECT_LT(d.X.max(), 1.0);
  EXPECT_TRUE(same(d.X, nn::make_lecture_nonseparable(400, b).X));
  // positives inside the disc, negatives outside (the lecture's figure): most of each
  const arma::rowvec r2 = arma::square(d.X.row(0) - 0.5) + arma::square(d.X.row(1) - 0.5);
  const arma::uvec inside = arma::find(r2.t() < std::log(2.0) / 8);
  const arma::uvec outside = arma::find(r2.t() >= std::log(2.0) / 8);
  EXPECT_GT(arma::mean(arma::conv_to<arma::vec>::from(d.y.elem(inside))), 0.7);
  EXPECT_LT(arma::mean(arma::conv_to<arma::vec>::from(d.y.elem(outside))), 0.3);
  // E[y] = E[P(y=1|x)]: the labels follow the probability (5 standard errors, n = 20000)
  nn::Rng c(7);
  const nn::Dataset big = nn::make_lecture_nonseparable(20000, c);
  double p = 0;
  for (arma::uword i = 0; i < big.size(); ++i)
    p += nn::lecture_nonseparable_probability(big.X(0, i), big.X(1, i));
  EXPECT_NEAR(arma::mean(arma::conv_to<arma::vec>::from(big.y)), p / 20000,
              5 * 0.5 / std::sqrt(20000.0));
}

TEST(Split, TrainTestSplitPartitionsTheData) {
  nn::Dataset d{arma::regspace<arma::rowvec>(0, 99), arma::regspace<arma::uvec>(0, 99)};
  nn::Rng a(11), b(11);
  const nn::TrainTest s = nn::train_test_split(d, 0.25, a);
  EXPECT_EQ(s.test.size(), 25u);
  EXPECT_EQ(s.train.size(), 75u);
  // X and y stay paired, and every example lands in exactly one part
  EXPECT_TRUE(same(arma::conv_to<arma::uvec>::from(s.train.X.row(0)), s.train.y));
  const arma::uvec all = arma::sort(arma::join_cols(s.train.y, s.test.y));
  EXPECT_TRUE(same(all, d.y));
  EXPECT_TRUE(same(nn::train_test_split(d, 0.25, b).test.y, s.test.y));
  EXPECT_EQ(nn::train_test_split(d, 0.0, a).train.size(), 100u);
  EXPECT_EQ(nn::train_test_split(d, 1.0, a).test.size(), 100u);
  EXPECT_THROW(nn::train_test_split(d, 1.5, a), std::invalid_argument);
}

TEST(Split, HeadSubsetAndBatches) {
  nn::Dataset d{arma::mat{{1, 2, 3, 4, 5}}, arma::uvec{0, 1, 0, 1, 0}};
  EXPECT_TRUE(same(nn::head(d, 2).X, arma::mat{{1, 2}}));
  EXPECT_EQ(nn::head(d, 99).size(), 5u);
  EXPECT_TRUE(same(nn::subset(d, {4, 1}).y, arma::uvec{0, 1}));
  const auto batches = nn::batch_indices(10, 3);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_TRUE(same(batches[3], arma::uvec{9}));
  nn::Rng rng(2);
  const auto shuffled = nn::batch_indices(10, 4, rng);
  ASSERT_EQ(shuffled.size(), 3u);
  EXPECT_EQ(shuffled[2].n_elem, 2u);
  arma::uvec all = arma::join_cols(arma::join_cols(shuffled[0], shuffled[1]), shuffled[2]);
  EXPECT_TRUE(same(arma::sort(all), arma::regspace<arma::uvec>(0, 9)));
  EXPECT_THROW(nn::batch_indices(10, 0), std::invalid_argument);
}

TEST(Scaling, StandardizeMeanSdAndConstantFeature) {
  const arma::mat X = {{1, 2, 3, 4}, {5, 5, 5, 5}};
  const nn::Standardizer s = nn::standardize(X);
  EXPECT_DOUBLE_EQ(s.mean(0), 2.5);
  // population sd (NumPy X.std(1) oracle: 1.118033988749895); constant feature gets 1
  EXPECT_NEAR(s.sd(0), 1.118033988749895, 1e-15);
  EXPECT_DOUBLE_EQ(s.sd(1), 1.0);
  const arma::mat Z = s.apply(X);
  EXPECT_NEAR(Z(0, 0), -1.3416407864998738, 1e-15);  // NumPy oracle
  EXPECT_NEAR(arma::mean(Z.row(0)), 0.0, 1e-15);
  EXPECT_TRUE(same(Z.row(1), arma::rowvec(4, arma::fill::zeros)));
  EXPECT_TRUE(arma::approx_equal(s.inverse(Z), X, "absdiff", 1e-14));
  EXPECT_THROW(s.apply(arma::mat(3, 2)), nn::ShapeError);
}

TEST(Scaling, MinMaxToRangeAndBack) {
  const arma::mat X = {{1, 3, 5}, {2, 2, 2}};
  const nn::MinMaxScaler s = nn::min_max_scale(X);
  EXPECT_TRUE(arma::approx_equal(s.apply(X), arma::mat{{0, 0.5, 1}, {0, 0, 0}}, "absdiff", 1e-15));
  const nn::MinMaxScaler t = nn::min_max_scale(X, -1, 1);
  EXPECT_TRUE(
      arma::approx_equal(t.apply(X), arma::mat{{-1, 0, 1}, {-1, -1, -1}}, "absdiff", 1e-15));
  EXPECT_TRUE(arma::approx_equal(t.inverse(t.apply(X)), X, "absdiff", 1e-14));
  EXPECT_THROW(s.apply(arma::mat(1, 3)), nn::ShapeError);
}

}  // namespace

// ---- CSV ------------------------------------------------------------------------------------

namespace {

std::string write_text(const std::string& name, const std::string& text) {
  const std::string p = (std::filesystem::temp_directory_path() /
                         ("nn-csv-test-" + std::to_string(::getpid()) + "-" + name))
                            .string();
  std::ofstream(p) << text;
  return p;
}

std::string data_error_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const nn::DataError& e) {
    return e.what();
  }
  return "(no nn::DataError)";
}

TEST(Csv, ReadsLinesAsColumns) {
  const std::string p = write_text("ok.csv", "x1, x2 ,y\n1,2,0\n\n 3.5 ,-4e1,1\n");
  const nn::CsvTable t = nn::read_csv(p, true);
  EXPECT_EQ(t.header, (std::vector<std::string>{"x1", "x2", "y"}));
  EXPECT_TRUE(same(t.X, arma::mat{{1, 3.5}, {2, -40}, {0, 1}}));
  std::filesystem::remove(p);
}

TEST(Csv, ErrorsNameFileLineAndProblem) {
  const std::string ragged = write_text("ragged.csv", "1,2\n3\n");
  std::string msg = data_error_message([&] { nn::read_csv(ragged); });
  EXPECT_NE(msg.find(ragged), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 2 has 1 fields, expected 2"), std::string::npos) << msg;
  const std::string text = write_text("text.csv", "1,2\n3,abc\n");
  msg = data_error_message([&] { nn::read_csv(text); });
  EXPECT_NE(msg.find("line 2, column 2: 'abc' is not a number"), std::string::npos) << msg;
  const std::string empty = write_text("empty.csv", "a,b\n");
  msg = data_error_message([&] { nn::read_csv(empty, true); });
  EXPECT_NE(msg.find("no data lines"), std::string::npos) << msg;
  msg = data_error_message([&] { nn::read_csv("/nonexistent/file.csv"); });
  EXPECT_NE(msg.find("/nonexistent/file.csv"), std::string::npos) << msg;
  for (const auto& p : {ragged, text, empty}) std::filesystem::remove(p);
}

TEST(Csv, NonFiniteAndOutOfRangeNumbersAreRefusedNamingFileLineAndColumn) {
  // before: strtod took all of these silently (nan, inf, 1e999 -> inf, 1e-400 -> 0, hex floats)
  struct Case {
    std::string field, says;
  };
  const std::vector<Case> cases = {
      {"nan", "is NaN"},
      {"NaN", "is NaN"},
      {"-nan", "is NaN"},
      {"inf", "is infinite"},
      {"-Inf", "is infinite"},
      {"infinity", "is infinite"},
      {"1e999", "larger than 1.8e308"},
      {"-1e999", "larger than 1.8e308"},
      {"1.5e308000", "larger than 1.8e308"},
      {"1e-400", "would read as 0"},
      {"-2.4e-324", "would read as 0"},
      {"0.0000001e-320", "would read as 0"},
      {"0x1p3", "hexadecimal"},
      {"0X10", "hexadecimal"},
      {"1e", "is not a number"},
      {"1.2.3", "is not a number"},
      {"--1", "is not a number"},
      {"1,5", "fields"},
      {"", "empty field"},
      {"1 2", "is not a number"},
      {"\x01", "'\\x01' is not a number"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("field '" + c.field + "'");
    const std::string p = write_text("bad.csv", "a,b\n1,2\n3," + c.field + "\n");
    const std::string msg = data_error_message([&] { nn::read_csv(p, true); });
    EXPECT_NE(msg.find(p), std::string::npos) << msg;
    EXPECT_NE(msg.find(c.says), std::string::npos) << msg;
    if (c.field != "1,5") EXPECT_NE(msg.find("line 3, column 2"), std::string::npos) << msg;
    std::filesystem::remove(p);
  }
}

TEST(Csv, ColumnNamesReadAsDataAreRecognised) {
  const std::string p = write_text("names.csv", "x1,x2\n1,2\n");
  const std::string msg = data_error_message([&] { nn::read_csv(p); });
  EXPECT_NE(msg.find("line 1, column 1: 'x1' is not a number (if this line holds the column names"),
            std::string::npos)
      << msg;
  EXPECT_EQ(nn::read_csv(p, true).header, (std::vector<std::string>{"x1", "x2"}));
  std::filesystem::remove(p);
}

TEST(Csv, AcceptsEveryDecimalNumberADoubleHolds) {
  const std::string p =
      write_text("ok.csv",
                 "\xEF\xBB\xBF"
                 "+1.5,-.5,5.\r\n1e-310,0e-9999,4.9e-324\r\n1.7976931348623157e308,-0,00012\r\n");
  const nn::CsvTable t = nn::read_csv(p);
  ASSERT_EQ(t.X.n_rows, 3u);
  ASSERT_EQ(t.X.n_cols, 3u);
  EXPECT_EQ(t.X(0, 0), 1.5);
  EXPECT_EQ(t.X(1, 0), -0.5);
  EXPECT_EQ(t.X(2, 0), 5.0);
  EXPECT_EQ(t.X(0, 1), 1e-310);  // subnormal: representable, kept
  EXPECT_EQ(t.X(1, 1), 0.0);     // a zero is a zero, whatever its exponent
  EXPECT_EQ(t.X(2, 1), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(t.X(0, 2), std::numeric_limits<double>::max());
  EXPECT_TRUE(std::signbit(t.X(1, 2)));
  EXPECT_EQ(t.X(2, 2), 12.0);
  std::filesystem::remove(p);
}

TEST(Csv, AllowNanReadsGapsAsNanButNeverInfinity) {
  const std::string p = write_text("gaps.csv", "1,,3\nNaN,2,nan\n");
  nn::CsvOptions o;
  o.allow_nan = true;
  const nn::CsvTable t = nn::read_csv(p, o);
  EXPECT_TRUE(std::isnan(t.X(1, 0)));
  EXPECT_TRUE(std::isnan(t.X(0, 1)));
  EXPECT_TRUE(std::isnan(t.X(2, 1)));
  EXPECT_EQ(t.X(2, 0), 3.0);
  EXPECT_EQ(arma::uvec(arma::find_nonfinite(t.X)).n_elem, 3u);
  const std::string inf = write_text("inf.csv", "1,inf\n");
  EXPECT_NE(
      data_error_message([&] { nn::read_csv(inf, o); }).find("line 1, column 2: 'inf' is infinite"),
      std::string::npos);
  for (const auto& f : {p, inf}) std::filesystem::remove(f);
}

TEST(Csv, SizeLimitAndDelimiter) {
  const std::string p = write_text("big.csv", "1,2\n3,4\n");  // 8 bytes
  nn::CsvOptions o;
  o.max_bytes = 7;
  const std::string msg = data_error_message([&] { nn::read_csv(p, o); });
  EXPECT_NE(msg.find("is 8 bytes, more than the limit of 7"), std::string::npos) << msg;
  o.max_bytes = 8;
  EXPECT_EQ(nn::read_csv(p, o).X.n_cols, 2u);
  const std::string semi = write_text("semi.csv", "1;2\n");
  o.delimiter = ';';
  EXPECT_EQ(nn::read_csv(semi, o).X.n_rows, 2u);
  for (char bad : {'.', '-', '5', 'e', ' ', '\n'}) {
    o.delimiter = bad;
    EXPECT_THROW(nn::read_csv(semi, o), std::invalid_argument) << "delimiter '" << bad << "'";
  }
  for (const auto& f : {p, semi}) std::filesystem::remove(f);
}

}  // namespace

TEST(ColumnView, SharesTheMemoryOfTheColumns) {
  arma::mat A = arma::reshape(arma::regspace(0.0, 11.0), 3, 4);  // column j holds 3j, 3j+1, 3j+2
  const arma::mat V = nn::column_view(A, 1, 2);
  ASSERT_EQ(V.n_rows, 3u);
  ASSERT_EQ(V.n_cols, 2u);
  EXPECT_EQ(V.memptr(), A.colptr(1));  // no copy
  EXPECT_DOUBLE_EQ(V(0, 0), 3.0);
  EXPECT_DOUBLE_EQ(V(2, 1), 8.0);
  A(1, 2) = -1.0;  // a change of A is seen through the view
  EXPECT_DOUBLE_EQ(V(1, 1), -1.0);
  EXPECT_EQ(nn::column_view(A, 4, 0).n_cols, 0u);
}

TEST(ColumnView, OutOfRangeNamesColumnsAndShape) {
  const arma::mat A(3, 4, arma::fill::zeros);
  try {
    nn::column_view(A, 3, 2);
    FAIL() << "expected ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("columns 3 .. 5"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("3 x 4"), std::string::npos) << e.what();
  }
}
