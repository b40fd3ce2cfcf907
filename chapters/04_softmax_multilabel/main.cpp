// Chapter 04: softmax regression (multi-class, one label per example) and multi-label
// classification (one sigmoid per class). Reads top to bottom like README.md: label encodings, the
// StackExchange post of deck 1, softmax's properties, a batch of posts, two classes, the
// multi-label version, and a softmax classifier trained on three 2-D blobs.
#include <armadillo>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/app/chapter.hpp>
#include <nn/app/format.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/encode.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/plot/plot.hpp>

namespace {

using nn::fmt;
using nn::heading;

const std::vector<std::string> kLanguages{"C", "Java", "Python"};

// "[C, Python]": the class names whose entry of a 0/1 column is 1.
std::string names_of(const arma::umat& column) {
  std::string s = "[";
  bool first = true;
  for (arma::uword k = 0; k < column.n_elem; ++k) {
    if (column(k) == 0) continue;
    s += (first ? "" : ", ") + kLanguages[k];
    first = false;
  }
  return s + "]";
}

// Exercise 1: softmax of one column of logits, by hand and stable: subtract the maximum, then
// exponentiate and normalise.
arma::vec softmax_by_hand(const arma::vec& z) {
  // BEGIN SOLUTION
  const arma::vec e = arma::exp(z - z.max());  // e^{z_k - m}, every exponent <= 0
  return e / arma::accu(e);                    // p_k = e^{z_k - m} / sum_j e^{z_j - m}
  // END SOLUTION
}

// Exercise 2: multi-label predictions from logits: label k is on when sigma(z_k) > 0.5, i.e. when
// z_k > 0, so no sigmoid is needed.
arma::umat predict_labels_from_logits(const arma::mat& Z) {
  // BEGIN SOLUTION
  arma::umat Y = (Z > 0.0);  // sigma(z) > 0.5  <=>  z > 0
  return Y;
  // END SOLUTION
}

// Exercise 3: one step of gradient descent on softmax regression, from the softmax cross-entropy's
// gradient dZ = (P - T)/N: dW = dZ X^T, db = dZ 1, then W <- W - eta dW, b <- b - eta db.
void softmax_regression_step(arma::mat& W, arma::vec& b, const arma::mat& X, const arma::mat& T,
                             double eta) {
  // BEGIN SOLUTION
  arma::mat Z = W * X;                                            // Z = W X
  Z.each_col() += b;                                              //   + b 1^T
  const arma::mat dZ = nn::softmax_cross_entropy_gradient(Z, T);  // dZ = (P - T)/N
  const arma::mat dW = dZ * X.t();                                // dW = dZ X^T
  const arma::vec db = arma::sum(dZ, 1);                          // db = dZ 1
  W -= eta * dW;
  b -= eta * db;
  // END SOLUTION
}

// ---------------------------------------------------------------------------------------------
// 1. Label encodings.
void encodings() {
  heading("1. Label encodings");
  std::cout << "Example 4.1  binary (dog or no dog): labels " << fmt(arma::mat{{1, 0}}, 0)
            << ", one output y in {0, 1}\n";
  const arma::mat T = nn::one_hot(arma::uvec{0, 1, 2}, 3);
  std::cout << "Example 4.1  multi-class (dog, cat, hen): one-hot columns " << fmt(T.col(0), 0)
            << " " << fmt(T.col(1), 0) << " " << fmt(T.col(2), 0) << ", each sums to 1\n";
  const arma::mat M = nn::one_hot(arma::uvec{0, 1, 0}, 3) + nn::one_hot(arma::uvec{1, 2, 2}, 3);
  std::cout << "Example 4.1  multi-label: multi-hot columns " << fmt(M.col(0), 0) << " "
            << fmt(M.col(1), 0) << " " << fmt(M.col(2), 0) << ", each sums to "
            << fmt(arma::sum(M, 0), 0) << "  (L1-03)\n";
}

// ---------------------------------------------------------------------------------------------
// 2. Softmax regression on the StackExchange post.
void stackexchange_post() {
  heading("2. Softmax regression: one weight vector per class");
  // Rows of W are w_C, w_Java, w_Python (our W is classes x features).
  const arma::mat W{{0.2, 0.8, -0.5}, {0.5, -0.4, 0.3}, {-0.1, 0.2, 0.7}};
  const arma::vec b{-0.1, 0.2, 0.1}, x{1.0, 2.0, 0.0};
  nn::Dense layer(W, b);
  const arma::mat z = layer.forward(x);
  const arma::vec p = nn::softmax(z);
  const arma::mat y = nn::one_hot(arma::uvec{2}, 3);  // the post is about Python
  std::cout << "Example 4.2  x = (1, 2, 0), z = W x + b = " << fmt(z) << "  (C, Java, Python)\n"
            << "Example 4.2  p = softmax(z) = " << fmt(p) << ", sum " << fmt(arma::accu(p)) << "\n"
            << "Example 4.2  exercise 1 (by hand) = " << fmt(softmax_by_hand(z)) << "\n"
            << "Example 4.2  loss -ln p_Python = " << fmt(-std::log(p(2)))
            << " = lse(z) - z_Python = " << fmt(nn::logsumexp(z)(0)) << " - " << fmt(z(2)) << " = "
            << fmt(nn::softmax_cross_entropy(z, y)) << "\n"
            << "Example 4.2  predicted class argmax z = " << kLanguages[nn::argmax_columns(z)(0)]
            << ": the post is misclassified  (L1-09)\n";

  // Deck 0's layout: W is D x k (inputs x classes), A = W^T X.
  const arma::mat W_deck0 = W.t();
  const arma::mat A = W_deck0.t() * x;
  std::cout << "Example 4.3  deck 0: W is " << W_deck0.n_rows << " x " << W_deck0.n_cols
            << " (D x k), X is " << x.n_rows << " x 1, A = W^T X is " << A.n_rows << " x "
            << A.n_cols << " = " << fmt(A) << ", Y = softmax(A) = " << fmt(nn::softmax(A))
            << "  (L0-03)\n";

  const arma::vec z2{2.0, 1.0, 0.1};
  const arma::vec p2 = nn::softmax(z2);
  std::cout << "Example 4.4  softmax(2, 1, 0.1) = " << fmt(p2) << ": same order as z  (L2-05)\n"
            << "Example 4.4  softmax(z + 100) = " << fmt(nn::softmax(arma::vec(z2 + 100.0)))
            << ": adding a constant to every logit changes nothing\n";

  // Erratum L4-06: the denominator printed with index k instead of l.
  arma::vec as_printed(3);
  for (arma::uword k = 0; k < 3; ++k) {
    double denominator = 0.0;
    for (arma::uword l = 0; l < 3; ++l) denominator += std::exp(z(k));  // sum_l e^{z_k}, the typo
    as_printed(k) = std::exp(z(k)) / denominator;
  }
  std::cout << "Example 4.5  erratum L4-06: g_k = e^{z_k} / sum_l e^{z_k} as printed = "
            << fmt(as_printed) << "; with e^{z_l}: " << fmt(p) << "\n";
}

// ---------------------------------------------------------------------------------------------
// 3. A batch: predicted classes and the mean cross-entropy.
void batches() {
  heading("3. A batch of posts");
  const arma::mat P = arma::mat{{0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.2, 0.6}}.t();
  const arma::uvec truth{0, 1, 2};
  const arma::uvec pred = nn::argmax_columns(P);
  std::cout << "Example 4.6  p = [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]; true C, Java, "
               "Python\n"
            << "Example 4.6  predicted " << kLanguages[pred(0)] << ", " << kLanguages[pred(1)]
            << ", " << kLanguages[pred(2)] << "; accuracy " << fmt(nn::accuracy(pred, truth))
            << "\n";
  const arma::mat T = nn::one_hot(truth, 3);
  std::cout << "Example 4.6  per-post -ln p_true = "
            << fmt(arma::rowvec{nn::categorical_cross_entropy(P.col(0), T.col(0)),
                                nn::categorical_cross_entropy(P.col(1), T.col(1)),
                                nn::categorical_cross_entropy(P.col(2), T.col(2))})
            << ", mean " << fmt(nn::categorical_cross_entropy(P, T)) << "  (L1-10)\n";

  const arma::mat Z =
      arma::mat{{0.4967, -0.1383, 0.6477}, {1.5230, -0.2342, -0.2341}, {1.5792, 0.7674, -0.4695}}
          .t();
  const arma::uvec c = nn::argmax_columns(Z);
  std::cout << "Example 4.7  logits of three posts: predicted " << kLanguages[c(0)] << ", "
            << kLanguages[c(1)] << ", " << kLanguages[c(2)] << "  (L1-11)\n";
  const arma::mat PZ = nn::softmax(Z);
  for (arma::uword n = 0; n < 3; ++n) {
    std::cout << "Example 4.7    post " << n + 1 << ": z = " << fmt(Z.col(n))
              << ", p = " << fmt(PZ.col(n)) << "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Two classes: softmax = sigmoid, cross-entropy = binary cross-entropy.
void two_classes() {
  heading("4. Two classes");
  const arma::vec z{1.2, -0.3};
  std::cout << "Example 4.8  softmax(1.2, -0.3) = " << fmt(nn::softmax(z))
            << "; sigmoid(1.2 - (-0.3)) = sigmoid(1.5) = " << fmt(nn::sigmoid(1.5))
            << "  (L1-08)\n";
  const arma::mat P{{0.8, 0.3}, {0.2, 0.7}}, T{{1.0, 0.0}, {0.0, 1.0}};
  std::cout << "Example 4.9  two observations, p = [0.8, 0.2] (class 0), [0.3, 0.7] (class 1):"
            << " categorical CE = " << fmt(nn::categorical_cross_entropy(P, T))
            << ", BCE on the first row = " << fmt(nn::binary_cross_entropy(P.row(0), T.row(0)))
            << "  (L1-12)\n";
}

// ---------------------------------------------------------------------------------------------
// 5. Multi-label: one sigmoid per class.
void multilabel() {
  heading("5. Multi-label: one sigmoid per class");
  nn::Dense layer(arma::mat{{0.2, 0.8, -0.5}, {0.5, -0.4, 0.3}, {-0.1, 0.2, 0.7}},
                  arma::vec{-0.1, 0.2, 0.1});
  const arma::mat z = layer.forward(arma::vec{1.0, 2.0, 0.0});
  const arma::mat p = nn::sigmoid(z);
  const arma::vec y{1.0, 0.0, 1.0};  // C and Python
  std::cout << "Example 4.10  same post, labels C and Python: p = sigmoid(z) = " << fmt(p) << "\n"
            << "Example 4.10  terms -ln p_C, -ln(1 - p_Java), -ln p_Python = "
            << fmt(arma::rowvec{nn::binary_cross_entropy(p(0), 1.0),
                                nn::binary_cross_entropy(p(1), 0.0),
                                nn::binary_cross_entropy(p(2), 1.0)})
            << "\n"
            << "Example 4.10  L = sum over classes = " << fmt(3.0 * nn::binary_cross_entropy(p, y))
            << ", mean over classes (Keras) = " << fmt(nn::binary_cross_entropy(p, y))
            << ", from logits = " << fmt(nn::binary_cross_entropy_from_logits(z, y)) << "\n"
            << "Example 4.10  threshold 0.5: " << names_of(nn::threshold(p, 0.5)) << "  (L1-13)\n";

  const arma::mat P = arma::mat{{0.85, 0.15, 0.65}, {0.25, 0.70, 0.40}, {0.30, 0.45, 0.80}}.t();
  const arma::umat YP = nn::threshold(P, 0.5);
  std::cout << "Example 4.11  probabilities, threshold 0.5:";
  for (arma::uword n = 0; n < 3; ++n) std::cout << " post " << n + 1 << " " << names_of(YP.col(n));
  std::cout << "  (L1-14)\n";

  const arma::mat Z = arma::mat{{2.0, -1.0, 0.5}, {0.5, 1.5, 0.2}, {-0.5, 0.3, 2.2}}.t();
  const arma::umat YZ = predict_labels_from_logits(Z);
  std::cout << "Example 4.12  sigmoid(0) = " << fmt(nn::sigmoid(0.0))
            << ", so threshold 0.5 on p is threshold 0 on z. Logits:";
  for (arma::uword n = 0; n < 3; ++n) std::cout << " post " << n + 1 << " " << names_of(YZ.col(n));
  std::cout << "\nExample 4.12  same from sigmoid(Z) > 0.5: "
            << (arma::all(arma::vectorise(nn::threshold(nn::sigmoid(Z), 0.5) == YZ)) ? "yes" : "no")
            << "; library threshold(Z, 0) agrees: "
            << (arma::all(arma::vectorise(nn::threshold(Z, 0.0) == YZ)) ? "yes" : "no")
            << "  (L1-15)\n";
}

// ---------------------------------------------------------------------------------------------
// 6. Training a softmax classifier on three blobs.
void train(const nn::plot::Target& plots, int epochs, double eta) {
  heading("6. Training softmax regression on three blobs");
  const arma::mat centers{{0.0, -2.0, 2.0}, {2.0, -1.0, -1.0}};  // columns = class centres
  const nn::Dataset data = nn::make_blobs(50, centers, 0.8, nn::global_rng());
  const arma::mat T = nn::one_hot(data.y, 3);
  const arma::uword N = data.size();
  std::cout << "Example 4.13  " << N
            << " points, 3 classes around (0, 2), (-2, -1), (2, -1), sd 0.8;"
            << " full-batch gradient descent, eta = " << fmt(eta, 2) << ", " << epochs
            << " epochs\n";

  // The same small initial weights for the three versions below.
  const arma::mat W0 = nn::global_rng().randn(3, 2, 0.0, 0.1);
  const arma::vec b0(3, arma::fill::zeros);

  // (a) By hand: the library's free functions and exercise 3.
  arma::mat W = W0;
  arma::vec b = b0;
  std::vector<double> hand_loss;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    arma::mat Z = W * data.X;
    Z.each_col() += b;
    hand_loss.push_back(nn::softmax_cross_entropy(Z, T));  // loss before this epoch's update
    softmax_regression_step(W, b, data.X, T, eta);
  }

  // (b) Sequential: Dense(2, 3) on logits + SoftmaxCrossEntropy.
  nn::Sequential logits_model;
  auto& dense = logits_model.add<nn::Dense>(W0, b0);
  logits_model.compile(nn::SoftmaxCrossEntropy(), nn::SGD(logits_model.parameters(), {.lr = eta}));
  const nn::FitOptions fit{
      .epochs = static_cast<std::size_t>(epochs), .batch_size = N, .shuffle = false, .verbose = 0};
  const nn::History h = logits_model.fit(data.X, data.y, fit);

  // (c) Sequential: Dense(2, 3) + Softmax layer + CategoricalCrossEntropy on probabilities.
  nn::Sequential prob_model;
  prob_model.add<nn::Dense>(W0, b0);
  prob_model.add<nn::Softmax>();
  prob_model.compile(nn::CategoricalCrossEntropy(), nn::SGD(prob_model.parameters(), {.lr = eta}));
  const nn::History hp = prob_model.fit(data.X, data.y, fit);

  double gap_b = 0.0, gap_c = 0.0;
  for (int e = 0; e < epochs; ++e) {
    gap_b = std::max(gap_b, std::abs(h.loss[e] - hand_loss[e]));
    gap_c = std::max(gap_c, std::abs(hp.loss[e] - hand_loss[e]));
  }
  for (int e : {1, 10, 50, 100, epochs}) {
    if (e > epochs) continue;
    std::cout << "Example 4.13  epoch " << e << ": loss " << fmt(h.loss[e - 1]) << ", accuracy "
              << fmt(h.accuracy[e - 1]) << "\n";
  }
  std::cout << "Example 4.14  max |loss difference| over all epochs: by hand vs logits model "
            << (gap_b < 1e-12 ? "< 1e-12" : fmt(gap_b, 14)) << ", Softmax + CCE vs logits model "
            << (gap_c < 1e-12 ? "< 1e-12" : fmt(gap_c, 14)) << "\n";

  const arma::uvec pred = logits_model.predict_classes(data.X);
  std::cout << "Example 4.15  learned W rows (one per class): " << fmt(dense.W().value.row(0))
            << " " << fmt(dense.W().value.row(1)) << " " << fmt(dense.W().value.row(2))
            << ", b = " << fmt(dense.b().value) << "\n"
            << "Example 4.15  training accuracy " << fmt(nn::accuracy(pred, data.y)) << "\n";
  std::cout << "Example 4.15  confusion matrix (rows = true class, columns = predicted):\n";
  std::cout << nn::format_confusion_matrix(nn::confusion_matrix(pred, data.y, 3), {"0", "1", "2"});

  // The boundary between classes i and j is the line (w_i - w_j) . x + (b_i - b_j) = 0.
  const arma::rowvec w01 = dense.W().value.row(0) - dense.W().value.row(1);
  const double b01 = dense.b().value(0) - dense.b().value(1);
  std::cout << "Example 4.16  boundary class 0 | class 1: " << fmt(w01(0)) << " x1 + "
            << fmt(w01(1)) << " x2 + " << fmt(b01) << " = 0\n";
  const arma::vec probe{0.0, 0.5};
  std::cout << "Example 4.16  at x = (0, 0.5): p = "
            << fmt(nn::softmax(logits_model.predict(probe))) << "\n";

  nn::plot::decision_regions(
      plots, "softmax_regions.png", "Softmax regression on three blobs: predicted class",
      [&](const arma::mat& G) {
        return arma::conv_to<arma::rowvec>::from(logits_model.predict_classes(G));
      },
      data.X, data.y, {-5.0, 5.0}, {-4.5, 5.0}, 100, "class");
  nn::plot::decision_regions(
      plots, "softmax_confidence.png", "Softmax regression: largest probability max_k p_k",
      [&](const arma::mat& G) {
        return arma::rowvec(arma::max(nn::softmax(logits_model.predict(G)), 0));
      },
      data.X, data.y, {-5.0, 5.0}, {-4.5, 5.0}, 100, "max p");
  nn::plot::curves(plots, "softmax_loss.png", "Softmax regression: training loss",
                   {{"softmax cross-entropy", h.loss}}, "loss");
}

}  // namespace

int main(int argc, char** argv) {
  nn::Chapter chapter("04_softmax_multilabel", "Softmax regression and multi-label classification");
  int epochs = 200;
  double eta = 0.5;
  chapter.add_option("--epochs", epochs, "training epochs (full batch)", nn::count_in(1, 1000000));
  chapter.add_option("--lr", eta, "learning rate eta", nn::positive_finite());
  return chapter.run(argc, argv, [&](const nn::ChapterOptions& opt) {
    std::cout << "Chapter 04: softmax regression and multi-label classification\n";
    encodings();
    stackexchange_post();
    batches();
    two_classes();
    multilabel();
    train(opt.plot_target(), epochs, eta);
  });
}
