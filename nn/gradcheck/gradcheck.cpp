#include <nn/gradcheck/gradcheck.hpp>

#include <iomanip>
#include <sstream>

#include <nn/core/shapes.hpp>

namespace nn {

namespace {

// at most 12 x 12 entries of a matrix, at full precision
void print_matrix(std::ostream& out, const arma::mat& A) {
  const arma::uword r = std::min<arma::uword>(A.n_rows, 12),
                    c = std::min<arma::uword>(A.n_cols, 12);
  for (arma::uword i = 0; i < r; ++i) {
    out << "    ";
    for (arma::uword j = 0; j < c; ++j) out << std::setw(20) << A(i, j);
    if (c < A.n_cols) out << "  ...";
    out << '\n';
  }
  if (r < A.n_rows) out << "    ...\n";
}

void add_entry(GradCheckResult& result, const std::string& name, const arma::mat& analytic,
               const arma::mat& numeric) {
  GradCheckEntry e{name, relative_error(analytic, numeric), analytic, numeric};
  result.max_rel_error = std::max(result.max_rel_error, e.rel_error);
  std::ostringstream out;
  out << std::setprecision(12);
  out << name << " (" << shape_str(analytic) << "): relative error " << std::scientific
      << std::setprecision(3) << e.rel_error << std::defaultfloat << std::setprecision(12) << '\n';
  out << "  analytic (backward):\n";
  print_matrix(out, analytic);
  out << "  numeric (central differences):\n";
  print_matrix(out, numeric);
  result.report += out.str();
  result.entries.push_back(std::move(e));
}

// gradients of f w.r.t. X and every parameter, numerically; `analytic` holds the backward ones
void check_all(GradCheckResult& result, Layer& layer, const arma::mat& X, const arma::mat& dX,
               const std::vector<arma::mat>& param_grads,
               const std::function<double(const arma::mat&)>& L_of_X,
               const std::function<double()>& L_now, double h) {
  add_entry(result, "dX", dX, numerical_gradient(L_of_X, X, h));
  const std::vector<Parameter*> params = layer.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    Parameter* p = params[i];
    const arma::mat saved = p->value;
    const auto L_of_theta = [&](const arma::mat& theta) {
      p->value = theta;  // theta +- h e_i
      const double L = L_now();
      p->value = saved;
      return L;
    };
    add_entry(result, "d" + p->name, param_grads[i], numerical_gradient(L_of_theta, saved, h));
  }
}

}  // namespace

arma::mat numerical_gradient(const std::function<double(const arma::mat&)>& f, arma::mat x,
                             double h) {
  arma::mat G(arma::size(x));
  for (arma::uword i = 0; i < x.n_elem; ++i) {
    // BEGIN SOLUTION
    const double xi = x[i];
    x[i] = xi + h;
    const double f_plus = f(x);  // f(x + h e_i)
    x[i] = xi - h;
    const double f_minus = f(x);  // f(x - h e_i)
    x[i] = xi;
    G[i] = (f_plus - f_minus) / (2.0 * h);  // (f(x + h e_i) - f(x - h e_i)) / 2h
    // END SOLUTION
  }
  return G;
}

double relative_error(const arma::mat& A, const arma::mat& B) {
  check_same_shape(A, B, "nn::relative_error", "A", "B");
  const double denom = arma::norm(A, "fro") + arma::norm(B, "fro");  // ||A|| + ||B||
  if (denom == 0.0) return 0.0;
  return arma::norm(A - B, "fro") / denom;  // ||A - B|| / (||A|| + ||B||)
}

GradCheckResult gradcheck_layer(Layer& layer, const arma::mat& X, Rng& rng, double h) {
  GradCheckResult result;
  const arma::mat Y = layer.forward(X);
  const arma::mat dY = rng.randn(Y.n_rows, Y.n_cols);  // fixed projection direction
  const arma::mat dX = layer.backward(dY);             // analytic dL/dX for L = sum(dY .* Y)
  std::vector<arma::mat> grads;
  for (Parameter* p : layer.parameters()) grads.push_back(p->grad);
  const auto L_of_X = [&](const arma::mat& Xp) { return arma::accu(dY % layer.forward(Xp)); };
  const auto L_now = [&]() { return arma::accu(dY % layer.forward(X)); };  // L = sum(dY .* f(X))
  result.report = "gradcheck_layer(" + layer.name() + ", X " + shape_str(X) +
                  ", h = " + std::to_string(h) + ")\n";
  check_all(result, layer, X, dX, grads, L_of_X, L_now, h);
  return result;
}

GradCheckResult gradcheck_loss(Loss& loss, const arma::mat& Yhat, const arma::mat& T, double h) {
  GradCheckResult result;
  loss.forward(Yhat, T);
  const arma::mat dYhat = loss.backward();  // analytic dL/dYhat
  const auto L_of_Yhat = [&](const arma::mat& Yp) { return loss.forward(Yp, T); };
  result.report = "gradcheck_loss(" + loss.name() + ", Yhat " + shape_str(Yhat) +
                  ", h = " + std::to_string(h) + ")\n";
  add_entry(result, "dYhat", dYhat, numerical_gradient(L_of_Yhat, Yhat, h));
  return result;
}

GradCheckResult gradcheck_model(Layer& model, Loss& loss, const arma::mat& X, const arma::mat& T,
                                double h) {
  GradCheckResult result;
  loss.forward(model.forward(X), T);
  const arma::mat dX = model.backward(loss.backward());  // analytic gradients of L = loss(f(X), T)
  std::vector<arma::mat> grads;
  for (Parameter* p : model.parameters()) grads.push_back(p->grad);
  const auto L_of_X = [&](const arma::mat& Xp) { return loss.forward(model.forward(Xp), T); };
  const auto L_now = [&]() { return loss.forward(model.forward(X), T); };
  result.report = "gradcheck_model(" + model.name() + ", " + loss.name() + ", X " + shape_str(X) +
                  ", h = " + std::to_string(h) + ")\n";
  check_all(result, model, X, dX, grads, L_of_X, L_now, h);
  return result;
}

}  // namespace nn
