#pragma once
// The fuzzer's bytes as a file the library's readers open by path: an anonymous in-memory file
// (memfd) reached through /proc/self/fd/N, so a run costs no disk I/O and leaves nothing behind.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace nn_fuzz {

class FuzzFile {
 public:
  FuzzFile(const std::uint8_t* data, std::size_t size) {
    fd_ = ::memfd_create("nn-fuzz", MFD_CLOEXEC);
    if (fd_ < 0) std::abort();
    for (std::size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~FuzzFile() { ::close(fd_); }
  FuzzFile(const FuzzFile&) = delete;
  FuzzFile& operator=(const FuzzFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A check that must hold whatever the input: a failure is a finding (abort, so libFuzzer saves
// the input as crash-<sha1>).
inline void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace nn_fuzz
