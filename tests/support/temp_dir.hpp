#pragma once
// A test fixture with a fresh directory per test under the system's temporary directory,
// removed with everything in it after the test.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>

namespace nn_test {

class TempDirTest : public ::testing::Test {
 protected:
  // `prefix` names the directory (<tmp>/<prefix>-<pid>-<n>); with `create` false the test starts
  // without it (to check that code under test creates it, or does not).
  explicit TempDirTest(std::string prefix, bool create = true)
      : prefix_(std::move(prefix)), create_(create) {}

  void SetUp() override {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    if (create_) std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The path of `name` inside the test's directory.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
  bool create_;
};

}  // namespace nn_test
