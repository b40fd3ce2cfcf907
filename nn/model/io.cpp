#include <nn/model/io.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/data/file.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>

namespace nn {

namespace {

static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8,
              "the weights format stores IEEE-754 binary64 values");

constexpr std::size_t kMaxHeaderLine = 4096;  // longer "lines" mean the file is not a header
const char* const kValuesLayout = "float64 little-endian column-major";

// One array of the file: a parameter of the model, or a buffer (Layer::buffers, e.g. a batch-norm
// running statistic).
struct Slot {
  std::size_t layer_index;  // index of the top-level layer in the Sequential
  std::string layer_name;   // Layer::name() of the layer that owns the array
  std::string name;         // Parameter::name or Buffer::name
  arma::mat* value;         // the model's array (its shape; its values for saving; loaded into)
  bool is_parameter;
  std::string (*check)(const arma::mat&) = nullptr;  // Buffer::check
};

struct Layout {
  std::vector<Slot> parameters;
  std::vector<Slot> buffers;
};

// The parameters in the order of model.parameters() (layer by layer), then the buffers in the
// order of each top-level layer's buffers() (a nested Sequential lists those of its layers).
Layout layout_of(Sequential& model) {
  Layout layout;
  for (std::size_t i = 0; i < model.size(); ++i) {
    Layer& layer = model.layer(i);
    for (Parameter* p : layer.parameters())
      layout.parameters.push_back({i, layer.name(), p->name, &p->value, true});
    for (const Buffer& b : layer.buffers())
      layout.buffers.push_back({i, b.layer, b.name, b.value, false, b.check});
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

// A header line or a piece of one, printable in a message (at most 60 characters).
std::string printable(const std::string& text) { return quoted_bytes(text, 60); }

// A count in the header: 1 to 18 decimal digits, nothing else (no sign, no space, no leading zero:
// each number has one spelling, so a file that loads is exactly what save_weights writes).
bool parse_count(const std::string& token, std::uint64_t& value) {
  if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0')) return false;
  value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

std::string slot_line(const Slot& s) {
  return std::to_string(s.layer_index) + " " + s.layer_name + " " + s.name + " " +
         std::to_string(s.value->n_rows) + " " + std::to_string(s.value->n_cols);
}

std::uint64_t value_count(const std::vector<Slot>& slots) {
  std::uint64_t n = 0;
  for (const Slot& s : slots) n += s.value->n_elem;
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
  const std::string bad = first_non_finite(*s.value);
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
      for (double x : *s.value) append_le(out, x);  // column-major, as Armadillo stores it
  return out;
}

// Where a save to `path` writes: `path` itself, or, if it is a symbolic link (a chain of them),
// the file the link points to, so the link is kept and its target replaced.
std::string resolve_links(const std::string& path,
                          const std::function<void(const std::string&)>& fail) {
  std::string p = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    std::string target(4096, '\0');
    const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
    if (n < 0) fail("cannot read the symbolic link '" + p + "': " + std::strerror(errno));
    target.resize(static_cast<std::size_t>(n));
    const std::filesystem::path t(target);
    p = t.is_absolute() ? t.string() : (std::filesystem::path(p).parent_path() / t).string();
  }
  fail("too many levels of symbolic links (a symbolic-link loop?)");
  return p;
}

// The temporary file's name for a save to `base` in a directory whose names hold at most
// `name_max` bytes: `<base>.nn-save`, or for a name too long for the suffix a short name derived
// from it (a 64-bit FNV-1a hash in hex), so the same target always gets the same temporary name.
std::string temp_name(const std::string& base, long name_max) {
  const std::string suffix = ".nn-save";
  if (name_max <= 0) name_max = 255;
  if (base.size() + suffix.size() <= static_cast<std::size_t>(name_max)) return base + suffix;
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a offset basis
  for (unsigned char c : base) h = (h ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return ".nn-save-" + std::string(hex);
}

// Writes `bytes` to a temporary file next to the target, fsyncs it, renames it over the target and
// fsyncs the directory. The temporary file's name is derived from the target's, so a temporary
// file left by a crash is reused (truncated, rewritten, renamed) by the next save to the same
// target; an exclusive lock on it keeps two concurrent saves from mixing their bytes.
void write_atomically(const std::string& path, const std::string& bytes) {
  const auto fail = [&](const std::string& problem) {
    throw DataError("save_weights('" + path + "'): " + problem);
  };
  if (path.empty()) fail("the path is empty");
  const std::string target = resolve_links(path, fail);
  const std::string through =
      target == path ? "" : " (the target of the symbolic link, '" + target + "')";
  struct stat st;
  // a new weights file is an ordinary readable file; an existing one keeps its mode
  mode_t mode = 0644;
  if (::stat(target.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail("is a directory" + through + ", not a file");
    if (!S_ISREG(st.st_mode))
      fail("is " + file_kind(st.st_mode) + through +
           ", not a regular file: weights are saved to regular files only");
    mode = st.st_mode & 07777;
  }
  const std::filesystem::path tp(target);
  const std::string base = tp.filename().string();
  if (base.empty() || base == "." || base == "..") fail("names a directory, not a file");
  const std::string dir = tp.has_parent_path() ? tp.parent_path().string() : ".";
  const int dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) fail("cannot open its directory '" + dir + "': " + open_error_text(dir, errno));
  const std::string tmp = temp_name(base, ::fpathconf(dirfd, _PC_NAME_MAX));
  const std::string tmp_path = (std::filesystem::path(dir) / tmp).string();
  int fd = -1;
  const auto give_up = [&](const std::string& problem, bool remove_temp) {
    if (remove_temp) ::unlinkat(dirfd, tmp.c_str(), 0);
    if (fd >= 0) ::close(fd);
    ::close(dirfd);
    fail(problem);
  };
  for (int attempt = 0;; ++attempt) {
    // O_NOFOLLOW: never write through a link planted at the temporary name; O_NONBLOCK: a FIFO
    // there makes open fail at once instead of waiting for a reader
    fd = ::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
                  0600);
    if (fd < 0) {
      const int err = errno;
      give_up("cannot create the temporary file '" + tmp_path + "' next to it: " +
                  (err == ELOOP ? "it exists and is a symbolic link (remove it)"
                                : open_error_text(tmp_path, err)),
              false);
    }
    struct stat mine;
    if (::fstat(fd, &mine) != 0 || !S_ISREG(mine.st_mode))
      give_up("the temporary name '" + tmp_path + "' exists and is not a regular file (remove it)",
              false);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
      give_up("another save to the same file is in progress (its temporary file '" + tmp_path +
                  "' is locked)",
              false);
    // between our open and our lock, another save may have renamed that file into place: only a
    // file still at the temporary name is ours to rewrite
    struct stat now;
    if (::fstatat(dirfd, tmp.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0 &&
        now.st_ino == mine.st_ino && now.st_dev == mine.st_dev)
      break;
    ::close(fd);
    fd = -1;
    if (attempt == 10)
      give_up("the temporary file '" + tmp_path + "' keeps being replaced by another process",
              false);
  }
  const auto abandon = [&](const std::string& what) {
    give_up(what + " the temporary file '" + tmp_path + "': " + std::strerror(errno), true);
  };
  if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) abandon("cannot set up");
  // a stale file from a crash: start afresh
  if (::ftruncate(fd, 0) != 0) abandon("cannot truncate");
  ::fchmod(fd, mode);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon("cannot flush");
  if (::renameat(dirfd, tmp.c_str(), dirfd, base.c_str()) != 0)
    give_up("cannot rename the temporary file '" + tmp_path + "' to it" + through + ": " +
                std::strerror(errno),
            true);
  // the rename is durable only once the directory is on disk too (EINVAL: a file system without it)
  if (::fsync(dirfd) != 0 && errno != EINVAL && errno != EROFS)
    give_up("saved, but flushing the directory '" + dir +
                "' failed: " + std::string(std::strerror(errno)),
            false);
  ::close(fd);  // releases the lock
  ::close(dirfd);
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
    // a regular file only, opened without blocking (a FIFO or a device is refused at once)
    file_ = std::make_unique<InputFile>(path_, "load_weights('" + path_ + "'): ");
    size_ = file_->size();
  }

  // The next byte of the file, or -1 at its end (buffered: the header is read byte by byte).
  int get() {
    if (pos_ == end_) {
      pos_ = 0;
      end_ = file_->read(buf_, sizeof buf_);
      if (end_ == 0) return -1;
    }
    return static_cast<unsigned char>(buf_[pos_++]);
  }

  // Up to n bytes after the header: what is buffered, then the rest from the file.
  std::size_t read(unsigned char* out, std::size_t n) {
    const std::size_t buffered = std::min(n, end_ - pos_);
    std::memcpy(out, buf_ + pos_, buffered);
    pos_ += buffered;
    return buffered + (n > buffered ? file_->read(out + buffered, n - buffered) : 0);
  }

  // The next header line without its '\n'; `what` says what the line should hold.
  std::string next_line(const std::string& what) {
    ++line_no_;
    std::string line;
    for (;;) {
      const int c = get();
      if (c < 0) {
        if (line.empty())
          fail("header truncated: line " + std::to_string(line_no_) + " should be " + what +
               ", found the end of the file");
        fail("header truncated: the file ends inside line " + std::to_string(line_no_) + " (" +
             printable(line) + "), which should be " + what);
      }
      if (c == '\n') break;
      if (line.size() == kMaxHeaderLine)
        fail("line " + std::to_string(line_no_) + " is not a header line (" + printable(line) +
             " runs on for more than " + std::to_string(kMaxHeaderLine) + " bytes); expected " +
             what);
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
      fail("unsupported format version " + printable(line.substr(family.size())) +
           " (this library reads " + printable(std::string(kWeightsMagic).substr(family.size())) +
           ")");
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
           (keyword == "buffers" ? " (non-trainable state, such as batch-norm running statistics)"
                                 : "") +
           ": was it saved from another architecture?");
    for (std::size_t k = 0; k < slots.size(); ++k) check_slot(kind, k, slots[k]);
  }

  void check_slot(const char* kind, std::size_t k, const Slot& s) {
    const std::string what = std::string("the line of ") + kind + " " + std::to_string(k) +
                             ", 'layer_index layer_name " + (s.is_parameter ? "param" : "buffer") +
                             "_name rows cols'";
    const std::string line = next_line(what);
    // split from both ends: the layer name in the middle may contain spaces
    const std::size_t first = line.find(' ');
    const std::size_t c3 = line.rfind(' ');
    const std::size_t c2 =
        c3 == std::string::npos || c3 == 0 ? std::string::npos : line.rfind(' ', c3 - 1);
    const std::size_t c1 =
        c2 == std::string::npos || c2 == 0 ? std::string::npos : line.rfind(' ', c2 - 1);
    std::uint64_t index = 0, rows = 0, cols = 0;
    if (first == std::string::npos || c1 == std::string::npos || c1 < first + 2 ||
        !parse_count(line.substr(0, first), index) ||
        !parse_count(line.substr(c2 + 1, c3 - c2 - 1), rows) ||
        !parse_count(line.substr(c3 + 1), cols) || c2 - c1 < 2)
      malformed(line, what);
    const std::string layer_name = line.substr(first + 1, c1 - first - 1);
    const std::string name = line.substr(c1 + 1, c2 - c1 - 1);

    const std::string where = describe(kind, k, s) + ": ";
    if (name != s.name)
      fail(where + "the file has " + printable(name) + " there, the model has " +
           printable(s.name));
    const arma::mat& A = *s.value;
    if (rows != A.n_rows || cols != A.n_cols) {
      const std::string from =
          layer_name == s.layer_name ? "" : " (the file's layer is " + printable(layer_name) + ")";
      fail(where + "file has " + std::to_string(rows) + " x " + std::to_string(cols) +
           ", model has " + shape_str(A) + from);
    }
    if (index != s.layer_index || layer_name != s.layer_name)
      fail(where + "the file has it in layer " + std::to_string(index) + " " +
           printable(layer_name) + ", the model in layer " + std::to_string(s.layer_index) + " " +
           printable(s.layer_name));
  }

  void read_values_line() {
    total_ = value_count(layout_.parameters) + value_count(layout_.buffers);
    const std::string expected = "values " + std::to_string(total_) + " " + kValuesLayout;
    const std::string line = next_line(printable(expected));
    if (line != expected) malformed(line, printable(expected));
  }

  void read_data() {
    const std::uint64_t expected = 8 * total_;
    // data bytes after the header
    const std::uint64_t found = size_ > consumed_ ? size_ - consumed_ : 0;
    const std::string counts = "the header declares " + std::to_string(total_) + " values (" +
                               std::to_string(expected) + " bytes) after its " +
                               std::to_string(consumed_) + " bytes, the file has " +
                               std::to_string(found) + " bytes there";
    if (found < expected) fail("data truncated: " + counts);
    if (found > expected)
      fail(std::to_string(found - expected) + " trailing bytes after the data: " + counts);
    std::vector<unsigned char> bytes;
    try {
      bytes.resize(expected);
    } catch (const std::bad_alloc&) {
      throw OutOfMemory("out of memory: cannot allocate " + std::to_string(expected / 1000000) +
                        " MB (" + std::to_string(total_) + " doubles) to load the weights file '" +
                        path_ + "'");
    }
    const std::size_t got = read(bytes.data(), bytes.size());
    if (got != expected)
      fail("data truncated while reading: expected " + std::to_string(expected) + " bytes, read " +
           std::to_string(got) + " (the file changed while being read?)");
    unsigned char probe;
    if (read(&probe, 1) != 0) fail("the file grew while being read: bytes after the declared data");
    const unsigned char* p = bytes.data();
    decode(p, "parameter", layout_.parameters);
    decode(p, "buffer", layout_.buffers);
  }

  void decode(const unsigned char*& p, const char* kind, const std::vector<Slot>& slots) {
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const Slot& s = slots[k];
      arma::mat A(s.value->n_rows, s.value->n_cols);
      for (double& x : A) {
        x = read_le(p);  // column-major, as Armadillo stores it
        p += 8;
      }
      const std::string bad = first_non_finite(A);
      if (!bad.empty()) fail(describe(kind, k, s) + ": non-finite value " + bad);
      const std::string problem = s.check ? s.check(A) : "";  // e.g. a negative running variance
      if (!problem.empty()) fail(describe(kind, k, s) + ": " + problem);
      staged_.push_back(std::move(A));
    }
  }

  // Everything is valid: copy into the model (same shapes, so no allocation that could fail).
  void commit() {
    std::size_t k = 0;
    for (const auto* slots : {&layout_.parameters, &layout_.buffers})
      for (const Slot& s : *slots) *s.value = staged_[k++];
  }

  std::string path_;
  Layout layout_;
  std::unique_ptr<InputFile> file_;
  char buf_[1 << 16];
  std::size_t pos_ = 0, end_ = 0;  // the unread part of buf_
  std::uint64_t size_ = 0;         // file length in bytes
  std::uint64_t consumed_ = 0;     // header bytes read so far
  std::size_t line_no_ = 0;
  std::uint64_t total_ = 0;  // values the model needs
  std::vector<arma::mat> staged_;
};

}  // namespace

void save_weights(Sequential& model, const std::string& path) {
  write_atomically(path, encode(layout_of(model), path));
}

void load_weights(Sequential& model, const std::string& path) { Loader(model, path).run(); }

}  // namespace nn
