#pragma once
// Assertions on error paths: the exception type and that its message names what it should.

#include <gtest/gtest.h>

#include <nn/core/errors.hpp>

#include <exception>
#include <functional>
#include <initializer_list>
#include <string>

namespace nn_test {

// Passes if `f` throws an `E` whose message contains every one of `parts`, none of `absent`.
template <class E>
::testing::AssertionResult Throws(const std::function<void()>& f,
                                  std::initializer_list<std::string> parts,
                                  std::initializer_list<std::string> absent = {}) {
  try {
    f();
  } catch (const E& e) {
    const std::string msg = e.what();
    for (const std::string& p : parts)
      if (msg.find(p) == std::string::npos)
        return ::testing::AssertionFailure() << "message lacks \"" << p << "\": " << msg;
    for (const std::string& p : absent)
      if (msg.find(p) != std::string::npos)
        return ::testing::AssertionFailure()
               << "message has \"" << p << "\" (it must not): " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw another exception type: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw";
}

// Passes if `f` throws nn::DataError whose message contains every one of `parts`, none of `absent`.
inline ::testing::AssertionResult ThrowsDataError(const std::function<void()>& f,
                                                  std::initializer_list<std::string> parts,
                                                  std::initializer_list<std::string> absent = {}) {
  return Throws<nn::DataError>(f, parts, absent);
}

}  // namespace nn_test
