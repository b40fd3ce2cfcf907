#pragma once
/// \file
/// \brief Plots for the chapters, drawn by gnuplot: line plots, class scatter plots, decision
/// regions, contour plots with descent paths, training curves and image grids, written as PNG files
/// (`pngcairo`, 800 x 600) or drawn in the terminal (`dumb`, 100 x 30). Legends sit below the plot
/// (or beside it for the square maps), never over the data, and a logarithmic axis is labelled in
/// powers of ten (`1e-8`).
///
/// Every function takes a nn::plot::Target that says where the plot goes, and returns the path of
/// the PNG it wrote (an empty string in `term` and `none` modes). A chapter builds its target from
/// its options (nn::ChapterOptions::plot_target) and passes it on:
/// \code
/// const nn::plot::Target plots = opt.plot_target();  // --plot png|term|none, dir plots/<slug>
/// nn::plot::lines(plots, "sigmoid.png", "The sigmoid", "z", "g(z)",
///                 {{"sigmoid", z, nn::sigmoid(z), "lines"}});
/// \endcode
/// Each plot is one gnuplot script that holds its data inline (`$name << EOD` blocks), written to a
/// scratch folder and run once by `gnuplot`, without a window; gnuplot never waits for input. The
/// output is deterministic: the same data give the same bytes.
///
/// Why a script file and not the pipe of gnuplot-iostream (the usual C++ wrapper): its `Gnuplot`
/// stream is a `boost::iostreams::stream` over a `file_descriptor_sink`, a compiled part of
/// Boost.Iostreams. libnn is a static library, so every program that links nn (the chapters, the
/// tests, an installed nn's users) would have to link Boost.Iostreams too, for one pipe. Its
/// destructor's `pclose` also drops gnuplot's exit status (it prints "pclose returned error"
/// instead), and a gnuplot that stops reading early raises SIGPIPE in the writer. Writing the
/// script to a file and running gnuplot on it needs no Boost, gives the exit status, cannot raise
/// SIGPIPE, and leaves the script to read when gnuplot reports an error. The data are small (a
/// 100 x 100 grid is a few hundred kB of text), so the file costs nothing that shows.

#include <armadillo>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nn {

/// \brief Plotting through gnuplot (PNG files or terminal text).
namespace plot {

/// \brief Thrown when a plot cannot be drawn: gnuplot is not installed (the message says
/// `install gnuplot-nox (make deps)`), the output directory cannot be created, or gnuplot reported
/// an error (the message quotes it).
class PlotError : public std::runtime_error {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit PlotError(const std::string& message) : std::runtime_error(message) {}
};

/// \brief Where a plot goes: a PNG file, the terminal, or nowhere.
enum class Mode {
  none,  ///< Nothing is drawn.
  png,   ///< A PNG file `dir/<file>` (directories are created).
  term,  ///< Text drawn on standard output (gnuplot's `dumb` terminal).
};

/// \brief The mode named `name`: `"png"`, `"term"` or `"none"` (the words of a chapter's
/// `--plot` flag); anything else throws std::invalid_argument naming it.
Mode parse_mode(const std::string& name);

/// \brief Where plots go: the mode and, in `png` mode, the directory of the files.
struct Target {
  Mode mode = Mode::none;     ///< PNG files, the terminal, or nothing.
  std::string dir = "plots";  ///< Directory of the PNG files (Mode::png only).

  /// \brief No plots (Mode::none).
  Target() = default;

  /// \brief A target with the given mode and PNG directory.
  Target(Mode mode, std::string dir = "plots");

  /// \brief A target with the mode named `mode` (nn::plot::parse_mode: `"png"`, `"term"`,
  /// `"none"`; anything else throws std::invalid_argument) and PNG directory, e.g.
  /// `nn::plot::Target png("png", ".")` in a notebook.
  explicit Target(const std::string& mode, std::string dir = "plots");

  /// \brief True unless the mode is Mode::none.
  bool enabled() const { return mode != Mode::none; }
};

/// \brief One curve or point set of a plot: \f$ (x_i, y_i) \f$ pairs with a legend label.
///
/// Lines are solid, except a line that meets an earlier one of the same plot (at a shared
/// abscissa within 1% of the y span, or anywhere for lines on other abscissae): it is dashed, each
/// such line with its own pattern, so curves that coincide still show. `"dashes"` is a line that
/// is always dashed. The legend sits below the plot, where it covers no data.
struct Series {
  std::string label;            ///< Legend entry (empty: no entry).
  arma::vec x;                  ///< Abscissae.
  arma::vec y;                  ///< Ordinates, as many as `x`.
  std::string style = "lines";  ///< `"lines"`, `"dashes"`, `"points"` or `"linespoints"`.
  std::string colour = "";      ///< `"#rrggbb"`; empty: the next colour of the plot's palette.
};

/// \brief An interval \f$ [lo, hi] \f$ of an axis.
struct Range {
  double lo = 0.0;  ///< Lower end.
  double hi = 1.0;  ///< Upper end.
};

/// \brief Axis options of nn::plot::lines.
struct LineOptions {
  bool log_y = false;       ///< Logarithmic y axis (every y must be positive).
  Range x_range{0.0, 0.0};  ///< x range; `lo == hi` means automatic.
  Range y_range{0.0, 0.0};  ///< y range; `lo == hi` means automatic.
  double x_tic_step = 0.0;  ///< Distance between x tics (e.g. 1 for epochs); 0 means automatic.
  double y_tic_step = 0.0;  ///< Distance between y tics (e.g. 1 for counts); 0 means automatic.
};

/// \brief A prediction over a batch of 2-D points: `grid` is \f$ 2 \times M \f$ (one point per
/// column), the result has one value per point (a probability, or a class index as a double).
using PredictFn = std::function<arma::rowvec(const arma::mat& grid)>;

/// \brief The points of an \f$ n_x \times n_y \f$ grid over
/// \f$ [x.lo, x.hi] \times [y.lo, y.hi] \f$, one point per column (\f$ 2 \times n_x n_y \f$), the
/// first coordinate varying fastest:
/// \f[ \text{column } i + n_x j = \left(x.lo + i \frac{x.hi - x.lo}{n_x - 1},\;
///     y.lo + j \frac{y.hi - y.lo}{n_y - 1}\right). \f]
/// The grid under nn::plot::decision_regions and nn::plot::contour. Throws std::invalid_argument
/// if `nx < 2` or `ny < 2`.
arma::mat grid_points(Range x, Range y, arma::uword nx, arma::uword ny);

/// \brief The square grid grid_points(x, y, n, n): \f$ 2 \times n^2 \f$, column \f$ i + n j \f$
/// is \f$ (x.lo + i (x.hi - x.lo)/(n - 1),\; y.lo + j (y.hi - y.lo)/(n - 1)) \f$.
/// Deck 4 ("Visualizing the Decision Regions") builds the same 100 x 100 grid on \f$ [0,1]^2 \f$
/// with `np.meshgrid` + `ravel` (catalogue L4-10). Throws std::invalid_argument if `n < 2`.
arma::mat grid_points(Range x, Range y, arma::uword n);

/// \brief Line / point plot of several series with a legend; returns the PNG path ("" if none).
std::string lines(const Target& target, const std::string& file, const std::string& title,
                  const std::string& xlabel, const std::string& ylabel,
                  const std::vector<Series>& series, const LineOptions& options = {});

/// \brief Scatter plot of 2-D points coloured by class: `X` is \f$ 2 \times N \f$, `labels` has
/// \f$ N \f$ class indices. Throws nn::ShapeError if the shapes disagree.
std::string scatter_classes(const Target& target, const std::string& file, const std::string& title,
                            const arma::mat& X, const arma::uvec& labels,
                            const std::string& xlabel = "x1", const std::string& ylabel = "x2");

/// \brief Decision regions of a 2-D classifier: a heat map of `predict` over a
/// `resolution x resolution` grid (nn::plot::grid_points) on `x_range x y_range`, with the points
/// `X` (\f$ 2 \times N \f$, may be empty) drawn on top, coloured by `labels`.
///
/// When every prediction is a class index (a whole number 0 ... 9), each region is a light tint of
/// its class's colour, the colour of that class's points, and the legend names the classes; any
/// other prediction (a probability) is shaded white to red with a colour bar.
///
/// In `term` mode the grid is coarser (88 x 23 cells, one per character) and each cell shows the
/// rounded prediction on the terminal's shade ramp (blank for 0, `.` for 1, `:` for 2, ...) and
/// each point its class digit. Returns the PNG path ("" if none).
std::string decision_regions(const Target& target, const std::string& file,
                             const std::string& title, const PredictFn& predict, const arma::mat& X,
                             const arma::uvec& labels, Range x_range, Range y_range,
                             arma::uword resolution = 100,
                             const std::string& value_label = "P(y = 1)");

/// \brief Options of nn::plot::contour.
struct ContourOptions {
  int levels = 20;               ///< Number of contour levels.
  bool log_levels = false;       ///< Levels equally spaced in \f$ \log(f - f_{min} + 1) \f$.
  arma::uword resolution = 100;  ///< Grid points per axis.
  bool fill = false;  ///< Shade the levels too (a heat map under the lines; ~2x larger PNG).
  std::string xlabel = "w1";  ///< x-axis label.
  std::string ylabel = "w2";  ///< y-axis label.
};

/// \brief Contour plot of \f$ f(x, y) \f$ over `x_range x y_range` (contour lines, optionally
/// over a heat map), with optional paths drawn on top (e.g. the iterates \f$ w_0, w_1, \dots \f$ of
/// gradient descent as a `"linespoints"` Series). Returns the PNG path ("" if none).
std::string contour(const Target& target, const std::string& file, const std::string& title,
                    const std::function<double(double, double)>& f, Range x_range, Range y_range,
                    const std::vector<Series>& paths = {}, const ContourOptions& options = {});

/// \brief A named per-epoch series, e.g. `{"loss", history.loss}`.
using NamedSeries = std::pair<std::string, std::vector<double>>;

/// \brief Training curves: each named series against the epoch \f$ 1, 2, \dots \f$ (empty
/// series are skipped, so `{"val_loss", h.val_loss}` can always be passed). Series of whole
/// numbers (mistakes per epoch) get whole-number tics. Returns the PNG path.
std::string curves(const Target& target, const std::string& file, const std::string& title,
                   const std::vector<NamedSeries>& series, const std::string& ylabel = "",
                   bool log_y = false);

/// \brief A grid of square grayscale images: `images` is \f$ (side \cdot side) \times M \f$, one
/// image per column in MNIST's byte order (row by row: pixel \f$ (r, c) \f$ at index
/// \f$ r \cdot side + c \f$), values in \f$ [0, 1] \f$ (black ink on white), one caption per
/// image (may be empty). `columns = 0` picks about \f$ \sqrt{M} \f$ columns; `normalize` rescales
/// each image to its own \f$ [min, max] \f$ (for weights). In `term` mode each image is drawn
/// with characters. Returns the PNG path ("" if none).
std::string image_grid(const Target& target, const std::string& file, const std::string& title,
                       const arma::mat& images, const std::vector<std::string>& captions,
                       arma::uword side = 28, arma::uword columns = 0, bool normalize = false);

/// \brief True if the `gnuplot` program is on the `PATH`.
bool gnuplot_available();

}  // namespace plot
}  // namespace nn
