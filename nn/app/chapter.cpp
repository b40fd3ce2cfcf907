#include <nn/app/chapter.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <type_traits>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/kernels/kernels.hpp>

// OpenBLAS's own control (declared here so that no OpenBLAS header is needed).
extern "C" void openblas_set_num_threads(int num_threads);

namespace nn {

namespace {

// The whole of `text` as a number of type T (std::stod or std::stol), or a message saying what it
// is not ("not a number: 1e", "not an integer: 2.5").
template <typename T>
std::string parse_whole(const std::string& text, T& value, const std::string& what) {
  std::size_t used = 0;
  try {
    if constexpr (std::is_floating_point_v<T>)
      value = std::stod(text, &used);
    else
      value = std::stol(text, &used);
  } catch (const std::exception&) {
    return "not " + what + ": " + text;
  }
  return used == text.size() ? std::string() : "not " + what + ": " + text;
}

// "1000" for 1000.0, "0.5" for 0.5: a bound as the flag's help writes it.
std::string bound_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

CLI::Validator positive_finite() {
  return CLI::Validator(
      [](std::string& text) {
        double value = 0.0;
        if (std::string bad = parse_whole(text, value, "a number"); !bad.empty()) return bad;
        if (!std::isfinite(value) || value <= 0.0)
          return "must be a finite number > 0, got " + text;
        return std::string();
      },
      "> 0");
}

CLI::Validator real_in(double lo, double hi) {
  const std::string range = "[" + bound_text(lo) + ", " + bound_text(hi) + "]";
  return CLI::Validator(
      [lo, hi, range](std::string& text) {
        double value = 0.0;
        if (std::string bad = parse_whole(text, value, "a number"); !bad.empty()) return bad;
        if (!std::isfinite(value) || value < lo || value > hi)
          return "must be a number in " + range + ", got " + text;
        return std::string();
      },
      "in " + range);
}

CLI::Validator count_in(long lo, long hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        long value = 0;
        if (std::string bad = parse_whole(text, value, "an integer"); !bad.empty()) return bad;
        if (value < lo || value > hi) {
          return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                 text;
        }
        return std::string();
      },
      std::to_string(lo) + " to " + std::to_string(hi));
}

CLI::Validator seed_value() {
  return CLI::Validator(
      [](std::string& text) {
        const bool digits = !text.empty() && text.size() <= 20 &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        errno = 0;
        if (!digits) return "must be an integer from 0 to 18446744073709551615, got " + text;
        std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE) return "must be at most 18446744073709551615, got " + text;
        return std::string();
      },
      "0 to 2^64-1");
}

std::string find_repository_root(const std::string& start) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return "";
  dir = dir.lexically_normal();
  while (true) {
    if (fs::is_directory(dir / "chapters", ec) &&
        fs::is_regular_file(dir / "nn/app/chapter.hpp", ec)) {
      std::string s = dir.string();
      if (s.size() > 1 && s.back() == '/') s.pop_back();  // "/a/b/" -> "/a/b"
      return s;
    }
    if (!dir.has_relative_path()) return "";  // reached "/"
    dir = dir.has_filename() ? dir.parent_path() : dir.parent_path().parent_path();
  }
}

std::string repository_root() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("NN_REPO_ROOT"); env && *env) {
    std::error_code ec;
    if (!fs::is_directory(env, ec)) {
      throw std::invalid_argument(std::string("NN_REPO_ROOT=") + env +
                                  " is not a directory (it names the repository root; unset it to "
                                  "use the clone this program was built in)");
    }
    return fs::absolute(env).lexically_normal().string();
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // Linux: the running program
  if (!ec) {
    const std::string root = find_repository_root(exe.parent_path().string());
    if (!root.empty()) return root;
  }
  return find_repository_root(".");
}

namespace {

// Edit distance (insertions, deletions, substitutions), ignoring case.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// "--epoch=5" -> "epoch", "-epochs" -> "epochs"
std::string flag_name(const std::string& arg) {
  const std::size_t begin = arg.find_first_not_of('-');
  if (begin == std::string::npos) return "";
  return arg.substr(begin,
                    arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - begin);
}

}  // namespace

std::vector<std::string> closest_flags(const std::string& flag,
                                       const std::vector<std::string>& known) {
  const std::string name = flag_name(flag);
  if (name.empty()) return {};
  std::size_t best = std::string::npos;
  std::vector<std::string> closest;
  for (const std::string& k : known) {
    const std::string candidate = flag_name(k);
    const std::size_t d = edit_distance(name, candidate);
    if (d > 2 || 2 * d >= candidate.size()) continue;
    if (d < best) {
      best = d;
      closest.clear();
    }
    if (d == best) closest.push_back(k);
  }
  if (!closest.empty()) return closest;
  std::vector<std::string> prefixed;
  for (const std::string& k : known) {
    if (name.size() >= 2 && flag_name(k).compare(0, name.size(), name) == 0) prefixed.push_back(k);
  }
  if (prefixed.size() == 1) return prefixed;
  return {};
}

namespace {

// --help the way a student reads it: "--epochs N   epochs of ... (1 to 100000; default 50)"
// instead of CLI11's "--epochs INT:INT in [1 - 100000]=50".
class ChapterHelp : public CLI::Formatter {
 public:
  ChapterHelp() { column_width(24); }

  std::string make_usage(const CLI::App* app, std::string name) const override {
    return "Usage: " + name + (app->get_options().size() > 1 ? " [flags]\n" : "\n");
  }

  std::string make_group(std::string, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override {
    std::string out = "\nFlags:\n";
    for (const CLI::Option* opt : opts) out += make_option(opt, is_positional);
    return out;
  }

  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_type_name().empty()) return "";  // a switch such as --quiet
    const std::string choices = member_list(*opt);
    if (!choices.empty()) return " " + choices;
    const std::string type = base_type(*opt);
    if (type == "INT" || type == "UINT") return " N";
    if (type == "FLOAT") return " X";
    if (opt->get_lnames() == std::vector<std::string>{"data-dir"}) return " DIR";
    return " TEXT";
  }

  std::string make_option_desc(const CLI::Option* opt) const override {
    std::vector<std::string> notes;
    if (member_list(*opt).empty()) {
      const std::string range = range_text(*opt);
      if (!range.empty()) notes.push_back(range);
    }
    if (!opt->get_type_name().empty() && !opt->get_default_str().empty())
      notes.push_back("default " + opt->get_default_str());
    std::string text = opt->get_description();
    for (std::size_t i = 0; i < notes.size(); ++i) text += (i ? "; " : " (") + notes[i];
    if (!notes.empty()) text += ")";
    return wrap(text, 76);
  }

 private:
  // "UINT:INT in [3 - 100000]" -> "UINT"; the rest, after the first ':', are the validators
  static std::string base_type(const CLI::Option& opt) {
    const std::string t = opt.get_type_name();
    return t.substr(0, t.find(':'));
  }
  static std::string validators(const CLI::Option& opt) {
    const std::string t = opt.get_type_name();
    const std::size_t colon = t.find(':');
    return colon == std::string::npos ? "" : t.substr(colon + 1);
  }
  // "{png,term,none}" -> "png|term|none"
  static std::string member_list(const CLI::Option& opt) {
    const std::string v = validators(opt);
    if (v.size() < 2 || v.front() != '{' || v.back() != '}') return "";
    std::string s = v.substr(1, v.size() - 2);
    std::replace(s.begin(), s.end(), ',', '|');
    return s;
  }
  // CLI::Range's "INT in [1 - 100000]" and nn::count_in's "1 to 1024" -> "1 to 100000"
  static std::string range_text(const CLI::Option& opt) {
    const std::string v = validators(opt);
    static const std::regex range(R"((?:[A-Z]+ )?in \[(\S+) - (\S+)\])");
    std::smatch m;
    if (std::regex_search(v, m, range)) return m[1].str() + " to " + m[2].str();
    return v;
  }
  // word wrap; CLI11 indents each line after a '\n' to the description column
  static std::string wrap(const std::string& text, std::size_t width) {
    std::string out, line;
    std::istringstream words(text);
    for (std::string w; words >> w;) {
      if (!line.empty() && line.size() + 1 + w.size() > width) {
        out += line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + w;
    }
    return out + line;
  }
};

}  // namespace

Chapter::Chapter(std::string slug, const std::string& title) : app_(title, "ch" + slug) {
  options_.slug = std::move(slug);
  app_.formatter(std::make_shared<ChapterHelp>());
  app_.set_help_flag("-h,--help", "print this help and exit");
  app_.footer(
      "Data and plots are found from the repository root, whatever folder you run this from: the\n"
      "clone this program was built in, or $NN_REPO_ROOT when set.\n"
      "Exit codes: 0 done, 1 a data or shape problem (the message names it), 2 a bad flag.");
  // A seed is 0 .. 2^64 - 1 written in decimal digits: "-1" or "18446744073709551616" would
  // otherwise wrap or saturate silently.
  app_.add_option("--seed", options_.seed, "seed of the random generator")
      ->check(seed_value())
      ->capture_default_str();
  app_.add_option("--plot", options_.plot,
                  "where plots go: png (files in plots/" + options_.slug +
                      "/), term (drawn in the terminal) or none")
      ->check(CLI::IsMember({"png", "term", "none"}))
      ->capture_default_str();
  app_.add_flag("--quiet", options_.quiet, "print the worked examples only, no progress output");
  if (const char* env = std::getenv("OPENBLAS_NUM_THREADS")) {
    const long n = std::strtol(env, nullptr, 10);
    if (n >= 1) options_.threads = static_cast<int>(std::min(n, 1024L));  // as --threads allows
  }
  app_.add_option("--threads", options_.threads, "OpenBLAS threads for the matrix products")
      ->check(count_in(1, 1024))
      ->default_str("1, or $OPENBLAS_NUM_THREADS when set");
}

void Chapter::add_data_dir(const std::string& help) {
  app_.add_option("--data-dir", options_.data_dir, help)->capture_default_str();
}

int Chapter::run(int argc, char** argv, const std::function<void(const ChapterOptions&)>& body) {
  const std::string program = app_.get_name();
  try {
    options_.root = repository_root();
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return 2;
  }
  app_.allow_extras();  // unknown flags are reported below, with the closest known ones
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app_.exit(e);  // prints help (code 0) or the error message
    return code == 0 ? 0 : 2;
  }
  if (const std::vector<std::string> extra = app_.remaining(); !extra.empty()) {
    std::vector<std::string> known;
    for (const CLI::Option* opt : app_.get_options()) {
      for (const std::string& n : opt->get_lnames()) known.push_back("--" + n);
    }
    const auto flag = std::find_if(extra.begin(), extra.end(), [](const std::string& a) {
      return a.size() > 1 && a[0] == '-';
    });
    if (flag == extra.end()) {
      std::cerr << program << ": unexpected argument " << extra.front()
                << " (the chapters take flags only)\n";
    } else {
      std::cerr << program << ": " << *flag << ": unknown flag";
      const std::vector<std::string> close = closest_flags(*flag, known);
      for (std::size_t i = 0; i < close.size(); ++i)
        std::cerr << (i == 0 ? "; did you mean " : " or ") << close[i];
      if (!close.empty()) std::cerr << "?";
      if (flag_name(*flag) == "data-dir")
        std::cerr
            << " (this chapter reads no data files; the chapters that load a data set take it)";
      std::cerr << '\n';
    }
    std::cerr << "Run with --help for the list of flags.\n";
    return 2;
  }
  namespace fs = std::filesystem;
  // a relative --data-dir counts from where the program was started, not from the root
  const CLI::Option* data_dir = app_.get_option_no_throw("--data-dir");
  if (data_dir && data_dir->count() > 0 && !options_.data_dir.empty())
    options_.data_dir = fs::absolute(options_.data_dir).lexically_normal().string();
  if (!options_.root.empty()) {
    std::error_code ec;
    fs::current_path(options_.root, ec);
    if (ec) {
      std::cerr << program << ": cannot change to the repository root " << options_.root << ": "
                << ec.message() << '\n';
      return 1;
    }
  }
  set_seed(options_.seed);
  openblas_set_num_threads(options_.threads);
  try {
    kernels::active();  // a bad NN_KERNELS is reported here, before the chapter prints anything
    body(options_);
  } catch (const DataError& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const ShapeError& e) {
    std::cout.flush();
    std::cerr << "shape error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cout.flush();
    std::cerr << "error: an exception that is not a std::exception\n";
    return 1;
  }
  return 0;
}

}  // namespace nn
