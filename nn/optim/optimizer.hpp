#pragma once
/// \file
/// \brief The base class of every optimizer: the loop over the parameters, the step counter, the
/// shape check and the checks of the hyper-parameters they share.

#include <armadillo>
#include <cstddef>
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
///
/// The skeleton is the same for every optimizer, so it lives here (a template method): `step()`
/// counts the step (\f$ t \leftarrow t + 1 \f$), calls `prepare_step()` once, then for each
/// parameter checks that its gradient has the value's shape and calls `update(i, p)`, the
/// optimizer's own formula. A subclass writes only its constructor, which declares its
/// hyper-parameters with `hyper_parameter` (checked against their range and listed by `name()`),
/// and `update`. Plain gradient descent would be:
/// \code
/// class GD : public nn::Optimizer {
///  public:
///   GD(std::vector<nn::Parameter*> params, double lr) : Optimizer(std::move(params), lr, "GD") {}
///
///  protected:
///   void update(std::size_t, nn::Parameter& p) override { p.value -= lr_ * p.grad; }  // w -= eta
///   g
/// };
/// \endcode
/// (docs/contributing.md, "Adding an optimizer", has the whole recipe.)
class Optimizer {
 public:
  /// \brief An optimizer over `params` with learning rate \f$ \eta \f$ = `lr`, called `who` in
  /// `name()` and in error messages (`"Adam"`). Throws nn::ArgumentError `"<who>: learning rate
  /// must be > 0, got <lr>"` unless \f$ \eta > 0 \f$.
  Optimizer(std::vector<Parameter*> params, double lr, std::string who = "Optimizer");
  virtual ~Optimizer() = default;

  /// \brief One update of every parameter from its current gradient: \f$ t \leftarrow t + 1 \f$,
  /// `prepare_step()`, then `update(i, p)` for each parameter `p` (index `i`) after checking that
  /// `p.grad` has the shape of `p.value` (nn::ShapeError naming the parameter otherwise).
  void step();

  /// \brief The name with the hyper-parameters in the order they were declared, e.g.
  /// `"Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07)"` (the current learning rate; a
  /// hyper-parameter declared Shown::IfNonZero only when it is not 0, a flag only when set).
  virtual std::string name() const;

  /// \brief The current learning rate \f$ \eta \f$.
  double learning_rate() const { return lr_; }

  /// \brief Sets \f$ \eta \f$ (used by learning-rate schedules).
  void set_learning_rate(double lr) { lr_ = lr; }

  /// \brief The number of `step()` calls so far, \f$ t \f$ (the current step inside `update`).
  long iterations() const { return t_; }

  /// \brief The parameters this optimizer updates.
  const std::vector<Parameter*>& parameters() const { return params_; }

 protected:
  /// \brief The values a hyper-parameter may take (checked by `hyper_parameter`).
  enum class Range {
    Positive,      ///< \f$ x > 0 \f$
    NonNegative,   ///< \f$ x \ge 0 \f$ (\f$ \epsilon \f$, a regularisation strength)
    NonPositive,   ///< \f$ x \le 0 \f$ (FTRL's `lr_power`)
    UnitInterval,  ///< \f$ 0 \le x < 1 \f$ (decay rates \f$ \beta, \rho \f$, momentum \f$ \mu \f$)
  };

  /// \brief When `name()` lists a hyper-parameter.
  enum class Shown {
    Always,     ///< always
    IfNonZero,  ///< only when it is not 0 (SGD's momentum: `"SGD(lr=0.01)"`)
  };

  /// \brief Declares the hyper-parameter `key` = `value`: throws nn::ArgumentError
  /// `"<who>: <key> must be in [0, 1), got 1"` (or the bound of `range`) when `value` is outside
  /// `range` (NaN always is), records it for `name()` and returns `value`, so a constructor
  /// can initialise its member with it: `beta1_(hyper_parameter("beta1", o.beta1,
  /// Range::UnitInterval))`.
  double hyper_parameter(const std::string& key, double value, Range range,
                         Shown shown = Shown::Always);

  /// \brief Declares the on/off option `key` (listed by `name()` as `key` when true); returns
  /// `value`.
  bool flag(const std::string& key, bool value);

  /// \brief Throws nn::ArgumentError `"<who>: <problem>"` unless `ok` (a condition between
  /// hyper-parameters, e.g. Nesterov needs momentum).
  void require(bool ok, const std::string& problem) const;

  /// \brief The optimizer's formula for parameter `p`, the `i`-th of `parameters()` (the index of
  /// its state in the parallel vectors): reads `p.grad`, updates `p.value` in place. Called by
  /// `step()`, with `iterations()` already the current step \f$ t \ge 1 \f$.
  virtual void update(std::size_t i, Parameter& p) = 0;

  /// \brief Called by `step()` once per step, after the counter and before the first `update`:
  /// for quantities shared by all parameters that must change once per step (Nadam's momentum
  /// schedule). Does nothing by default.
  virtual void prepare_step() {}

  /// \brief One zero array per parameter, of its shape: the initial state \f$ m_0 = 0 \f$ of a
  /// moment estimate, in a vector parallel to `parameters()`.
  std::vector<arma::mat> zeros_like_parameters() const { return filled_like_parameters(0.0); }

  /// \brief One array per parameter, of its shape, every entry `value` (Adagrad's
  /// \f$ G_0 \f$, FTRL's \f$ n_0 \f$).
  std::vector<arma::mat> filled_like_parameters(double value) const;

  std::vector<Parameter*> params_;  ///< The parameters, in the model's order.
  double lr_;                       ///< The learning rate \f$ \eta \f$.

 private:
  /// \cond
  // (a private helper; hidden from Doxygen, which would otherwise link an empty "Classes" section)
  struct Listed {  // a hyper-parameter or flag as name() lists it
    std::string key;
    double value;
    bool is_flag;
    Shown shown;
  };
  /// \endcond
  std::string who_;             // the optimizer's name in name() and in error messages
  std::vector<Listed> listed_;  // in the order of declaration
  long t_ = 0;                  // steps taken, counted by step()
};

}  // namespace nn
