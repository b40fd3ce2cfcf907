#include <nn/regularization/l2.hpp>

#include <stdexcept>

#include <nn/core/shapes.hpp>

namespace nn {

double l2_penalty(const arma::mat& W, double lambda) {
  return 0.5 * lambda * arma::accu(arma::square(W));  // lambda/2 ||W||^2
}

arma::mat l2_penalty_gradient(const arma::mat& W, double lambda) {
  return lambda * W;  // d/dW lambda/2 ||W||^2 = lambda W
}

double l2_penalty(const std::vector<Parameter*>& params, double lambda) {
  double s = 0.0;
  for (const Parameter* p : params) s += l2_penalty(p->value, lambda);  // sum_p lambda/2 ||W_p||^2
  return s;
}

void add_l2_gradient(const std::vector<Parameter*>& params, double lambda) {
  for (Parameter* p : params) {
    check_same_shape(p->grad, p->value, "add_l2_gradient (parameter " + p->name + ")", "grad",
                     "value");
    p->grad += l2_penalty_gradient(p->value, lambda);  // g = g + lambda W
  }
}

// [weight-decay-step]
arma::mat weight_decay_step(const arma::mat& w, const arma::mat& dl_dw, double eta, double lambda) {
  check_same_shape(w, dl_dw, "weight_decay_step", "w", "dl/dw");
  // BEGIN SOLUTION
  return (1.0 - eta * lambda) * w - eta * dl_dw;  // w = (1 - eta lambda) w - eta dl/dw
  // END SOLUTION
}
// [weight-decay-step]

void apply_weight_decay(const std::vector<Parameter*>& params, double eta, double lambda) {
  for (Parameter* p : params) p->value *= (1.0 - eta * lambda);  // w = (1 - eta lambda) w
}

}  // namespace nn
