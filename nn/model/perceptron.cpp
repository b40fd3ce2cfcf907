#include <nn/model/perceptron.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

double threshold_unit(double z, PerceptronLabels labels, TieRule tie) {
  const double negative = labels == PerceptronLabels::ZeroOne ? 0.0 : -1.0;
  // f(z) = y+ if z > 0 (or z >= 0 when ties go to the positive class), else y-
  // BEGIN SOLUTION
  const bool positive = tie == TieRule::Positive ? z >= 0.0 : z > 0.0;
  return positive ? 1.0 : negative;
  // END SOLUTION
}

arma::mat threshold_unit(const arma::mat& Z, PerceptronLabels labels, TieRule tie) {
  arma::mat Y(arma::size(Z));
  for (arma::uword i = 0; i < Z.n_elem; ++i) Y(i) = threshold_unit(Z(i), labels, tie);
  return Y;
}

std::string DecisionLine::str(int precision) const {
  char buf[128];
  if (!exists) return "none (w = 0)";
  if (vertical) {
    std::snprintf(buf, sizeof buf, "x1 = %.*f", precision, x1 == 0.0 ? 0.0 : x1);
  } else {
    const double m = slope == 0.0 ? 0.0 : slope;  // print 0, never -0
    const double c = intercept == 0.0 ? 0.0 : intercept;
    std::snprintf(buf, sizeof buf, "x2 = %.*f x1 %s %.*f", precision, m, c < 0 ? "-" : "+",
                  precision, c < 0 ? -c : c);
  }
  return buf;
}

DecisionLine decision_line(const arma::vec& w, double b) {
  if (w.n_elem != 2) {
    throw ShapeError("nn::decision_line: w has " + std::to_string(w.n_elem) +
                     " entries, expected 2 (a line exists only for two inputs)");
  }
  DecisionLine line;
  if (w(1) != 0.0) {
    // w1 x1 + w2 x2 + b = 0  =>  x2 = (-w1/w2) x1 + (-b/w2)
    line.slope = -w(0) / w(1);
    line.intercept = -b / w(1);
  } else if (w(0) != 0.0) {
    // w2 = 0: w1 x1 + b = 0  =>  x1 = -b/w1
    line.vertical = true;
    line.x1 = -b / w(0);
  } else {
    line.exists = false;
  }
  return line;
}

Perceptron::Perceptron(arma::uword inputs, PerceptronLabels labels, TieRule tie)
    : w_(inputs, arma::fill::zeros), labels_(labels), tie_(tie) {}

Perceptron::Perceptron(const arma::vec& w, double b, PerceptronLabels labels, TieRule tie)
    : w_(w), b_(b), labels_(labels), tie_(tie) {}

double Perceptron::negative_label() const {
  return labels_ == PerceptronLabels::ZeroOne ? 0.0 : -1.0;
}

void Perceptron::set_weights(const arma::vec& w, double b) {
  if (w.n_elem != w_.n_elem) {
    throw ShapeError("Perceptron::set_weights: w has " + std::to_string(w.n_elem) +
                     " entries, expected " + std::to_string(w_.n_elem));
  }
  w_ = w;
  b_ = b;
}

void Perceptron::check_input(const arma::mat& X, const std::string& where) const {
  if (X.n_rows != w_.n_elem) {
    check_rows(X, w_.n_elem, "Perceptron(" + std::to_string(w_.n_elem) + " inputs)::" + where);
  }
}

void Perceptron::check_labels(const arma::mat& X, const arma::rowvec& y,
                              const std::string& where) const {
  check_input(X, where);
  const std::string name = "Perceptron(" + std::to_string(w_.n_elem) + " inputs)::" + where;
  if (y.n_elem != X.n_cols) {
    throw ShapeError(name + ": " + std::to_string(y.n_elem) + " labels for " +
                     std::to_string(X.n_cols) + " examples (columns of X)");
  }
  const double negative = negative_label();
  for (arma::uword i = 0; i < y.n_elem; ++i) {
    if (y(i) != negative && y(i) != 1.0) {
      char buf[160];
      std::snprintf(buf, sizeof buf, ": label %g of example %llu is not %g or 1", y(i),
                    static_cast<unsigned long long>(i), negative);
      throw DataError(name + buf);
    }
  }
}

arma::rowvec Perceptron::net_input(const arma::mat& X) const {
  check_input(X, "net_input");
  // z = w^T X + b 1^T
  arma::rowvec z = w_.t() * X;
  z += b_;
  return z;
}

arma::rowvec Perceptron::predict(const arma::mat& X) const {
  // yhat = f(w^T X + b)
  return threshold_unit(arma::mat(net_input(X)), labels_, tie_);
}

bool Perceptron::update(const arma::vec& x, double y, double eta) {
  check_input(x, "update");
  // yhat = f(w.x + b)
  const double yhat = threshold_unit(arma::dot(w_, x) + b_, labels_, tie_);
  if (yhat == y) return false;
  // BEGIN SOLUTION
  w_ += eta * (y - yhat) * x;  // w <- w + eta (y - yhat) x
  b_ += eta * (y - yhat);      // b <- b + eta (y - yhat)
  // END SOLUTION
  return true;
}

arma::uword Perceptron::errors(const arma::mat& X, const arma::rowvec& y) const {
  check_labels(X, y, "errors");
  return arma::accu(predict(X) != y);
}

double Perceptron::accuracy(const arma::mat& X, const arma::rowvec& y) const {
  const arma::uword n = X.n_cols;
  if (n == 0) return 0.0;
  return static_cast<double>(n - errors(X, y)) / static_cast<double>(n);
}

PerceptronFit Perceptron::fit(const arma::mat& X, const arma::rowvec& y,
                              const PerceptronFitOptions& options) {
  check_labels(X, y, "fit");
  if (!(options.eta > 0.0)) {
    throw std::invalid_argument("Perceptron::fit: the learning rate eta is " +
                                std::to_string(options.eta) + ", it must be positive");
  }
  const arma::uword n = X.n_cols;
  Rng& rng = options.rng != nullptr ? *options.rng : global_rng();

  PerceptronFit result;
  // the "pocket": the best weights seen so far, starting with the initial ones
  result.best_accuracy = accuracy(X, y);
  result.best_w = w_;
  result.best_b = b_;

  for (arma::uword epoch = 1; epoch <= options.epochs; ++epoch) {
    const arma::uvec order =
        options.shuffle ? rng.permutation(n) : arma::regspace<arma::uvec>(0, n == 0 ? 0 : n - 1);
    PerceptronEpoch record;
    record.epoch = epoch;
    for (arma::uword k = 0; k < n; ++k) {
      const arma::uword i = order(k);
      if (update(X.col(i), y(i), options.eta)) {
        ++record.mistakes;
        const double acc = accuracy(X, y);
        if (acc > result.best_accuracy) {
          result.best_accuracy = acc;
          result.best_w = w_;
          result.best_b = b_;
        }
      }
    }
    record.errors = errors(X, y);
    record.w = w_;
    record.b = b_;
    result.history.push_back(record);
    result.epochs = epoch;
    if (options.on_epoch) options.on_epoch(record);
    // converged: a whole pass without a mistake
    if (record.mistakes == 0) {
      result.converged = true;
      break;
    }
  }
  return result;
}

}  // namespace nn
