#include <nn/optim/ftrl.hpp>

#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

Ftrl::Ftrl(std::vector<Parameter*> params, const FtrlOptions& options)
    : Optimizer(std::move(params), options.lr), o_(options) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Ftrl: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(o_.lr_power <= 0.0)) throw std::invalid_argument("Ftrl: lr_power must be <= 0");
  if (!(o_.initial_accumulator > 0.0)) throw std::invalid_argument("Ftrl: initial_accumulator must be > 0");
  if (!(o_.l1 >= 0.0 && o_.l2 >= 0.0 && o_.beta >= 0.0)) {
    throw std::invalid_argument("Ftrl: l1, l2 and beta must be >= 0");
  }
  for (const Parameter* p : params_) {
    n_.emplace_back(arma::size(p->value), arma::fill::value(o_.initial_accumulator));  // n_0
    z_.emplace_back(arma::size(p->value), arma::fill::zeros);                          // z_0 = 0
  }
}

void Ftrl::step() {
  ++t_;
  const double eta = lr_;
  const double p_ = -o_.lr_power;                           // n^{-lr_power} = n^{p_}
  const double l2_adj = o_.l2 + o_.beta / (2.0 * eta);      // lambda2 + beta / (2 eta)
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Ftrl::step (parameter " + p.name + ")", "grad", "value");
    const arma::mat& g = p.grad;
    arma::mat& w = p.value;
    // BEGIN SOLUTION
    const arma::mat n_new = n_[i] + arma::square(g);                        // n' = n + g^2
    z_[i] += g - (arma::pow(n_new, p_) - arma::pow(n_[i], p_)) / eta % w;  // z += g - (n'^-p - n^-p)/eta w
    n_[i] = n_new;                                                         // n = n'
    const arma::mat q = arma::pow(n_[i], p_) / eta + 2.0 * l2_adj;         // q = n^-p / eta + 2 lambda2'
    w = (arma::clamp(z_[i], -o_.l1, o_.l1) - z_[i]) / q;                   // w = (clip(z, -l1, l1) - z) / q
    // END SOLUTION
  }
}

std::string Ftrl::name() const {
  std::ostringstream s;
  s << "Ftrl(lr=" << lr_ << ", lr_power=" << o_.lr_power << ", l1=" << o_.l1 << ", l2=" << o_.l2
    << ")";
  return s.str();
}

}  // namespace nn
