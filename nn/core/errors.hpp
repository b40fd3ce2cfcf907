#pragma once
/// \file
/// \brief The library's exception types and the `NN_TODO` marker for homework stubs.

#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace nn {

/// \brief Thrown when an array has the wrong shape for an operation.
///
/// The message names the operation (layer, loss, function) and both shapes, e.g.
/// \code
/// Dense(784 -> 100)::forward: input is 785 x 100 (features x examples), expected 784 rows
/// \endcode
class ShapeError : public std::invalid_argument {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit ShapeError(const std::string& message) : std::invalid_argument(message) {}
};

/// \brief Thrown when data is malformed or inconsistent: a damaged IDX file, a label out of
/// range, a NaN loss. The message names the file (or object) and what is wrong with it.
class DataError : public std::runtime_error {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit DataError(const std::string& message) : std::runtime_error(message) {}
};

/// \brief Thrown instead of a bare `std::bad_alloc` when the memory for loading data runs out:
/// the message names what was being loaded and how much memory it needed, e.g.
/// \code
/// out of memory: cannot allocate 376.3 MB (784 x 60000 doubles) for the images of 'data/mnist/train-images-idx3-ubyte'
/// \endcode
/// It derives from `std::bad_alloc`, so code that catches that keeps working.
class OutOfMemory : public std::bad_alloc {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit OutOfMemory(const std::string& message)
      : message_(std::make_shared<const std::string>(message)) {}
  /// \brief The message given to the constructor.
  const char* what() const noexcept override { return message_->c_str(); }

 private:
  std::shared_ptr<const std::string> message_;  // shared: copying the exception cannot throw
};

/// \brief Thrown by a homework stub: the exercise named in the message is still to be written.
class NotImplemented : public std::logic_error {
 public:
  /// \brief Creates the error for the exercise `what` (usually the function's name).
  explicit NotImplemented(const std::string& what)
      : std::logic_error("not implemented yet (exercise): " + what) {}
};

}  // namespace nn

/// \brief Marks the body of an exercise in a homework starter tree: throws nn::NotImplemented
/// naming the enclosing function.
#define NN_TODO() throw ::nn::NotImplemented(__func__)
