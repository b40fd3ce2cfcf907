#include <nn/optim/adam.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nn/core/shapes.hpp>

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

namespace {

// The update of one parameter tensor, element by element: one pass over w, m, v and g (the
// moments are memory-bound, so fusing the three lines matters). On x86-64 with GCC/Clang the
// loop is compiled for AVX-512, AVX2 and baseline SSE2, and the loader picks the best one the CPU
// has (`target_clones`); without it GCC vectorises `sqrt` and `/` only 2 doubles wide, and
// Adam costs a third of the matrix products of the lecture's MNIST network.
// Contraction into FMA is off in ISO C++ mode (-std=c++17), so every variant gives the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void adam_update(double* __restrict w, double* __restrict m, double* __restrict v,
                 const double* __restrict g, std::size_t n, double beta1, double beta2,
                 double step_size, double inv_sqrt_c2, double eps) {
  for (std::size_t i = 0; i < n; ++i) {
    // BEGIN SOLUTION
    m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];         // m = beta1 m + (1 - beta1) g
    v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];  // v = beta2 v + (1 - beta2) g^2
    w[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_c2 + eps);  // w -= eta m_hat / (sqrt(v_hat) + eps)
    // END SOLUTION
  }
}

}  // namespace

// [adam-step]
void Adam::step() {
  ++t_;
  const double t = static_cast<double>(t_);
  const double eta = lr_;
  const double c1 = 1.0 - std::pow(beta1_, t);  // 1 - beta1^t
  const double c2 = 1.0 - std::pow(beta2_, t);  // 1 - beta2^t
  // The textbook update, without materialising m_hat and v_hat:
  //   m_hat = m / (1 - beta1^t),  v_hat = v / (1 - beta2^t)
  //   w -= eta m_hat / (sqrt(v_hat) + eps)
  //      = (eta / c1) m / (sqrt(v) / sqrt(c2) + eps)      (same value: sqrt(v/c2) = sqrt(v)/sqrt(c2))
  const double step_size = eta / c1;
  const double inv_sqrt_c2 = 1.0 / std::sqrt(c2);
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Parameter& p = *params_[i];
    check_same_shape(p.grad, p.value, "Adam::step (parameter " + p.name + ")", "grad", "value");
    adam_update(p.value.memptr(), m_[i].memptr(), v_[i].memptr(), p.grad.memptr(), p.value.n_elem,
                beta1_, beta2_, step_size, inv_sqrt_c2, eps_);
  }
}
// [adam-step]

std::string Adam::name() const {
  std::ostringstream s;
  s << "Adam(lr=" << lr_ << ", beta1=" << beta1_ << ", beta2=" << beta2_ << ", eps=" << eps_ << ")";
  return s.str();
}

}  // namespace nn
