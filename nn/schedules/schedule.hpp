#pragma once
/// \file
/// \brief Learning-rate schedules \f$ \eta(t) \f$: constant, inverse-time decay (the lecture's),
/// step, exponential and cosine decay.
///
/// A schedule is a function of the step counter \f$ t = 0, 1, 2, \dots \f$; apply it with
/// nn::apply_schedule before each `step()`:
/// \code
/// nn::InverseTimeDecay schedule(1.0, 0.1);       // eta0 / (1 + 0.1 t)
/// for (long t = 0; t < 20; ++t) { nn::apply_schedule(schedule, sgd, t); ...; sgd.step(); }
/// \endcode

#include <memory>
#include <string>

#include <nn/optim/optimizer.hpp>

namespace nn {

/// \brief A learning rate as a function of the step (or epoch) counter \f$ t \ge 0 \f$.
class Schedule {
 public:
  virtual ~Schedule() = default;
  /// \brief \f$ \eta(t) \f$. Throws std::invalid_argument for \f$ t < 0 \f$.
  virtual double operator()(long t) const = 0;
  /// \brief A display name with the hyper-parameters.
  virtual std::string name() const = 0;
};

/// \brief \f$ \eta(t) = \eta_0 \f$.
class ConstantSchedule : public Schedule {
 public:
  /// \brief A constant rate `eta0` (> 0, else std::invalid_argument).
  explicit ConstantSchedule(double eta0);
  /// \brief \f$ \eta_0 \f$.
  double operator()(long t) const override;
  /// \brief `"constant(eta0=...)"`.
  std::string name() const override;

 private:
  double eta0_;
};

/// \brief Inverse-time decay, the lecture's schedule (deck 3 "Learning rate decay", L3-17):
/// \f[ \eta(t) = \frac{\eta_0}{1 + k\, t / T} \f]
/// with decay rate \f$ k \f$ and \f$ T \f$ = `decay_steps` (1 in the lecture; Keras's
/// `InverseTimeDecay` has the same form). The rate halves at \f$ t = T / k \f$.
class InverseTimeDecay : public Schedule {
 public:
  /// \brief \f$ \eta_0 \f$ = `eta0` > 0, \f$ k \f$ = `k` >= 0, \f$ T \f$ = `decay_steps` > 0.
  InverseTimeDecay(double eta0, double k, double decay_steps = 1.0);
  /// \brief \f$ \eta_0 / (1 + k t / T) \f$.
  double operator()(long t) const override;
  /// \brief `"inverse_time(eta0=..., k=...)"`.
  std::string name() const override;

 private:
  double eta0_, k_, T_;
};

/// \brief Step decay: multiply by \f$ \gamma \f$ every \f$ s \f$ steps,
/// \f$ \eta(t) = \eta_0\, \gamma^{\lfloor t / s \rfloor} \f$ (PyTorch's `StepLR`).
class StepDecay : public Schedule {
 public:
  /// \brief \f$ \eta_0 \f$ = `eta0` > 0, \f$ \gamma \f$ = `gamma` in (0, 1], \f$ s \f$ =
  /// `step_size` >= 1.
  StepDecay(double eta0, double gamma, long step_size);
  /// \brief \f$ \eta_0 \gamma^{\lfloor t/s \rfloor} \f$.
  double operator()(long t) const override;
  /// \brief `"step(eta0=..., gamma=..., every=...)"`.
  std::string name() const override;

 private:
  double eta0_, gamma_;
  long s_;
};

/// \brief Exponential decay \f$ \eta(t) = \eta_0\, r^{t / T} \f$ (Keras's `ExponentialDecay`, not
/// staircase).
class ExponentialDecay : public Schedule {
 public:
  /// \brief \f$ \eta_0 \f$ = `eta0` > 0, rate \f$ r \f$ = `rate` in (0, 1], \f$ T \f$ =
  /// `decay_steps` > 0.
  ExponentialDecay(double eta0, double rate, double decay_steps = 1.0);
  /// \brief \f$ \eta_0 r^{t/T} \f$.
  double operator()(long t) const override;
  /// \brief `"exponential(eta0=..., rate=..., T=...)"`.
  std::string name() const override;

 private:
  double eta0_, rate_, T_;
};

/// \brief Cosine decay over \f$ T \f$ steps to a floor \f$ \alpha \eta_0 \f$ (Keras's
/// `CosineDecay`): \f[ \eta(t) = \eta_0 \left( \alpha + (1 - \alpha)\, \tfrac12 \left(1 + \cos
/// \frac{\pi \min(t, T)}{T}\right) \right). \f]
class CosineDecay : public Schedule {
 public:
  /// \brief \f$ \eta_0 \f$ = `eta0` > 0, \f$ T \f$ = `decay_steps` >= 1, \f$ \alpha \f$ = `alpha`
  /// in [0, 1].
  CosineDecay(double eta0, long decay_steps, double alpha = 0.0);
  /// \brief See the class formula; constant \f$ \alpha \eta_0 \f$ after \f$ T \f$.
  double operator()(long t) const override;
  /// \brief `"cosine(eta0=..., T=..., alpha=...)"`.
  std::string name() const override;

 private:
  double eta0_;
  long T_;
  double alpha_;
};

/// \brief Sets the optimizer's rate to \f$ \eta(t) \f$ and returns it.
double apply_schedule(const Schedule& schedule, Optimizer& optimizer, long t);

}  // namespace nn
