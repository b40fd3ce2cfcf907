#include <nn/optim/clipping.hpp>

#include <cmath>
#include <string>

#include <nn/core/errors.hpp>

namespace nn {

void clip_by_value(const std::vector<Parameter*>& params, double c) {
  if (!(c >= 0.0)) throw ArgumentError("clip_by_value: c must be >= 0, got " + std::to_string(c));
  for (Parameter* p : params) p->grad = arma::clamp(p->grad, -c, c);  // g = min(max(g, -c), c)
}

double global_grad_norm(const std::vector<Parameter*>& params) {
  double s = 0.0;
  for (const Parameter* p : params) s += arma::accu(arma::square(p->grad));  // sum g^2
  return std::sqrt(s);  // ||g|| = sqrt(sum g^2)
}

double clip_by_global_norm(const std::vector<Parameter*>& params, double max_norm) {
  if (!(max_norm > 0.0))
    throw ArgumentError("clip_by_global_norm: max_norm must be > 0, got " +
                        std::to_string(max_norm));
  const double norm = global_grad_norm(params);
  if (norm > max_norm) {
    const double scale = max_norm / norm;          // c / ||g||
    for (Parameter* p : params) p->grad *= scale;  // g = g c / ||g||
  }
  return norm;
}

}  // namespace nn
