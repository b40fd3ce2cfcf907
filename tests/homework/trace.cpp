// The trace hook of the homework check (docs/homework.md), linked into the test programs of a
// build with -DNN_HOMEWORK_TRACE only: every nn::NotImplemented (a stub reached) appends
// "<test>\t<what>" to the file named by $NN_HOMEWORK_TRACE, so the check knows which stubs each
// test reaches, even when a test catches the exception.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include <nn/core/errors.hpp>

#ifdef NN_HOMEWORK_TRACE
void nn::homework_trace(const std::string& what) {
  const char* path = std::getenv("NN_HOMEWORK_TRACE");
  if (path == nullptr || *path == '\0') return;
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name =
      test ? std::string(test->test_suite_name()) + "." + test->name() : "(outside a test)";
  std::ofstream(path, std::ios::app) << name << '\t' << what << '\n';
}
#endif
