#pragma once
/// \file
/// \brief The interface every optimizer implements.

#include <string>
#include <vector>

#include <nn/core/parameter.hpp>

namespace nn {

/// \brief Updates a fixed list of parameters from their gradients.
///
/// Built from `model.parameters()`; any per-parameter state (velocities, moment estimates) lives
/// in vectors parallel to that list, never on the layers (STYLE). `step()` reads each
/// `Parameter::grad` and updates `Parameter::value` in place:
/// \code
/// nn::Adam adam(model.parameters(), {.lr = 1e-3});
/// model.backward(loss.backward());
/// adam.step();
/// \endcode
class Optimizer {
 public:
  /// \brief An optimizer over `params` with learning rate \f$ \eta \f$ = `lr`.
  Optimizer(std::vector<Parameter*> params, double lr) : params_(std::move(params)), lr_(lr) {}
  virtual ~Optimizer() = default;

  /// \brief One update of every parameter from its current gradient.
  virtual void step() = 0;

  /// \brief A display name with the hyper-parameters, e.g. `"Adam(lr=0.001, beta1=0.9, ...)"`.
  virtual std::string name() const = 0;

  /// \brief The current learning rate \f$ \eta \f$.
  double learning_rate() const { return lr_; }

  /// \brief Sets \f$ \eta \f$ (used by learning-rate schedules).
  void set_learning_rate(double lr) { lr_ = lr; }

  /// \brief The number of `step()` calls so far, \f$ t \f$.
  long iterations() const { return t_; }

  /// \brief The parameters this optimizer updates.
  const std::vector<Parameter*>& parameters() const { return params_; }

 protected:
  std::vector<Parameter*> params_;  ///< The parameters, in the model's order.
  double lr_;                       ///< The learning rate \f$ \eta \f$.
  long t_ = 0;                      ///< Steps taken; subclasses increment it in `step()`.
};

}  // namespace nn
