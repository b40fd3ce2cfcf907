// The test executables' main: GoogleTest with the library's generator seeded the same way every
// run.
#include <gtest/gtest.h>

#include <nn/core/rng.hpp>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  nn::set_seed(42);
  return RUN_ALL_TESTS();
}
