#include <nn/losses/binary_cross_entropy.hpp>

#include <algorithm>
#include <cmath>

#include <nn/activations/sigmoid.hpp>
#include <nn/core/errors.hpp>
#include <nn/losses/reduction.hpp>

namespace nn {

double binary_cross_entropy(const arma::mat& P, const arma::mat& T, double eps,
                            Reduction reduction) {
  check_loss_inputs(P, T, "nn::binary_cross_entropy", "P", "T");
  check_clip_eps(eps, "nn::binary_cross_entropy");
  const arma::mat Pc = arma::clamp(P, eps, 1.0 - eps);  // p~ = clip(p, eps, 1 - eps)
  // l_kn = -[t ln p~ + (1 - t) ln(1 - p~)]
  const arma::mat l = -(T % arma::log(Pc) + (1.0 - T) % arma::log(1.0 - Pc));
  // mean over the K labels per example, then mean (or sum) over examples
  return check_finite_loss(reduce(arma::mean(l, 0), reduction), "nn::binary_cross_entropy");
}

arma::mat binary_cross_entropy_gradient(const arma::mat& P, const arma::mat& T, double eps,
                                        Reduction reduction) {
  check_loss_inputs(P, T, "nn::binary_cross_entropy_gradient", "P", "T");
  check_clip_eps(eps, "nn::binary_cross_entropy_gradient");
  const arma::mat Pc = arma::clamp(P, eps, 1.0 - eps);  // p~ = clip(p, eps, 1 - eps)
  const double scale = reduction_scale(P.n_cols, reduction) / static_cast<double>(P.n_rows);
  return scale * (-T / Pc + (1.0 - T) / (1.0 - Pc));  // dL/dP = (-t/p~ + (1-t)/(1-p~)) / (K N)
}

double binary_cross_entropy(double p, double y, double eps) {
  const double pc = std::clamp(p, eps, 1.0 - eps);              // p~ = clip(p, eps, 1 - eps)
  return -(y * std::log(pc) + (1.0 - y) * std::log(1.0 - pc));  // -[y ln p~ + (1-y) ln(1-p~)]
}

double binary_cross_entropy_from_logits(const arma::mat& Z, const arma::mat& T,
                                        Reduction reduction) {
  check_loss_inputs(Z, T, "nn::binary_cross_entropy_from_logits", "Z", "T");
  // BEGIN SOLUTION
  // l_kn = max(z, 0) - t z + ln(1 + e^-|z|)
  const arma::mat l =
      arma::clamp(Z, 0.0, arma::datum::inf) - T % Z + arma::log1p(arma::exp(-arma::abs(Z)));
  return check_finite_loss(reduce(arma::mean(l, 0), reduction),
                           "nn::binary_cross_entropy_from_logits");
  // END SOLUTION
}

arma::mat binary_cross_entropy_from_logits_gradient(const arma::mat& Z, const arma::mat& T,
                                                    Reduction reduction) {
  check_loss_inputs(Z, T, "nn::binary_cross_entropy_from_logits_gradient", "Z", "T");
  // BEGIN SOLUTION
  const double scale = reduction_scale(Z.n_cols, reduction) / static_cast<double>(Z.n_rows);
  return scale * (sigmoid(Z) - T);  // dL/dZ = (sigma(Z) - T) / (K N)
  // END SOLUTION
}

double binary_cross_entropy_from_logits(double z, double y) {
  // max(z,0) - yz + ln(1+e^-|z|)
  return std::max(z, 0.0) - y * z + std::log1p(std::exp(-std::abs(z)));
}

BinaryCrossEntropy::BinaryCrossEntropy(Reduction reduction, double eps)
    : reduction_(reduction), eps_(eps) {
  check_clip_eps(eps, "BinaryCrossEntropy");
}

double BinaryCrossEntropy::forward(const arma::mat& P, const arma::mat& T) {
  const double L = binary_cross_entropy(P, T, eps_, reduction_);
  P_ = P;
  T_ = T;
  return L;
}

arma::mat BinaryCrossEntropy::backward() {
  if (P_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return binary_cross_entropy_gradient(P_, T_, eps_, reduction_);
}

std::string BinaryCrossEntropy::name() const {
  return "BinaryCrossEntropy(" + reduction_name(reduction_) + ")";
}

double BinaryCrossEntropyFromLogits::forward(const arma::mat& Z, const arma::mat& T) {
  const double L = binary_cross_entropy_from_logits(Z, T, reduction_);
  Z_ = Z;
  T_ = T;
  return L;
}

arma::mat BinaryCrossEntropyFromLogits::backward() {
  if (Z_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return binary_cross_entropy_from_logits_gradient(Z_, T_, reduction_);
}

std::string BinaryCrossEntropyFromLogits::name() const {
  return "BinaryCrossEntropyFromLogits(" + reduction_name(reduction_) + ")";
}

}  // namespace nn
