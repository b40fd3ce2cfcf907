#include <nn/layers/batch_norm.hpp>

#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

BatchNorm::BatchNorm(arma::uword features, double momentum, double eps)
    : D_(features), momentum_(momentum), eps_(eps) {
  if (features == 0) throw ShapeError("BatchNorm: the number of features must be at least 1");
  if (!(momentum >= 0.0 && momentum < 1.0)) {
    throw ArgumentError("BatchNorm: momentum must be in [0, 1), got " + std::to_string(momentum));
  }
  if (!(eps >= 0.0)) throw ArgumentError("BatchNorm: eps must be >= 0, got " + std::to_string(eps));
  gamma_ = {"gamma", arma::mat(D_, 1, arma::fill::ones), arma::mat(D_, 1, arma::fill::zeros)};
  beta_ = {"beta", arma::mat(D_, 1, arma::fill::zeros), arma::mat(D_, 1, arma::fill::zeros)};
  running_mean_ = arma::vec(D_, arma::fill::zeros);
  running_var_ = arma::vec(D_, arma::fill::ones);
}

std::string BatchNorm::name() const { return "BatchNorm(" + std::to_string(D_) + ")"; }

namespace {

// A variance loaded from a file must be >= 0 (the square root of var + eps is taken at inference).
std::string negative_variance(const arma::mat& var) {
  if (var.is_empty() || var.min() >= 0.0) return "";
  const arma::uword r = var.index_min();  // the running variance is D x 1
  std::ostringstream s;
  s << "negative running variance " << var(r) << " at (" << r << ", 0)";
  return s.str();
}

}  // namespace

std::vector<Buffer> BatchNorm::buffers() {
  return {{name(), "running_mean", &running_mean_},
          {name(), "running_var", &running_var_, negative_variance}};
}

void BatchNorm::set_running_stats(const arma::vec& mean, const arma::vec& var) {
  if (mean.n_elem != D_ || var.n_elem != D_) {
    throw ShapeError(name() + "::set_running_stats: got " + shape_str(mean) + " and " +
                     shape_str(var) + ", expected " + shape_str(D_, 1) + " each");
  }
  running_mean_ = mean;
  running_var_ = var;
}

arma::mat BatchNorm::forward(const arma::mat& X) {
  check_rows(X, D_, name() + "::forward");
  cached_training_ = training_;
  arma::vec mean, var;
  if (training_) {
    if (X.n_cols == 0)
      throw ShapeError(name() + "::forward: training needs at least one example, got " +
                       shape_str(X));
    mu_ = arma::mean(X, 1);  // mu_B = (1/m) sum_i x_i
    // sigma_B^2 = (1/m) sum_i (x_i - mu_B)^2
    var_ = arma::mean(arma::square(X.each_col() - mu_), 1);
    // mu_run = rho mu_run + (1 - rho) mu_B
    running_mean_ = momentum_ * running_mean_ + (1.0 - momentum_) * mu_;
    // var_run = rho var_run + (1 - rho) sigma_B^2
    running_var_ = momentum_ * running_var_ + (1.0 - momentum_) * var_;
    mean = mu_;
    var = var_;
  } else {
    mean = running_mean_;
    var = running_var_;
  }
  inv_std_ = 1.0 / arma::sqrt(var + eps_);  // 1 / sqrt(sigma^2 + eps)
  // xhat = (x - mu) / sqrt(sigma^2 + eps)
  Xhat_ = (X.each_col() - mean).eval().each_col() % inv_std_;
  arma::mat Z = Xhat_.each_col() % gamma_.value.col(0);  // gamma xhat
  Z.each_col() += beta_.value.col(0);                    // + beta
  return Z;
}

arma::mat BatchNorm::backward(const arma::mat& dY) {
  check_forward_called(Xhat_, dY, name());
  check_shape(dY, D_, Xhat_.n_cols, name() + "::backward", "dY");
  gamma_.grad = arma::sum(dY % Xhat_, 1);                 // dL/dgamma = sum_i dZ_i xhat_i
  beta_.grad = arma::sum(dY, 1);                          // dL/dbeta = sum_i dZ_i
  arma::mat dXhat = dY.each_col() % gamma_.value.col(0);  // dxhat = gamma dZ
  if (!cached_training_) {
    return dXhat.each_col() % inv_std_;  // dX = dxhat / sqrt(var_run + eps)
  }
  const double m = static_cast<double>(dY.n_cols);
  const arma::vec sum_dxhat = arma::sum(dXhat, 1);               // sum_j dxhat_j
  const arma::vec sum_dxhat_xhat = arma::sum(dXhat % Xhat_, 1);  // sum_j dxhat_j xhat_j
  arma::mat dX = m * dXhat;                                      // m dxhat_i
  dX.each_col() -= sum_dxhat;                                    //   - sum_j dxhat_j
  dX -= Xhat_.each_col() % sum_dxhat_xhat;                       //   - xhat_i sum_j dxhat_j xhat_j
  dX.each_col() %= inv_std_ / m;  // dX_i = (...) / (m sqrt(sigma_B^2 + eps))
  return dX;
}

}  // namespace nn
