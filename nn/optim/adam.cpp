#include <nn/optim/adam.hpp>

#include <cmath>
#include <cstddef>

#include <nn/kernels/kernels.hpp>

namespace nn {

Adam::Adam(std::vector<Parameter*> params, const AdamOptions& options)
    : Adam(std::move(params), options, "Adam") {}

Adam::Adam(std::vector<Parameter*> params, const AdamOptions& options, std::string who)
    : Optimizer(std::move(params), options.lr, std::move(who)),
      beta1_(hyper_parameter("beta1", options.beta1, Range::UnitInterval)),
      beta2_(hyper_parameter("beta2", options.beta2, Range::UnitInterval)),
      eps_(hyper_parameter("eps", options.eps, Range::NonNegative)),
      m_(zeros_like_parameters()),    // m_0 = 0
      v_(zeros_like_parameters()) {}  // v_0 = 0

void Adam::update(std::size_t k, Parameter& p) {
  const double t = static_cast<double>(iterations());
  const double eta = lr_, beta1 = beta1_, beta2 = beta2_, eps = eps_;
  const double c1 = 1.0 - std::pow(beta1, t);  // 1 - beta1^t
  const double c2 = 1.0 - std::pow(beta2, t);  // 1 - beta2^t
  double* w = p.value.memptr();
  double* m = m_[k].memptr();
  double* v = v_[k].memptr();
  const double* g = p.grad.memptr();
  const std::size_t n = p.value.n_elem;
  // BEGIN REFERENCE ONLY
  if (kernels::fast()) {  // the loop below, vectorised (nn/kernels/adam.cpp): the same bits
    kernels::adam(w, m, v, g, n, {beta1, beta2, c1, c2, eta, eps});
    return;
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

}  // namespace nn
