// Every reader of outside bytes (IDX, CSV, weights, the MNIST loader) on what is not a readable
// regular file: a FIFO, devices, a socket, a directory, symbolic-link loops and dangling links,
// a file where a directory should be, no permission. Each is refused at once (a watchdog alarm
// fails a test that blocks) with a message naming the path and the real reason.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/throws.hpp"

#include <nn/core/errors.hpp>
#include <nn/data/csv.hpp>
#include <nn/data/file.hpp>
#include <nn/data/idx.hpp>
#include <nn/data/mnist.hpp>
#include <nn/layers/dense.hpp>
#include <nn/model/io.hpp>
#include <nn/model/sequential.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nn_test::ThrowsDataError;

struct Reader {
  std::string name;
  std::function<void(const std::string&)> read;
};

// The library's readers of files, each given a path.
std::vector<Reader> readers() {
  return {
      {"read_idx", [](const std::string& p) { nn::read_idx(p); }},
      {"read_csv", [](const std::string& p) { nn::read_csv(p); }},
      {"load_weights",
       [](const std::string& p) {
         nn::Sequential model;
         model.add<nn::Dense>(2, 1);
         nn::load_weights(model, p);
       }},
      {"load_idx_dataset", [](const std::string& p) { nn::load_idx_dataset(p, p); }},
      {"InputFile", [](const std::string& p) { nn::InputFile f(p, "file '" + p + "': "); }},
  };
}

class InputFileTest : public nn_test::TempDirTest {
 protected:
  InputFileTest() : TempDirTest("nn-input-file-test") {}
  void SetUp() override {
    TempDirTest::SetUp();
    alarm(20);  // a reader that blocks is killed by SIGALRM: the test fails instead of hanging
  }
  void TearDown() override {
    alarm(0);
    TempDirTest::TearDown();
  }

  // Every reader refuses `p` with an nn::DataError whose message names `p`, holds each of `parts`
  // (one of the alternatives, for a part "a|b") and none of `absent`.
  void expect_all_refuse(const std::string& p, std::initializer_list<std::string> parts,
                         std::initializer_list<std::string> absent = {}) {
    for (const Reader& r : readers()) {
      SCOPED_TRACE(r.name + " on " + p);
      std::string msg;
      try {
        r.read(p);
        ADD_FAILURE() << "did not throw";
        continue;
      } catch (const nn::DataError& e) {
        msg = e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << "threw another exception type: " << e.what();
        continue;
      }
      EXPECT_NE(msg.find(p), std::string::npos) << msg;
      for (const std::string& part : parts) {
        bool found = false;
        for (std::size_t from = 0;;) {
          const std::size_t bar = part.find('|', from);
          found = found || msg.find(part.substr(from, bar - from)) != std::string::npos;
          if (bar == std::string::npos) break;
          from = bar + 1;
        }
        EXPECT_TRUE(found) << "message lacks \"" << part << "\": " << msg;
      }
      for (const std::string& part : absent) EXPECT_EQ(msg.find(part), std::string::npos) << msg;
    }
  }
};

TEST_F(InputFileTest, FifoIsRefusedWithoutBlocking) {
  // before: fopen blocked forever waiting for a writer
  const std::string p = path("fifo");
  ASSERT_EQ(::mkfifo(p.c_str(), 0644), 0) << std::strerror(errno);
  expect_all_refuse(p, {"FIFO (named pipe), not a regular file"});
  const std::string gz = path("fifo.gz");  // whatever its name
  ASSERT_EQ(::mkfifo(gz.c_str(), 0644), 0);
  EXPECT_TRUE(ThrowsDataError([&] { nn::read_idx(gz); }, {gz, "FIFO"}));
}

TEST_F(InputFileTest, FifoInAnMnistDirectoryIsNamed) {
  for (const char* name : {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte"})
    nn::write_idx(path(name), {2, 28, 28}, std::vector<std::uint8_t>(2 * 784, 3));
  nn::write_idx(path("t10k-labels-idx1-ubyte"), {2}, {1, 2});
  const std::string p = path("train-labels-idx1-ubyte");
  ASSERT_EQ(::mkfifo(p.c_str(), 0644), 0);
  EXPECT_TRUE(ThrowsDataError([&] { nn::load_mnist(dir_.string()); }, {p, "FIFO"}, {"not found"}));
}

TEST_F(InputFileTest, DevicesAreRefused) {
  // /dev/zero would otherwise be read forever (an endless CSV line, an endless gzip stream)
  expect_all_refuse("/dev/zero", {"character device, not a regular file"});
  expect_all_refuse("/dev/null", {"character device"});
}

TEST_F(InputFileTest, SocketIsRefused) {
  const std::string p = path("sock");
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(p.size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, p.c_str());
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
  expect_all_refuse(p, {"socket"});
  ::close(s);
}

TEST_F(InputFileTest, DirectoryIsRefused) { expect_all_refuse(dir_.string(), {"is a directory"}); }

TEST_F(InputFileTest, SymbolicLinkLoopAndDanglingLinkAreNamed) {
  fs::create_symlink("b", dir_ / "a");
  fs::create_symlink("a", dir_ / "b");
  expect_all_refuse(path("a"), {"symbolic-link loop"}, {"no such file"});
  fs::create_symlink("gone", dir_ / "dangling");
  expect_all_refuse(path("dangling"), {"symbolic link to 'gone', which does not exist"});
}

TEST_F(InputFileTest, PathThroughAFileIsNamed) {
  std::ofstream(path("plain")) << "x";
  expect_all_refuse(path("plain/train-images-idx3-ubyte"),
                    {"'" + path("plain") + "' is a regular file, not a directory"},
                    {"no such file"});
}

TEST_F(InputFileTest, MissingFileAndMissingDirectoryAreNamed) {
  expect_all_refuse(path("none"), {"no such file|data file not found"});
  expect_all_refuse(path("no/dir/x"), {"no such file|data file not found",
                                       "(the directory '" + path("no/dir") + "' does not exist)"});
}

TEST_F(InputFileTest, PermissionDeniedIsNamed) {
  // root reads everything: the check then runs in a child process as user "nobody" (65534)
  const std::string p = path("secret");
  std::ofstream(p) << "1,2\n";
  ASSERT_EQ(::chmod(p.c_str(), 0000), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  if (::geteuid() != 0) {
    expect_all_refuse(p, {"permission denied"});
    return;
  }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
    int failures = 0;
    for (const Reader& r : readers()) {
      try {
        r.read(p);
        ++failures;
      } catch (const nn::DataError& e) {
        if (std::string(e.what()).find("permission denied") == std::string::npos) {
          std::fprintf(stderr, "%s: %s\n", r.name.c_str(), e.what());
          ++failures;
        }
      } catch (...) {
        ++failures;
      }
    }
    _exit(failures == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 3)
      << "running as root, but could not switch to user 65534 (nobody) to test "
         "permission denied: this test needs CAP_SETUID, or run it as a normal user";
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "a reader did not say 'permission denied' (see its message above)";
}

TEST_F(InputFileTest, RegularFileIsReadAndItsSizeKnown) {
  std::ofstream(path("f"), std::ios::binary) << "hello";
  nn::InputFile f(path("f"), "");
  EXPECT_EQ(f.size(), 5u);
  char buf[16];
  EXPECT_EQ(f.read(buf, sizeof buf), 5u);
  EXPECT_EQ(std::string(buf, 5), "hello");
  EXPECT_EQ(f.read(buf, sizeof buf), 0u);
  EXPECT_EQ(f.path(), path("f"));
}

}  // namespace
