#include <nn/plot/plot.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

// Each plot is a gnuplot script (data inline) written to a scratch folder and run by `gnuplot`;
// plot.hpp says why this is not gnuplot-iostream's pipe.

namespace fs = std::filesystem;

namespace nn::plot {

namespace {

// Class colours (blue for class 0 and green for class 1, as in deck 4's synthetic-data plot).
const char* const kClassColours[] = {"#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string class_colour(arma::uword k) { return kClassColours[k % 10]; }

// The terminal's shade ramp, light to dark: level 0 is a blank, level 9 an '@'. Term-mode decision
// regions show the rounded prediction k as kShades[k], term-mode images a pixel p as shade(p).
constexpr char kShades[] = " .:-=+*#%@";
constexpr int kShadeLevels = 9;

// The character of a value t in [0, 1] (clamped): level round(9 t).
char shade(double t) { return kShades[std::lround(std::clamp(t, 0.0, 1.0) * kShadeLevels)]; }

// Colours of the series of line plots, in order (the same palette, class 0's blue first).
const char* const kSeriesColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                      "#9467bd", "#8c564b", "#e377c2", "#17becf"};

// A gnuplot string literal: single quotes, a quote doubled.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out + "'";
}

// A shell word: single quotes, a quote written as '\''.
std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Numbers in the script: fixed format, so the same data give the same bytes.
std::string num(double v) {
  if (!std::isfinite(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string title_or_not(const std::string& label) {
  return label.empty() ? "notitle" : "title " + quoted(label);
}

// `dash` is gnuplot's dash type: 1 solid, 2.. dashed patterns (ignored by the dumb terminal).
std::string style_clause(const std::string& style, const std::string& colour, int dash = 1) {
  const std::string lc = colour.empty() ? "" : " lc rgb " + quoted(colour);
  const std::string dt = " dt " + std::to_string(dash);
  if (style == "lines" || style == "dashes") return "with lines lw 2" + dt + lc;
  if (style == "points") return "with points pt 7 ps 0.7" + lc;
  if (style == "linespoints") return "with linespoints lw 1.5 pt 7 ps 0.6" + dt + lc;
  throw std::invalid_argument("nn::plot: series style '" + style +
                              "' is not one of lines, dashes, points, linespoints");
}

// The ordinate as the axis shows it: log10 y on a logarithmic axis (NaN where y <= 0 there).
double on_axis(double y, bool log_y) {
  if (!log_y) return y;
  return y > 0.0 ? std::log10(y) : arma::datum::nan;
}

// True when b, drawn over a, could hide it: they share their abscissae and at one of them their
// ordinates are within 1% of the plot's y span (as the axis shows them). Series with other
// abscissae may cross anywhere, so they count as meeting.
bool meet(const Series& a, const Series& b, bool log_y, double span) {
  if (a.x.n_elem != b.x.n_elem || !arma::all(a.x == b.x)) return true;
  for (arma::uword k = 0; k < a.y.n_elem; ++k) {
    const double ya = on_axis(a.y(k), log_y), yb = on_axis(b.y(k), log_y);
    if (std::isfinite(ya) && std::isfinite(yb) && std::abs(ya - yb) <= 0.01 * span) return true;
  }
  return false;
}

// The dash type of each series: "dashes" always dashed; "lines" and "linespoints" without a colour
// of their own solid, unless an earlier line of the plot meets them (then a solid line would hide
// it: dashed, so coinciding curves stay visible); every dashed series gets the next of four
// patterns. Empty series are not drawn and do not count.
std::vector<int> dash_types(const std::vector<Series>& series, bool log_y) {
  const auto is_line = [](const Series& s) {
    return s.x.n_elem > 0 &&
           (s.style == "lines" || s.style == "linespoints" || s.style == "dashes");
  };
  double lo = arma::datum::inf, hi = -arma::datum::inf;  // the y span of the lines, on the axis
  for (const Series& s : series) {
    if (!is_line(s)) continue;
    for (double y : s.y) {
      const double v = on_axis(y, log_y);
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const double span = hi > lo ? hi - lo : 0.0;
  std::vector<int> dt;
  int dashed = 0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    bool dash = s.style == "dashes";
    if (is_line(s) && s.style != "dashes" && s.colour.empty())
      for (std::size_t j = 0; j < i && !dash; ++j)
        dash = is_line(series[j]) && meet(series[j], s, log_y, span);
    dt.push_back(dash ? 2 + (dashed++ % 4) : 1);
  }
  return dt;
}

// The legend: below the plot, in as many columns as fit (gnuplot's `below`), where it hides
// nothing. In a PNG, `height 1` keeps a line of space between the x label and the key (the
// terminal has no row to spare).
void key_below(std::ostream& gp, bool term) {
  gp << "set key below center horizontal samplen 3 spacing 1.1 width 2" << (term ? "" : " height 1")
     << "\n";
}

// A logarithmic axis labelled 1e-8 ... 1e2 instead of 0.00000001.
void log_axis(std::ostream& gp, const char* axis) {
  gp << "set logscale " << axis << "\nset format " << axis << " '1e%L'\n";
}

// A named inline data block `$name << EOD ... EOD` of (x, y) pairs.
void write_xy_block(std::ostream& gp, const std::string& name, const arma::vec& x,
                    const arma::vec& y) {
  gp << name << " << EOD\n";
  for (arma::uword i = 0; i < x.n_elem; ++i) gp << num(x(i)) << ' ' << num(y(i)) << '\n';
  gp << "EOD\n";
}

// A grid block of grid_points(x, y, nx, ny) and one value per point: lines `x y v`, a blank line
// after each scan line of constant y.
void write_grid_block(std::ostream& gp, const std::string& name, const arma::mat& P,
                      const arma::rowvec& v, arma::uword nx) {
  gp << name << " << EOD\n";
  for (arma::uword j = 0; j < P.n_cols / nx; ++j) {
    for (arma::uword i = 0; i < nx; ++i) {
      const arma::uword k = i + nx * j;
      gp << num(P(0, k)) << ' ' << num(P(1, k)) << ' ' << num(v(k)) << '\n';
    }
    gp << '\n';
  }
  gp << "EOD\n";
}

void check_series(const Series& s, const std::string& where) {
  if (s.x.n_elem != s.y.n_elem)
    throw nn::ShapeError(where + ": series '" + s.label + "' has " + std::to_string(s.x.n_elem) +
                         " x values but " + std::to_string(s.y.n_elem) + " y values");
}

void check_points(const arma::mat& X, const arma::uvec& labels, const std::string& where) {
  if (X.n_elem == 0 && labels.n_elem == 0) return;
  if (X.n_rows != 2 || X.n_cols != labels.n_elem)
    throw nn::ShapeError(where + ": points X are " + nn::shape_str(X) +
                         " (features x examples), expected 2 x " + std::to_string(labels.n_elem) +
                         " to match the labels");
}

// The classes present among `labels`, in increasing order.
arma::uvec classes_of(const arma::uvec& labels) {
  return labels.n_elem == 0 ? arma::uvec() : arma::uvec(arma::unique(labels));
}

// A scratch directory removed when the plot is done (kept if gnuplot failed).
struct ScratchDir {
  fs::path path;
  bool keep = false;
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / ("nn-plot-" + std::string(6, 'X')))
                           .string();  // mkdtemp template
    if (!mkdtemp(tmpl.data()))
      throw PlotError("nn::plot: cannot create a scratch directory in " +
                      fs::temp_directory_path().string());
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!keep) fs::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes the script (terminal, output, then `body`) to a scratch folder and runs gnuplot on it
// once; the data are inline in the script, there is no window and gnuplot never waits for input.
// Returns the PNG path in png mode; in term mode prints the drawing to std::cout and returns "".
std::string render(const Target& target, const std::string& file,
                   const std::function<void(std::ostream&, bool term)>& body) {
  if (!target.enabled()) return "";
  if (!gnuplot_available())
    throw PlotError("nn::plot: cannot draw '" + file +
                    "': gnuplot is not installed (no `gnuplot` on the PATH): install gnuplot-nox "
                    "(make deps)");
  const bool term = target.mode == Mode::term;
  ScratchDir scratch;
  fs::path out;
  if (term) {
    out = scratch.path / "plot.txt";
  } else {
    std::error_code ec;
    fs::create_directories(target.dir, ec);
    if (ec)
      throw PlotError("nn::plot: cannot create the directory '" + target.dir +
                      "': " + ec.message());
    out = fs::path(target.dir) / file;
  }
  const fs::path script = scratch.path / "plot.gp";
  {
    std::ofstream gp(script, std::ios::binary);
    if (term)
      gp << "set terminal dumb size 100,30\n";
    else
      gp << "set terminal pngcairo size 800,600 font 'Sans,10'\n";
    // the series colours: strong, distinct on white (gnuplot's default 5th colour is a pale yellow)
    if (!term)
      for (int k = 0; k < 8; ++k)
        gp << "set linetype " << (k + 1) << " lc rgb " << quoted(kSeriesColours[k]) << "\n";
    gp << "set termoption noenhanced\n";
    gp << "set output " << quoted(out.string()) << "\n";
    body(gp, term);
    gp << "unset output\n";
    if (!gp.flush())
      throw PlotError("nn::plot: cannot write the gnuplot script " + script.string() + " for '" +
                      file + "'");
  }
  const fs::path err = scratch.path / "stderr.txt";
  const std::string cmd = "gnuplot -d " + shell_quoted(script.string()) + " >" +
                          shell_quoted((scratch.path / "stdout.txt").string()) + " 2>" +
                          shell_quoted(err.string());
  std::cout.flush();
  const int status = std::system(cmd.c_str());  // waits for gnuplot; 0 when it drew the plot
  if (status != 0 || !fs::exists(out)) {
    scratch.keep = true;
    std::error_code ec;
    if (!term) fs::remove(out, ec);  // no half-written PNG left behind
    throw PlotError("nn::plot: gnuplot failed to draw '" + file + "' (script kept at " +
                    script.string() + "): " + read_text(err));
  }
  if (!term) return out.string();
  std::cout << read_text(out);
  std::cout.flush();
  return "";
}

void common_header(std::ostream& gp, const std::string& title, const std::string& xlabel,
                   const std::string& ylabel) {
  gp << "set title " << quoted(title) << "\n";
  gp << "set xlabel " << quoted(xlabel) << "\n";
  gp << "set ylabel " << quoted(ylabel) << "\n";
}

// The plot clauses of class-coloured points `$cK` (blocks written by write_class_blocks).
std::string class_clauses(const arma::uvec& classes, bool term) {
  std::string s;
  for (arma::uword k : classes) {
    const std::string block = "$c" + std::to_string(k);
    if (term) {
      s += ", " + block + " with points pt " + quoted(std::to_string(k % 10)) + " title " +
           quoted("class " + std::to_string(k));
    } else {
      s += ", " + block + " with points pt 7 ps 1.0 lc rgb " + quoted(class_colour(k)) + " title " +
           quoted("class " + std::to_string(k));
      s += ", " + block + " with points pt 6 ps 1.0 lc rgb 'black' notitle";
    }
  }
  return s;
}

void write_class_blocks(std::ostream& gp, const arma::mat& X, const arma::uvec& labels,
                        const arma::uvec& classes) {
  for (arma::uword k : classes) {
    const arma::uvec idx = arma::find(labels == k);
    const arma::mat S = X.cols(idx);
    write_xy_block(gp, "$c" + std::to_string(k), S.row(0).t(), S.row(1).t());
  }
}

std::string range_str(Range r) { return "[" + num(r.lo) + ":" + num(r.hi) + "]"; }

// True when every value is a class index 0 ... 9 (a whole number), as a classifier's predicted
// class.
bool classes_only(const arma::rowvec& v) {
  if (v.is_empty()) return false;
  for (double x : v)
    if (!std::isfinite(x) || x < 0.0 || x > 9.0 || x != std::floor(x)) return false;
  return true;
}

// One channel ('R', 'G' or 'B') of `colour` ("#rrggbb") mixed with white, 0 ... 255: the light
// tint of a class's region (a third of the colour, so the points in their full colour stand out).
int tint(const std::string& colour, char channel) {
  const int at = channel == 'R' ? 1 : channel == 'G' ? 3 : 5;
  const int c = std::stoi(colour.substr(at, 2), nullptr, 16);
  return static_cast<int>(std::lround(255.0 - (255.0 - c) / 3.0));
}

}  // namespace

Mode parse_mode(const std::string& name) {
  if (name == "png") return Mode::png;
  if (name == "term") return Mode::term;
  if (name == "none") return Mode::none;
  throw std::invalid_argument("nn::plot::Target: mode '" + name +
                              "' is not one of png, term, none");
}

Target::Target(Mode mode_, std::string dir_) : mode(mode_), dir(std::move(dir_)) {}

Target::Target(const std::string& mode_, std::string dir_)
    : Target(parse_mode(mode_), std::move(dir_)) {}

bool gnuplot_available() {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream ss(path);
  std::string entry;
  while (std::getline(ss, entry, ':')) {
    if (entry.empty()) entry = ".";
    const std::string candidate = entry + "/gnuplot";
    if (::access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

arma::mat grid_points(Range x, Range y, arma::uword nx, arma::uword ny) {
  if (nx < 2 || ny < 2)
    throw std::invalid_argument("nn::plot::grid_points: " + std::to_string(nx) + " x " +
                                std::to_string(ny) + " points, need at least 2 points per axis");
  const arma::vec gx = arma::linspace(x.lo, x.hi, nx);  // x.lo + i (x.hi - x.lo)/(nx-1)
  const arma::vec gy = arma::linspace(y.lo, y.hi, ny);  // y.lo + j (y.hi - y.lo)/(ny-1)
  arma::mat P(2, nx * ny);
  for (arma::uword j = 0; j < ny; ++j)
    for (arma::uword i = 0; i < nx; ++i) {
      P(0, i + nx * j) = gx(i);  // first coordinate varies fastest (np.meshgrid + ravel)
      P(1, i + nx * j) = gy(j);
    }
  return P;
}

arma::mat grid_points(Range x, Range y, arma::uword n) {
  if (n < 2)
    throw std::invalid_argument("nn::plot::grid_points: n = " + std::to_string(n) +
                                ", need at least 2 points per axis");
  return grid_points(x, y, n, n);
}

std::string lines(const Target& target, const std::string& file, const std::string& title,
                  const std::string& xlabel, const std::string& ylabel,
                  const std::vector<Series>& series, const LineOptions& options) {
  for (const Series& s : series) check_series(s, "nn::plot::lines('" + file + "')");
  for (const Series& s : series) style_clause(s.style, "");  // validates styles early
  const std::vector<int> dashes = dash_types(series, options.log_y);
  return render(target, file, [&](std::ostream& gp, bool term) {
    common_header(gp, title, xlabel, ylabel);
    if (!term) gp << "set grid\n";
    key_below(gp, term);
    if (options.log_y) log_axis(gp, "y");
    if (options.x_tic_step > 0) gp << "set xtics " << num(options.x_tic_step) << "\n";
    if (options.y_tic_step > 0) gp << "set ytics " << num(options.y_tic_step) << "\n";
    if (options.x_range.lo != options.x_range.hi)
      gp << "set xrange " << range_str(options.x_range) << "\n";
    if (options.y_range.lo != options.y_range.hi)
      gp << "set yrange " << range_str(options.y_range) << "\n";
    // an automatic y range keeps a margin: a curve at the extreme does not run along the border
    else if (!term)
      gp << "set offsets graph 0, graph 0, graph 0.03, graph 0.03\n";
    std::string clauses;
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (series[i].x.n_elem == 0) continue;
      const std::string block = "$s" + std::to_string(i);
      write_xy_block(gp, block, series[i].x, series[i].y);
      clauses += (clauses.empty() ? "plot " : ", ") + block + " " +
                 style_clause(series[i].style, term ? "" : series[i].colour, dashes[i]) + " " +
                 title_or_not(series[i].label);
    }
    if (clauses.empty()) {
      gp << "set xrange [0:1]\nset yrange [0:1]\nplot NaN notitle\n";
    } else {
      gp << clauses << "\n";
    }
  });
}

std::string scatter_classes(const Target& target, const std::string& file, const std::string& title,
                            const arma::mat& X, const arma::uvec& labels, const std::string& xlabel,
                            const std::string& ylabel) {
  check_points(X, labels, "nn::plot::scatter_classes('" + file + "')");
  return render(target, file, [&](std::ostream& gp, bool term) {
    common_header(gp, title, xlabel, ylabel);
    gp << (term ? "set key below\n" : "set grid\nset key outside right top\n");
    const arma::uvec classes = classes_of(labels);
    write_class_blocks(gp, X, labels, classes);
    std::string clauses = class_clauses(classes, term);
    if (clauses.empty())
      gp << "plot NaN notitle\n";
    else
      gp << "plot " << clauses.substr(2) << "\n";
  });
}

std::string decision_regions(const Target& target, const std::string& file,
                             const std::string& title, const PredictFn& predict, const arma::mat& X,
                             const arma::uvec& labels, Range x_range, Range y_range,
                             arma::uword resolution, const std::string& value_label) {
  const std::string where = "nn::plot::decision_regions('" + file + "')";
  check_points(X, labels, where);
  if (!target.enabled()) return "";
  const bool term = target.mode == Mode::term;
  // the dumb terminal has about 90 x 26 character cells: one grid cell per character
  const arma::uword nx = term ? 88 : std::max<arma::uword>(resolution, 2);
  const arma::uword ny = term ? 23 : std::max<arma::uword>(resolution, 2);
  const arma::mat P = grid_points(x_range, y_range, nx, ny);
  const arma::rowvec v = predict(P);
  if (v.n_elem != P.n_cols)
    throw nn::ShapeError(where + ": predict returned " + std::to_string(v.n_elem) + " values for " +
                         std::to_string(P.n_cols) + " grid points");
  return render(target, file, [&](std::ostream& gp, bool term_mode) {
    common_header(gp, title, "x1", "x2");
    gp << "set xrange " << range_str(x_range) << "\nset yrange " << range_str(y_range) << "\n";
    const arma::uvec classes = classes_of(labels);
    write_class_blocks(gp, X, labels, classes);
    std::string clauses;
    if (term_mode) {
      // cells shaded by the rounded prediction k on the shade ramp: 0 blank, 1 '.', 2 ':', ...
      arma::uvec level(v.n_elem);
      for (arma::uword k = 0; k < v.n_elem; ++k) {
        const double r = std::isfinite(v(k)) ? std::round(v(k)) : 0.0;
        level(k) = static_cast<arma::uword>(std::clamp(r, 0.0, double(kShadeLevels)));
      }
      for (int s = 1; s <= kShadeLevels; ++s) {
        const arma::uvec idx = arma::find(level == static_cast<arma::uword>(s));
        if (idx.is_empty()) continue;
        const std::string block = "$g" + std::to_string(s);
        const arma::mat S = P.cols(idx);
        write_xy_block(gp, block, S.row(0).t(), S.row(1).t());
        clauses += ", " + block + " with points pt " + quoted(std::string(1, kShades[s])) +
                   " title " + quoted("round(" + value_label + ") = " + std::to_string(s));
      }
    } else if (classes_only(v)) {
      // one light tint per class, of the colour its points have: (r, g, b) looked up by class
      gp << "set size square\nunset colorbox\n";
      const arma::uword K = static_cast<arma::uword>(v.max()) + 1;
      for (const char* channel : {"R", "G", "B"}) {
        gp << "array " << channel << "[" << K << "] = [";
        for (arma::uword k = 0; k < K; ++k)
          gp << (k ? "," : "") << tint(class_colour(k), channel[0]);
        gp << "]\n";
      }
      write_grid_block(gp, "$grid", P, v, nx);
      clauses +=
          ", $grid using 1:2:(R[int($3)+1]):(G[int($3)+1]):(B[int($3)+1]) with rgbimage notitle";
    } else {
      gp << "set size square\nset cblabel " << quoted(value_label) << "\n";
      const double lo = v.min(), hi = v.max();
      if (lo >= 0.0 && hi <= 1.0) gp << "set cbrange [0:1]\n";
      gp << "set palette defined (0 '#ffffff', 1 '#e34a33')\n";
      write_grid_block(gp, "$grid", P, v, nx);
      clauses += ", $grid with image notitle";
    }
    clauses += class_clauses(classes, term_mode);
    gp << (term_mode ? "set key below\n" : "set key outside right top\n");
    gp << "plot " << (clauses.empty() ? std::string("NaN notitle") : clauses.substr(2)) << "\n";
  });
}

std::string contour(const Target& target, const std::string& file, const std::string& title,
                    const std::function<double(double, double)>& f, Range x_range, Range y_range,
                    const std::vector<Series>& paths, const ContourOptions& options) {
  for (const Series& s : paths) check_series(s, "nn::plot::contour('" + file + "')");
  for (const Series& s : paths) style_clause(s.style, "");
  if (!target.enabled()) return "";
  const bool term = target.mode == Mode::term;
  const arma::uword n = term ? 40 : std::max<arma::uword>(options.resolution, 2);
  const arma::mat P = grid_points(x_range, y_range, n);
  arma::rowvec v(P.n_cols);
  for (arma::uword k = 0; k < P.n_cols; ++k) v(k) = f(P(0, k), P(1, k));
  const arma::uvec finite = arma::find_finite(v);
  const double fmin = finite.is_empty() ? 0.0 : v.elem(finite).min();
  const double fmax = finite.is_empty() ? 1.0 : v.elem(finite).max();
  // levels: f_i = fmin + i (fmax - fmin)/(L+1), or fmin + expm1(i log1p(fmax - fmin)/(L+1))
  std::string levels;
  // the terminal cannot tell many levels apart: at most 8 there
  const int L = std::max(term ? std::min(options.levels, 8) : options.levels, 1);
  for (int i = 1; i <= L; ++i) {
    const double t = static_cast<double>(i) / (L + 1);
    const double level = options.log_levels ? fmin + std::expm1(t * std::log1p(fmax - fmin))
                                            : fmin + t * (fmax - fmin);
    levels += (i > 1 ? "," : "") + num(level);
  }
  return render(target, file, [&](std::ostream& gp, bool) {
    common_header(gp, title, options.xlabel, options.ylabel);
    gp << "set xrange " << range_str(x_range) << "\nset yrange " << range_str(y_range) << "\n";
    write_grid_block(gp, "$grid", P, v, n);
    gp << "set contour base\nunset surface\nset view map\n";
    gp << "set cntrparam levels discrete " << levels << "\n";
    gp << "set table $cont\nsplot $grid using 1:2:3 notitle\nunset table\nunset contour\n";
    std::string clauses;
    if (!term) {
      gp << "set size square\nunset colorbox\n";
      gp << "set palette defined (0 '#f7fbff', 1 '#9ecae1') maxcolors 12\n";
      if (options.fill && options.log_levels) {
        clauses += ", $grid using 1:2:(log($3 - (" + num(fmin) + ") + 1)) with image notitle";
      } else if (options.fill) {
        clauses += ", $grid using 1:2:3 with image notitle";
      }
      clauses += ", $cont using 1:2 with lines lw 0.6 lc rgb '#555555' notitle";
    } else {
      clauses += ", $cont using 1:2 with lines notitle";
    }
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (paths[i].x.n_elem == 0) continue;
      const std::string block = "$p" + std::to_string(i);
      write_xy_block(gp, block, paths[i].x, paths[i].y);
      clauses += ", " + block + " " +
                 style_clause(paths[i].style, term ? "" : class_colour(i + 2)) + " " +
                 title_or_not(paths[i].label);
    }
    gp << "set key outside right top\n";
    gp << "plot " << clauses.substr(2) << "\n";
  });
}

std::string curves(const Target& target, const std::string& file, const std::string& title,
                   const std::vector<NamedSeries>& series, const std::string& ylabel, bool log_y) {
  std::vector<Series> s;
  std::size_t epochs = 0;
  for (const auto& [name, values] : series) {
    epochs = std::max(epochs, values.size());
    if (values.empty()) continue;
    const arma::vec y(values);
    const arma::vec x = arma::regspace<arma::vec>(1, static_cast<double>(values.size()));
    s.push_back({name, x, y, values.size() <= 30 ? "linespoints" : "lines"});
  }
  LineOptions opt;
  opt.log_y = log_y;
  // integer epochs, about 10 tics: step ceil(epochs / 10)
  opt.x_tic_step = static_cast<double>(std::max<std::size_t>(1, (epochs + 9) / 10));
  // counts (mistakes per epoch): whole-number tics, about 8 of them
  bool counts = !s.empty() && !log_y;
  double lo = 0.0, hi = 0.0;
  for (const Series& c : s) {
    counts = counts && arma::all(c.y == arma::floor(c.y));
    lo = std::min(lo, c.y.min());
    hi = std::max(hi, c.y.max());
  }
  if (counts) {
    opt.y_tic_step = std::max(1.0, std::ceil((hi - lo) / 8.0));
    // a quarter step of margin, so no tic below the least count (no "-1 mistakes")
    opt.y_range = {lo - 0.25 * opt.y_tic_step, hi + 0.25 * opt.y_tic_step};
  }
  return lines(target, file, title, "epoch", ylabel, s, opt);
}

std::string image_grid(const Target& target, const std::string& file, const std::string& title,
                       const arma::mat& images, const std::vector<std::string>& captions,
                       arma::uword side, arma::uword columns, bool normalize) {
  const std::string where = "nn::plot::image_grid('" + file + "')";
  if (side == 0 || images.n_rows != side * side)
    throw nn::ShapeError(where + ": images are " + nn::shape_str(images) + ", expected " +
                         std::to_string(side * side) + " rows (" + std::to_string(side) + " x " +
                         std::to_string(side) + " pixels per column)");
  if (!captions.empty() && captions.size() != images.n_cols)
    throw nn::ShapeError(where + ": " + std::to_string(captions.size()) + " captions for " +
                         std::to_string(images.n_cols) + " images");
  if (!target.enabled()) return "";
  const arma::uword M = images.n_cols;
  // pixel values in [0, 1]: clamped, or each image rescaled to its own [min, max]
  arma::mat V = images;
  for (arma::uword m = 0; m < M; ++m) {
    if (normalize) {
      const double lo = V.col(m).min(), hi = V.col(m).max();
      V.col(m) = hi > lo ? arma::vec((V.col(m) - lo) / (hi - lo))
                         : arma::vec(side * side, arma::fill::zeros);
    } else {
      V.col(m) = arma::clamp(V.col(m), 0.0, 1.0);
    }
  }
  const auto caption = [&](arma::uword m) {
    return captions.empty() ? std::string() : captions[m];
  };
  if (target.mode == Mode::term) {
    // characters on the shade ramp, two pixel rows per text line: ' ' (0) ... '@' (1)
    const arma::uword per_row = std::max<arma::uword>(1, 100 / (side + 2));
    std::ostringstream out;
    out << title << "\n";
    for (arma::uword first = 0; first < M; first += per_row) {
      const arma::uword last = std::min(M, first + per_row);
      for (arma::uword r = 0; r < side; r += 2) {
        std::string line;
        for (arma::uword m = first; m < last; ++m) {
          for (arma::uword c = 0; c < side; ++c) {
            double p = V(r * side + c, m);
            if (r + 1 < side) p = 0.5 * (p + V((r + 1) * side + c, m));
            line += shade(p);
          }
          line += "  ";
        }
        out << line << "\n";
      }
      std::string caps;
      for (arma::uword m = first; m < last; ++m) {
        std::string cap = caption(m).substr(0, side);
        caps += cap + std::string(side + 2 - cap.size(), ' ');
      }
      out << caps << "\n";
    }
    std::cout << out.str();
    std::cout.flush();
    return "";
  }
  const arma::uword cols =
      columns > 0 ? columns
                  : std::max<arma::uword>(
                        1, static_cast<arma::uword>(std::ceil(std::sqrt(static_cast<double>(M)))));
  const arma::uword rows = (M + cols - 1) / std::max<arma::uword>(cols, 1);
  const arma::uword gap = std::max<arma::uword>(2, side / 7),
                    cap_h = captions.empty() ? 0 : side / 3;
  const arma::uword cell_w = side + gap, cell_h = side + gap + cap_h;
  // one canvas: image m at grid cell (m / cols, m % cols), y grows downwards
  arma::mat canvas(std::max<arma::uword>(rows, 1) * cell_h, cols * cell_w, arma::fill::zeros);
  for (arma::uword m = 0; m < M; ++m) {
    const arma::uword r0 = (m / cols) * cell_h, c0 = (m % cols) * cell_w;
    for (arma::uword r = 0; r < side; ++r)
      for (arma::uword c = 0; c < side; ++c) canvas(r0 + r, c0 + c) = V(r * side + c, m);
  }
  return render(target, file, [&](std::ostream& gp, bool) {
    gp << "set title " << quoted(title) << "\n";
    gp << "unset border\nunset tics\nunset colorbox\nunset key\nset size ratio -1\n";
    gp << "set palette gray negative\nset cbrange [0:1]\n";
    gp << "set xrange [-0.5:" << num(canvas.n_cols - 0.5) << "]\n";
    gp << "set yrange [" << num(canvas.n_rows - 0.5) << ":-0.5]\n";
    for (arma::uword m = 0; m < M && cap_h > 0; ++m) {
      const arma::uword r0 = (m / cols) * cell_h, c0 = (m % cols) * cell_w;
      gp << "set label " << (m + 1) << " " << quoted(caption(m)) << " at "
         << num(c0 + 0.5 * (side - 1)) << "," << num(r0 + side + 0.5 * cap_h)
         << " center front font ',9'\n";
    }
    gp << "$img << EOD\n";
    for (arma::uword r = 0; r < canvas.n_rows; ++r) {
      for (arma::uword c = 0; c < canvas.n_cols; ++c)
        gp << c << ' ' << r << ' ' << num(canvas(r, c)) << '\n';
      gp << '\n';
    }
    gp << "EOD\n";
    gp << "plot $img using 1:2:3 with image notitle\n";
  });
}

}  // namespace nn::plot
