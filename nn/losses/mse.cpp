#include <nn/losses/mse.hpp>

#include <nn/core/errors.hpp>
#include <nn/losses/reduction.hpp>

namespace nn {

double mse(const arma::mat& Yhat, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(Yhat, T, "nn::mse");
  const arma::rowvec l = arma::mean(arma::square(Yhat - T), 0);  // l_n = 1/K sum_k (yhat - t)^2
  return check_finite_loss(reduce(l, reduction), "nn::mse");     // 1/N sum_n l_n (or sum)
}

arma::mat mse_gradient(const arma::mat& Yhat, const arma::mat& T, Reduction reduction) {
  check_loss_inputs(Yhat, T, "nn::mse_gradient");
  // BEGIN SOLUTION
  const double K = static_cast<double>(Yhat.n_rows);
  // dL/dYhat = 2 (Yhat - T) / (K N)   (no 1/N for a sum)
  return (2.0 / K) * reduction_scale(Yhat.n_cols, reduction) * (Yhat - T);
  // END SOLUTION
}

double sse(const arma::mat& Yhat, const arma::mat& T) {
  check_loss_inputs(Yhat, T, "nn::sse");
  return check_finite_loss(arma::accu(arma::square(Yhat - T)), "nn::sse");  // sum (yhat - t)^2
}

arma::mat sse_gradient(const arma::mat& Yhat, const arma::mat& T) {
  check_loss_inputs(Yhat, T, "nn::sse_gradient");
  return 2.0 * (Yhat - T);  // d sse / dYhat = 2 (Yhat - T)
}

double MSE::forward(const arma::mat& Yhat, const arma::mat& T) {
  const double L = mse(Yhat, T, reduction_);
  Yhat_ = Yhat;
  T_ = T;
  return L;
}

arma::mat MSE::backward() {
  if (Yhat_.is_empty()) throw CallOrderError(name() + "::backward: called before forward");
  return mse_gradient(Yhat_, T_, reduction_);
}

std::string MSE::name() const { return "MSE(" + reduction_name(reduction_) + ")"; }

}  // namespace nn
