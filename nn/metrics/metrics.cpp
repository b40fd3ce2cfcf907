#include <nn/metrics/metrics.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

arma::uvec argmax_columns(const arma::mat& P) {
  if (P.is_empty())
    throw ShapeError("argmax_columns: P is " + shape_str(P) + ", expected non-empty");
  // y_n = argmax_k P(k, n)
  return arma::index_max(P, 0).t();
}

arma::umat threshold(const arma::mat& P, double t) {
  // Yhat = [P >= t]
  return arma::conv_to<arma::umat>::from(P >= t);
}

arma::uvec predicted_classes(const arma::mat& P, double t) {
  if (P.is_empty())
    throw ShapeError("predicted_classes: P is " + shape_str(P) + ", expected non-empty");
  if (P.n_rows == 1) return arma::conv_to<arma::uvec>::from(threshold(P, t).row(0).t());
  return argmax_columns(P);
}

arma::uvec target_classes(const arma::mat& T) { return predicted_classes(T, 0.5); }

namespace {
void check_lengths(const arma::uvec& pred, const arma::uvec& truth, const std::string& where) {
  if (pred.n_elem != truth.n_elem || pred.n_elem == 0) {
    throw ShapeError(where + ": pred has " + std::to_string(pred.n_elem) +
                     " labels and truth has " + std::to_string(truth.n_elem) +
                     "; expected the same non-zero number");
  }
}
}  // namespace

double accuracy(const arma::uvec& pred, const arma::uvec& truth) {
  check_lengths(pred, truth, "accuracy");
  // (1/N) sum_n [pred_n == truth_n]
  return static_cast<double>(arma::accu(pred == truth)) / static_cast<double>(pred.n_elem);
}

arma::umat confusion_matrix(const arma::uvec& pred, const arma::uvec& truth, arma::uword K) {
  check_lengths(pred, truth, "confusion_matrix");
  arma::umat C(K, K, arma::fill::zeros);
  for (arma::uword n = 0; n < pred.n_elem; ++n) {
    if (pred(n) >= K || truth(n) >= K) {
      throw DataError("confusion_matrix: example " + std::to_string(n) + " has truth " +
                      std::to_string(truth(n)) + " and prediction " + std::to_string(pred(n)) +
                      ", expected labels < K = " + std::to_string(K));
    }
    ++C(truth(n), pred(n));  // C(i, j): true class i predicted as j
  }
  return C;
}

arma::vec precision(const arma::umat& C) {
  const arma::vec diag = arma::conv_to<arma::vec>::from(C.diag());
  const arma::vec predicted = arma::conv_to<arma::vec>::from(arma::sum(C, 0).t());
  // precision_k = C(k,k) / sum_i C(i,k)   (0/0 = NaN)
  return diag / predicted;
}

arma::vec recall(const arma::umat& C) {
  const arma::vec diag = arma::conv_to<arma::vec>::from(C.diag());
  const arma::vec actual = arma::conv_to<arma::vec>::from(arma::sum(C, 1));
  // recall_k = C(k,k) / sum_j C(k,j)   (0/0 = NaN)
  return diag / actual;
}

arma::vec f1_score(const arma::umat& C) {
  const arma::vec p = precision(C), r = recall(C);
  // F1 = 2 p r / (p + r)
  arma::vec f = 2.0 * p % r / (p + r);
  f.elem(arma::find(p + r == 0.0)).fill(std::numeric_limits<double>::quiet_NaN());
  return f;
}

std::string format_confusion_matrix(const arma::umat& C,
                                    const std::vector<std::string>& class_names) {
  const arma::uword K = C.n_rows;
  if (C.n_cols != K)
    throw ShapeError("format_confusion_matrix: C is " + shape_str(C.n_rows, C.n_cols) +
                     ", expected square");
  if (!class_names.empty() && class_names.size() != K) {
    throw ShapeError("format_confusion_matrix: " + std::to_string(class_names.size()) +
                     " class names for a " + shape_str(K, K) + " matrix");
  }
  auto label = [&](arma::uword k) {
    return class_names.empty() ? std::to_string(k) : class_names[k];
  };
  const arma::vec p = precision(C), r = recall(C);
  const std::string corner = "truth \\ pred";
  std::size_t first = std::max<std::size_t>(corner.size(), std::string("precision").size());
  std::size_t width = 6;  // "0.9615"
  for (arma::uword k = 0; k < K; ++k) {
    first = std::max(first, label(k).size());
    width = std::max(width, label(k).size());
  }
  width = std::max(width, std::to_string(C.is_empty() ? 0 : C.max()).size());
  auto ratio = [](double x) {
    std::ostringstream s;
    if (std::isnan(x))
      s << "-";
    else
      s << std::fixed << std::setprecision(4) << x;
    return s.str();
  };
  std::ostringstream out;
  out << std::setw(static_cast<int>(first)) << corner;
  for (arma::uword k = 0; k < K; ++k) out << ' ' << std::setw(static_cast<int>(width)) << label(k);
  out << "   recall\n";
  for (arma::uword i = 0; i < K; ++i) {
    out << std::setw(static_cast<int>(first)) << label(i);
    for (arma::uword j = 0; j < K; ++j) out << ' ' << std::setw(static_cast<int>(width)) << C(i, j);
    out << "   " << ratio(r(i)) << '\n';
  }
  out << std::setw(static_cast<int>(first)) << "precision";
  for (arma::uword k = 0; k < K; ++k)
    out << ' ' << std::setw(static_cast<int>(width)) << ratio(p(k));
  out << '\n';
  return out.str();
}

void print_confusion_matrix(const arma::umat& C, std::ostream& out,
                            const std::vector<std::string>& class_names) {
  out << format_confusion_matrix(C, class_names);
}

}  // namespace nn
