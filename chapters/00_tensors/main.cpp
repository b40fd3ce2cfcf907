// Chapter 00: tensors. Reads top to bottom like README.md: rank and shape, creating and indexing
// tensors, the matrix product and its conformity rule, a dense layer, broadcasting a bias (and the
// lecture's tiling rule), shapes through a network, the decision-region grid, gradients, Jacobians
// and gradient tensors.
#include <armadillo>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/tanh.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/core/shapes.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/plot/plot.hpp>
#include <nn/tensor/broadcast.hpp>
#include <nn/tensor/jacobian.hpp>
#include <nn/tensor/shape.hpp>
#include <nn/tensor/tensor.hpp>

namespace {

using nn::fmt;
using nn::fmt_rows;
using nn::grouped;
using nn::heading;

// Exercise 1: the number of elements of a tensor of shape (d1, ..., dN), d1 d2 ... dN.
arma::uword element_count(const nn::Shape& shape) {
  // BEGIN SOLUTION
  arma::uword n = 1;
  for (arma::uword d : shape) n *= d;
  return n;
  // END SOLUTION
}

// Exercise 2: the shape of the gradient tensor of y = f(x): the output's shape, then the input's.
nn::Shape gradient_shape(const nn::Shape& y_shape, const nn::Shape& x_shape) {
  // BEGIN SOLUTION
  nn::Shape g = y_shape;
  g.insert(g.end(), x_shape.begin(), x_shape.end());
  return g;
  // END SOLUTION
}

// f(W) = sum W_ij^2 at W0 and a small step dW: sections 8 and 10 (the plot of its linearisation).
double sum_of_squares(const arma::mat& V) { return arma::accu(arma::square(V)); }
const arma::mat kW0{{1, -2}, {0.5, 3}};
const arma::mat kDW{{0.01, 0.02}, {-0.01, 0}};

// ---------------------------------------------------------------------------------------------
// 1. Rank, shape, element count.
void rank_and_shape() {
  heading("1. Rank, shape, element count (deck 4, L4-14)");
  const double scalar = 3.5;
  const arma::vec v{1, 2, 3};
  const arma::mat M(28, 28, arma::fill::zeros);      // a grayscale image
  const arma::cube C(28, 28, 3, arma::fill::zeros);  // a colour image
  std::cout << "Example 1.1  scalar " << fmt(scalar, 1) << ": rank 0, shape ()\n";
  std::cout << "             vector arma::vec(3): rank 1, shape " << nn::to_string({v.n_elem})
            << "\n";
  std::cout << "             grayscale image arma::mat(28, 28): rank 2, shape "
            << nn::to_string(nn::shape_of(M)) << ", " << M.n_elem << " elements\n";
  std::cout << "             colour image arma::cube(28, 28, 3): rank 3, shape "
            << nn::to_string(nn::shape_of(C)) << ", " << C.n_elem << " elements\n";

  const nn::Shape images_shape{200, 300, 3, 50};
  std::vector<arma::cube> images(50, arma::cube(200, 300, 3, arma::fill::zeros));
  images[30](100, 150, 1) = 1.0;  // X[100,150,1,30]: pixel (100,150), green, image 30
  arma::uword total = 0;
  for (const arma::cube& image : images) total += image.n_elem;
  std::cout << "Example 1.2  50 colour images of 200 x 300 pixels, std::vector<arma::cube>: rank "
            << nn::rank(images_shape) << ", shape " << nn::to_string(images_shape) << ", "
            << grouped(element_count(images_shape)) << " elements (counted: " << grouped(total)
            << "), " << grouped(total * sizeof(double) / 1000000) << " MB\n";
  std::cout << "Example 1.3  X[100,150,1,30] = images[30](100, 150, 1) = "
            << fmt(images[30](100, 150, 1), 1)
            << ": pixel (100,150), channel 1 = green, the 31st image\n";
  std::cout << "             in memory (column-major, first index fastest): element "
            << grouped(nn::linear_index(images_shape, {100, 150, 1, 30})) << " of "
            << grouped(nn::numel(images_shape)) << "\n";
  try {
    nn::check_index(images_shape, {200, 0, 0, 0}, "images");
  } catch (const nn::ShapeError& e) {
    std::cout << "Example 1.4  X[200,0,0,0]: ShapeError: " << e.what() << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Creating tensors: zeros and a seeded normal draw.
void creating_tensors(std::uint64_t seed) {
  heading("2. Creating tensors (deck 4, L4-15)");
  const arma::cube X0(30, 50, 3, arma::fill::zeros);
  std::cout << "Example 2.1  np.zeros((30,50,3)) ~ arma::cube(30, 50, 3, arma::fill::zeros): shape "
            << nn::to_string(nn::shape_of(X0)) << ", " << grouped(X0.n_elem) << " elements\n";
  const arma::mat draws = nn::global_rng().randn(X0.n_elem, 1, 2.0, 3.0);
  const arma::cube X2(draws.memptr(), 30, 50, 3);
  const double mean = arma::mean(arma::vectorise(X2));
  const double sd = arma::stddev(arma::vectorise(X2), 1);  // np.std divides by N
  const double se_mean = 3.0 / std::sqrt(4500.0), se_sd = 3.0 / std::sqrt(9000.0);
  std::cout << "Example 2.2  N(2, 3^2) tensor, seed " << seed << ": mean " << fmt(mean) << " ("
            << fmt((mean - 2.0) / se_mean, 2) << " SE from 2), std " << fmt(sd) << " ("
            << fmt((sd - 3.0) / se_sd, 2) << " SE from 3); X2[3,45,1] = " << fmt(X2(3, 45, 1))
            << "\n";
  std::cout << "             lecture (unseeded): mean 1.99450244608 ("
            << fmt((1.99450244608 - 2.0) / se_mean, 2) << " SE), std 3.00316132041 ("
            << fmt((3.00316132041 - 3.0) / se_sd, 2)
            << " SE), X2[3,45,1] = 1.5027214392510062; SE of the mean 3/sqrt(4500) = "
            << fmt(se_mean) << ", of the std 3/sqrt(9000) = " << fmt(se_sd) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 3. The matrix product and its conformity rule.
void matrix_product() {
  heading("3. The matrix product and conformity (deck 0, L0-01)");
  const arma::mat X{{1, 2, 3}, {4, 5, 6}};
  const arma::mat W{{1, 0}, {0, 1}, {1, 1}};
  const arma::mat Z = nn::matmul(X, W);
  std::cout << "Example 3.1  X (2 x 3) = " << fmt_rows(X, 0) << ", W (3 x 2) = " << fmt_rows(W, 0)
            << "\n             Z = X W (2 x 2) = " << fmt_rows(Z, 0) << "\n";
  std::cout << "Example 3.2  Z[2,2] = X[2,:] . W[:,2] = 4*0 + 5*1 + 6*1 = "
            << fmt(arma::dot(X.row(1), W.col(1)), 0)
            << " (0-based in code: Z(1, 1) = " << fmt(Z(1, 1), 0) << ")\n";
  try {
    const arma::mat bad = X * X;
    std::cout << "unexpected: " << bad.n_elem << "\n";
  } catch (const std::logic_error& e) {
    std::cout << "Example 3.3  X * X, Armadillo:   " << e.what() << "\n";
  }
  try {
    nn::matmul(X, X);
  } catch (const nn::ShapeError& e) {
    std::cout << "             nn::matmul(X, X): " << e.what() << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 4. A dense layer, in our layout (one example per column) and deck 3's (one per row).
void dense_layer() {
  heading("4. A dense layer: y = W x + b (deck 2, L2-03; deck 3, L3-02)");
  nn::Dense layer(arma::mat{{1, 2, 3}, {4, 5, 6}}, arma::vec{0.5, -1.0});
  const arma::vec x{1, 0, -1};
  const arma::mat y = layer.forward(x);
  std::cout << "Example 4.1  W (2 x 3) = " << fmt_rows(layer.W().value, 0)
            << ", b = (0.5, -1), x = (1, 0, -1): y = W x + b = (" << fmt(y(0)) << ", " << fmt(y(1))
            << "); parameters 2*3 + 2 = " << layer.W().value.n_elem + layer.b().value.n_elem
            << "\n";
  const arma::rowvec X_row{1, 2, 3, 4};
  const arma::mat W_row{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}, {1.0, 1.1, 1.2}};
  const arma::rowvec B_row{0.1, 0.2, 0.3};
  const arma::mat Z_row = nn::broadcast_add(nn::matmul(X_row, W_row), B_row);
  nn::Dense deck3(W_row.t(), B_row.t());
  const arma::mat Z_col = deck3.forward(X_row.t());
  std::cout << "Example 4.2  deck 3, one example per row: Z = X W + B = (1 x 4)(4 x 3) + (1 x 3) = "
            << fmt_rows(Z_row) << " (1 x 3)\n";
  std::cout << "             ours, one example per column: Z^T = W^T X^T + B^T = "
            << fmt_rows(Z_col.t()) << " (stored 3 x 1); parameters 4*3 + 3 = "
            << deck3.W().value.n_elem + deck3.b().value.n_elem << "\n";
}

// ---------------------------------------------------------------------------------------------
// 5. Broadcasting a bias over a batch, and the slide's tiling rule.
void broadcasting() {
  heading("5. Broadcasting a bias over a batch (deck 0, L0-02 erratum)");
  const arma::mat XW{{4, 5}, {10, 11}};  // deck 0's layout: one example per row
  const arma::vec b{0.5, -1.0};
  std::cout << "Example 5.1  ours: Z = (XW)^T = " << fmt_rows(XW.t(), 0)
            << " (units x examples), b = (0.5, -1): Z + b 1^T = "
            << fmt_rows(nn::add_bias(XW.t(), b), 1) << "\n";
  std::cout << "             row layout: XW + b^T broadcast over the rows = "
            << fmt_rows(nn::broadcast_add(XW, b.t()), 1) << "\n";
  const arma::mat A{{1, 2, 3, 4}, {5, 6, 7, 8}};
  const arma::rowvec b2{10, 20};
  std::cout << "Example 5.2  A (2 x 4) = " << fmt_rows(A, 0) << ", B (2,) = (10, 20)\n";
  try {
    nn::broadcast_shape({2, 4}, {2});
  } catch (const nn::ShapeError& e) {
    std::cout << "             broadcasting (NumPy, TensorFlow): " << e.what() << "\n";
  }
  std::cout << "             the slide's rule (\"replicate B until it matches\"): A + [B B] = "
            << fmt_rows(nn::tile_add(A, b2), 0) << "  (silently wrong)\n";
  try {
    nn::add_bias(A.t(), b);
  } catch (const nn::ShapeError& e) {
    std::cout << "             ours, 4 units with 2 biases: " << e.what() << "\n";
  }
  std::cout << "Example 5.3  shapes that broadcast: (2, 2) + (2,) -> "
            << nn::to_string(nn::broadcast_shape({2, 2}, {2})) << "; (3, 1) + (1, 4) -> "
            << nn::to_string(nn::broadcast_shape({3, 1}, {1, 4})) << "; (100, 10) + (10,) -> "
            << nn::to_string(nn::broadcast_shape({100, 10}, {10})) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 6. The shapes of a batch through a 784-100-10 network.
void network_shapes() {
  heading("6. Shapes through a network (deck 4, L4-16 erratum)");
  nn::Dense hidden(784, 100), output(100, 10);
  nn::Sigmoid g;
  const arma::mat batch = nn::global_rng().randu(784, 100);
  const arma::mat z_H = hidden.forward(batch);
  const arma::mat u_H = g.forward(z_H);
  const arma::mat z_O = output.forward(u_H);
  std::cout << "Example 6.1  batch of M = 100, d = 784, N_H = 100, K = 10 (ours: one example per "
               "column)\n"
            << "             x " << nn::shape_str(batch) << ", z_H " << nn::shape_str(z_H)
            << ", u_H " << nn::shape_str(u_H) << ", z_O " << nn::shape_str(z_O)
            << "  (the lecture's row layout: 100 x 784, 100 x 100, 100 x 10)\n";
  const arma::mat one = output.forward(g.forward(hidden.forward(batch.col(0))));
  std::cout << "Example 6.2  one input: x " << nn::shape_str(batch.col(0)) << ", z_O "
            << nn::shape_str(one) << ": dimension K = " << one.n_rows
            << " (the slide says 'dimension z_H')\n";
}

// ---------------------------------------------------------------------------------------------
// 7. The grid of points under a decision-region plot.
void decision_region_grid() {
  heading("7. The decision-region grid (deck 4, L4-10)");
  const arma::mat P = nn::plot::grid_points({0.0, 1.0}, {0.0, 1.0}, 100);
  std::cout << "Example 7.1  100 x 100 grid on [0,1]^2: " << nn::shape_str(P)
            << " (numpy: Xplot (10000, 2)); spacing 1/99 = " << fmt(P(0, 1), 10) << "\n";
  std::cout << "             point 0 = (" << fmt(P(0, 0)) << ", " << fmt(P(1, 0))
            << "), point 1 = (" << fmt(P(0, 1), 10) << ", " << fmt(P(1, 1)) << "), point 100 = ("
            << fmt(P(0, 100)) << ", " << fmt(P(1, 100), 10) << "), point 9999 = ("
            << fmt(P(0, 9999)) << ", " << fmt(P(1, 9999)) << ")\n";
}

// ---------------------------------------------------------------------------------------------
// 8. Gradients and Jacobians, each against central differences.
void gradients_and_jacobians() {
  heading("8. Gradients and Jacobians (deck 4, L4-17 .. L4-20)");
  const arma::mat grad = 2.0 * kW0;  // d/dW_ij sum W^2 = 2 W_ij
  const arma::mat grad_num = nn::numerical_gradient(sum_of_squares, kW0);
  const double linear = sum_of_squares(kW0) + arma::accu(grad % kDW);
  std::cout << "Example 8.1  f(W) = sum W_ij^2, W0 = " << fmt_rows(kW0, 1)
            << ": grad f = 2 W0 = " << fmt_rows(grad, 0) << " (" << nn::shape_str(grad)
            << ", like W0); central differences " << fmt_rows(grad_num, 6) << "\n";
  std::cout << "Example 8.2  dW = " << fmt_rows(kDW, 2) << ": f(W0) = " << fmt(sum_of_squares(kW0))
            << ", f(W0 + dW) = " << fmt(sum_of_squares(kW0 + kDW))
            << ", f(W0) + <grad, dW> = " << fmt(linear) << ", error "
            << fmt(sum_of_squares(kW0 + kDW) - linear) << " = ||dW||^2\n";

  const nn::VectorFunction f1 = [](const arma::vec& w) {
    return arma::vec{w(0) * w(1), w(0) * w(0) + w(2) * w(2) * w(2)};
  };
  const arma::vec w1{1, 2, 3};
  std::cout << "Example 8.3  f(w) = (w1 w2, w1^2 + w3^3) at w = (1, 2, 3): f = ("
            << fmt(f1(w1)(0), 0) << ", " << fmt(f1(w1)(1), 0)
            << "); Jacobian [[w2, w1, 0], [2 w1, 0, 3 w3^2]] = "
            << fmt_rows(arma::mat{{w1(1), w1(0), 0}, {2 * w1(0), 0, 3 * w1(2) * w1(2)}}, 0)
            << "; central differences " << fmt_rows(nn::numerical_jacobian(f1, w1), 6) << "\n";

  const arma::mat Amap{{1, 2, 0}, {0, -1, 3}};
  const nn::VectorFunction f2 = [&Amap](const arma::vec& w) { return arma::vec(Amap * w); };
  std::cout << "Example 8.4  f(w) = A w, A = " << fmt_rows(Amap, 0) << ", w = (1, 1, 1): f = ("
            << fmt(f2(arma::vec{1, 1, 1})(0), 0) << ", " << fmt(f2(arma::vec{1, 1, 1})(1), 0)
            << "); Jacobian (central differences) = "
            << fmt_rows(nn::numerical_jacobian(f2, arma::vec{1, 1, 1}), 6) << " = A\n";

  const nn::VectorFunction f3 = [](const arma::vec& w) {
    return arma::vec{nn::sigmoid(w(0)), nn::tanh(w(1)), w(2) * w(2)};
  };
  const arma::vec w3{0, 0.5, 3};
  const arma::vec d3{nn::sigmoid_derivative(w3(0)), nn::tanh_derivative(w3(1)), 2 * w3(2)};
  std::cout << "Example 8.5  f(w) = (sigmoid(w1), tanh(w2), w3^2) at w = (0, 0.5, 3): diag(f') = ("
            << fmt(d3(0), 9) << ", " << fmt(d3(1), 9) << ", " << fmt(d3(2), 9)
            << "); central differences " << fmt_rows(nn::numerical_jacobian(f3, w3), 6) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 9. Gradient tensors: their shapes, and <df/dx, dx> for a linear f.
void gradient_tensors() {
  heading("9. Gradient tensors (deck 4, L4-21 .. L4-23)");
  const nn::Shape g_shape = gradient_shape({10, 20, 40}, {50, 30});
  std::cout << "Example 9.1  y (10, 20, 40) = f(x (50, 30)): df/dx has shape "
            << nn::to_string(g_shape) << ", rank " << nn::rank(g_shape) << ", "
            << grouped(element_count(g_shape)) << " elements = 1.2e7 ("
            << grouped(element_count(g_shape) * sizeof(double) / 1000000) << " MB of doubles)\n";

  nn::Rng& rng = nn::global_rng();
  const nn::Shape y_shape{5, 10, 15}, x_shape{20, 30};
  const nn::Shape g2 = gradient_shape(y_shape, x_shape);
  const nn::Tensor G(g2, arma::vectorise(rng.randn(nn::numel(g2), 1)));
  const nn::Tensor x0(x_shape, arma::vectorise(rng.randn(600, 1)));
  const nn::Tensor dx(x_shape, arma::vectorise(rng.randn(600, 1, 0.0, 0.001)));
  const nn::Tensor x1(x_shape, x0.data() + dx.data());
  const nn::Tensor change = nn::tensordot(G, dx);
  const arma::vec exact_change = nn::tensordot(G, x1).data() - nn::tensordot(G, x0).data();
  std::cout << "Example 9.2  y (5, 10, 15) = f(x (20, 30)): gradient " << nn::to_string(g2) << " ("
            << grouped(nn::numel(g2)) << " elements); <df/dx, dx> has shape "
            << nn::to_string(change.shape()) << ", like y\n";
  std::cout
      << "             linear f(x) = <G, x> with a random G: max |f(x0 + dx) - f(x0) - <G, dx>| = "
      << (arma::abs(exact_change - change.data()).max() < 1e-12 ? "< 1e-12" : ">= 1e-12 (!)")
      << "\n";
  std::cout << "Example 9.3  f: R^3 -> R^2: gradient tensor "
            << nn::to_string(gradient_shape({2}, {3}))
            << " = the Jacobian; scalar f of a 3-vector: "
            << nn::to_string(gradient_shape({1}, {3}))
            << " (gradient (3,)); scalar f of a 2 x 3 matrix: "
            << nn::to_string(gradient_shape({1}, {2, 3}))
            << " (gradient (2, 3): drop the leading 1)\n";
}

// ---------------------------------------------------------------------------------------------
// 10. The plot: f(W0 + t D) against its linearisation f(W0) + t <grad f(W0), D>, D = 50 dW.
void plot_linearisation(const nn::plot::Target& plots) {
  if (!plots.enabled()) return;
  heading("10. Plot");
  const arma::vec t = arma::linspace(-1.0, 1.0, 101);
  const arma::mat D = 50.0 * kDW;
  const arma::mat grad = 2.0 * kW0;
  arma::vec f_t(t.n_elem), lin_t(t.n_elem);
  for (arma::uword i = 0; i < t.n_elem; ++i) {
    f_t(i) = sum_of_squares(kW0 + t(i) * D);
    lin_t(i) = sum_of_squares(kW0) + t(i) * arma::accu(grad % D);  // f(W0) + t <grad, D>
  }
  const std::string path = nn::plot::lines(
      plots, "linearisation.png", "f(W) = sum W_ij^2 along W0 + t D, and its linearisation", "t",
      "f", {{"f(W0 + t D)", t, f_t, "lines"}, {"f(W0) + t <grad f(W0), D>", t, lin_t, "lines"}});
  if (!path.empty()) std::cout << "wrote " << path << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("00_tensors", "Chapter 00: tensors, shapes and gradient tensors");
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 00: tensors (seed " << opt.seed << ")\n";
    rank_and_shape();
    creating_tensors(opt.seed);
    matrix_product();
    dense_layer();
    broadcasting();
    network_shapes();
    decision_region_grid();
    gradients_and_jacobians();
    gradient_tensors();
    plot_linearisation(opt.plot_target());
  });
}
