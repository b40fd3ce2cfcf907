// Unit tests of nn/plot: PNG files are written (PNG signature, small, byte-for-byte
// deterministic), term mode prints a drawing, none mode does nothing; argument errors.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <nn/app/chapter.hpp>
#include <nn/core/errors.hpp>
#include <nn/plot/plot.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

class PlotTest : public nn_test::TempDirTest {
 protected:
  PlotTest() : TempDirTest("nn-plot-test", /*create=*/false) {}
};

std::string read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void expect_png(const std::string& path) {
  ASSERT_FALSE(path.empty());
  ASSERT_TRUE(fs::exists(path)) << path;
  const std::string bytes = read_bytes(path);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
  EXPECT_LT(bytes.size(), 100u * 1024u) << path;
}

nn::plot::Series sine_series() {
  const arma::vec x = arma::linspace(0, 6.28, 50);
  return {"sin", x, arma::sin(x), "lines"};
}

TEST_F(PlotTest, PngFilesForEveryKindOfPlot) {
  if (!nn::plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const nn::plot::Target t(nn::plot::Mode::png, (dir_ / "sub").string());
  const std::string p = nn::plot::lines(t, "lines.png", "A sine", "x", "y", {sine_series()});
  EXPECT_EQ(p, (dir_ / "sub" / "lines.png").string());
  expect_png(p);

  const arma::mat X = {{0.1, 0.9, 0.2, 0.8}, {0.1, 0.9, 0.8, 0.2}};
  const arma::uvec y = {0, 0, 1, 1};
  expect_png(nn::plot::scatter_classes(t, "scatter.png", "points", X, y));
  const auto predict = [](const arma::mat& G) { return arma::rowvec(G.row(0) % G.row(1)); };
  expect_png(
      nn::plot::decision_regions(t, "regions.png", "regions", predict, X, y, {0, 1}, {0, 1}, 50));
  const arma::vec px = {0.8, 0.4, 0.1}, py = {0.9, 0.3, 0.05};
  expect_png(nn::plot::contour(t, "contour.png", "bowl",
                               [](double a, double b) { return a * a + 3 * b * b; }, {-1, 1},
                               {-1, 1}, {{"gd", px, py, "linespoints"}}));
  expect_png(
      nn::plot::curves(t, "curves.png", "loss", {{"loss", {1.0, 0.5, 0.25}}, {"val_loss", {}}}));
  expect_png(nn::plot::image_grid(t, "images.png", "images",
                                  arma::mat(784, 3, arma::fill::value(0.5)), {"a", "b", "c"}));
}

TEST_F(PlotTest, PngOutputIsDeterministic) {
  if (!nn::plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const nn::plot::Target t("png", dir_.string());
  const std::string a =
      read_bytes(nn::plot::lines(t, "a.png", "A sine", "x", "y", {sine_series()}));
  const std::string b =
      read_bytes(nn::plot::lines(t, "b.png", "A sine", "x", "y", {sine_series()}));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST_F(PlotTest, TermModePrintsADrawing) {
  if (!nn::plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  const nn::plot::Target t("term", dir_.string());
  ::testing::internal::CaptureStdout();
  const std::string p = nn::plot::lines(t, "lines.png", "Terminal sine", "x", "y", {sine_series()});
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(p, "");
  EXPECT_NE(out.find("Terminal sine"), std::string::npos) << out;
  EXPECT_GT(std::count(out.begin(), out.end(), '\n'), 20);
  EXPECT_FALSE(fs::exists(dir_));  // nothing written to disk

  ::testing::internal::CaptureStdout();
  nn::plot::image_grid(t, "g.png", "Two images", arma::mat(16, 2, arma::fill::ones), {"one", "two"},
                       4);
  const std::string grid = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(grid.find("@@@@"), std::string::npos) << grid;
  EXPECT_NE(grid.find("two"), std::string::npos) << grid;
}

TEST_F(PlotTest, NoneModeDoesNothing) {
  const nn::plot::Target t("none", dir_.string());
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(nn::plot::lines(t, "lines.png", "t", "x", "y", {sine_series()}), "");
  EXPECT_EQ(nn::plot::image_grid(t, "g.png", "t", arma::mat(784, 1, arma::fill::zeros), {}), "");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(PlotTest, MissingGnuplotSaysHowToInstallIt) {
  const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", (dir_ / "empty-path").string().c_str(), 1);
  EXPECT_FALSE(nn::plot::gnuplot_available());
  std::string msg;
  try {
    nn::plot::lines(nn::plot::Target("png", dir_.string()), "x.png", "t", "x", "y",
                    {sine_series()});
  } catch (const nn::plot::PlotError& e) {
    msg = e.what();
  }
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_NE(msg.find("install gnuplot-nox (make deps)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("x.png"), std::string::npos) << msg;
}

TEST_F(PlotTest, GnuplotErrorIsReportedWithItsScript) {
  if (!nn::plot::gnuplot_available()) GTEST_SKIP() << "gnuplot is not installed";
  // a logarithmic axis with no positive value: gnuplot stops with "all points y value undefined"
  const arma::vec x = {1.0, 2.0}, y = {-1.0, -2.0};
  std::string msg;
  try {
    nn::plot::lines(nn::plot::Target(nn::plot::Mode::png, dir_.string()), "negative.png", "t", "x",
                    "y", {{"s", x, y, "lines"}}, {.log_y = true});
  } catch (const nn::plot::PlotError& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("gnuplot failed to draw 'negative.png'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("y value undefined"), std::string::npos) << msg;
  EXPECT_FALSE(fs::exists(dir_ / "negative.png"));  // no half-written file
  const std::string marker = "script kept at ";
  const std::size_t at = msg.find(marker);
  ASSERT_NE(at, std::string::npos) << msg;
  const fs::path script = msg.substr(at + marker.size(), msg.find("):", at) - at - marker.size());
  EXPECT_TRUE(fs::exists(script)) << script;
  EXPECT_NE(read_bytes(script.string()).find("set logscale y"), std::string::npos);
  fs::remove_all(script.parent_path());
}

TEST(PlotTarget, ModesByNameAndFromChapterOptions) {
  EXPECT_EQ(nn::plot::parse_mode("png"), nn::plot::Mode::png);
  EXPECT_EQ(nn::plot::parse_mode("term"), nn::plot::Mode::term);
  EXPECT_EQ(nn::plot::parse_mode("none"), nn::plot::Mode::none);
  nn::ChapterOptions opt;
  opt.plot = "term";
  opt.slug = "06_mlp";
  const nn::plot::Target t = opt.plot_target();
  EXPECT_EQ(t.mode, nn::plot::Mode::term);
  EXPECT_EQ(t.dir, "plots/06_mlp");
  EXPECT_TRUE(t.enabled());
  EXPECT_FALSE(nn::plot::Target().enabled());
  EXPECT_EQ(nn::plot::Target("png", ".").mode, nn::plot::Mode::png);
  std::string msg;
  try {
    nn::plot::Target bad("pdf");
  } catch (const std::invalid_argument& e) {
    msg = e.what();
  }
  EXPECT_NE(msg.find("'pdf' is not one of png, term, none"), std::string::npos) << msg;
}

TEST(PlotArguments, ShapeErrors) {
  const nn::plot::Target none;
  EXPECT_THROW(
      nn::plot::lines(none, "f.png", "t", "x", "y", {{"bad", arma::vec(3), arma::vec(4), "lines"}}),
      nn::ShapeError);
  EXPECT_THROW(nn::plot::scatter_classes(none, "f.png", "t", arma::mat(3, 4), arma::uvec(4)),
               nn::ShapeError);
  EXPECT_THROW(nn::plot::image_grid(none, "f.png", "t", arma::mat(10, 2), {}), nn::ShapeError);
  EXPECT_THROW(
      nn::plot::lines(none, "f.png", "t", "x", "y", {{"s", arma::vec(2), arma::vec(2), "bars"}}),
      std::invalid_argument);
}

TEST(PlotGrid, RectangularGridFirstCoordinateFastest) {
  // the terminal's decision-region grid: 88 x 23 cells
  const arma::mat G = nn::plot::grid_points({-1, 1}, {0, 2}, 88, 23);
  ASSERT_EQ(G.n_cols, 88u * 23u);
  EXPECT_EQ(G(0, 0), -1.0);
  EXPECT_EQ(G(0, 87), 1.0);  // end of the first scan line
  EXPECT_EQ(G(1, 87), 0.0);
  EXPECT_EQ(G(0, 88), -1.0);  // start of the second
  EXPECT_NEAR(G(1, 88), 2.0 / 22, 1e-15);
  EXPECT_EQ(G(1, 88 * 23 - 1), 2.0);
  EXPECT_TRUE(arma::approx_equal(nn::plot::grid_points({0, 1}, {0, 1}, 7),
                                 nn::plot::grid_points({0, 1}, {0, 1}, 7, 7), "absdiff", 0.0));
  EXPECT_THROW(nn::plot::grid_points({0, 1}, {0, 1}, 5, 1), std::invalid_argument);
  EXPECT_THROW(nn::plot::grid_points({0, 1}, {0, 1}, 1), std::invalid_argument);
  // the lecture's 100 x 100 grid on [0, 1]^2 is Deck4.Ex10DecisionRegionGrid (tests/lectures)
}

}  // namespace
