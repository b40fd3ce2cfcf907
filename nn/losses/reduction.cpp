#include <nn/losses/reduction.hpp>

#include <cmath>
#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

std::string reduction_name(Reduction reduction) {
  return reduction == Reduction::Mean ? "mean" : "sum";
}

double reduce(const arma::rowvec& per_example, Reduction reduction) {
  const double total = arma::accu(per_example);  // sum_n l_n
  return reduction == Reduction::Mean ? total / static_cast<double>(per_example.n_elem)  // / N
                                      : total;
}

double reduction_scale(arma::uword n_examples, Reduction reduction) {
  return reduction == Reduction::Mean ? 1.0 / static_cast<double>(n_examples) : 1.0;
}

void check_loss_inputs(const arma::mat& Yhat, const arma::mat& T, const std::string& where,
                       const std::string& yhat_name, const std::string& t_name) {
  // a T of the wrong shape: say what the likely mistake is (transposed, labels as arma::vec)
  check_same_shape(Yhat, T, where, yhat_name, t_name,
                   targets_hint(T, Yhat.n_rows, Yhat.n_cols, t_name));
  check_not_empty(Yhat, where, yhat_name);
  if (!Yhat.is_finite()) {
    throw DataError(where + ": " + yhat_name + " (" + shape_str(Yhat) +
                    ") contains NaN or inf; the loss would not be finite");
  }
  if (!T.is_finite()) {
    throw DataError(where + ": " + t_name + " (" + shape_str(T) +
                    ") contains NaN or inf; the loss would not be finite");
  }
}

double check_finite_loss(double value, const std::string& where) {
  if (!std::isfinite(value)) {
    std::ostringstream out;
    out << where << ": the loss is not finite (" << value << ")";
    throw NonFiniteLoss(out.str(), value);
  }
  return value;
}

void check_clip_eps(double eps, const std::string& where) {
  if (!(eps >= 0.0 && eps < 0.5)) {
    std::ostringstream out;
    out << where << ": eps = " << eps << " must be in [0, 0.5)";
    throw ArgumentError(out.str());
  }
}

}  // namespace nn
