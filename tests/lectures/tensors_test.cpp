// Worked examples of the lectures with topic `tensors` (chapter 00_tensors): shapes, matrix-product
// conformity, bias broadcasting, rank-3/4 tensors, gradient tensors and Jacobians. Expected numbers
// come from ../shared/lectures/WORKED_EXAMPLES.md or from numpy (quoted where used); never from
// this library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/tanh.hpp>
#include <nn/autograd/value.hpp>
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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Trainable numbers of a layer.
arma::uword count_parameters(nn::Layer& layer) {
  arma::uword n = 0;
  for (const nn::Parameter* p : layer.parameters()) n += p->value.n_elem;
  return n;
}

}  // namespace

// L0-01: "NCOL(X) == NROW(W)"; "Z[2,2] = X[2,:] . Y[:,2]" (deck 0, "Conformity of Shapes").
// Lecture: rule only. Catalogue (CONSTRUCTED X = [[1,2,3],[4,5,6]], W = [[1,0],[0,1],[1,1]]):
// Z = X W = [[4,5],[10,11]]; Z[2,2] (1-based) = 4*0 + 5*1 + 6*1 = 11; X times X (2x3 by 2x3) is
// not conformable (3 != 2). All exact.
TEST(Deck0, Ex01MatrixProductConformity) {
  RecordProperty("catalogue_id", "L0-01");
  const arma::mat X{{1, 2, 3}, {4, 5, 6}};
  const arma::mat W{{1, 0}, {0, 1}, {1, 1}};
  const arma::mat Z = nn::matmul(X, W);
  ASSERT_EQ(Z.n_rows, 2u);
  ASSERT_EQ(Z.n_cols, 2u);
  EXPECT_TRUE(arma::all(arma::vectorise(Z == arma::mat{{4, 5}, {10, 11}})));
  EXPECT_EQ(Z(1, 1), 11.0);                        // 0-based (1,1) = the slide's Z[2,2]
  EXPECT_EQ(arma::dot(X.row(1), W.col(1)), 11.0);  // X[2,:] . W[:,2]

  // Not conformable: our error names both shapes and the rule.
  try {
    nn::matmul(X, X);
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(contains(msg, "cannot multiply 2 x 3 by 2 x 3")) << msg;
    EXPECT_TRUE(contains(msg, "ncol(A) = 3 must equal nrow(B) = 2")) << msg;
  }
  EXPECT_NO_THROW(nn::check_matmul(X, W, "test"));
}

// L0-02 (ERRATUM, formula): deck 0, "Matrix Addition (Broadcast)", prints "A + B will only work
// if A is cleanly divisible by B (or vice versa)" and "Replicate B until it matches A's
// dimensions, then perform elementwise addition". That is tiling, not broadcasting: NumPy/TF
// align trailing dimensions, each pair equal or 1. Catalogue: XW = [[4,5],[10,11]] (one example
// per row) + b = (0.5, -1) = [[4.5, 4], [10.5, 10]]; (2,4) + (2,) is "cleanly divisible" but an
// error in NumPy, while tiling silently gives [a1+b1, a2+b2, a3+b1, a4+b2].
TEST(Deck0, Ex02BiasBroadcastErratum) {
  RecordProperty("catalogue_id", "L0-02");
  const arma::mat XW{{4, 5}, {10, 11}};  // the lecture's layout: one example per row
  const arma::vec b{0.5, -1.0};

  // Our layout (one example per column): Z = (XW)^T, bias added to every column.
  const arma::mat Y = nn::add_bias(XW.t(), b);
  EXPECT_TRUE(arma::all(arma::vectorise(Y.t() == arma::mat{{4.5, 4}, {10.5, 10}}))) << Y;
  // NumPy's rule in the lecture's layout: the row b^T is stretched over the rows.
  const arma::mat Y_rows = nn::broadcast_add(XW, b.t());
  EXPECT_TRUE(arma::all(arma::vectorise(Y_rows == arma::mat{{4.5, 4}, {10.5, 10}}))) << Y_rows;

  // (2,4) + (2,): the shapes NumPy rejects.
  EXPECT_THROW(nn::broadcast_shape({2, 4}, {2}), nn::ShapeError);
  const arma::mat A{{1, 2, 3, 4}, {5, 6, 7, 8}};
  const arma::rowvec b2{10, 20};
  EXPECT_THROW(nn::broadcast_add(A, b2), nn::ShapeError);
  try {
    nn::broadcast_shape({2, 4}, {2});
  } catch (const nn::ShapeError& e) {
    EXPECT_TRUE(contains(e.what(), "(2, 4) and (2,)")) << e.what();
  }
  // The lecture's divisibility rule tiles B and silently adds [b1, b2, b1, b2] to each row.
  const arma::mat tiled = nn::tile_add(A, b2);
  EXPECT_TRUE(arma::all(arma::vectorise(tiled == arma::mat{{11, 22, 13, 24}, {15, 26, 17, 28}})))
      << tiled;
  // In our layout the same mistake (4 units, 2 biases) is a ShapeError naming both shapes.
  try {
    nn::add_bias(A.t(), b);
    FAIL() << "expected nn::ShapeError";
  } catch (const nn::ShapeError& e) {
    EXPECT_TRUE(contains(e.what(), "Z is 4 x 2")) << e.what();
    EXPECT_TRUE(contains(e.what(), "expected 4")) << e.what();
  }
  // Conforming broadcasts agree with NumPy: (2,2)+(2,) -> (2,2); (3,1)+(1,4) -> (3,4).
  EXPECT_EQ(nn::broadcast_shape({2, 2}, {2}), (nn::Shape{2, 2}));
  EXPECT_EQ(nn::broadcast_shape({3, 1}, {1, 4}), (nn::Shape{3, 4}));
  EXPECT_EQ(nn::broadcast_shape({5, 1, 3}, {4, 1}), (nn::Shape{5, 4, 3}));
}

// L2-03: y = W x + b, W in R^{m x n}, b in R^m (deck 2, "Linear (Fully-Connected) Layer").
// Lecture: shapes only. Catalogue (CONSTRUCTED W = [[1,2,3],[4,5,6]], b = (0.5, -1),
// x = (1, 0, -1)): y = (-1.5, -3); parameter count m n + m = 8.
TEST(Deck2, Ex03FullyConnectedLayer) {
  RecordProperty("catalogue_id", "L2-03");
  nn::Dense layer(arma::mat{{1, 2, 3}, {4, 5, 6}}, arma::vec{0.5, -1.0});
  const arma::mat y = layer.forward(arma::vec{1, 0, -1});
  ASSERT_EQ(y.n_rows, 2u);
  ASSERT_EQ(y.n_cols, 1u);
  EXPECT_NEAR(y(0), -1.5, 1e-15);
  EXPECT_NEAR(y(1), -3.0, 1e-15);
  EXPECT_EQ(count_parameters(layer), 8u);
  // The same by hand: W x, then the bias.
  EXPECT_TRUE(arma::approx_equal(
      nn::add_bias(nn::matmul(layer.W().value, arma::vec{1, 0, -1}), arma::vec{0.5, -1.0}), y,
      "absdiff", 1e-15));
}

// L3-02: Z = XW + B, Z = np.dot(X, W) + B with X 1x4, W 4x3, B 1x3 (deck 3, "A layer of neurons
// w/o activation function"). Lecture: shapes only. Catalogue (CONSTRUCTED X = (1,2,3,4),
// W rows (0.1,0.2,0.3), (0.4,0.5,0.6), (0.7,0.8,0.9), (1.0,1.1,1.2), B = (0.1,0.2,0.3)):
// Z = (7.1, 8.2, 9.3), shape 1x3; 4*3 + 3 = 15 parameters. Our layout: Z^T = W^T X^T + B^T.
TEST(Deck3, Ex02LayerWithoutActivation) {
  RecordProperty("catalogue_id", "L3-02");
  const arma::rowvec X{1, 2, 3, 4};
  const arma::mat W{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}, {1.0, 1.1, 1.2}};
  const arma::rowvec B{0.1, 0.2, 0.3};
  const arma::vec expected{7.1, 8.2, 9.3};

  // The lecture's row layout.
  const arma::mat Z_rows = nn::broadcast_add(nn::matmul(X, W), B);
  ASSERT_EQ(Z_rows.n_rows, 1u);
  ASSERT_EQ(Z_rows.n_cols, 3u);
  // Ours: a Dense layer with W^T (3 x 4, out x in) and b = B^T, one example as a column.
  nn::Dense layer(W.t(), B.t());
  const arma::mat Z = layer.forward(X.t());
  ASSERT_EQ(Z.n_rows, 3u);
  ASSERT_EQ(Z.n_cols, 1u);
  for (arma::uword j = 0; j < 3; ++j) {
    EXPECT_NEAR(Z_rows(0, j), expected(j), 1e-12);
    EXPECT_NEAR(Z(j), expected(j), 1e-12);
  }
  EXPECT_EQ(count_parameters(layer), 15u);
}

// L4-10: nplot = 100; np.linspace(0, 1, 100); np.meshgrid; Xplot = np.column_stack([x0mat.ravel(),
// x1mat.ravel()]) (deck 4, "Step 5. Visualizing the Decision Regions"). Lecture: code only.
// Catalogue: Xplot (10000, 2); spacing 1/99 = 0.0101010101; row 0 = (0, 0), row 1 =
// (0.0101010101, 0) (x0 varies fastest), row 9999 = (1, 1). Ours: one point per column, 2 x 10000.
TEST(Deck4, Ex10DecisionRegionGrid) {
  RecordProperty("catalogue_id", "L4-10");
  const arma::mat P = nn::plot::grid_points({0.0, 1.0}, {0.0, 1.0}, 100);
  ASSERT_EQ(P.n_rows, 2u);
  ASSERT_EQ(P.n_cols, 10000u);
  EXPECT_EQ(P(0, 0), 0.0);
  EXPECT_EQ(P(1, 0), 0.0);
  EXPECT_NEAR(P(0, 1), 1.0 / 99.0, 1e-15);
  EXPECT_NEAR(P(0, 1), 0.0101010101, 0.5e-10);  // the catalogue's 10 printed decimals
  EXPECT_EQ(P(1, 1), 0.0);
  EXPECT_EQ(P(0, 100), 0.0);  // the second row of the meshgrid starts again at x0 = 0
  EXPECT_NEAR(P(1, 100), 1.0 / 99.0, 1e-15);
  EXPECT_EQ(P(0, 9999), 1.0);  // np.linspace puts the end point exactly
  EXPECT_EQ(P(1, 9999), 1.0);
}

// L4-X1 (a lecture claim the catalogue does not list; ERRATUM, code): deck 4, "Step 5. Visualizing
// the Decision Regions" builds its grid with x0plot = np.linspace(xmin[0], xmax[1], nplot) and
// x1plot = np.linspace(xmin[0], xmax[1], nplot) and draws it with extent=[xmin[0], xmax[0],
// xmin[0], xmax[1]]: the indices are mixed up, harmless only because xmin = [0,0], xmax = [1,1].
// nn::plot::grid_points takes one range per axis; on the box [0, 2] x [-1, 1] its grid spans the
// box, while the slide's ranges (x: xmin[0]..xmax[1], y: the same) span [0, 1]^2 only.
TEST(Deck4, ExX1DecisionRegionGridAxesErratum) {
  RecordProperty("catalogue_id", "L4-X1");
  const double xmin[2] = {0.0, -1.0}, xmax[2] = {2.0, 1.0};
  const arma::mat correct = nn::plot::grid_points({xmin[0], xmax[0]}, {xmin[1], xmax[1]}, 50);
  const arma::mat as_printed = nn::plot::grid_points({xmin[0], xmax[1]}, {xmin[0], xmax[1]}, 50);
  EXPECT_EQ(correct.row(0).min(), 0.0);
  EXPECT_EQ(correct.row(0).max(), 2.0);
  EXPECT_EQ(correct.row(1).min(), -1.0);
  EXPECT_EQ(correct.row(1).max(), 1.0);
  // the slide's grid never reaches x1 > 1 or x2 < 0: half of the box is never evaluated
  EXPECT_EQ(as_printed.row(0).max(), 1.0);
  EXPECT_EQ(as_printed.row(1).min(), 0.0);
  EXPECT_GT(arma::abs(correct - as_printed).max(), 0.5);
  // on the slide's own box [0, 1]^2 both readings give the same 100 x 100 grid (L4-10)
  const double one[2] = {1.0, 1.0}, zero[2] = {0.0, 0.0};
  EXPECT_TRUE(arma::approx_equal(nn::plot::grid_points({zero[0], one[1]}, {zero[0], one[1]}, 100),
                                 nn::plot::grid_points({zero[0], one[0]}, {zero[1], one[1]}, 100),
                                 "absdiff", 0.0));
}

// L4-14: "X[100,150,1,30] = pixel (100,150) for color channel 1 (green) on image 30"; total
// elements d1 d2 ... dN (deck 4, "What is a Tensor?", "Indexing Tensors"). Lecture: definitions.
// Catalogue (CONSTRUCTED shape (200, 300, 3, 50)): rank 4; 9,000,000 elements; index
// (100,150,1,30) in range; (200,0,0,0) out of range. Column-major position of (100,150,1,30):
// numpy.ravel_multi_index((100,150,1,30), (200,300,3,50), order='F') = 5490100.
TEST(Deck4, Ex14TensorRankIndexAndElementCount) {
  RecordProperty("catalogue_id", "L4-14");
  const nn::Shape shape{200, 300, 3, 50};
  EXPECT_EQ(nn::rank(shape), 4u);
  EXPECT_EQ(nn::numel(shape), 9000000u);
  EXPECT_EQ(nn::to_string(shape), "(200, 300, 3, 50)");
  EXPECT_NO_THROW(nn::check_index(shape, {100, 150, 1, 30}, "images"));
  EXPECT_THROW(nn::check_index(shape, {200, 0, 0, 0}, "images"), nn::ShapeError);
  EXPECT_THROW(nn::check_index(shape, {1, 2, 3}, "images"), nn::ShapeError);
  try {
    nn::check_index(shape, {200, 0, 0, 0}, "images");
  } catch (const nn::ShapeError& e) {
    EXPECT_TRUE(contains(e.what(), "(200, 0, 0, 0)")) << e.what();
    EXPECT_TRUE(contains(e.what(), "expected 0..199")) << e.what();
  }
  EXPECT_EQ(nn::linear_index(shape, {100, 150, 1, 30}), 5490100u);

  // The collection as 50 colour images (arma::cube: height x width x channel).
  std::vector<arma::cube> images(50, arma::cube(200, 300, 3, arma::fill::zeros));
  images[30](100, 150, 1) = 0.5;  // image 30, pixel (100,150), green
  arma::uword elements = 0;
  for (const arma::cube& image : images) elements += image.n_elem;
  EXPECT_EQ(elements, 9000000u);
  // Inside one cube the element sits at 100 + 200 (150 + 300 * 1), as the formula says.
  EXPECT_EQ(images[30].memptr()[100 + 200 * (150 + 300 * 1)], 0.5);
  EXPECT_EQ(nn::linear_index({200, 300, 3}, {100, 150, 1}), 100u + 200u * (150u + 300u * 1u));
}

// L4-15: X = np.zeros((30,50,3)) -> shape (30, 50, 3); X2 = np.random.normal(size=shape, loc=2,
// scale=3); the lecture prints mean 1.99450244608, std 3.00316132041, X2[3,45,1] =
// 1.5027214392510062 (unseeded: not reproducible). Catalogue: 4,500 elements; with a seeded Rng
// |mean - 2| < 0.18 and |std - 3| < 0.13 (4 standard errors: 3/sqrt(4500) = 0.0447 and
// 3/sqrt(9000) = 0.0316).
TEST(Deck4, Ex15ZerosAndGaussianTensor) {
  RecordProperty("catalogue_id", "L4-15");
  const arma::cube X(30, 50, 3, arma::fill::zeros);
  EXPECT_EQ(nn::shape_of(X), (nn::Shape{30, 50, 3}));
  EXPECT_EQ(X.n_elem, 4500u);
  EXPECT_EQ(arma::accu(arma::abs(X)), 0.0);

  for (std::uint64_t seed : {1u, 42u, 2024u}) {
    nn::Rng rng(seed);
    const arma::mat draws = rng.randn(4500, 1, 2.0, 3.0);
    const arma::cube X2(draws.memptr(), 30, 50, 3);
    const arma::vec v = arma::vectorise(X2);
    EXPECT_LT(std::abs(arma::mean(v) - 2.0), 0.18) << "seed " << seed;
    EXPECT_LT(std::abs(arma::stddev(v, 1) - 3.0), 0.13) << "seed " << seed;  // np.std: divide by N
  }
  // The lecture's own (unseeded) draws, mean 1.99450244608 and std 3.00316132041, sit in the middle
  // of the library's sampling distribution: of 200 seeded (30, 50, 3) tensors, about 45% have a
  // smaller mean and 54% a smaller std (0.12 and 0.10 standard errors from 2 and 3). A sampler with
  // another mean or spread puts the lecture's values in a tail (near 0% or 100%).
  int mean_below = 0, std_below = 0;
  const int tensors = 200;
  for (int seed = 1; seed <= tensors; ++seed) {
    nn::Rng rng(1000 + seed);
    const arma::vec v = arma::vectorise(rng.randn(4500, 1, 2.0, 3.0));
    mean_below += arma::mean(v) < 1.99450244608;
    std_below += arma::stddev(v, 1) < 3.00316132041;
  }
  EXPECT_GT(mean_below, tensors / 20) << "of " << tensors;
  EXPECT_LT(mean_below, tensors - tensors / 20) << "of " << tensors;
  EXPECT_GT(std_below, tensors / 20) << "of " << tensors;
  EXPECT_LT(std_below, tensors - tensors / 20) << "of " << tensors;
}

// L4-16 (ERRATUM, typo): deck 4, "Tensors and Neural Networks", prints for a single input
// "Outputs: z_O: dimension z_H"; it is K. Batch of M: x M x d, z_H M x N_H, z_O M x K.
// Catalogue (CONSTRUCTED M = 100, d = 784, N_H = 100, K = 10): x 100 x 784, z_H 100 x 100,
// z_O 100 x 10; our column layout stores the transposes 784 x 100, 100 x 100, 10 x 100.
TEST(Deck4, Ex16ShapesThroughTheNetworkErratum) {
  RecordProperty("catalogue_id", "L4-16");
  nn::Dense hidden(784, 100), output(100, 10);
  nn::Sigmoid activation;
  const arma::mat X = nn::global_rng().randu(784, 100);  // a batch of M = 100 inputs
  const arma::mat z_H = hidden.forward(X);
  const arma::mat u_H = activation.forward(z_H);
  const arma::mat z_O = output.forward(u_H);
  EXPECT_EQ(nn::shape_of(z_H), (nn::Shape{100, 100}));
  EXPECT_EQ(nn::shape_of(u_H), (nn::Shape{100, 100}));
  EXPECT_EQ(nn::shape_of(z_O), (nn::Shape{10, 100}));
  // One input: z_O has K = 10 entries, not N_H (the slide's "dimension z_H").
  const arma::mat z_O1 = output.forward(activation.forward(hidden.forward(X.col(0))));
  EXPECT_EQ(nn::shape_of(z_O1), (nn::Shape{10, 1}));
  EXPECT_EQ(output.output_rows(hidden.output_rows(784)), 10u);
  // The batch's first column is the single input's output.
  EXPECT_LE(arma::abs(z_O.col(0) - z_O1).max(), 1e-12);
}

// L4-17: "Gradient is same size as the argument"; f(x) ~ f(x0) + <grad f(x0), x - x0>, summed
// over all components (deck 4, "Recap: Gradient for Scalar Output Function", "Recap 2").
// Catalogue (CONSTRUCTED f(W) = sum W_ij^2, W0 = [[1,-2],[0.5,3]], dW = [[0.01,0.02],[-0.01,0]]):
// grad = 2 W0 = [[2,-4],[1,6]]; f(W0) = 14.25; f(W0 + dW) = 14.1806; linearisation 14.18;
// error 0.0006 = ||dW||^2.
TEST(Deck4, Ex17GradientOfAScalarFunctionOfAMatrix) {
  RecordProperty("catalogue_id", "L4-17");
  const auto f = [](const arma::mat& W) { return arma::accu(arma::square(W)); };
  const arma::mat W0{{1, -2}, {0.5, 3}};
  const arma::mat dW{{0.01, 0.02}, {-0.01, 0}};
  const arma::mat grad = 2.0 * W0;  // d/dW_ij sum W^2 = 2 W_ij
  EXPECT_TRUE(arma::all(arma::vectorise(grad == arma::mat{{2, -4}, {1, 6}})));
  const arma::mat numeric = nn::numerical_gradient(f, W0);
  EXPECT_EQ(nn::shape_of(numeric), nn::shape_of(W0));
  EXPECT_LE(nn::relative_error(numeric, grad), 1e-7);

  EXPECT_EQ(f(W0), 14.25);
  EXPECT_NEAR(f(W0 + dW), 14.1806, 1e-12);
  const double linear = f(W0) + arma::accu(grad % dW);  // <grad f(W0), dW>
  EXPECT_NEAR(linear, 14.18, 1e-12);
  EXPECT_NEAR(f(W0 + dW) - linear, 0.0006, 1e-12);
  EXPECT_NEAR(f(W0 + dW) - linear, arma::accu(arma::square(dW)), 1e-15);
}

// L4-18 (UNDERSPECIFIED: f is in a lost figure): deck 4, "Jacobian Examples", 2 outputs, 3 inputs,
// df/dw = [[w2, w1, 0], [2 w1, 0, 3 w3^2]]. Catalogue: the Jacobian implies f(w) = (w1 w2 + c1,
// w1^2 + w3^3 + c2); CONSTRUCTED f(w) = (w1 w2, w1^2 + w3^3) at w = (1, 2, 3): f = (2, 28),
// Jacobian [[2, 1, 0], [2, 0, 27]] (1e-6 by central differences, exact by autograd).
TEST(Deck4, Ex18JacobianExample1) {
  RecordProperty("catalogue_id", "L4-18");
  const nn::VectorFunction f = [](const arma::vec& w) {
    return arma::vec{w(0) * w(1), w(0) * w(0) + w(2) * w(2) * w(2)};
  };
  const arma::vec w{1, 2, 3};
  EXPECT_TRUE(arma::all(f(w) == arma::vec{2, 28}));
  const arma::mat expected{{2, 1, 0}, {2, 0, 27}};
  const arma::mat J = nn::numerical_jacobian(f, w);
  ASSERT_EQ(nn::shape_of(J), (nn::Shape{2, 3}));  // M x N: outputs x inputs
  EXPECT_LE(arma::abs(J - expected).max(), 1e-6) << J;
  // The slide's symbolic Jacobian evaluated at w.
  const arma::mat slide{{w(1), w(0), 0}, {2 * w(0), 0, 3 * w(2) * w(2)}};
  EXPECT_TRUE(arma::all(arma::vectorise(slide == expected)));

  // Exactly, one row per output, by reverse-mode autograd.
  using nn::autograd::Value;
  for (int row = 0; row < 2; ++row) {
    Value w1(1.0), w2(2.0), w3(3.0);
    Value out = row == 0 ? w1 * w2 : w1 * w1 + w3 * w3 * w3;
    out.backward();
    EXPECT_EQ(w1.grad(), expected(row, 0));
    EXPECT_EQ(w2.grad(), expected(row, 1));
    EXPECT_EQ(w3.grad(), expected(row, 2));
  }
}

// L4-19: "Example 2: f(w) = Aw, df/dw = A" (deck 4, "Jacobian Examples"). Catalogue (CONSTRUCTED
// A = [[1, 2, 0], [0, -1, 3]], w = (1, 1, 1)): f = (3, 2); Jacobian = A (2x3) at every w.
TEST(Deck4, Ex19JacobianOfALinearMap) {
  RecordProperty("catalogue_id", "L4-19");
  const arma::mat A{{1, 2, 0}, {0, -1, 3}};
  const nn::VectorFunction f = [&A](const arma::vec& w) { return arma::vec(A * w); };
  EXPECT_TRUE(arma::all(f(arma::vec{1, 1, 1}) == arma::vec{3, 2}));
  EXPECT_LE(arma::abs(nn::numerical_jacobian(f, arma::vec{1, 1, 1}) - A).max(), 1e-9);
  // The same at another point: the Jacobian of a linear map does not depend on w.
  EXPECT_LE(arma::abs(nn::numerical_jacobian(f, arma::vec{-1, 0.5, 2}) - A).max(), 1e-9);
}

// L4-20: componentwise f(w) = (f1(w1), ..., fM(wM)) -> diag(f1'(w1), ..., fM'(wM)) (deck 4,
// "Jacobian Examples", Example 3). Catalogue (CONSTRUCTED f = (sigmoid, tanh, square) at
// w = (0, 0.5, 3)): diag(0.25, 0.786447733, 6); off-diagonal entries 0.
TEST(Deck4, Ex20JacobianOfAnElementwiseFunction) {
  RecordProperty("catalogue_id", "L4-20");
  const nn::VectorFunction f = [](const arma::vec& w) {
    return arma::vec{nn::sigmoid(w(0)), nn::tanh(w(1)), w(2) * w(2)};
  };
  const arma::vec w{0, 0.5, 3};
  const arma::mat J = nn::numerical_jacobian(f, w);
  const arma::vec analytic{nn::sigmoid_derivative(w(0)), nn::tanh_derivative(w(1)), 2 * w(2)};
  const arma::vec lecture{0.25, 0.786447733, 6};  // catalogue, 9 significant digits
  for (arma::uword i = 0; i < 3; ++i) {
    EXPECT_NEAR(J(i, i), lecture(i), 1e-8);
    EXPECT_NEAR(analytic(i), lecture(i), 5e-10);  // half a unit of the last printed digit
    for (arma::uword j = 0; j < 3; ++j) {
      if (j != i) EXPECT_EQ(J(i, j), 0.0) << "J(" << i << ", " << j << ")";
    }
  }
  EXPECT_EQ(analytic(0), 0.25);
  EXPECT_NEAR(analytic(1), 1.0 - std::tanh(0.5) * std::tanh(0.5), 1e-15);
}

// L4-21: x has shape (50,30), y has shape (10,20,40): df/dx has shape (10,20,40,50,30),
// 10(20)(40)(50)(30) = 1.2(10)^7 elements (deck 4, "Gradient for Tensors Inputs & Outputs").
// Catalogue: as stated, order 5, 12,000,000 elements (96 MB in double precision).
TEST(Deck4, Ex21GradientTensorShape) {
  RecordProperty("catalogue_id", "L4-21");
  const nn::Shape g = nn::gradient_tensor_shape({10, 20, 40}, {50, 30});
  EXPECT_EQ(g, (nn::Shape{10, 20, 40, 50, 30}));
  EXPECT_EQ(nn::rank(g), 5u);
  EXPECT_EQ(nn::numel(g), 12000000u);
  EXPECT_EQ(nn::numel(g) * sizeof(double), 96000000u);  // 96 MB
  EXPECT_EQ(nn::to_string(g), "(10, 20, 40, 50, 30)");
}

// L4-22: x shape (20,30), y shape (5,10,15): gradient (5,10,15,20,30); <df/dx, x - x0> has shape
// (5,10,15), the output's (deck 4, "Gradient Tensor Linear Approximation", "Example Dimensions").
// Catalogue: as stated; 5*10*15*20*30 = 450,000 elements; for a linear f the tensor-dot
// linearisation is exact to 1e-12. Small case checked with numpy: u = arange(1,13) reshaped
// (2,3,2) order 'F', v = arange(1,7) reshaped (3,2) order 'F', np.tensordot(u, v, 2) = (161, 182).
TEST(Deck4, Ex22TensorDotProduct) {
  RecordProperty("catalogue_id", "L4-22");
  const nn::Shape y_shape{5, 10, 15}, x_shape{20, 30};
  const nn::Shape g_shape = nn::gradient_tensor_shape(y_shape, x_shape);
  EXPECT_EQ(g_shape, (nn::Shape{5, 10, 15, 20, 30}));
  EXPECT_EQ(nn::numel(g_shape), 450000u);
  EXPECT_EQ(nn::tensordot_shape(g_shape, x_shape), y_shape);
  EXPECT_THROW(nn::tensordot_shape(g_shape, {30, 20}), nn::ShapeError);

  const nn::Tensor u({2, 3, 2}, arma::regspace(1.0, 12.0));
  const nn::Tensor v({3, 2}, arma::regspace(1.0, 6.0));
  const nn::Tensor uv = nn::tensordot(u, v);
  EXPECT_EQ(uv.shape(), (nn::Shape{2}));
  EXPECT_EQ(uv({0}), 161.0);
  EXPECT_EQ(uv({1}), 182.0);

  // A linear f(x) = <G, x> + c with a seeded random gradient tensor G: f(x0 + dx) - f(x0) equals
  // <G, dx> (computed here element by element with multi-indices) up to rounding.
  nn::Rng rng(7);
  const nn::Tensor G(g_shape, arma::vectorise(rng.randn(450000, 1)));
  const nn::Tensor c(y_shape, arma::vectorise(rng.randn(750, 1)));
  const auto f = [&](const nn::Tensor& x) {
    nn::Tensor y = nn::tensordot(G, x);
    y.data() += c.data();
    return y;
  };
  const nn::Tensor x0(x_shape, arma::vectorise(rng.randn(600, 1)));
  const nn::Tensor dx(x_shape, arma::vectorise(rng.randn(600, 1, 0.0, 1e-3)));
  const nn::Tensor x1(x_shape, x0.data() + dx.data());
  const nn::Tensor change = nn::tensordot(G, dx);
  EXPECT_EQ(change.shape(), y_shape);
  EXPECT_LE(arma::abs(f(x1).data() - f(x0).data() - change.data()).max(), 1e-12);
  for (arma::uword i1 = 0; i1 < 5; i1 += 4) {
    for (arma::uword i3 = 0; i3 < 15; i3 += 7) {
      double sum = 0.0;  // sum_{j1, j2} G[i1, 3, i3, j1, j2] dx[j1, j2]
      for (arma::uword j1 = 0; j1 < 20; ++j1)
        for (arma::uword j2 = 0; j2 < 30; ++j2) sum += G({i1, 3, i3, j1, j2}) * dx({j1, j2});
      EXPECT_NEAR(change({i1, 3, i3}), sum, 1e-12);
    }
  }
}

// L4-23: f: R^N -> R^M: gradient tensor = Jacobian, M x N; scalar f of an N-vector: gradient N,
// gradient tensor 1 x N; scalar f of an M x N matrix: gradient M x N, gradient tensor 1 x M x N
// (deck 4, "Gradients Tensors vs. Gradients & Jacobians"). Catalogue: N = 3, M = 2 -> (2, 3);
// scalar of a 3-vector -> (1, 3); scalar of a 2 x 3 matrix -> (1, 2, 3), whose trailing shape
// equals the gradient's.
TEST(Deck4, Ex23GradientTensorsVsGradientsAndJacobians) {
  RecordProperty("catalogue_id", "L4-23");
  EXPECT_EQ(nn::gradient_tensor_shape({2}, {3}), (nn::Shape{2, 3}));
  EXPECT_EQ(nn::gradient_tensor_shape({1}, {3}), (nn::Shape{1, 3}));
  const nn::Shape g = nn::gradient_tensor_shape({1}, {2, 3});
  EXPECT_EQ(g, (nn::Shape{1, 2, 3}));
  EXPECT_EQ(nn::Shape(g.begin() + 1, g.end()), (nn::Shape{2, 3}));  // drop the leading 1

  // The numbers agree: the Jacobian of a map R^3 -> R^2 is 2 x 3, and the gradient of a scalar
  // function of a 2 x 3 matrix is 2 x 3, the gradient tensor's trailing shape.
  const arma::mat A{{1, 2, 0}, {0, -1, 3}};
  const arma::mat J = nn::numerical_jacobian([&A](const arma::vec& w) { return arma::vec(A * w); },
                                             arma::vec{1, 1, 1});
  EXPECT_EQ(nn::shape_of(J), (nn::Shape{2, 3}));
  const arma::mat grad =
      nn::numerical_gradient([](const arma::mat& W) { return arma::accu(arma::square(W)); },
                             arma::mat(2, 3, arma::fill::ones));
  EXPECT_EQ(nn::shape_of(grad), (nn::Shape{2, 3}));
  // A scalar function of a 3-vector: its Jacobian is the gradient tensor 1 x 3.
  const arma::mat J1 = nn::numerical_jacobian(
      [](const arma::vec& w) { return arma::vec{arma::dot(w, w)}; }, arma::vec{1, 2, 3});
  EXPECT_EQ(nn::shape_of(J1), (nn::Shape{1, 3}));
  EXPECT_LE(arma::abs(J1 - arma::rowvec{2, 4, 6}).max(), 1e-8);
}
