#pragma once
/// \file
/// \brief The library's exception types and the `NN_TODO` marker for homework stubs.
///
/// ## Which exception the library throws
/// One type per kind of mistake, so a caller can catch the kind it can handle:
/// | the mistake | type | derives from |
/// |---|---|---|
/// | an argument outside its range, a null pointer | nn::ArgumentError | `std::invalid_argument` |
/// | an argument of the wrong shape | nn::ShapeError | nn::ArgumentError |
/// | a call out of order | nn::CallOrderError | `std::logic_error` |
/// | bad data: a damaged file, a label out of range, a NaN in the inputs | nn::DataError |
/// `std::runtime_error` | | a loss that is NaN or \f$ \pm\infty \f$ | nn::NonFiniteLoss |
/// nn::DataError | | memory for loading data ran out | nn::OutOfMemory | `std::bad_alloc` | | a
/// homework stub reached | nn::NotImplemented | `std::logic_error` |
///
/// Arguments are checked where they are given: a constructor checks its hyper-parameters (a
/// loss's \f$ \varepsilon \f$, an optimizer's \f$ \eta \f$), so a bad value fails at the line
/// that wrote it, not at the first `forward`. Every message names the object, what it expected and
/// what it got. Because nn::ArgumentError derives from `std::invalid_argument` and
/// nn::CallOrderError from `std::logic_error`, code that catches the standard types keeps working.
/// The rules and a message of each kind: \ref contributing "the contributing page".

#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace nn {

/// \brief Thrown when an argument's value is invalid: a hyper-parameter outside its range
/// (`lr <= 0`, a loss's \f$ \varepsilon \f$ outside \f$ [0, 0.5) \f$, RReLU's `lo > hi`), a null
/// pointer, an unknown name. The message names the function or class, the argument, the valid
/// range and the value given, e.g.
/// \code
/// BinaryCrossEntropy: eps = 0.7 must be in [0, 0.5)
/// \endcode
class ArgumentError : public std::invalid_argument {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit ArgumentError(const std::string& message) : std::invalid_argument(message) {}
};

/// \brief Thrown when an array has the wrong shape for an operation (a kind of nn::ArgumentError).
///
/// The message names the operation (layer, loss, function) and both shapes, e.g.
/// \code
/// Dense(784 -> 100)::forward: input is 785 x 100 (features x examples), expected 784 rows
/// \endcode
class ShapeError : public ArgumentError {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit ShapeError(const std::string& message) : ArgumentError(message) {}
};

/// \brief Thrown when methods are called in an order the object cannot serve: `backward` before
/// any `forward`, `fit` before `compile`, an optimizer built before the last layer was added.
/// It is a bug in the calling program, not in the data; the message says what to call first, e.g.
/// \code
/// MSE(mean)::backward: called before forward
/// \endcode
class CallOrderError : public std::logic_error {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit CallOrderError(const std::string& message) : std::logic_error(message) {}
};

/// \brief Thrown when data is malformed or inconsistent: a damaged IDX file, a label out of
/// range, a NaN loss. The message names the file (or object) and what is wrong with it.
class DataError : public std::runtime_error {
 public:
  /// \brief Creates the error with a complete, human-readable message.
  explicit DataError(const std::string& message) : std::runtime_error(message) {}
};

/// \brief Thrown by a loss whose value is NaN or \f$ \pm\infty \f$ although its inputs are
/// finite (an overflow, e.g. nn::mse of outputs near \f$ 10^{200} \f$): the model has diverged.
/// `Sequential::fit` turns it into the batch loss `value()`, which its NaN guard
/// (nn::TerminateOnNaN) reports with the epoch and the batch.
class NonFiniteLoss : public DataError {
 public:
  /// \brief Creates the error with a complete message and the loss `value` (NaN or an infinity).
  NonFiniteLoss(const std::string& message, double value) : DataError(message), value_(value) {}
  /// \brief The loss that is not finite.
  double value() const { return value_; }

 private:
  double value_;
};

/// \brief Thrown instead of a bare `std::bad_alloc` when the memory for loading data runs out:
/// the message names what was being loaded and how much memory it needed, e.g.
/// \code
/// out of memory: cannot allocate 376.3 MB (784 x 60000 doubles) for the images of
/// 'data/mnist/train-images-idx3-ubyte' \endcode It derives from `std::bad_alloc`, so code that
/// catches that keeps working.
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

#ifdef NN_HOMEWORK_TRACE
/// \brief The homework check's trace hook (docs/homework.md): in a build with
/// `-DNN_HOMEWORK_TRACE` only, every stub reached calls it; tests/homework/trace.cpp records it.
void homework_trace(const std::string& what);
#endif

/// \brief Thrown by a homework stub: the exercise named in the message is still to be written.
class NotImplemented : public std::logic_error {
 public:
  /// \brief Creates the error for the exercise `what` (the starter's stubs name the exercise id
  /// first).
  explicit NotImplemented(const std::string& what)
      : std::logic_error("not implemented yet (exercise): " + what) {
#ifdef NN_HOMEWORK_TRACE
    homework_trace(what);
#endif
  }
};

}  // namespace nn

/// \brief Marks the body of an exercise in a homework starter tree: throws nn::NotImplemented
/// naming the enclosing function.
#define NN_TODO() throw ::nn::NotImplemented(__func__)
