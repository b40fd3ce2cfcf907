#include <nn/optim/ftrl.hpp>

namespace nn {

Ftrl::Ftrl(std::vector<Parameter*> params, const FtrlOptions& options)
    : Optimizer(std::move(params), options.lr, "Ftrl"), o_(options) {
  hyper_parameter("lr_power", o_.lr_power, Range::NonPositive);
  hyper_parameter("initial_accumulator", o_.initial_accumulator, Range::Positive);
  hyper_parameter("l1", o_.l1, Range::NonNegative);
  hyper_parameter("l2", o_.l2, Range::NonNegative);
  hyper_parameter("beta", o_.beta, Range::NonNegative);
  n_ = filled_like_parameters(o_.initial_accumulator);  // n_0
  z_ = zeros_like_parameters();                         // z_0 = 0
}

void Ftrl::update(std::size_t i, Parameter& p) {
  const double eta = lr_;
  const double p_ = -o_.lr_power;                       // n^{-lr_power} = n^{p_}
  const double l2_adj = o_.l2 + o_.beta / (2.0 * eta);  // lambda2 + beta / (2 eta)
  const arma::mat& g = p.grad;
  arma::mat& w = p.value;
  // BEGIN SOLUTION
  const arma::mat n_new = n_[i] + arma::square(g);  // n' = n + g^2
  // z += g - (n'^-p - n^-p)/eta w
  z_[i] += g - (arma::pow(n_new, p_) - arma::pow(n_[i], p_)) / eta % w;
  n_[i] = n_new;                                                  // n = n'
  const arma::mat q = arma::pow(n_[i], p_) / eta + 2.0 * l2_adj;  // q = n^-p / eta + 2 lambda2'
  w = (arma::clamp(z_[i], -o_.l1, o_.l1) - z_[i]) / q;            // w = (clip(z, -l1, l1) - z) / q
  // END SOLUTION
}

}  // namespace nn
