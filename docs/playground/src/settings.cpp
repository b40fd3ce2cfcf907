// The settings of a playground setup: one table (kSpecs) says, for every key of the query string,
// what it holds, its range or choices, its default and when it applies. Parsing, the normalised
// query string and the JSON the page builds its controls from all read that table.
#include "playground.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "text.hpp"

namespace playground {

namespace {

using Values = std::map<std::string, std::string>;

enum class Kind { choice, integer, real, flag, integers, words };

// One key. `fallback` gives the default and `applies` says whether the key means anything, both
// from the keys before it in the table (so `noise` can depend on `dataset`).
struct Spec {
  const char* key;
  Kind kind;
  const char* group;
  const char* label;
  double lo, hi;  // range of a number (each entry of a list)
  std::function<std::vector<std::string>(const Values&)> choices;  // choice, words
  std::function<std::string(const Values&)> fallback;
  std::function<bool(const Values&)> applies;
  const char* help;
};

bool is(const Values& v, const char* key, std::initializer_list<const char*> any) {
  const auto it = v.find(key);
  if (it == v.end()) return false;
  for (const char* a : any)
    if (it->second == a) return true;
  return false;
}

bool always(const Values&) { return true; }
bool hidden_layers(const Values& v) { return v.count("layers") && !v.at("layers").empty(); }

std::function<std::vector<std::string>(const Values&)> fixed(std::vector<std::string> c) {
  return [c](const Values&) { return c; };
}
std::function<std::string(const Values&)> constant(const char* s) {
  return [s](const Values&) { return std::string(s); };
}

const std::vector<std::string> kDatasets = {"xor",   "circles",      "moons", "spiral",
                                            "blobs", "nonseparable", "sine"};
const std::vector<std::string> kActivations = {"identity", "step",       "sigmoid", "tanh",
                                               "relu",     "leaky_relu", "prelu",   "rrelu",
                                               "elu",      "selu",       "gelu",    "gelu_tanh"};
const std::vector<std::string> kInits = {
    "glorot_uniform", "glorot_normal", "he_uniform",       "he_normal", "lecun_uniform",
    "lecun_normal",   "normal",        "truncated_normal", "uniform",   "constant"};
const std::vector<std::string> kOptimizers = {"sgd",    "rmsprop", "adam", "adadelta", "adagrad",
                                              "adamax", "nadam",   "ftrl", "amsgrad"};
const std::vector<std::string> kSchedules = {"constant", "inverse_time", "step", "exponential",
                                             "cosine"};

std::vector<std::string> losses_for(const Values& v) {
  if (is(v, "dataset", {"sine"})) return {"mse", "mae"};
  const bool binary =
      !(is(v, "dataset", {"spiral", "blobs"}) && v.count("classes") && v.at("classes") != "2");
  if (binary) return {"bce", "bce_logits", "ce", "softmax_ce", "nll", "mse", "mae"};
  return {"ce", "softmax_ce", "nll", "mse", "mae"};
}

const std::vector<Spec>& specs() {
  static const std::vector<Spec> table = {
      // data
      {"seed",
       Kind::integer,
       "data",
       "Seed",
       0,
       4294967295.0,
       {},
       constant("1"),
       always,
       "Seeds the one generator of everything random: data, split, initial weights, shuffles, "
       "dropout."},
      {"dataset", Kind::choice, "data", "Data set", 0, 0, fixed(kDatasets), constant("moons"),
       always, "The chapters' data sets (nn/data/synthetic.hpp)."},
      {"n",
       Kind::integer,
       "data",
       "Points",
       8,
       2000,
       {},
       [](const Values& v) {
         return std::string(is(v, "dataset", {"nonseparable"}) ? "400"
                            : is(v, "dataset", {"sine"})       ? "100"
                                                               : "200");
       },
       always,
       "Number of points before the split."},
      {"noise",
       Kind::real,
       "data",
       "Noise",
       0,
       2,
       {},
       [](const Values& v) {
         if (is(v, "dataset", {"xor"})) return std::string("0.15");
         if (is(v, "dataset", {"circles", "spiral"})) return std::string("0.05");
         if (is(v, "dataset", {"blobs"})) return std::string("0.5");
         return std::string("0.1");
       },
       [](const Values& v) { return !is(v, "dataset", {"nonseparable"}); },
       "Standard deviation of the Gaussian noise (for blobs: of each blob)."},
      {"classes",
       Kind::integer,
       "data",
       "Classes",
       2,
       5,
       {},
       constant("2"),
       [](const Values& v) {
         return is(v, "dataset", {"spiral", "blobs"});
       },
       "Number of classes (arms, blobs)."},
      {"test",
       Kind::real,
       "data",
       "Test fraction",
       0,
       0.9,
       {},
       constant("0.3"),
       always,
       "Fraction of the points held out (nn::train_test_split)."},
      // network
      {"layers",
       Kind::integers,
       "network",
       "Hidden layers",
       1,
       64,
       {},
       constant("8,8"),
       always,
       "Units of each hidden layer, comma-separated (at most 6 layers; empty: no hidden layer)."},
      {"act", Kind::words, "network", "Activation", 0, 0, fixed(kActivations), constant("tanh"),
       hidden_layers, "Activation of each hidden layer (one name for all, or one per layer)."},
      {"init", Kind::choice, "network", "Initializer", 0, 0, fixed(kInits),
       constant("glorot_uniform"), always,
       "How the weights W of every Dense layer are drawn (nn/init/init.hpp); biases start at 0."},
      {"init_scale",
       Kind::real,
       "network",
       "Init scale",
       0,
       10,
       {},
       constant("0.1"),
       [](const Values& v) {
         return is(v, "init", {"normal", "truncated_normal", "uniform", "constant"});
       },
       "Standard deviation (normal), limit r of U[-r, r] (uniform) or the value (constant)."},
      {"bn",
       Kind::flag,
       "network",
       "Batch norm",
       0,
       1,
       {},
       constant("0"),
       hidden_layers,
       "A BatchNorm layer after each hidden Dense layer, before its activation."},
      {"bn_momentum",
       Kind::real,
       "network",
       "BN momentum",
       0,
       0.999,
       {},
       constant("0.9"),
       [](const Values& v) { return is(v, "bn", {"1"}); },
       "Momentum of BatchNorm's running statistics."},
      {"dropout",
       Kind::real,
       "network",
       "Dropout",
       0,
       0.9,
       {},
       constant("0"),
       hidden_layers,
       "Drop rate p of a Dropout layer after each hidden activation (0: none)."},
      {"l2",
       Kind::real,
       "network",
       "L2",
       0,
       1,
       {},
       constant("0"),
       always,
       "lambda of the L2 penalty (lambda/2) |W|^2 on every weight matrix (not the biases)."},
      {"loss", Kind::choice, "network", "Loss", 0, 0, losses_for,
       [](const Values& v) { return losses_for(v).front(); }, always,
       "The loss and the output layer it needs (a sigmoid, a softmax, a log-softmax or none)."},
      // training
      {"opt", Kind::choice, "training", "Optimizer", 0, 0, fixed(kOptimizers), constant("adam"),
       always, "The optimizers of chapter 08 (nn/optim)."},
      {"lr",
       Kind::real,
       "training",
       "Learning rate",
       1e-6,
       10,
       {},
       [](const Values& v) { return std::string(is(v, "opt", {"adadelta"}) ? "1" : "0.03"); },
       always,
       "The learning rate eta (the start of the schedule)."},
      {"momentum",
       Kind::real,
       "training",
       "Momentum",
       0,
       0.999,
       {},
       constant("0"),
       [](const Values& v) {
         return is(v, "opt", {"sgd", "rmsprop"});
       },
       "Momentum mu (0: none)."},
      {"nesterov",
       Kind::flag,
       "training",
       "Nesterov",
       0,
       1,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "opt", {"sgd"}); },
       "Nesterov's look-ahead momentum (needs momentum > 0)."},
      {"beta1",
       Kind::real,
       "training",
       "beta1",
       0,
       0.9999,
       {},
       constant("0.9"),
       [](const Values& v) {
         return is(v, "opt", {"adam", "amsgrad", "adamax", "nadam"});
       },
       "Decay of the first moment."},
      {"beta2",
       Kind::real,
       "training",
       "beta2",
       0,
       0.9999,
       {},
       constant("0.999"),
       [](const Values& v) {
         return is(v, "opt", {"adam", "amsgrad", "adamax", "nadam"});
       },
       "Decay of the second moment (Adamax: of the infinity norm)."},
      {"rho",
       Kind::real,
       "training",
       "rho",
       0,
       0.9999,
       {},
       [](const Values& v) { return std::string(is(v, "opt", {"adadelta"}) ? "0.95" : "0.9"); },
       [](const Values& v) {
         return is(v, "opt", {"rmsprop", "adadelta"});
       },
       "Decay of the running averages."},
      {"centered",
       Kind::flag,
       "training",
       "Centered",
       0,
       1,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "opt", {"rmsprop"}); },
       "Divide by an estimate of the standard deviation."},
      {"eps",
       Kind::real,
       "training",
       "epsilon",
       0,
       1,
       {},
       constant("1e-07"),
       [](const Values& v) {
         return !is(v, "opt", {"sgd", "ftrl"});
       },
       "epsilon of the denominator."},
      {"momentum_decay",
       Kind::real,
       "training",
       "Momentum decay",
       0,
       1,
       {},
       constant("0.004"),
       [](const Values& v) { return is(v, "opt", {"nadam"}); },
       "psi of Nadam's momentum schedule."},
      {"initial_accumulator",
       Kind::real,
       "training",
       "Initial accumulator",
       0,
       10,
       {},
       constant("0.1"),
       [](const Values& v) {
         return is(v, "opt", {"adagrad", "ftrl"});
       },
       "Starting value of the squared-gradient sum."},
      {"lr_power",
       Kind::real,
       "training",
       "lr power",
       -10,
       0,
       {},
       constant("-0.5"),
       [](const Values& v) { return is(v, "opt", {"ftrl"}); },
       "Power p of FTRL's rate decay n^p."},
      {"ftrl_l1",
       Kind::real,
       "training",
       "FTRL L1",
       0,
       10,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "opt", {"ftrl"}); },
       "FTRL's own L1 strength."},
      {"ftrl_l2",
       Kind::real,
       "training",
       "FTRL L2",
       0,
       10,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "opt", {"ftrl"}); },
       "FTRL's own L2 strength."},
      {"ftrl_beta",
       Kind::real,
       "training",
       "FTRL beta",
       0,
       10,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "opt", {"ftrl"}); },
       "FTRL's beta."},
      {"schedule", Kind::choice, "training", "Schedule", 0, 0, fixed(kSchedules),
       constant("constant"), always,
       "The learning rate as a function of the step t (nn/schedules/schedule.hpp)."},
      {"decay",
       Kind::real,
       "training",
       "Decay",
       0,
       100,
       {},
       [](const Values& v) {
         return std::string(is(v, "schedule", {"inverse_time"}) ? "1" : "0.5");
       },
       [](const Values& v) {
         return is(v, "schedule", {"inverse_time", "step", "exponential"});
       },
       "k of eta0 / (1 + k t / T), gamma of step decay, rate r of exponential decay."},
      {"decay_steps",
       Kind::integer,
       "training",
       "Decay steps",
       1,
       1000000,
       {},
       [](const Values& v) {
         return std::string(is(v, "schedule", {"cosine"}) ? "1000"
                            : is(v, "schedule", {"step"}) ? "200"
                                                          : "100");
       },
       [](const Values& v) { return !is(v, "schedule", {"constant"}); },
       "T of the schedule (step decay: steps between two decays)."},
      {"alpha",
       Kind::real,
       "training",
       "Floor alpha",
       0,
       1,
       {},
       constant("0"),
       [](const Values& v) { return is(v, "schedule", {"cosine"}); },
       "Cosine decay ends at alpha eta0."},
      {"batch",
       Kind::integer,
       "training",
       "Batch size",
       1,
       2000,
       {},
       constant("10"),
       always,
       "Examples per step (at least the training set's size: full batch)."},
  };
  return table;
}

// Keys the page reads itself (how far to train on load); the model ignores them.
const std::set<std::string> kPageKeys = {"steps", "autorun", "speed"};

std::string decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  if (s.empty()) return parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

[[noreturn]] void bad(const Spec& s, const std::string& value, const std::string& expected) {
  throw std::invalid_argument(std::string("setting ") + s.key + " (" + s.label + "): '" + value +
                              "' is not valid, expected " + expected);
}

std::string range(const Spec& s) {
  return "a number in [" + number(s.lo) + ", " + number(s.hi) + "]";
}

double parse_number(const Spec& s, const std::string& text, bool integral) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double x = std::strtod(begin, &end);
  const std::string expected =
      integral ? "a whole number in [" + number(s.lo) + ", " + number(s.hi) + "]" : range(s);
  if (text.empty() || end != begin + text.size() || !std::isfinite(x) || x < s.lo || x > s.hi)
    bad(s, text, expected);
  if (integral && x != std::floor(x)) bad(s, text, expected);
  return x;
}

// The value of `s` from `given` (the text of the query), checked and normalised.
std::string normalise(const Spec& s, const std::string& given, const Values& earlier) {
  switch (s.kind) {
    case Kind::choice: {
      const auto c = s.choices(earlier);
      for (const auto& x : c)
        if (x == given) return given;
      bad(s, given, "one of " + join(c, ", "));
    }
    case Kind::integer:
      return number(parse_number(s, given, true));
    case Kind::real:
      return number(parse_number(s, given, false));
    case Kind::flag:
      if (given == "1" || given == "true" || given == "on") return "1";
      if (given == "0" || given == "false" || given == "off") return "0";
      bad(s, given, "0 or 1");
    case Kind::integers: {
      std::vector<std::string> out;
      for (const auto& part : split(given, ',')) out.push_back(number(parse_number(s, part, true)));
      if (out.size() > 6) bad(s, given, "at most 6 hidden layers");
      return join(out, ",");
    }
    case Kind::words: {
      const auto c = s.choices(earlier);
      const auto parts = split(given, ',');
      const std::size_t layers = split(earlier.at("layers"), ',').size();
      if (parts.size() != 1 && parts.size() != layers)
        bad(s, given, "one name, or one per hidden layer (" + std::to_string(layers) + ")");
      for (const auto& p : parts) {
        bool ok = false;
        for (const auto& x : c) ok = ok || x == p;
        if (!ok) bad(s, given, "names from " + join(c, ", "));
      }
      bool same = true;
      for (const auto& p : parts) same = same && p == parts.front();
      return same ? parts.front() : join(parts, ",");
    }
  }
  return given;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::choice:
      return "choice";
    case Kind::integer:
      return "integer";
    case Kind::real:
      return "real";
    case Kind::flag:
      return "flag";
    case Kind::integers:
      return "integers";
    case Kind::words:
      return "words";
  }
  return "";
}

}  // namespace

Settings Settings::parse(const std::string& query) {
  std::string q = query;
  if (!q.empty() && (q[0] == '?' || q[0] == '#')) q.erase(0, 1);
  Values given;
  for (const auto& pair : split(q, '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = decode(pair.substr(0, eq));
    const std::string value = eq == std::string::npos ? "" : decode(pair.substr(eq + 1));
    if (kPageKeys.count(key)) continue;
    bool known = false;
    for (const auto& s : specs()) known = known || key == s.key;
    if (!known) {
      std::vector<std::string> keys;
      for (const auto& s : specs()) keys.push_back(s.key);
      throw std::invalid_argument("unknown setting '" + key + "' (the settings are " +
                                  join(keys, ", ") + "; the page also reads steps and autorun)");
    }
    given.emplace(key, value);  // the first one counts, as for the page's URLSearchParams.get
  }
  Settings out;
  for (const auto& s : specs()) {
    if (!s.applies(out.values_)) continue;
    const auto it = given.find(s.key);
    out.values_[s.key] =
        it == given.end() ? s.fallback(out.values_) : normalise(s, it->second, out.values_);
  }
  return out;
}

std::string Settings::query() const {
  std::vector<std::string> parts;
  for (const auto& s : specs()) {
    const auto it = values_.find(s.key);
    if (it != values_.end()) parts.push_back(std::string(s.key) + "=" + it->second);
  }
  return join(parts, "&");
}

std::string Settings::schema_json() const {
  std::string out = "[";
  Values earlier;
  for (const auto& s : specs()) {
    const bool applies = s.applies(earlier);
    if (out.size() > 1) out += ",";
    out += "{\"key\":" + json_string(s.key) + ",\"kind\":" + json_string(kind_name(s.kind)) +
           ",\"group\":" + json_string(s.group) + ",\"label\":" + json_string(s.label) +
           ",\"help\":" + json_string(s.help) + ",\"applies\":" + (applies ? "true" : "false");
    if (s.kind == Kind::integer || s.kind == Kind::real || s.kind == Kind::integers)
      out += ",\"min\":" + number(s.lo) + ",\"max\":" + number(s.hi);
    if (s.choices) {
      std::vector<std::string> c;
      for (const auto& x : s.choices(earlier)) c.push_back(json_string(x));
      out += ",\"choices\":[" + join(c, ",") + "]";
    }
    out += ",\"default\":" + json_string(s.fallback(earlier));
    const auto it = values_.find(s.key);
    out +=
        ",\"value\":" + (it == values_.end() ? std::string("null") : json_string(it->second)) + "}";
    if (it != values_.end()) earlier[s.key] = it->second;
  }
  return out + "]";
}

const std::string& Settings::text(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end())
    throw std::out_of_range("setting " + key + " does not apply to this setup");
  return it->second;
}

double Settings::real(const std::string& key) const {
  return std::strtod(text(key).c_str(), nullptr);
}
long Settings::integer(const std::string& key) const { return std::lround(real(key)); }
bool Settings::flag(const std::string& key) const { return text(key) == "1"; }

std::vector<long> Settings::integers(const std::string& key) const {
  std::vector<long> out;
  for (const auto& p : split(text(key), ','))
    out.push_back(std::lround(std::strtod(p.c_str(), nullptr)));
  return out;
}

std::vector<std::string> Settings::words(const std::string& key) const {
  return split(text(key), ',');
}

}  // namespace playground
