#include <nn/schedules/schedule.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace nn {

namespace {

void check_t(long t, const char* who) {
  if (t < 0)
    throw std::invalid_argument(std::string(who) + ": step t must be >= 0, got " +
                                std::to_string(t));
}

void check_eta0(double eta0, const char* who) {
  if (!(eta0 > 0.0))
    throw std::invalid_argument(std::string(who) + ": eta0 must be > 0, got " +
                                std::to_string(eta0));
}

}  // namespace

ConstantSchedule::ConstantSchedule(double eta0) : eta0_(eta0) {
  check_eta0(eta0, "ConstantSchedule");
}

double ConstantSchedule::operator()(long t) const {
  check_t(t, "ConstantSchedule");
  return eta0_;  // eta(t) = eta0
}

std::string ConstantSchedule::name() const {
  std::ostringstream s;
  s << "constant(eta0=" << eta0_ << ")";
  return s.str();
}

InverseTimeDecay::InverseTimeDecay(double eta0, double k, double decay_steps)
    : eta0_(eta0), k_(k), T_(decay_steps) {
  check_eta0(eta0, "InverseTimeDecay");
  if (!(k >= 0.0)) throw std::invalid_argument("InverseTimeDecay: k must be >= 0");
  if (!(decay_steps > 0.0))
    throw std::invalid_argument("InverseTimeDecay: decay_steps must be > 0");
}

// [inverse-time-decay]
double InverseTimeDecay::operator()(long t) const {
  check_t(t, "InverseTimeDecay");
  return eta0_ * (1.0 / (1.0 + k_ * static_cast<double>(t) / T_));  // eta0 * 1 / (1 + k t / T)
}
// [inverse-time-decay]

std::string InverseTimeDecay::name() const {
  std::ostringstream s;
  s << "inverse_time(eta0=" << eta0_ << ", k=" << k_;
  if (T_ != 1.0) s << ", T=" << T_;
  s << ")";
  return s.str();
}

StepDecay::StepDecay(double eta0, double gamma, long step_size)
    : eta0_(eta0), gamma_(gamma), s_(step_size) {
  check_eta0(eta0, "StepDecay");
  if (!(gamma > 0.0 && gamma <= 1.0))
    throw std::invalid_argument("StepDecay: gamma must be in (0, 1]");
  if (step_size < 1) throw std::invalid_argument("StepDecay: step_size must be >= 1");
}

double StepDecay::operator()(long t) const {
  check_t(t, "StepDecay");
  return eta0_ * std::pow(gamma_, static_cast<double>(t / s_));  // eta0 gamma^floor(t/s)
}

std::string StepDecay::name() const {
  std::ostringstream s;
  s << "step(eta0=" << eta0_ << ", gamma=" << gamma_ << ", every=" << s_ << ")";
  return s.str();
}

ExponentialDecay::ExponentialDecay(double eta0, double rate, double decay_steps)
    : eta0_(eta0), rate_(rate), T_(decay_steps) {
  check_eta0(eta0, "ExponentialDecay");
  if (!(rate > 0.0 && rate <= 1.0))
    throw std::invalid_argument("ExponentialDecay: rate must be in (0, 1]");
  if (!(decay_steps > 0.0))
    throw std::invalid_argument("ExponentialDecay: decay_steps must be > 0");
}

double ExponentialDecay::operator()(long t) const {
  check_t(t, "ExponentialDecay");
  return eta0_ * std::pow(rate_, static_cast<double>(t) / T_);  // eta0 r^(t/T)
}

std::string ExponentialDecay::name() const {
  std::ostringstream s;
  s << "exponential(eta0=" << eta0_ << ", rate=" << rate_ << ", T=" << T_ << ")";
  return s.str();
}

CosineDecay::CosineDecay(double eta0, long decay_steps, double alpha)
    : eta0_(eta0), T_(decay_steps), alpha_(alpha) {
  check_eta0(eta0, "CosineDecay");
  if (decay_steps < 1) throw std::invalid_argument("CosineDecay: decay_steps must be >= 1");
  if (!(alpha >= 0.0 && alpha <= 1.0))
    throw std::invalid_argument("CosineDecay: alpha must be in [0, 1]");
}

double CosineDecay::operator()(long t) const {
  check_t(t, "CosineDecay");
  const double pi = std::acos(-1.0);
  const double tt = static_cast<double>(std::min(t, T_));
  // (1 + cos(pi min(t,T)/T)) / 2
  const double cosine = 0.5 * (1.0 + std::cos(pi * tt / static_cast<double>(T_)));
  return eta0_ * (alpha_ + (1.0 - alpha_) * cosine);  // eta0 (alpha + (1 - alpha) cosine)
}

std::string CosineDecay::name() const {
  std::ostringstream s;
  s << "cosine(eta0=" << eta0_ << ", T=" << T_ << ", alpha=" << alpha_ << ")";
  return s.str();
}

double apply_schedule(const Schedule& schedule, Optimizer& optimizer, long t) {
  const double eta = schedule(t);
  optimizer.set_learning_rate(eta);
  return eta;
}

}  // namespace nn
