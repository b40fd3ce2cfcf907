// Worked examples of the lectures with topic `losses` (chapter 05_activations_losses): MSE, MAE,
// the squared-error sum, binary cross-entropy on probabilities and on logits, categorical
// cross-entropy, softmax cross-entropy (log-sum-exp) and the negative log-likelihood.
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md, recomputed to full double
// precision with /usr/bin/python3 + numpy; never from this library's own output.
// Every loss gradient is also checked against central differences (suite LossGradients).
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/losses.hpp>

namespace {

// nn::relative_error(A, B) = ||A - B|| / (||A|| + ||B||) within `bound`, with a message holding
// both matrices when above the bound.
::testing::AssertionResult GradientsAgree(const std::string& name, const arma::mat& analytic,
                                          const arma::mat& numeric, double bound = 1e-7) {
  const double rel = nn::relative_error(analytic, numeric);
  if (rel <= bound) return ::testing::AssertionSuccess();
  std::ostringstream os;
  os << name << ": relative error " << rel << " > " << bound << "\nanalytic\n"
     << analytic << "central differences\n"
     << numeric;
  return ::testing::AssertionFailure() << os.str();
}

// One-hot columns (K x N) from class indices; written here so the loss tests do not depend on the
// data module.
arma::mat one_hot_columns(const std::vector<arma::uword>& labels, arma::uword K) {
  arma::mat T(K, labels.size(), arma::fill::zeros);
  for (std::size_t n = 0; n < labels.size(); ++n) T(labels[n], n) = 1.0;
  return T;
}

}  // namespace

// L0-04: H = -(1/N) sum [y log p + (1-y) log(1-p)]; y = 1 -> -log p; y = 0 -> -log(1-p).
// Lecture: no numbers; says the loss "grows exponentially larger" as p moves away from the label.
// Catalogue (CONSTRUCTED): -ln p = 0.693147181, 2.30258509, 4.60517019, 6.90775528 for p = 0.5,
// 0.1, 0.01, 0.001: each 10x drop adds ln 10 -- logarithmic growth, not exponential (wording note).
// bce(0, 0.9) = 2.30258509.
TEST(Deck0, Ex04BinaryCrossEntropyGrowsLikeLog) {
  RecordProperty("catalogue_id", "L0-04");
  // nn::binary_cross_entropy(p, y): probability first, target second.
  EXPECT_NEAR(nn::binary_cross_entropy(0.5, 1.0), 0.6931471805599453, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.1, 1.0), 2.3025850929940455, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.01, 1.0), 4.605170185988091, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.001, 1.0), 6.907755278982137, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 0.0), 2.302585092994046, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.01, 1.0) - nn::binary_cross_entropy(0.1, 1.0),
              2.302585092994046, 1e-12);  // + ln 10 per decade
  // The piecewise form: y = 1 keeps only -log p, y = 0 only -log(1 - p).
  for (double p : {0.2, 0.5, 0.7}) {
    EXPECT_NEAR(nn::binary_cross_entropy(p, 1.0), -std::log(p), 1e-15);
    EXPECT_NEAR(nn::binary_cross_entropy(p, 0.0), -std::log(1.0 - p), 1e-15);
  }
  // Batch mean, the slide's -(1/N) sum: (y, p) = (1, 0.5), (1, 0.1), (0, 0.9).
  const double batch = nn::binary_cross_entropy(arma::mat{{0.5, 0.1, 0.9}}, arma::mat{{1, 1, 0}});
  EXPECT_NEAR(batch, (0.6931471805599453 + 2.3025850929940455 + 2.302585092994046) / 3.0, 1e-12);
}

// L0-05: MAE = sum |y - yhat| / n; MSE = sum (y - yhat)^2 / n. Lecture: formulas only (and "larger
// errors penalized exponentially more": quadratically, in fact). Catalogue (CONSTRUCTED y =
// (1,2,3), yhat = (1.5,2,2)): MAE = 0.5, MSE = 1.25/3 = 0.416666667.
TEST(Deck0, Ex05MaeMseDefinitions) {
  RecordProperty("catalogue_id", "L0-05");
  const arma::mat y{{1.0, 2.0, 3.0}}, yhat{{1.5, 2.0, 2.0}};  // one output, three examples
  EXPECT_NEAR(nn::mae(yhat, y), 0.5, 1e-15);
  EXPECT_NEAR(nn::mse(yhat, y), 0.4166666666666667, 1e-12);
  // The same numbers as one example with three outputs: mean over every entry either way.
  EXPECT_NEAR(nn::mae(yhat.t(), y.t()), 0.5, 1e-15);
  EXPECT_NEAR(nn::mse(yhat.t(), y.t()), 0.4166666666666667, 1e-12);
  // Quadratic, not exponential: doubling every error multiplies MSE by 4 and MAE by 2.
  const arma::mat yhat2 = y + 2.0 * (yhat - y);
  EXPECT_NEAR(nn::mse(yhat2, y), 4.0 * nn::mse(yhat, y), 1e-12);
  EXPECT_NEAR(nn::mae(yhat2, y), 2.0 * nn::mae(yhat, y), 1e-15);
}

// L2-06: 'Mean Absolute Error: L_MSE(y, y') = ||y - y'||_1'; 'Mean Squared Error: ||y - y'||_2^2';
// NLL = -log(y'_y); CE = -sum y_i log(y'_i). Lecture: formulas only (the MAE line is labelled
// L_MSE: a notation slip). Catalogue (CONSTRUCTED y = (1, 2), y' = (1.5, 1)): ||.||_1 = 1.5 (mean
// 0.75); ||.||_2^2 = 1.25 (mean 0.625); class 1 of 3 with y' = (0.2, 0.7, 0.1): NLL = CE = -ln 0.7
// = 0.356674944.
TEST(Deck2, Ex06MaeMseNllCrossEntropyAsPrinted) {
  RecordProperty("catalogue_id", "L2-06");
  const arma::vec y{1.0, 2.0}, yp{1.5, 1.0};
  EXPECT_EQ(nn::mae(yp, y) * y.n_elem, 1.5);  // ||y - y'||_1 = N MAE
  EXPECT_EQ(nn::sse(yp, y), 1.25);            // ||y - y'||_2^2
  EXPECT_EQ(nn::mae(yp, y), 0.75);            // Keras's mae: the mean of the components
  EXPECT_EQ(nn::mse(yp, y), 0.625);
  const arma::vec p{0.2, 0.7, 0.1};
  const arma::uvec label{1};
  const double nll = nn::nll(arma::log(p), label);
  const double ce = nn::categorical_cross_entropy(p, one_hot_columns({1}, 3));
  EXPECT_NEAR(nll, 0.35667494393873245, 1e-10);
  EXPECT_NEAR(ce, nll, 1e-15);
  EXPECT_NEAR(nll, -std::log(0.7), 1e-15);
}

// L3-08: printed 'L = -y_true log(y_predict) + (1 - y_true) log(1 - y_predict)'.
// ERRATUM (formula): the second term's sign (missing brackets); BCE = -[y log p + (1-y) log(1-p)].
// Catalogue (CONSTRUCTED (y, p) = (0, 0.25), (0, 0.9), (1, 0.9)): 0.287682072, 2.30258509,
// 0.105360516; the printed form gives -0.287682072 and -2.30258509 for the y = 0 cases.
TEST(Deck3, Ex08BinaryCrossEntropySignErratum) {
  RecordProperty("catalogue_id", "L3-08");
  EXPECT_NEAR(nn::binary_cross_entropy(0.25, 0.0), 0.2876820724517809, 1e-10);
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 0.0), 2.302585092994046, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(0.9, 1.0), 0.10536051565782628, 1e-10);
  // As printed, -y log p + (1 - y) log(1 - p): the y = 1 term of the loss minus its y = 0 term,
  // i.e. the library's per-label losses with the second sign flipped.
  const auto as_printed = [](double y, double p) {
    return y * nn::binary_cross_entropy(p, 1.0) - (1.0 - y) * nn::binary_cross_entropy(p, 0.0);
  };
  EXPECT_NEAR(as_printed(0.0, 0.25), -0.2876820724517809, 1e-12);
  EXPECT_NEAR(as_printed(0.0, 0.9), -2.302585092994046, 1e-12);
  EXPECT_NEAR(as_printed(1.0, 0.9), nn::binary_cross_entropy(0.9, 1.0), 1e-15);  // right for y = 1
  // The correct loss is positive everywhere in (0, 1), for both labels.
  for (double p = 0.01; p < 1.0; p += 0.01) {
    EXPECT_GT(nn::binary_cross_entropy(p, 0.0), 0.0) << "p = " << p;
    EXPECT_GT(nn::binary_cross_entropy(p, 1.0), 0.0) << "p = " << p;
  }
}

// L3-09: probs_clipped = np.clip(probs, 1e-7, 1 - 1e-7);
// loss = -np.sum(oh_y_true * np.log(probs_clipped), axis=1).mean(axis=0). Lecture: code only, "Why
// are probs clipped?". Catalogue (CONSTRUCTED probs rows [0.7, 0.2, 0.1], [0, 1, 0], both true
// class 0): per-row 0.356674944 and 16.1180957 (= -ln 1e-7; +inf unclipped); mean 8.23738530.
TEST(Deck3, Ex09CrossEntropyClipping) {
  RecordProperty("catalogue_id", "L3-09");
  // Our layout: one example per column.
  const arma::mat P{{0.7, 0.0}, {0.2, 1.0}, {0.1, 0.0}};
  const arma::mat T = one_hot_columns({0, 0}, 3);
  const double loss = nn::categorical_cross_entropy(P, T);  // eps = 1e-7, as the slide
  EXPECT_NEAR(loss, 8.237385297448526, 1e-9);
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(1), T.col(1)), 16.11809565095832, 1e-9);
  EXPECT_NEAR(nn::categorical_cross_entropy(P.col(0), T.col(0)), 0.35667494393873245, 1e-10);
  EXPECT_NEAR(nn::categorical_cross_entropy(P, T, 1e-7, nn::Reduction::Sum),
              0.35667494393873245 + 16.11809565095832, 1e-9);
  // Without the clip (eps = 0) the second example's loss is -ln 0 = +inf, which the library
  // refuses with an error naming the loss.
  try {
    nn::categorical_cross_entropy(P.col(1), T.col(1), 0.0);
    ADD_FAILURE() << "eps = 0 on p = 0: expected nn::DataError (the loss is -ln 0 = inf)";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("not finite (inf)"), std::string::npos) << e.what();
  }
  // The upper bound 1 - 1e-7 costs at most -ln(1 - 1e-7) = 1.00000005e-7 on a perfect prediction.
  const double perfect = nn::categorical_cross_entropy(arma::vec{1.0, 0.0, 0.0}, T.col(0));
  EXPECT_NEAR(perfect, 1.0000000494736474e-07, 1e-15);
  // Same clip in the binary loss (Keras's epsilon).
  EXPECT_NEAR(nn::binary_cross_entropy(0.0, 1.0), 16.11809565095832, 1e-9);
}

// L3-10: y_true = 23.5, y_predict = 22.9, L = (23.5 - 22.9)^2. Lecture: L = 0.36.
TEST(Deck3, Ex10RegressionMse) {
  RecordProperty("catalogue_id", "L3-10");
  const double L = nn::mse(arma::mat{22.9}, arma::mat{23.5});
  EXPECT_NEAR(L, 0.3600000000000017, 1e-12);  // 0.36 plus the rounding of 23.5 - 22.9 in binary
  EXPECT_NEAR(L, 0.36, 0.005);                // the lecture's 0.36, half a unit of its last digit
}

// L3-11: Dog [1,0,0,0], Pear [0,1,0,0], House [0,0,1,0], Grass [0,0,0,1];
// L = sum([0,1,0,0] - [0,0,1,0])^2, L = sum([1,0,0,0] - [0,0,0,1])^2. Lecture: L = 2; L = 2.
// Named MSE but computed as a sum; Keras's mse (the mean over the 4 components) is 0.5.
TEST(Deck3, Ex11OneHotSquaredDistance) {
  RecordProperty("catalogue_id", "L3-11");
  const arma::mat I = one_hot_columns({0, 1, 2, 3}, 4);  // Dog, Pear, House, Grass
  EXPECT_EQ(nn::sse(I.col(1), I.col(2)), 2.0);           // Pear vs House
  EXPECT_EQ(nn::sse(I.col(0), I.col(3)), 2.0);           // Dog vs Grass
  EXPECT_EQ(nn::mse(I.col(1), I.col(2)), 0.5);
  // Any two distinct one-hot vectors are at squared distance 2: no class is "closer" than another.
  for (arma::uword i = 0; i < 4; ++i) {
    for (arma::uword j = 0; j < 4; ++j) {
      EXPECT_EQ(nn::sse(I.col(i), I.col(j)), i == j ? 0.0 : 2.0);
    }
  }
}

// L3-12: true class Pear [0,1,0,0]; blue [0.23, 0.30, 0.23, 0.23], yellow [0.06, 0.79, 0.07, 0.09];
// -(([0,1,0,0] * np.log(...))).sum(). Lecture: blue 1.20, yellow 0.24.
// Catalogue: -ln 0.30 = 1.20397280, -ln 0.79 = 0.235722334 (3-decimal vectors: 1.20064501,
// 0.236988958); no renormalisation.
TEST(Deck3, Ex12ConfidentVersusUnsureCrossEntropy) {
  RecordProperty("catalogue_id", "L3-12");
  const arma::mat pear = one_hot_columns({1}, 4);
  const double blue = nn::categorical_cross_entropy(arma::vec{0.23, 0.30, 0.23, 0.23}, pear);
  const double yellow = nn::categorical_cross_entropy(arma::vec{0.06, 0.79, 0.07, 0.09}, pear);
  EXPECT_NEAR(blue, 1.2039728043259361, 1e-9);
  EXPECT_NEAR(yellow, 0.23572233352106983, 1e-9);
  EXPECT_NEAR(blue, 1.20, 0.005);    // lecture's 1.20
  EXPECT_NEAR(yellow, 0.24, 0.005);  // lecture's 0.24
  // The 3-decimal vectors of the first slide.
  EXPECT_NEAR(nn::categorical_cross_entropy(arma::vec{0.232, 0.301, 0.233, 0.233}, pear),
              1.2006450142332614, 1e-9);
  EXPECT_NEAR(nn::categorical_cross_entropy(arma::vec{0.059, 0.789, 0.065, 0.087}, pear),
              0.23698895813626278, 1e-9);
  EXPECT_GT(blue, yellow);  // the unsure prediction costs more although both pick Pear
}

// L4-01: L(theta) = sum_i ln[1 + e^{-y_i z_i}] with y_i in {-1, +1}. Lecture: formula only.
// Catalogue (CONSTRUCTED z = (0.8, -1.2, 2.0), y = (+1, -1, -1)): per-sample 0.371100666,
// 0.263282467, 2.12692801; sum 2.76131114; equals BCE with y01 = (y + 1)/2; softplus(1000) = 1000.
TEST(Deck4, Ex01LogisticLossPlusMinusOneLabels) {
  RecordProperty("catalogue_id", "L4-01");
  const arma::rowvec z{0.8, -1.2, 2.0}, y{1.0, -1.0, -1.0};
  // ln(1 + e^{-y z}) = softplus(-y z): the library's stable softplus.
  const arma::rowvec terms = nn::softplus(arma::mat(-y % z));
  EXPECT_NEAR(terms(0), 0.3711006659477777, 1e-10);
  EXPECT_NEAR(terms(1), 0.2632824673380312, 1e-10);
  EXPECT_NEAR(terms(2), 2.1269280110429722, 1e-9);
  EXPECT_NEAR(arma::accu(terms), 2.761311144328781, 1e-9);
  // Same as binary cross-entropy from logits with 0/1 labels, summed over the examples.
  const arma::rowvec y01 = (y + 1.0) / 2.0;
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(z, y01, nn::Reduction::Sum), 2.761311144328781,
              1e-9);
  for (arma::uword i = 0; i < 3; ++i) {
    EXPECT_NEAR(terms(i), nn::binary_cross_entropy(nn::sigmoid(z(i)), y01(i)), 1e-12);
  }
  // Stable evaluation: the naive ln(1 + e^{1000}) overflows, softplus does not.
  EXPECT_TRUE(std::isinf(std::log(1.0 + std::exp(1000.0))));
  EXPECT_EQ(nn::softplus(1000.0), 1000.0);
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(1000.0, 0.0), 1000.0);  // z = 1000, y = -1
}

// L4-04: L = sum_i (y_i - z_i)^2 (scalar); L = sum_i sum_k (y_ik - z_ik)^2 (vector). Lecture:
// formulas only. Catalogue (CONSTRUCTED y = (1,2,3), z = (1.5,1,3); Y = [[1,0],[0,1]],
// Z = [[0.5,0.2],[-0.1,0.9]]): 1.25; 0.31.
TEST(Deck4, Ex04SquaredLossScalarAndVector) {
  RecordProperty("catalogue_id", "L4-04");
  EXPECT_NEAR(nn::sse(arma::rowvec{1.5, 1.0, 3.0}, arma::rowvec{1.0, 2.0, 3.0}), 1.25, 1e-15);
  const arma::mat Y{{1.0, 0.0}, {0.0, 1.0}}, Z{{0.5, 0.2}, {-0.1, 0.9}};
  EXPECT_NEAR(nn::sse(Z, Y), 0.31000000000000005, 1e-12);
  // The mean reduction is the sum divided by the number of entries (K N = 4).
  EXPECT_NEAR(nn::mse(Z, Y), 0.31 / 4.0, 1e-12);
  EXPECT_NEAR(nn::mse(Z, Y, nn::Reduction::Sum), 0.31 / 2.0, 1e-12);  // sum_n (1/K) sum_k
}

// L4-05: printed '-ln P(y_i | x_i, theta) = ln[1 + e^{y_i z_i}] - y_i z_i' (both slides).
// ERRATUM (formula): e^{y z} must be e^{z}: -ln P(y | z) = ln(1 + e^z) - y z. Catalogue
// (CONSTRUCTED): (y=0, z=0.8) 1.17110067; (y=1, z=0.8) 0.371100666; (y=0, z=-2) 0.126928011;
// (y=1, z=-2) 2.12692801. The printed form gives ln 2 = 0.693147181 for every y = 0 sample.
TEST(Deck4, Ex05BinaryCrossEntropyFromLogitsErratum) {
  RecordProperty("catalogue_id", "L4-05");
  struct Row {
    double y, z, loss;
  };
  const std::vector<Row> rows{{0.0, 0.8, 1.1711006659477778},
                              {1.0, 0.8, 0.3711006659477778},
                              {0.0, -2.0, 0.1269280110429725},
                              {1.0, -2.0, 2.1269280110429727}};
  for (const Row& r : rows) {
    const double stable = nn::binary_cross_entropy_from_logits(r.z, r.y);
    EXPECT_NEAR(stable, r.loss, 1e-9) << "y = " << r.y << ", z = " << r.z;
    EXPECT_NEAR(stable, nn::binary_cross_entropy(nn::sigmoid(r.z), r.y), 1e-12);
    const double as_printed = std::log(1.0 + std::exp(r.y * r.z)) - r.y * r.z;
    if (r.y == 0.0) {
      EXPECT_NEAR(as_printed, 0.6931471805599453, 1e-15);  // ln 2 whatever z
    } else {
      EXPECT_NEAR(as_printed, stable, 1e-12);  // right for y = 1
    }
  }
  // Matrix form, mean over the four entries.
  const arma::mat Z{{0.8, 0.8, -2.0, -2.0}}, T{{0.0, 1.0, 0.0, 1.0}};
  EXPECT_NEAR(
      nn::binary_cross_entropy_from_logits(Z, T),
      (1.1711006659477778 + 0.3711006659477778 + 0.1269280110429725 + 2.1269280110429727) / 4.0,
      1e-12);
  // Why the logits form: at z = 800 the naive formula overflows, the stable one gives 800.
  EXPECT_TRUE(std::isinf(std::log(1.0 + std::exp(800.0))));
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(800.0, 0.0), 800.0);
  EXPECT_EQ(nn::binary_cross_entropy_from_logits(-800.0, 1.0), 800.0);
}

// L4-07: r_ik = 1 if y_i = k; L = sum_i [ln(sum_k e^{z_ik}) - sum_k r_ik z_ik]. Lecture: formula.
// Catalogue (CONSTRUCTED): z1 = (1.7, -0.1, 0.4), class 3 (Python); z2 = (0.5, 1.5, 0.2), class 2
// (Java): logsumexp 2.06313551, loss 1.66313551 (= L1-09); 0.494946963; sum 2.15808247
// (mean 1.07904123).
TEST(Deck4, Ex07CategoricalCrossEntropyLogSumExp) {
  RecordProperty("catalogue_id", "L4-07");
  const arma::mat Z{{1.7, 0.5}, {-0.1, 1.5}, {0.4, 0.2}};  // one example per column
  const arma::uvec labels{2, 1};                           // 0-based: Python, Java
  const arma::rowvec lse = nn::logsumexp(Z);
  EXPECT_NEAR(lse(0), 2.0631355063687535, 1e-9);
  EXPECT_NEAR(lse(1), 1.9949469629672392, 1e-9);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, labels, nn::Reduction::Sum), 2.1580824693359926, 1e-9);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, labels), 1.0790412346679963, 1e-9);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z, one_hot_columns({2, 1}, 3), nn::Reduction::Sum),
              2.1580824693359926, 1e-9);
  // Each term equals -log softmax at the true class.
  const arma::mat P = nn::softmax(Z);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z.col(0), arma::uvec{2}), -std::log(P(2, 0)), 1e-12);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z.col(1), arma::uvec{1}), -std::log(P(1, 1)), 1e-12);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z.col(0), arma::uvec{2}), 1.6631355063687536, 1e-9);
  EXPECT_NEAR(nn::softmax_cross_entropy(Z.col(1), arma::uvec{1}), 0.49494696296723917, 1e-9);
  // NLL of log-softmax is the same loss.
  EXPECT_NEAR(nn::nll(nn::log_softmax(Z), labels, nn::Reduction::Sum), 2.1580824693359926, 1e-12);
  // Stability: shifting the logits by 1000 changes nothing; the naive sum of exponentials
  // overflows.
  const arma::mat Zbig = Z + 1000.0;
  EXPECT_NEAR(nn::softmax_cross_entropy(Zbig, labels, nn::Reduction::Sum), 2.1580824693359926,
              1e-9);
  EXPECT_TRUE(std::isinf(std::log(arma::accu(arma::exp(Zbig.col(0))))));
}

// L4-24: Zh = X.dot(Wh) + bh; Uh = sigmoid(Zh); Zout = Uh.dot(Wo) + bo; printed loss line
// f = np.sum(-y*Zout + np.log(1+y*Zout)). Lecture: no number (random data).
// ERRATUM (code): the line lacks the exp, has y inside the log, and broadcasts (n,) * (n,1) to n x
// n. Catalogue (CONSTRUCTED nsamp = 3): Zout = (0.430266435, 0.218167103, 0.0287841290); loss
// = 1.98800604 (per-sample 0.500978782, 0.808168581, 0.678858678; mean 0.662668680). The printed
// line gives -0.187263840 (3x3 broadcast) or -0.0728121714 (shapes matched).
TEST(Deck4, Ex24NumpyForwardPassLossErratum) {
  RecordProperty("catalogue_id", "L4-24");
  // numpy's rows are examples; ours are columns, and our W is out x in = numpy's W^T.
  const arma::mat X = arma::mat{{0.5, -1.0}, {1.5, 0.2}, {-0.3, 0.8}}.t();  // 2 x 3
  const arma::rowvec y{1.0, 0.0, 1.0};
  const arma::mat Wh_numpy{{0.1, -0.2, 0.3, 0.4}, {-0.5, 0.6, -0.7, 0.8}};
  nn::Dense hidden(Wh_numpy.t(), arma::vec{0.01, -0.02, 0.03, -0.04});
  nn::Dense output(arma::mat{{0.5, -0.4, 0.3, -0.2}}, arma::vec{0.1});
  const arma::mat Zh = hidden.forward(X);
  const arma::mat Zh_expected = arma::mat{
      {0.56, -0.72, 0.88, -0.64},
      {0.06, -0.2, 0.34, 0.72},
      {-0.42, 0.52, -0.62, 0.48}}.t();
  EXPECT_LE(arma::abs(Zh - Zh_expected).max(), 1e-12);
  const arma::mat Zout = output.forward(nn::sigmoid(Zh));
  ASSERT_EQ(Zout.n_rows, 1u);
  ASSERT_EQ(Zout.n_cols, 3u);
  EXPECT_NEAR(Zout(0, 0), 0.4302664354172214, 1e-10);
  EXPECT_NEAR(Zout(0, 1), 0.21816710320176627, 1e-10);
  EXPECT_NEAR(Zout(0, 2), 0.028784129016360654, 1e-10);
  const arma::mat Uout = nn::sigmoid(Zout);
  EXPECT_NEAR(Uout(0, 0), 0.6059372889542015, 1e-10);
  // The corrected line: sum(-y z + ln(1 + e^z)), i.e. BCE from logits, summed.
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Zout, y, nn::Reduction::Sum), 1.9880060408714562,
              1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy_from_logits(Zout, y), 0.6626686802904854, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(Uout, y, 1e-7, nn::Reduction::Sum), 1.9880060408714562,
              1e-12);
  // The printed line with matching shapes: negative, so not a loss.
  const double printed = arma::accu(-y % Zout + arma::log(1.0 + y % Zout));
  EXPECT_NEAR(printed, -0.07281217135591894, 1e-12);
  // ... and with numpy's broadcast (y as a row times Zout as a column: 3 x 3 cross terms).
  const arma::mat cross = Zout.t() * y;  // (n,1) * (n,) -> n x n, entry (i, j) = Zout_i y_j
  EXPECT_NEAR(arma::accu(-cross + arma::log(1.0 + cross)), -0.18726383986676803, 1e-12);
}

// Not a catalogue entry: every loss gradient against central differences (h = 1e-6, relative
// error <= 1e-7), in both reductions, on seeded random inputs away from the clip and the kinks.
TEST(LossGradients, MatchCentralDifferences) {
  nn::Rng rng(2024);
  const arma::uword K = 3, N = 4;
  const arma::mat Yhat = rng.randn(K, N, 0.0, 1.0);
  const arma::mat T = rng.randn(K, N, 0.0, 1.0);
  const arma::mat P = rng.randu(K, N, 0.05, 0.95);
  const arma::mat Tbin = rng.bernoulli(K, N, 0.5);
  const arma::mat Z = rng.randn(K, N, 0.0, 2.0);
  const arma::mat Onehot = one_hot_columns({0, 2, 1, 2}, K);
  const arma::uvec labels{0, 2, 1, 2};
  arma::mat Pcol = rng.randu(K, N, 0.1, 1.0);
  Pcol.each_row() /= arma::sum(Pcol, 0);  // columns are distributions
  for (nn::Reduction red : {nn::Reduction::Mean, nn::Reduction::Sum}) {
    const std::string r = nn::reduction_name(red);
    EXPECT_TRUE(GradientsAgree(
        "mse " + r, nn::mse_gradient(Yhat, T, red),
        nn::numerical_gradient([&](const arma::mat& A) { return nn::mse(A, T, red); }, Yhat)));
    EXPECT_TRUE(GradientsAgree(
        "mae " + r, nn::mae_gradient(Yhat, T, red),
        nn::numerical_gradient([&](const arma::mat& A) { return nn::mae(A, T, red); }, Yhat)));
    EXPECT_TRUE(GradientsAgree(
        "bce " + r, nn::binary_cross_entropy_gradient(P, Tbin, 1e-7, red),
        nn::numerical_gradient(
            [&](const arma::mat& A) { return nn::binary_cross_entropy(A, Tbin, 1e-7, red); }, P)));
    EXPECT_TRUE(GradientsAgree(
        "bce_from_logits " + r, nn::binary_cross_entropy_from_logits_gradient(Z, Tbin, red),
        nn::numerical_gradient(
            [&](const arma::mat& A) { return nn::binary_cross_entropy_from_logits(A, Tbin, red); },
            Z)));
    EXPECT_TRUE(GradientsAgree(
        "cce " + r, nn::categorical_cross_entropy_gradient(Pcol, Onehot, 1e-7, red),
        nn::numerical_gradient(
            [&](const arma::mat& A) { return nn::categorical_cross_entropy(A, Onehot, 1e-7, red); },
            Pcol)));
    EXPECT_TRUE(GradientsAgree(
        "softmax_ce " + r, nn::softmax_cross_entropy_gradient(Z, Onehot, red),
        nn::numerical_gradient(
            [&](const arma::mat& A) { return nn::softmax_cross_entropy(A, Onehot, red); }, Z)));
    EXPECT_TRUE(GradientsAgree(
        "softmax_ce labels " + r, nn::softmax_cross_entropy_gradient(Z, labels, red),
        nn::numerical_gradient(
            [&](const arma::mat& A) { return nn::softmax_cross_entropy(A, labels, red); }, Z)));
    const arma::mat logP = nn::log_softmax(Z);
    EXPECT_TRUE(GradientsAgree(
        "nll " + r, nn::nll_gradient(logP, labels, red),
        nn::numerical_gradient([&](const arma::mat& A) { return nn::nll(A, labels, red); }, logP)));
  }
  // The fused gradient is (P - T)/N.
  EXPECT_LE(arma::abs(nn::softmax_cross_entropy_gradient(Z, Onehot) - (nn::softmax(Z) - Onehot) / N)
                .max(),
            1e-15);
}
