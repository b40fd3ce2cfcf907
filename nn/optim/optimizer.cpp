#include <nn/optim/optimizer.hpp>

#include <utility>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>
#include <nn/core/text.hpp>

namespace nn {

Optimizer::Optimizer(std::vector<Parameter*> params, double lr, std::string who)
    : params_(std::move(params)), lr_(lr), who_(std::move(who)) {
  require(lr > 0.0, "learning rate must be > 0, got " + compact(lr));
}

void Optimizer::step() {
  ++t_;  // t = t + 1
  prepare_step();
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, who_ + "::step (parameter " + p.name + ")", "grad", "value");
    update(i, p);  // the optimizer's formula
  }
}

std::string Optimizer::name() const {
  std::string s = who_ + "(lr=" + compact(lr_);
  for (const Listed& h : listed_) {
    if (h.is_flag) {
      if (h.value != 0.0) s += ", " + h.key;
    } else if (h.shown == Shown::Always || h.value != 0.0) {
      s += ", " + h.key + "=" + compact(h.value);
    }
  }
  return s + ")";
}

double Optimizer::hyper_parameter(const std::string& key, double value, Range range, Shown shown) {
  switch (range) {
    case Range::Positive:
      require(value > 0.0, key + " must be > 0, got " + compact(value));
      break;
    case Range::NonNegative:
      require(value >= 0.0, key + " must be >= 0, got " + compact(value));
      break;
    case Range::NonPositive:
      require(value <= 0.0, key + " must be <= 0, got " + compact(value));
      break;
    case Range::UnitInterval:
      require(value >= 0.0 && value < 1.0, key + " must be in [0, 1), got " + compact(value));
      break;
  }
  listed_.push_back({key, value, false, shown});
  return value;
}

bool Optimizer::flag(const std::string& key, bool value) {
  listed_.push_back({key, value ? 1.0 : 0.0, true, Shown::Always});
  return value;
}

void Optimizer::require(bool ok, const std::string& problem) const {
  if (!ok) throw ArgumentError(who_ + ": " + problem);
}

std::vector<arma::mat> Optimizer::filled_like_parameters(double value) const {
  std::vector<arma::mat> state;
  state.reserve(params_.size());
  for (const Parameter* p : params_)
    state.emplace_back(arma::size(p->value), arma::fill::value(value));
  return state;
}

}  // namespace nn
