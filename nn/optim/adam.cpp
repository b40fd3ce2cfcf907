#include <nn/optim/adam.hpp>

#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>
#include <nn/kernels/kernels.hpp>

namespace nn {

Adam::Adam(std::vector<Parameter*> params, const AdamOptions& options)
    : Optimizer(std::move(params), options.lr),
      beta1_(options.beta1),
      beta2_(options.beta2),
      eps_(options.eps) {
  if (!(options.lr > 0.0)) {
    throw std::invalid_argument("Adam: learning rate must be > 0, got " + std::to_string(options.lr));
  }
  if (!(beta1_ >= 0.0 && beta1_ < 1.0) || !(beta2_ >= 0.0 && beta2_ < 1.0)) {
    throw std::invalid_argument("Adam: beta1 and beta2 must be in [0, 1), got " +
                                std::to_string(beta1_) + " and " + std::to_string(beta2_));
  }
  if (!(eps_ >= 0.0)) throw std::invalid_argument("Adam: eps must be >= 0");
  m_.reserve(params_.size());
  v_.reserve(params_.size());
  for (const Parameter* p : params_) {
    m_.emplace_back(arma::size(p->value), arma::fill::zeros);  // m_0 = 0
    v_.emplace_back(arma::size(p->value), arma::fill::zeros);  // v_0 = 0
  }
}

// [adam-step]
void Adam::step() {
  ++t_;
  const double t = static_cast<double>(t_);
  const double eta = lr_, beta1 = beta1_, beta2 = beta2_, eps = eps_;
  const double c1 = 1.0 - std::pow(beta1, t);   // 1 - beta1^t
  const double c2 = 1.0 - std::pow(beta2, t);   // 1 - beta2^t
  for (std::size_t k = 0; k < params_.size(); ++k) {
    Parameter& p = *params_[k];
    check_same_shape(p.grad, p.value, "Adam::step (parameter " + p.name + ")", "grad", "value");
    double* w = p.value.memptr();
    double* m = m_[k].memptr();
    double* v = v_[k].memptr();
    const double* g = p.grad.memptr();
    const std::size_t n = p.value.n_elem;
    // BEGIN REFERENCE ONLY
    if (kernels::fast()) {  // the loop below, vectorised (nn/kernels/adam.cpp): the same bits
      kernels::adam(w, m, v, g, n, {beta1, beta2, c1, c2, eta, eps});
      continue;
    }
    // END REFERENCE ONLY
    for (std::size_t i = 0; i < n; ++i) {
      // BEGIN SOLUTION
      m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];         // m = beta1 m + (1 - beta1) g
      v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];  // v = beta2 v + (1 - beta2) g^2
      const double m_hat = m[i] / c1;                     // m_hat = m / (1 - beta1^t)
      const double v_hat = v[i] / c2;                     // v_hat = v / (1 - beta2^t)
      w[i] -= eta * m_hat / (std::sqrt(v_hat) + eps);     // w -= eta m_hat / (sqrt(v_hat) + eps)
      // END SOLUTION
    }
  }
}
// [adam-step]

std::string Adam::name() const {
  std::ostringstream s;
  s << "Adam(lr=" << lr_ << ", beta1=" << beta1_ << ", beta2=" << beta2_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
