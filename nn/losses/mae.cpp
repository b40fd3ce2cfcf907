#include <nn/losses/mae.hpp>

#include <nn/core/errors.hpp>
#include <nn/losses/reduction.hpp>

namespace nn {

double mae(const arma::mat& Yhat, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(Yhat, T, "nn::mae");
  const arma::rowvec l = arma::mean(arma::abs(Yhat - T), 0);  // l_n = 1/K sum_k |yhat - t|
  return check_finite_loss(reduce(l, reduction), "nn::mae");  // 1/N sum_n l_n (or sum)
}

arma::mat mae_gradient(const arma::mat& Yhat, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(Yhat, T, "nn::mae_gradient");
  const double K = static_cast<double>(Yhat.n_rows);
  // dL/dYhat = sign(Yhat - T) / (K N)   (sign(0) = 0; no 1/N for a sum)
  return (1.0 / K) * reduction_scale(Yhat.n_cols, reduction) * arma::sign(Yhat - T);
}

double MAE::forward(const arma::mat& Yhat, const arma::mat& T) {
  const double L = mae(Yhat, T, reduction_);
  Yhat_ = Yhat;
  T_ = T;
  return L;
}

arma::mat MAE::backward() {
  if (Yhat_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return mae_gradient(Yhat_, T_, reduction_);
}

std::string MAE::name() const { return "MAE(" + reduction_name(reduction_) + ")"; }

}  // namespace nn
