#include <nn/data/file.hpp>

#include <nn/core/errors.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace nn {

namespace {

// The target of the symbolic link `path`, or "" if it cannot be read.
std::string link_target(const std::string& path) {
  std::string buf(4096, '\0');
  const ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  return n < 0 ? std::string() : buf.substr(0, static_cast<std::size_t>(n));
}

// The nearest ancestor of `path` that exists but is not a directory (the reason for ENOTDIR).
std::string non_directory_ancestor(const std::string& path) {
  std::filesystem::path p(path);
  while (p.has_relative_path() && p != p.parent_path()) {
    p = p.parent_path();
    if (p.empty()) break;
    struct stat st;
    if (::stat(p.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) return p.string();
  }
  return "";
}

// The nearest ancestor directory of `path` that does not exist, when its parent does not.
std::string missing_parent(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return "";
  struct stat st;
  return ::stat(parent.c_str(), &st) != 0 && errno == ENOENT ? parent.string() : "";
}

}  // namespace

std::string file_kind(unsigned mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISREG(mode)) return "a regular file";
  return "not a regular file";
}

std::string open_error_text(const std::string& path, int err) {
  struct stat st;
  switch (err) {
    case ENOENT: {
      if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
        return "is a symbolic link to '" + link_target(path) + "', which does not exist";
      const std::string parent = missing_parent(path);
      if (!parent.empty()) return "no such file (the directory '" + parent + "' does not exist)";
      return "no such file";
    }
    case ENOTDIR: {
      const std::string file = non_directory_ancestor(path);
      if (!file.empty() && ::stat(file.c_str(), &st) == 0)
        return "'" + file + "' is " + file_kind(st.st_mode) +
               ", not a directory, so the path cannot be followed";
      return "a component of the path is not a directory";
    }
    case ELOOP:
      return "too many levels of symbolic links (a symbolic-link loop?)";
    case EACCES:
      return "permission denied (the file, or a directory on its path, is not readable by this "
             "user)";
    case ENAMETOOLONG:
      return "the path, or a name in it, is too long";
    case ENXIO:
      if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
        return "is a socket, not a regular file";
      break;
    default:
      break;
  }
  return std::strerror(err);
}

InputFile::InputFile(const std::string& path, const std::string& prefix)
    : path_(path), prefix_(prefix) {
  const auto fail = [&](const std::string& problem) { throw DataError(prefix_ + problem); };
  const auto not_regular = [&](unsigned mode) {
    if (S_ISDIR(mode)) fail("is a directory, not a file");
    fail("is " + file_kind(mode) +
         ", not a regular file (data are read from regular files only, "
         "so that reading never waits on a pipe or a device)");
  };
  // stat first: a device or a FIFO is refused without being opened at all
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) fail(open_error_text(path, errno));
  if (!S_ISREG(st.st_mode)) not_regular(st.st_mode);
  // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open returns at once instead of
  // waiting for a writer, and the fstat below refuses it
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd_ < 0) fail(open_error_text(path, errno));
  const auto close_fd = [&] {
    ::close(fd_);
    fd_ = -1;
  };
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    close_fd();
    fail(std::string("cannot examine the open file: ") + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    close_fd();
    not_regular(st.st_mode);
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);  // a regular file: ordinary reads
  size_ = static_cast<std::uint64_t>(st.st_size);
}

std::string quoted_bytes(std::string_view text, std::size_t max_chars) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + (text.size() > max_chars ? "...'" : "'");
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(void* buf, std::size_t n) {
  auto* out = static_cast<char*>(buf);
  std::size_t total = 0;
  while (total < n) {
    const ssize_t got = ::read(fd_, out + total, n - total);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw DataError(prefix_ + "read error: " + std::strerror(errno));
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

}  // namespace nn
