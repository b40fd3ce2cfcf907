#pragma once
/// \file
/// \brief Opening a file of outside bytes for reading: regular files only, never blocking, and
/// a message that says why it failed (the real `errno`, in words).
///
/// Every reader of files a user hands to the library (nn::read_idx, nn::read_csv,
/// nn::load_weights, the MNIST loaders) opens them through nn::InputFile, so all of them refuse
/// the same things the same way:
/// - a FIFO (named pipe), a character or block device, a socket, a directory: refused before
///   anything is read, and without waiting for a writer. The path is first checked with `stat`
///   (a device is never opened); it is then opened with `O_NONBLOCK` and checked again with
///   `fstat` on the open descriptor, so a file swapped for a FIFO between the two checks is still
///   refused, and the `open` itself cannot block;
/// - a missing file, a dangling symbolic link, a symbolic-link loop, a path through something
///   that is not a directory (`--data-dir` naming a file), permission denied: each with its own
///   message, never a generic "not found".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace nn {

/// \brief A regular file opened read-only, closed by the destructor.
///
/// \code
/// nn::InputFile f("data/iris.csv", "CSV file 'data/iris.csv': ");
/// std::string text(f.size(), '\0');
/// text.resize(f.read(text.data(), text.size()));
/// \endcode
class InputFile {
 public:
  /// \brief Opens `path`; on failure throws nn::DataError whose message is `prefix` followed by
  /// the reason (see nn::open_error_text), e.g.
  /// \code{.txt}
  /// IDX file 'data/mnist/train-labels-idx1-ubyte': is a FIFO (named pipe), not a regular file
  /// \endcode
  InputFile(const std::string& path, const std::string& prefix);
  /// \brief Closes the file.
  ~InputFile();
  InputFile(const InputFile&) = delete;             ///< Not copyable: one owner per descriptor.
  InputFile& operator=(const InputFile&) = delete;  ///< Not copyable: one owner per descriptor.

  /// \brief The file's length in bytes when it was opened (`fstat`).
  std::uint64_t size() const { return size_; }

  /// \brief Reads up to `n` bytes into `buf`; returns the count read, fewer than `n` only at the
  /// end of the file. A read error is an nn::DataError (the prefix, then the `errno` text).
  std::size_t read(void* buf, std::size_t n);

  /// \brief The path the file was opened with.
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string path_;
  std::string prefix_;
};

/// \brief Why `path` could not be opened or used, in words, from the `errno` value `err` of the
/// failed call: "no such file"; "is a symbolic link to 'x', which does not exist"; "too many
/// levels of symbolic links (a symbolic-link loop?)"; "'data' is not a directory, so the path
/// cannot be followed"; "permission denied"; otherwise `strerror(err)`.
std::string open_error_text(const std::string& path, int err);

/// \brief What kind of file `mode` (an `st_mode`) describes, as a noun phrase: "a directory",
/// "a FIFO (named pipe)", "a character device", "a block device", "a socket", "a regular file".
std::string file_kind(unsigned mode);

/// \brief Bytes read from a file, shown in a message: between single quotes, at most `max_chars`
/// of them (then `...`), each byte outside printable ASCII as a backslash, `x` and two hex digits
/// (a NUL byte as `\\x00`), so that a binary file or a stray control character cannot garble the
/// terminal.
std::string quoted_bytes(std::string_view text, std::size_t max_chars = 60);

}  // namespace nn
