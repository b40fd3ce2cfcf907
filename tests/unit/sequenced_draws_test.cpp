// Every random draw is a statement of its own. C++ leaves open the order in which the arguments
// of a call (and the operands of + - * ...) are evaluated, so
//   arma::join_rows(rng.randn(2, n), rng.randn(2, n))
// puts other points in each half with Clang (left to right) than with GCC (right to left): the
// same seed would give other numbers on another compiler. This test reads the C++ sources of
// nn/, chapters/, tests/ and bench/ and fails on any statement that uses one generator twice.
//
// The rule, deliberately simpler than the language's sequencing rules: within one statement
// (the text between two of ; { }), a generator is used at most once. A use is
//   - a call of a drawing member on it: g.randn( g.randu( g.normal( g.uniform( g.integer(
//     g.bernoulli( g.permutation( g.next( g.engine(  (also g->..., nn::global_rng().randn(...));
//   - Armadillo's own generator: arma::randn arma::randu arma::randi arma::randg arma::randperm
//     arma::shuffle (all one generator, "arma");
//   - the generator passed as an argument, f(x, rng) or f(*rng), where rng is declared in the same
//     file as an nn::Rng (`Rng rng(7)`, `Rng& rng`, `Rng a(1), b(2)`), or nn::global_rng().
// A statement that breaks it is rewritten as one statement per draw, in the order wanted.
// Not seen: draws hidden in a constructor or a helper that uses nn::global_rng() by default
// (nn::Dense(in, out) initialises from it); the golden tests built with Clang catch those.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Comments and string/character literals replaced by spaces (newlines kept, so lines still count).
std::string strip_comments_and_literals(const std::string& s) {
  std::string out = s;
  const std::size_t n = s.size();
  std::size_t i = 0;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < n; ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  while (i < n) {
    if (s.compare(i, 2, "//") == 0) {
      std::size_t j = s.find('\n', i);
      if (j == std::string::npos) j = n;
      blank(i, j);
      i = j;
    } else if (s.compare(i, 2, "/*") == 0) {
      std::size_t j = s.find("*/", i + 2);
      j = j == std::string::npos ? n : j + 2;
      blank(i, j);
      i = j;
    } else if (s[i] == 'R' && i + 1 < n && s[i + 1] == '"' &&
               (i == 0 ||
                !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_'))) {
      // raw string R"delim( ... )delim"
      const std::size_t open = s.find('(', i + 2);
      if (open == std::string::npos) break;
      const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      std::size_t j = s.find(close, open + 1);
      j = j == std::string::npos ? n : j + close.size();
      blank(i, j);
      i = j;
    } else if (s[i] == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(s[i - 1])) &&
               i + 1 < n && std::isxdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;  // a digit separator, 1'000'000
    } else if (s[i] == '"' || s[i] == '\'') {
      const char q = s[i];
      std::size_t j = i + 1;
      while (j < n && s[j] != q && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

struct Token {
  std::string text;
  int line;
};

std::vector<Token> tokenize(const std::string& code) {
  std::vector<Token> tokens;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = code.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(code[i]);
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(c)) {
      ++i;
    } else if (std::isalpha(c) || c == '_') {
      std::size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(code[j])) || code[j] == '_')) ++j;
      tokens.push_back({code.substr(i, j - i), line});
      i = j;
    } else if (std::isdigit(c)) {
      std::size_t j = i;
      while (j < n && (std::isalnum(static_cast<unsigned char>(code[j])) || code[j] == '.' ||
                       code[j] == '\''))
        ++j;
      tokens.push_back({code.substr(i, j - i), line});
      i = j;
    } else if (code.compare(i, 2, "::") == 0 || code.compare(i, 2, "->") == 0) {
      tokens.push_back({code.substr(i, 2), line});
      i += 2;
    } else {
      tokens.push_back({std::string(1, code[i]), line});
      ++i;
    }
  }
  return tokens;
}

bool is_identifier(const std::string& t) {
  return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
}

// Where each generator is declared: `Rng rng(7)`, `Rng& rng`, `Rng* rng_`, `Rng a(1), b(2)`. A name
// counts as that generator from its declaration to the end of the enclosing { } (a parameter's
// function body, or the braced list a lambda parameter sits in).
struct Scope {
  std::size_t begin, end;
};
using Generators = std::map<std::string, std::vector<Scope>>;

Generators generator_scopes(const std::vector<Token>& t) {
  // enclosing_end[i]: index of the } closing the innermost { open at token i (t.size() if none)
  std::vector<std::size_t> enclosing_end(t.size(), t.size());
  std::vector<std::vector<std::size_t>> waiting(1);  // per open {, the tokens inside it
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].text == "}" && waiting.size() > 1) {
      for (std::size_t k : waiting.back()) enclosing_end[k] = i;
      waiting.pop_back();
    }
    waiting.back().push_back(i);
    if (t[i].text == "{") waiting.emplace_back();
  }
  const auto skip_balanced = [&t](std::size_t j) {  // t[j] is ( or {: the index after its match
    const std::string open_text = t[j].text, close = open_text == "(" ? ")" : "}";
    int depth = 0;
    for (; j < t.size(); ++j) {
      if (t[j].text == open_text) ++depth;
      if (t[j].text == close && --depth == 0) return j + 1;
    }
    return j;
  };
  Generators g;
  g["global_rng"].push_back({0, t.size()});
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].text != "Rng") continue;
    std::size_t j = i + 1;
    while (j < t.size()) {
      while (j < t.size() && (t[j].text == "&" || t[j].text == "*" || t[j].text == "const")) ++j;
      if (j >= t.size() || !is_identifier(t[j].text)) break;
      g[t[j].text].push_back({j, enclosing_end[j]});
      ++j;
      if (j < t.size() && (t[j].text == "(" || t[j].text == "{")) j = skip_balanced(j);
      // another declarator of the same declaration: `, b(2)`; a parameter list's `, int n` is not
      if (j + 2 < t.size() && t[j].text == "," && is_identifier(t[j + 1].text) &&
          (t[j + 2].text == "(" || t[j + 2].text == "{" || t[j + 2].text == "," ||
           t[j + 2].text == ";" || t[j + 2].text == "=")) {
        ++j;
        continue;
      }
      break;
    }
  }
  return g;
}

bool is_generator_at(const Generators& g, const std::string& name, std::size_t at) {
  const auto it = g.find(name);
  if (it == g.end()) return false;
  for (const Scope& s : it->second)
    if (s.begin <= at && at <= s.end) return true;
  return false;
}

const std::set<std::string> kDrawMembers = {
    "randn", "randu", "normal", "uniform", "integer", "bernoulli", "permutation", "next", "engine"};
const std::set<std::string> kArmadilloDraws = {"randn", "randu",    "randi",
                                               "randg", "randperm", "shuffle"};

struct Violation {
  int line;
  std::string generator;
  std::string statement;
};

// Statements of `source` (C++ text) that use one generator more than once.
std::vector<Violation> unsequenced_draws(const std::string& source) {
  const std::vector<Token> t = tokenize(strip_comments_and_literals(source));
  const Generators generators = generator_scopes(t);
  // A { } with no ; inside is a braced list (arma::vec{1, 2}), part of its statement; any other
  // { and } (blocks, bodies, a lambda's body) end a statement.
  std::vector<bool> is_boundary(t.size(), false);
  std::vector<std::size_t> open_braces, semicolons_at_open;
  std::size_t semicolons = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].text == ";") {
      ++semicolons;
      is_boundary[i] = true;
    } else if (t[i].text == "{") {
      open_braces.push_back(i);
      semicolons_at_open.push_back(semicolons);
    } else if (t[i].text == "}" && !open_braces.empty()) {
      const bool block = semicolons > semicolons_at_open.back();
      is_boundary[open_braces.back()] = block;
      is_boundary[i] = block;
      open_braces.pop_back();
      semicolons_at_open.pop_back();
    }
  }
  std::vector<Violation> found;
  std::size_t begin = 0;
  for (std::size_t end = 0; end <= t.size(); ++end) {
    if (end < t.size() && !is_boundary[end]) continue;
    std::map<std::string, int> uses;
    for (std::size_t i = begin; i < end; ++i) {
      const std::string& x = t[i].text;
      // g.m( or g->m(, also global_rng().m(
      if ((x == "." || x == "->") && i > begin && i + 2 < end &&
          kDrawMembers.count(t[i + 1].text) && t[i + 2].text == "(") {
        std::string g = t[i - 1].text;
        if (g == ")" && i >= begin + 3 && t[i - 2].text == "(") g = t[i - 3].text;  // global_rng()
        ++uses[g];
      }
      // arma::randn(...) and friends
      if (x == "arma" && i + 2 < end && t[i + 1].text == "::" &&
          kArmadilloDraws.count(t[i + 2].text)) {
        ++uses["arma"];
      }
      // a generator passed as an argument: ( or , then [*] [nn::] name [()] then , or )
      if ((x == "(" || x == ",") && i + 2 < end) {
        std::size_t k = i + 1;
        if (t[k].text == "*") ++k;
        if (k + 1 < end && t[k].text == "nn" && t[k + 1].text == "::") k += 2;
        if (k + 1 < end && is_generator_at(generators, t[k].text, k)) {
          std::size_t after = k + 1;
          if (t[k].text == "global_rng" && after + 1 < end && t[after].text == "(" &&
              t[after + 1].text == ")")
            after += 2;
          if (after < end && (t[after].text == "," || t[after].text == ")")) ++uses[t[k].text];
        }
      }
    }
    for (const auto& [g, count] : uses) {
      if (count < 2) continue;
      std::string text;
      for (std::size_t i = begin; i < end; ++i) text += (text.empty() ? "" : " ") + t[i].text;
      found.push_back({t[begin].line, g, text});
    }
    begin = end + 1;
  }
  return found;
}

std::vector<Violation> check(const std::string& code) { return unsequenced_draws(code); }

// --- the scanner itself ------------------------------------------------------------------------

TEST(SequencedDraws, FindsTwoDrawsInOneCall) {
  const auto v = check(
      "arma::mat X = arma::join_rows(rng.randn(2, 20, 0.0, 0.5),\n"
      "                              rng.randn(2, 20, 0.0, 0.5));\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].generator, "rng");
  EXPECT_EQ(v[0].line, 1);
}

TEST(SequencedDraws, FindsDrawsInConstructorArgumentsOperandsAndGlobalGenerators) {
  EXPECT_EQ(
      check("model.add(std::make_unique<nn::Dense>(rng.randn(4, 3), arma::vec(rng.randn(4, 1))));")
          .size(),
      1u);
  EXPECT_EQ(check("nn::Dense dense(rng.randn(3, 4), rng.randn(3, 1));").size(), 1u);
  EXPECT_EQ(check("const double s = rng.normal() + rng->normal();").size(), 1u);
  EXPECT_EQ(check("x = nn::global_rng().uniform() * nn::global_rng().uniform();").size(), 1u);
  EXPECT_EQ(check("const arma::mat A = arma::randn(2, 2) + arma::randu(2, 2);").size(), 1u);
  EXPECT_EQ(check("nn::Rng rng(1);\nfit(rng.randn(3, 5), rng);").size(), 1u);
  EXPECT_EQ(check("void f(nn::Rng& gen) { g(h(*gen), gen.uniform()); }").size(), 1u);
  EXPECT_EQ(check("nn::Rng a(7), b(7);\nsame(make_xor(4, 0.1, a), make_xor(4, 0.1, a));").size(),
            1u);
  EXPECT_EQ(
      check("auto p = std::make_pair(nn::global_rng().randn(1, 1), f(nn::global_rng()));").size(),
      1u);
  EXPECT_EQ(check("const arma::mat X = rng.randn(3, 10), Y = rng.randn(2, 10);").size(), 1u);
  // a braced list inside the call does not end the statement
  EXPECT_EQ(check("f(rng.randn(1, 1), arma::vec{1, 2}, rng.randn(1, 1));").size(), 1u);
  // nor do the lines of a multi-line call
  EXPECT_EQ(
      check("gradcheck_sequential(model,\n    rng.randn(3, 5),\n    rng.randn(2, 5));").size(), 1u);
}

TEST(SequencedDraws, AcceptsOneDrawPerStatement) {
  EXPECT_TRUE(check("const arma::mat W = rng.randn(3, 4);\n"
                    "const arma::vec b = rng.randn(3, 1);\n"
                    "auto layer = std::make_unique<nn::Dense>(W, b);\n")
                  .empty());
  // two generators, one draw each
  EXPECT_TRUE(check("nn::Rng a(7), b(7);\nEXPECT_TRUE(same(nn::make_moons(50, 0.2, a).X, "
                    "nn::make_moons(50, 0.2, b).X));")
                  .empty());
  // a lambda's body is its own statement
  EXPECT_TRUE(check("auto draw = [&rng](int n) { return rng.randn(2, n); };\nfor (int i = 0; i < "
                    "3; ++i) x += rng.normal();")
                  .empty());
  // comments and strings are not code
  EXPECT_TRUE(check("// join_rows(rng.randn(1, 1), rng.randn(1, 1))\n"
                    "const char* s = \"rng.randn(1, 1) + rng.randn(1, 1)\";\n"
                    "/* rng.normal() * rng.normal() */ int n = 1'000'000;\n")
                  .empty());
  // a generator's name means the generator only where it is declared
  EXPECT_TRUE(
      check(
          "std::string row(const arma::mat& M, arma::uword r) { return f(M(r, 0)) + f(M(r, 1)); }\n"
          "void g() { auto draw = {[](nn::Rng& r) { return r.normal(); }}; }")
          .empty());
  // a parameter list that declares a generator is not a use of it, nor is the next parameter one
  EXPECT_TRUE(check("arma::mat batch(nn::Rng& rng, arma::uword n) { return rng.randn(2, n); }\n"
                    "void g(arma::uword n) { h(n, n); }")
                  .empty());
  // a lambda's multi-statement body inside a call is its own statements
  EXPECT_TRUE(check("auto v = apply([&](int n) { const double a = rng.normal(); return a + n; }, "
                    "rng.uniform());")
                  .empty());
}

// --- the repository ----------------------------------------------------------------------------

TEST(SequencedDraws, NoStatementInTheSourcesDrawsTwiceFromOneGenerator) {
  namespace fs = std::filesystem;
  const fs::path root = NN_SOURCE_DIR;
  std::vector<std::string> report;
  std::size_t files = 0;
  bool saw_chapter_01 = false;
  for (const char* dir : {"nn", "chapters", "tests", "bench"}) {
    if (!fs::exists(root / dir)) continue;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      ++files;
      const std::string rel = fs::relative(e.path(), root).generic_string();
      saw_chapter_01 = saw_chapter_01 || rel == "chapters/01_perceptron/main.cpp";
      for (const Violation& v : unsequenced_draws(ss.str())) {
        report.push_back(rel + ":" + std::to_string(v.line) + ": " + v.generator +
                         " used twice in: " + v.statement);
      }
    }
  }
  EXPECT_TRUE(saw_chapter_01) << "the scan did not reach chapters/ under " << root;
  EXPECT_GT(files, 50u);
  std::string all;
  for (const std::string& r : report) all += "  " + r + "\n";
  EXPECT_TRUE(report.empty())
      << report.size()
      << " statement(s) draw twice from one generator; the order of such draws "
         "differs between compilers. Make each draw a statement of its own:\n"
      << all;
}

}  // namespace
