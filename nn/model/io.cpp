#include <nn/model/io.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/layers/batch_norm.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace nn {

namespace {

static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8,
              "the weights format stores IEEE-754 binary64 values");

constexpr std::size_t kMaxHeaderLine = 4096;  // longer "lines" mean the file is not a header
const char* const kValuesLayout = "float64 little-endian column-major";

// One array of the file: a parameter of the model, or a buffer (a batch-norm running statistic).
struct Slot {
  std::size_t layer_index;       // index of the top-level layer in the Sequential
  std::string layer_name;        // Layer::name() of the layer that owns the array
  std::string name;              // Parameter::name, or running_mean / running_var
  const arma::mat* current;      // the model's array (its shape, and its values for saving)
  Parameter* parameter = nullptr;
  BatchNorm* batch_norm = nullptr;  // for buffers: running_mean is always followed by running_var
};

struct Layout {
  std::vector<Slot> parameters;
  std::vector<Slot> buffers;
};

void collect_buffers(Layer& layer, std::size_t index, std::vector<Slot>& buffers) {
  if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
    buffers.push_back({index, bn->name(), "running_mean", &bn->running_mean(), nullptr, bn});
    buffers.push_back({index, bn->name(), "running_var", &bn->running_var(), nullptr, bn});
  } else if (auto* seq = dynamic_cast<Sequential*>(&layer)) {
    for (std::size_t j = 0; j < seq->size(); ++j) collect_buffers(seq->layer(j), index, buffers);
  }
}

// The parameters in the order of model.parameters() (layer by layer), then the buffers.
Layout layout_of(Sequential& model) {
  Layout layout;
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    for (Parameter* p : layer.parameters())
      layout.parameters.push_back({i, layer.name(), p->name, &p->value, p, nullptr});
    collect_buffers(layer, i, layout.buffers);
  }
  return layout;
}

// "parameter 0 (Dense(2 -> 3).W)" / "buffer 1 (BatchNorm(3).running_var)"
std::string describe(const char* kind, std::size_t k, const Slot& s) {
  return std::string(kind) + " " + std::to_string(k) + " (" + s.layer_name + "." + s.name + ")";
}

// Empty when every value is finite, else the first offending value and where: "nan at (2, 0)".
std::string first_non_finite(const arma::mat& A) {
  for (arma::uword c = 0; c < A.n_cols; ++c)
    for (arma::uword r = 0; r < A.n_rows; ++r)
      if (!std::isfinite(A(r, c))) {
        std::ostringstream s;
        s << A(r, c) << " at (" << r << ", " << c << ")";
        return s.str();
      }
  return "";
}

// A header line or a piece of one, printable in a message: at most 60 characters, bytes outside
// printable ASCII shown as \xNN.
std::string printable(const std::string& text) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < 60; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + (text.size() > 60 ? "...'" : "'");
}

// A count in the header: 1 to 18 decimal digits, nothing else (no sign, no space).
bool parse_count(const std::string& token, std::uint64_t& value) {
  if (token.empty() || token.size() > 18) return false;
  value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

std::string slot_line(const Slot& s) {
  return std::to_string(s.layer_index) + " " + s.layer_name + " " + s.name + " " +
         std::to_string(s.current->n_rows) + " " + std::to_string(s.current->n_cols);
}

std::uint64_t value_count(const std::vector<Slot>& slots) {
  std::uint64_t n = 0;
  for (const Slot& s : slots) n += s.current->n_elem;
  return n;
}

// ---------------------------------------------------------------------------------------------
// save

void append_le(std::string& out, double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, 8);
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((u >> (8 * k)) & 0xffu));
}

void check_saveable(const char* kind, std::size_t k, const Slot& s, const std::string& path) {
  const auto fail = [&](const std::string& problem) {
    throw DataError("save_weights('" + path + "'): " + describe(kind, k, s) + ": " + problem);
  };
  if (s.layer_name.empty() || s.layer_name.find_first_of("\r\n") != std::string::npos)
    fail("the layer name is empty or contains a line break");
  if (s.name.empty() || s.name.find_first_of(" \t\r\n") != std::string::npos)
    fail("the parameter name is empty or contains white space");
  const std::string bad = first_non_finite(*s.current);
  if (!bad.empty()) fail("non-finite value " + bad + " (the model diverged?); nothing was written");
}

std::string encode(const Layout& layout, const std::string& path) {
  std::string out = std::string(kWeightsMagic) + "\n";
  const auto section = [&](const char* keyword, const char* kind, const std::vector<Slot>& slots) {
    out += std::string(keyword) + " " + std::to_string(slots.size()) + "\n";
    for (std::size_t k = 0; k < slots.size(); ++k) {
      check_saveable(kind, k, slots[k], path);
      out += slot_line(slots[k]) + "\n";
    }
  };
  section("parameters", "parameter", layout.parameters);
  section("buffers", "buffer", layout.buffers);
  const std::uint64_t n = value_count(layout.parameters) + value_count(layout.buffers);
  out += "values " + std::to_string(n) + " " + kValuesLayout + "\n";
  out.reserve(out.size() + 8 * n);
  for (const auto* slots : {&layout.parameters, &layout.buffers})
    for (const Slot& s : *slots)
      for (double x : *s.current) append_le(out, x);  // column-major, as Armadillo stores it
  return out;
}

// Writes `bytes` to a temporary file next to `path`, fsyncs it and renames it to `path`.
void write_atomically(const std::string& path, const std::string& bytes) {
  const auto fail = [&](const std::string& problem) {
    throw DataError("save_weights('" + path + "'): " + problem);
  };
  std::string tmp = path + ".tmp-" + std::string(6, 'X');  // mkstemp replaces the six X's
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) fail("cannot create a temporary file next to it: " + std::string(std::strerror(errno)));
  const auto abandon = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(what + " the temporary file '" + tmp + "': " + reason);
  };
  ::fchmod(fd, 0644);  // mkstemp creates it 0600; a weights file is an ordinary readable file
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon("cannot flush");
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    fail("cannot close the temporary file '" + tmp + "': " + reason);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    fail("cannot rename the temporary file '" + tmp + "' to it: " + reason);
  }
}

// ---------------------------------------------------------------------------------------------
// load

double read_le(const unsigned char* p) {
  std::uint64_t u = 0;
  for (int k = 0; k < 8; ++k) u |= static_cast<std::uint64_t>(p[k]) << (8 * k);
  double x;
  std::memcpy(&x, &u, 8);
  return x;
}

class Loader {
 public:
  Loader(Sequential& model, const std::string& path) : path_(path), layout_(layout_of(model)) {}

  void run() {
    open();
    read_magic();
    read_slots("parameters", "parameter", layout_.parameters);
    read_slots("buffers", "buffer", layout_.buffers);
    read_values_line();
    read_data();
    commit();
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw DataError("load_weights('" + path_ + "'): " + problem);
  }

  void open() {
    std::error_code ec;
    const auto status = std::filesystem::status(path_, ec);
    if (!std::filesystem::exists(status)) fail("no such file");
    if (std::filesystem::is_directory(status)) fail("is a directory, not a weights file");
    size_ = std::filesystem::file_size(path_, ec);
    if (ec) fail("cannot read its size: " + ec.message());
    in_.open(path_, std::ios::binary);
    if (!in_) fail("cannot open: " + std::string(std::strerror(errno)));
  }

  // The next header line without its '\n'; `what` says what the line should hold.
  std::string next_line(const std::string& what) {
    ++line_no_;
    std::string line;
    std::streambuf* buf = in_.rdbuf();
    for (;;) {
      const int c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) {
        if (line.empty())
          fail("header truncated: line " + std::to_string(line_no_) + " should be " + what +
               ", found the end of the file");
        fail("header truncated: the file ends inside line " + std::to_string(line_no_) + " (" +
             printable(line) + "), which should be " + what);
      }
      if (c == '\n') break;
      if (line.size() == kMaxHeaderLine)
        fail("line " + std::to_string(line_no_) + " is not a header line (" + printable(line) +
             " runs on for more than " + std::to_string(kMaxHeaderLine) + " bytes); expected " + what);
      line.push_back(static_cast<char>(c));
    }
    consumed_ += line.size() + 1;
    return line;
  }

  [[noreturn]] void malformed(const std::string& line, const std::string& what) const {
    fail("line " + std::to_string(line_no_) + " should be " + what + ", found " + printable(line));
  }

  void read_magic() {
    const std::string line = next_line(std::string("the magic line '") + kWeightsMagic + "'");
    if (line == kWeightsMagic) return;
    const std::string family = "nn-lectures weights ";
    if (line.compare(0, family.size(), family) == 0)
      fail("unsupported format version " + printable(line.substr(family.size())) + " (this library reads " +
           printable(std::string(kWeightsMagic).substr(family.size())) + ")");
    fail(std::string("not an nn-lectures weights file: the first line is ") + printable(line) +
         ", expected '" + kWeightsMagic + "'");
  }

  // "<keyword> <count>" then one line per slot, each checked against the model's slot.
  void read_slots(const std::string& keyword, const char* kind, const std::vector<Slot>& slots) {
    const std::string what = "'" + keyword + " <count>'";
    const std::string line = next_line(what);
    std::uint64_t count = 0;
    if (line.compare(0, keyword.size() + 1, keyword + " ") != 0 ||
        !parse_count(line.substr(keyword.size() + 1), count))
      malformed(line, what);
    if (count != slots.size())
      fail("the file has " + std::to_string(count) + " " + keyword + ", the model has " +
           std::to_string(slots.size()) +
           (keyword == "buffers" ? " (batch-norm running means and variances)" : "") +
           ": was it saved from another architecture?");
    for (std::size_t k = 0; k < slots.size(); ++k) check_slot(kind, k, slots[k]);
  }

  void check_slot(const char* kind, std::size_t k, const Slot& s) {
    const std::string what = std::string("the line of ") + kind + " " + std::to_string(k) +
                             ", 'layer_index layer_name " + (s.parameter ? "param" : "buffer") +
                             "_name rows cols'";
    const std::string line = next_line(what);
    // split from both ends: the layer name in the middle may contain spaces
    const std::size_t first = line.find(' ');
    const std::size_t c3 = line.rfind(' ');
    const std::size_t c2 = c3 == std::string::npos || c3 == 0 ? std::string::npos : line.rfind(' ', c3 - 1);
    const std::size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : line.rfind(' ', c2 - 1);
    std::uint64_t index = 0, rows = 0, cols = 0;
    if (first == std::string::npos || c1 == std::string::npos || c1 < first + 2 ||
        !parse_count(line.substr(0, first), index) || !parse_count(line.substr(c2 + 1, c3 - c2 - 1), rows) ||
        !parse_count(line.substr(c3 + 1), cols) || c2 - c1 < 2)
      malformed(line, what);
    const std::string layer_name = line.substr(first + 1, c1 - first - 1);
    const std::string name = line.substr(c1 + 1, c2 - c1 - 1);

    const std::string where = describe(kind, k, s) + ": ";
    if (name != s.name) fail(where + "the file has " + printable(name) + " there, the model has " + printable(s.name));
    const arma::mat& A = *s.current;
    if (rows != A.n_rows || cols != A.n_cols) {
      const std::string from = layer_name == s.layer_name ? "" : " (the file's layer is " + printable(layer_name) + ")";
      fail(where + "file has " + std::to_string(rows) + " x " + std::to_string(cols) + ", model has " +
           shape_str(A) + from);
    }
    if (index != s.layer_index || layer_name != s.layer_name)
      fail(where + "the file has it in layer " + std::to_string(index) + " " + printable(layer_name) +
           ", the model in layer " + std::to_string(s.layer_index) + " " + printable(s.layer_name));
  }

  void read_values_line() {
    total_ = value_count(layout_.parameters) + value_count(layout_.buffers);
    const std::string expected = "values " + std::to_string(total_) + " " + kValuesLayout;
    const std::string line = next_line(printable(expected));
    if (line != expected) malformed(line, printable(expected));
  }

  void read_data() {
    const std::uint64_t expected = 8 * total_;
    const std::uint64_t found = size_ > consumed_ ? size_ - consumed_ : 0;  // data bytes after the header
    const std::string counts = "the header declares " + std::to_string(total_) + " values (" +
                               std::to_string(expected) + " bytes) after its " + std::to_string(consumed_) +
                               " bytes, the file has " + std::to_string(found) + " bytes there";
    if (found < expected) fail("data truncated: " + counts);
    if (found > expected) fail(std::to_string(found - expected) + " trailing bytes after the data: " + counts);
    std::vector<unsigned char> bytes(expected);
    in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(expected));
    if (static_cast<std::uint64_t>(in_.gcount()) != expected)
      fail("data truncated while reading: expected " + std::to_string(expected) + " bytes, read " +
           std::to_string(in_.gcount()));
    const unsigned char* p = bytes.data();
    decode(p, "parameter", layout_.parameters);
    decode(p, "buffer", layout_.buffers);
  }

  void decode(const unsigned char*& p, const char* kind, const std::vector<Slot>& slots) {
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const Slot& s = slots[k];
      arma::mat A(s.current->n_rows, s.current->n_cols);
      for (double& x : A) {
        x = read_le(p);  // column-major, as Armadillo stores it
        p += 8;
      }
      const std::string bad = first_non_finite(A);
      if (!bad.empty()) fail(describe(kind, k, s) + ": non-finite value " + bad);
      if (s.name == "running_var" && A.min() < 0.0) {
        const arma::uword r = A.index_min();  // the running variance is D x 1
        std::ostringstream v;
        v << A(r) << " at (" << r << ", 0)";
        fail(describe(kind, k, s) + ": negative running variance " + v.str());
      }
      staged_.push_back(std::move(A));
    }
  }

  // Everything is valid: copy into the model (same shapes, so no allocation that could fail).
  void commit() {
    std::size_t k = 0;
    for (const Slot& s : layout_.parameters) s.parameter->value = staged_[k++];
    for (const Slot& s : layout_.buffers) {
      if (s.name == "running_mean") s.batch_norm->set_running_stats(staged_[k], staged_[k + 1]);
      ++k;
    }
  }

  std::string path_;
  Layout layout_;
  std::ifstream in_;
  std::uint64_t size_ = 0;      // file length in bytes
  std::uint64_t consumed_ = 0;  // header bytes read so far
  std::size_t line_no_ = 0;
  std::uint64_t total_ = 0;     // values the model needs
  std::vector<arma::mat> staged_;
};

}  // namespace

void save_weights(Sequential& model, const std::string& path) {
  write_atomically(path, encode(layout_of(model), path));
}

void load_weights(Sequential& model, const std::string& path) { Loader(model, path).run(); }

}  // namespace nn
