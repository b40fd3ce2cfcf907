#include <nn/activations/relu.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {

// the slope of row d: alpha_d, or alpha_0 when one slope is shared by every row
arma::vec row_slopes(const arma::mat& Z, const arma::vec& alpha, const char* where) {
  if (alpha.n_elem == 1) return arma::vec(Z.n_rows, arma::fill::value(alpha[0]));
  if (alpha.n_elem != Z.n_rows) {
    throw ShapeError(std::string(where) + ": alpha has " + std::to_string(alpha.n_elem) +
                     " entries but Z is " + shape_str(Z) +
                     "; expected one slope per row or a single shared slope");
  }
  return alpha;
}

}  // namespace

arma::mat relu(const arma::mat& Z) { return arma::clamp(Z, 0.0, arma::datum::inf); }  // max(0, z)

arma::mat relu_derivative(const arma::mat& Z) {
  // BEGIN SOLUTION
  return arma::conv_to<arma::mat>::from(Z > 0.0);  // 1(z > 0), 0 at z = 0
  // END SOLUTION
}

double relu(double z) { return z > 0.0 ? z : 0.0; }

double relu_derivative(double z) { return z > 0.0 ? 1.0 : 0.0; }

arma::mat leaky_relu(const arma::mat& Z, double alpha) {
  arma::mat Y = Z;
  Y.transform([alpha](double z) { return z > 0.0 ? z : alpha * z; });  // z or alpha z
  return Y;
}

arma::mat leaky_relu_derivative(const arma::mat& Z, double alpha) {
  arma::mat D = Z;
  D.transform([alpha](double z) { return z > 0.0 ? 1.0 : alpha; });  // 1 or alpha
  return D;
}

double leaky_relu(double z, double alpha) { return z > 0.0 ? z : alpha * z; }

double leaky_relu_derivative(double z, double alpha) { return z > 0.0 ? 1.0 : alpha; }

arma::mat prelu(const arma::mat& Z, double alpha) { return leaky_relu(Z, alpha); }

arma::mat prelu(const arma::mat& Z, const arma::vec& alpha) {
  const arma::vec a = row_slopes(Z, alpha, "nn::prelu");
  arma::mat Y = Z;
  for (arma::uword n = 0; n < Z.n_cols; ++n) {
    for (arma::uword d = 0; d < Z.n_rows; ++d) {
      const double z = Z(d, n);
      Y(d, n) = z > 0.0 ? z : a[d] * z;  // z or alpha_d z
    }
  }
  return Y;
}

arma::mat prelu_derivative(const arma::mat& Z, const arma::vec& alpha) {
  const arma::vec a = row_slopes(Z, alpha, "nn::prelu_derivative");
  arma::mat D(arma::size(Z));
  for (arma::uword n = 0; n < Z.n_cols; ++n) {
    // 1 or alpha_d
    for (arma::uword d = 0; d < Z.n_rows; ++d) D(d, n) = Z(d, n) > 0.0 ? 1.0 : a[d];
  }
  return D;
}

arma::mat prelu_alpha_derivative(const arma::mat& Z) {
  return arma::clamp(Z, -arma::datum::inf, 0.0);  // df/dalpha = min(z, 0)
}

double prelu(double z, double alpha) { return z > 0.0 ? z : alpha * z; }

double prelu_derivative(double z, double alpha) { return z > 0.0 ? 1.0 : alpha; }

double rrelu_mean_slope(double lo, double hi) { return 0.5 * (lo + hi); }  // E[U[l, u]] = (l + u)/2

arma::mat rrelu_slopes(arma::uword rows, arma::uword cols, double lo, double hi, bool training,
                       Rng& rng) {
  if (!(lo <= hi)) {
    throw ArgumentError("nn::rrelu_slopes: the slope range [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "] is empty (need lo <= hi)");
  }
  if (!training) return arma::mat(rows, cols, arma::fill::value(rrelu_mean_slope(lo, hi)));
  return rng.randu(rows, cols, lo, hi);  // alpha_dn ~ U[l, u]
}

arma::mat rrelu(const arma::mat& Z, double lo, double hi, bool training, Rng& rng) {
  const arma::mat A = rrelu_slopes(Z.n_rows, Z.n_cols, lo, hi, training, rng);
  arma::mat Y = Z;
  // z or alpha z
  for (arma::uword i = 0; i < Z.n_elem; ++i) Y[i] = Z[i] > 0.0 ? Z[i] : A[i] * Z[i];
  return Y;
}

arma::mat rrelu_derivative(const arma::mat& Z, double lo, double hi) {
  return leaky_relu_derivative(Z, rrelu_mean_slope(lo, hi));  // 1 or (l + u)/2
}

double rrelu(double z, double lo, double hi) { return leaky_relu(z, rrelu_mean_slope(lo, hi)); }

double rrelu_derivative(double z, double lo, double hi) {
  return leaky_relu_derivative(z, rrelu_mean_slope(lo, hi));
}

}  // namespace nn
