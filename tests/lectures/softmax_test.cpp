// Worked examples of the lectures with topic `softmax` (chapter 04_softmax_multilabel): softmax
// regression with one weight vector per class, the StackExchange C/Java/Python post, predicted
// classes, two-class softmax = sigmoid, label encodings, ordering and the deck-4 likelihood typo.
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md, recomputed to full double
// precision with /usr/bin/python3 + numpy; never from this library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/data/encode.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>

namespace {

// The StackExchange example of deck 1 (L1-09, L1-13): one weight vector per class, stacked as the
// rows of W (classes x features, our out x in layout): C, Java, Python.
const arma::mat kPostW{{0.2, 0.8, -0.5}, {0.5, -0.4, 0.3}, {-0.1, 0.2, 0.7}};
const arma::vec kPostB{-0.1, 0.2, 0.1};
const arma::vec kPostX{1.0, 2.0, 0.0};

}  // namespace

// L0-03: W is (D, k), X is (D, 1), A = W^T X is (k, 1), Y = softmax(A). Lecture: shapes only.
// Catalogue (CONSTRUCTED D = k = 3, W rows = inputs, columns = the L1-09 weight vectors,
// X = (1, 2, 0), no bias): A = (1.8, -0.3, 0.3), shape (3, 1); Y = (0.743170308, 0.0910059816,
// 0.165823710), sum 1.
TEST(Deck0, Ex03SoftmaxLayerShapes) {
  RecordProperty("catalogue_id", "L0-03");
  const arma::mat W_lecture{{0.2, 0.5, -0.1}, {0.8, -0.4, 0.2}, {-0.5, 0.3, 0.7}};  // D x k
  const arma::vec X{1.0, 2.0, 0.0};                                                 // D x 1
  // Our Dense stores W as out x in = k x D, the lecture's W^T, so A = W X.
  nn::Dense layer(W_lecture.t(), arma::vec(3, arma::fill::zeros));
  const arma::mat A = layer.forward(X);
  ASSERT_EQ(A.n_rows, 3u);
  ASSERT_EQ(A.n_cols, 1u);
  EXPECT_NEAR(A(0), 1.8, 1e-12);
  EXPECT_NEAR(A(1), -0.3, 1e-12);
  EXPECT_NEAR(A(2), 0.3, 1e-12);
  const arma::mat Y = nn::softmax(A);
  ASSERT_EQ(Y.n_rows, 3u);
  ASSERT_EQ(Y.n_cols, 1u);
  EXPECT_NEAR(Y(0), 0.7431703084883027, 1e-9);
  EXPECT_NEAR(Y(1), 0.09100598156114427, 1e-9);
  EXPECT_NEAR(Y(2), 0.16582370995055298, 1e-9);
  EXPECT_NEAR(arma::accu(Y), 1.0, 1e-15);
  // A batch of N columns gives k x N.
  const arma::mat batch = nn::softmax(layer.forward(arma::mat(3, 5, arma::fill::ones)));
  EXPECT_EQ(batch.n_rows, 3u);
  EXPECT_EQ(batch.n_cols, 5u);
}

// L1-03: binary C = 2 labels [1], [0]; multi-class C = 3: dog [1,0,0], cat [0,1,0], hen [0,0,1];
// multi-label C = 3: [1,1,0], [0,1,1], [1,0,1]. Lecture: the encodings themselves.
// Catalogue: one_hot({0,1,2}, 3) = I3 (each row sums to 1); the multi-hot rows contain two 1s.
TEST(Deck1, Ex03LabelEncodings) {
  RecordProperty("catalogue_id", "L1-03");
  // Binary: one output, the label itself.
  const arma::mat binary = nn::one_hot(arma::uvec{1, 0}, 2);
  EXPECT_EQ(binary(1, 0), 1.0);  // dog: class 1 of {no dog, dog}
  EXPECT_EQ(binary(0, 1), 1.0);
  // Multi-class: one column per example (dog, cat, hen), exactly one 1 each.
  const arma::mat T = nn::one_hot(arma::uvec{0, 1, 2}, 3);
  ASSERT_EQ(T.n_rows, 3u);
  ASSERT_EQ(T.n_cols, 3u);
  EXPECT_TRUE(arma::approx_equal(T, arma::mat(arma::eye(3, 3)), "absdiff", 0.0));
  EXPECT_TRUE(arma::all(arma::sum(T, 0) == 1.0));
  // Multi-label: a sum of one-hot vectors, here two labels per example ([1,1,0], [0,1,1], [1,0,1]).
  const arma::mat multi_hot =
      nn::one_hot(arma::uvec{0, 1, 0}, 3) + nn::one_hot(arma::uvec{1, 2, 2}, 3);
  const arma::mat expected{{1, 0, 1}, {1, 1, 0}, {0, 1, 1}};  // columns = examples
  EXPECT_TRUE(arma::approx_equal(multi_hot, expected, "absdiff", 0.0));
  const arma::rowvec counts = arma::sum(multi_hot, 0);
  EXPECT_TRUE(arma::all(counts == 2.0));
  // One-hot columns map back to their labels.
  EXPECT_TRUE(arma::all(nn::target_classes(T) == arma::uvec({0, 1, 2})));
}

// L1-08: z_k = b^k + w^k . x; p_k = e^{z_k} / sum_j e^{z_j}; for k = 2,
// p_1 = e^{z_1}/(e^{z_1} + e^{z_2}); yhat = argmax z = argmax p. Lecture: formulas only.
// Catalogue (CONSTRUCTED z = (1.2, -0.3)): p = (0.817574476, 0.182425524) = sigma(z1 - z2), argmax
// 0.
TEST(Deck1, Ex08TwoClassSoftmaxIsSigmoid) {
  RecordProperty("catalogue_id", "L1-08");
  const arma::vec z{1.2, -0.3};
  const arma::mat p = nn::softmax(z);
  EXPECT_NEAR(p(0), nn::sigmoid(1.5), 1e-15);
  EXPECT_NEAR(p(1), 1.0 - nn::sigmoid(1.5), 1e-15);
  EXPECT_NEAR(nn::sigmoid(1.5), 0.8175744761936437, 1e-10);
  EXPECT_NEAR(p(1), 0.18242552380635632, 1e-10);
  EXPECT_EQ(nn::argmax_columns(z)(0), 0u);
  EXPECT_EQ(nn::argmax_columns(p)(0), 0u);
  // The identity holds for any pair of logits: softmax(z)_0 = sigma(z_0 - z_1).
  const arma::mat Z{{-3.0, -0.5, 0.0, 2.0, 7.5}, {1.0, 0.5, 0.0, -2.0, 7.0}};
  const arma::mat P = nn::softmax(Z);
  for (arma::uword n = 0; n < Z.n_cols; ++n) {
    EXPECT_NEAR(P(0, n), nn::sigmoid(Z(0, n) - Z(1, n)), 1e-15) << "column " << n;
  }
}

// L1-09: w_C = (0.2, 0.8, -0.5), w_Java = (0.5, -0.4, 0.3), w_Python = (-0.1, 0.2, 0.7);
// b = (-0.1, 0.2, 0.1); x = (1, 2, 0); y = [0, 0, 1] (Python). Lecture: L = -log(p_Python).
// Catalogue: z = (1.7, -0.1, 0.4); p = (0.695492183, 0.114964085, 0.189543732); L = 1.66313551
// (= logsumexp(z) - z_Python = 2.06313551 - 0.4); argmax is C, so the post is misclassified.
TEST(Deck1, Ex09StackExchangePostSoftmax) {
  RecordProperty("catalogue_id", "L1-09");
  nn::Dense layer(kPostW, kPostB);
  const arma::mat z = layer.forward(kPostX);
  EXPECT_NEAR(z(0), 1.7, 1e-12);
  EXPECT_NEAR(z(1), -0.1, 1e-12);
  EXPECT_NEAR(z(2), 0.4, 1e-12);
  const arma::mat p = nn::softmax(z);
  EXPECT_NEAR(p(0), 0.6954921834932196, 1e-9);
  EXPECT_NEAR(p(1), 0.11496408469823285, 1e-9);
  EXPECT_NEAR(p(2), 0.18954373180854767, 1e-9);
  const arma::mat y = nn::one_hot(arma::uvec{2}, 3);
  EXPECT_NEAR(nn::softmax_cross_entropy(z, y), 1.6631355063687536, 1e-9);
  EXPECT_NEAR(nn::categorical_cross_entropy(p, y), 1.6631355063687536, 1e-9);
  EXPECT_NEAR(-std::log(p(2)), 1.6631355063687536, 1e-9);
  EXPECT_NEAR(nn::logsumexp(z)(0), 2.0631355063687535, 1e-9);
  EXPECT_EQ(nn::argmax_columns(z)(0), 0u);  // predicts C: misclassified
}

// L1-10: p_1 = [0.2, 0.7, 0.1], p_2 = [0.1, 0.8, 0.1], p_3 = [0.2, 0.2, 0.6]; true C, Java, Python.
// Lecture: predicted Java, Java, Python; L = -(1/3)[log(0.2) + log(0.8) + log(0.6)].
// Catalogue: argmax (1, 1, 2), accuracy 2/3; per-sample 1.60943791, 0.223143551, 0.510825624;
// mean 0.781135696.
TEST(Deck1, Ex10ThreePostsMeanCrossEntropy) {
  RecordProperty("catalogue_id", "L1-10");
  const arma::mat P = arma::mat{{0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.2, 0.6}}.t();  // columns
  const arma::uvec truth{0, 1, 2};
  const arma::uvec pred = nn::argmax_columns(P);
  EXPECT_TRUE(arma::all(pred == arma::uvec({1, 1, 2})));
  EXPECT_EQ(nn::accuracy(pred, truth), 2.0 / 3.0);
  const arma::mat T = nn::one_hot(truth, 3);
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T), 0.7811356958381003, 1e-10);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(0), T.col(0)), 1.6094379124341003, 1e-9);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(1), T.col(1)), 0.2231435513142097, 1e-9);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(2), T.col(2)), 0.5108256237659907, 1e-9);
  // The lecture's expression.
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T),
              -(std::log(0.2) + std::log(0.8) + std::log(0.6)) / 3.0, 1e-15);
}

// L1-11: logits (C, Java, Python): post 1 [0.4967, -0.1383, 0.6477]; post 2 [1.5230, -0.2342,
// -0.2341]; post 3 [1.5792, 0.7674, -0.4695]. Lecture: Python, C, C.
// Catalogue: argmax (2, 0, 0); p_1 = (0.371342442, 0.196787538, 0.431870019);
// p_2 = (0.743454746, 0.128266214, 0.128279041); p_3 = (0.635743909, 0.282307196, 0.0819488952).
TEST(Deck1, Ex11PredictedClassesFromLogits) {
  RecordProperty("catalogue_id", "L1-11");
  const arma::mat Z =
      arma::mat{{0.4967, -0.1383, 0.6477}, {1.5230, -0.2342, -0.2341}, {1.5792, 0.7674, -0.4695}}
          .t();
  EXPECT_TRUE(arma::all(nn::argmax_columns(Z) == arma::uvec({2, 0, 0})));
  const arma::mat P = nn::softmax(Z);
  EXPECT_TRUE(arma::all(nn::argmax_columns(P) == arma::uvec({2, 0, 0})));  // same by monotonicity
  const arma::mat expected = arma::mat{
      {0.3713424422286539, 0.19678753845548017, 0.43187001931586594},
      {0.743454745659501, 0.1282662135388964, 0.1282790408016027},
      {0.6357439092635794, 0.282307195523883,
       0.0819488952125377}}.t();
  EXPECT_LE(arma::abs(P - expected).max(), 1e-9);
  // Post 2: Java and Python differ by 1e-4 in the logit, and Python is (just) above Java.
  EXPECT_GT(P(2, 1), P(1, 1));
}

// L1-12: J = -(1/m) sum_i sum_k y_k log p_k; for two classes it is the BCE. Lecture: derivation;
// the m = 2 example is in a lost figure (UNDERSPECIFIED). Catalogue (CONSTRUCTED obs 1 y = [1, 0],
// p = [0.8, 0.2]; obs 2 y = [0, 1], p = [0.3, 0.7]): 0.223143551, 0.356674944; J = 0.289909248,
// identical to BCE with (y, p) = (1, 0.8), (0, 0.3).
TEST(Deck1, Ex12TwoClassCrossEntropyIsBinary) {
  RecordProperty("catalogue_id", "L1-12");
  const arma::mat P{{0.8, 0.3}, {0.2, 0.7}};  // columns = observations
  const arma::mat T{{1.0, 0.0}, {0.0, 1.0}};
  const double J = nn::categorical_cross_entropy(P, T);
  EXPECT_NEAR(J, 0.2899092476264711, 1e-10);
  // BCE on the first row only: p = P(class 0), y = 1 for class 0.
  const double bce = nn::binary_cross_entropy(P.row(0), T.row(0));
  EXPECT_NEAR(J, bce, 1e-15);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(0), T.col(0)), 0.2231435513142097, 1e-10);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(1), T.col(1)), 0.35667494393873245, 1e-10);
}

// L2-05: softmax(z)_i = e^{z_i} / sum_j e^{z_j}; 'it preserves ordering'. Lecture: formula and
// property. Catalogue (CONSTRUCTED z = (2, 1, 0.1)): (0.659001139, 0.242432971, 0.0985658904);
// sums to 1; same order as z; softmax(z + 100) is identical (shift invariance).
TEST(Deck2, Ex05SoftmaxPreservesOrdering) {
  RecordProperty("catalogue_id", "L2-05");
  const arma::vec z{2.0, 1.0, 0.1};
  const arma::vec p = nn::softmax(z);
  EXPECT_NEAR(p(0), 0.6590011388859679, 1e-10);
  EXPECT_NEAR(p(1), 0.24243297070471395, 1e-10);
  EXPECT_NEAR(p(2), 0.09856589040931818, 1e-10);
  EXPECT_NEAR(arma::accu(p), 1.0, 1e-15);
  EXPECT_TRUE(arma::all(arma::sort_index(p) == arma::sort_index(z)));
  // Shift invariance, and the stable softmax survives a shift that overflows exp.
  const arma::vec p_shift = nn::softmax(arma::vec(z + 100.0));
  EXPECT_LE(arma::abs(p_shift - p).max(), 1e-12);
  const arma::vec p_big = nn::softmax(arma::vec(z + 1000.0));
  EXPECT_TRUE(p_big.is_finite());
  EXPECT_LE(arma::abs(p_big - p).max(), 1e-12);
  EXPECT_TRUE(std::isinf(std::exp(1002.0)));  // what the naive formula would divide
}

// L4-06: printed g_k(z_Oi) = e^{z_O,ik} / sum_l e^{z_O,ik} (index k in the denominator).
// ERRATUM (typo): the denominator must sum e^{z_O,il} over l. Catalogue (CONSTRUCTED logits of
// L1-09, z = (1.7, -0.1, 0.4)): g = (0.695492183, 0.114964085, 0.189543732); as printed every class
// gets 1/K = 0.333333333.
TEST(Deck4, Ex06SoftmaxLikelihoodDenominatorErratum) {
  RecordProperty("catalogue_id", "L4-06");
  const arma::vec z{1.7, -0.1, 0.4};
  const arma::vec g = nn::softmax(z);
  EXPECT_NEAR(g(0), 0.6954921834932196, 1e-9);
  EXPECT_NEAR(g(1), 0.11496408469823285, 1e-9);
  EXPECT_NEAR(g(2), 0.18954373180854767, 1e-9);
  // As printed the denominator sums e^{z_k} over l = 1..K: it is the softmax of the logits with
  // every entry replaced by z_k, i.e. of (z_k, ..., z_k), which gives every class 1/K whatever z.
  const arma::uword K = z.n_elem;
  for (arma::uword k = 0; k < K; ++k) {
    const arma::vec as_printed = nn::softmax(arma::vec(K, arma::fill::value(z(k))));
    EXPECT_NEAR(as_printed(k), 1.0 / 3.0, 1e-15);
    EXPECT_GT(std::abs(as_printed(k) - g(k)), 0.1);  // far from the correct g_k
  }
}
