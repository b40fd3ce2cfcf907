// Worked examples of the lectures with topic `multilabel` (chapter 04_softmax_multilabel): one
// sigmoid per class, binary cross-entropy summed over the classes, and thresholded predictions from
// probabilities (0.5) and from logits (0).
// Expected numbers come from ../shared/lectures/WORKED_EXAMPLES.md, recomputed to full double
// precision with /usr/bin/python3 + numpy; never from this library's own output.
#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>

#include <nn/activations/sigmoid.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/metrics/metrics.hpp>

// L1-13: same weights, biases and x as L1-09 (StackExchange post); one sigmoid per class; true
// labels y = [1, 0, 1] (C and Python). Lecture: L = -[log(p_C) + log(1 - p_Java) + log(p_Python)].
// Catalogue: z = (1.7, -0.1, 0.4); p = (0.845534735, 0.475020813, 0.598687660); terms 0.167786029,
// 0.644396660, 0.513015252; sum over classes 1.32519794; mean over classes (Keras) 0.441732647;
// thresholding at 0.5 predicts [C, Python].
TEST(Deck1, Ex13MultiLabelSigmoidsSummedBce) {
  RecordProperty("catalogue_id", "L1-13");
  nn::Dense layer(arma::mat{{0.2, 0.8, -0.5}, {0.5, -0.4, 0.3}, {-0.1, 0.2, 0.7}},
                  arma::vec{-0.1, 0.2, 0.1});
  const arma::mat z = layer.forward(arma::vec{1.0, 2.0, 0.0});
  const arma::mat p = nn::sigmoid(z);
  EXPECT_NEAR(p(0), 0.8455347349164652, 1e-9);
  EXPECT_NEAR(p(1), 0.47502081252106, 1e-9);
  EXPECT_NEAR(p(2), 0.5986876601124521, 1e-9);
  const arma::vec y{1.0, 0.0, 1.0};
  EXPECT_NEAR(nn::binary_cross_entropy(p(0), y(0)), 0.16778602938626597, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(p(1), y(1)), 0.6443966600735708, 1e-9);
  EXPECT_NEAR(nn::binary_cross_entropy(p(2), y(2)), 0.5130152523999524, 1e-9);
  // The library (like Keras) averages over the K labels; the slide sums them: K times that.
  const double mean_over_classes = nn::binary_cross_entropy(p, y);
  EXPECT_NEAR(mean_over_classes, 0.44173264728659634, 1e-9);
  EXPECT_NEAR(3.0 * mean_over_classes, 1.325197941859789, 1e-9);
  EXPECT_NEAR(3.0 * nn::binary_cross_entropy_from_logits(z, y), 1.325197941859789, 1e-9);
  EXPECT_NEAR(-(std::log(p(0)) + std::log(1.0 - p(1)) + std::log(p(2))), 1.325197941859789, 1e-9);
  // Thresholding at 0.5 recovers the labels [C, Python].
  const arma::umat predicted = nn::threshold(p, 0.5);
  EXPECT_TRUE(arma::all(arma::vectorise(predicted) == arma::uvec({1, 0, 1})));
}

// L1-14: probabilities (C, Java, Python): post 1 [0.85, 0.15, 0.65]; post 2 [0.25, 0.70, 0.40];
// post 3 [0.30, 0.45, 0.80]; threshold 0.5. Lecture: Post1 [C, Python]; Post2 [Java]; Post3
// [Python].
TEST(Deck1, Ex14MultiLabelThresholdProbabilities) {
  RecordProperty("catalogue_id", "L1-14");
  const arma::mat P = arma::mat{{0.85, 0.15, 0.65}, {0.25, 0.70, 0.40}, {0.30, 0.45, 0.80}}.t();
  const arma::umat expected = arma::umat{{1, 0, 1}, {0, 1, 0}, {0, 0, 1}}.t();  // columns = posts
  const arma::umat predicted = nn::threshold(P, 0.5);
  ASSERT_EQ(predicted.n_rows, 3u);
  ASSERT_EQ(predicted.n_cols, 3u);
  EXPECT_TRUE(arma::all(arma::vectorise(predicted == expected)));
}

// L1-15: logits post 1 [2.0, -1.0, 0.5]; post 2 [0.5, 1.5, 0.2]; post 3 [-0.5, 0.3, 2.2];
// threshold 0.5 on p is threshold 0 on z because sigma(0) = 1/(1 + e^0) = 0.5.
// Lecture: sigma(0) = 0.5; Post1 [C, Python]; Post2 [C, Java, Python]; Post3 [Java, Python].
// Catalogue probabilities: (0.880797078, 0.268941421, 0.622459331), (0.622459331, 0.817574476,
// 0.549833997), (0.377540669, 0.574442517, 0.900249511).
TEST(Deck1, Ex15MultiLabelThresholdLogits) {
  RecordProperty("catalogue_id", "L1-15");
  EXPECT_EQ(nn::sigmoid(0.0), 0.5);
  const arma::mat Z = arma::mat{{2.0, -1.0, 0.5}, {0.5, 1.5, 0.2}, {-0.5, 0.3, 2.2}}.t();
  const arma::umat expected = arma::umat{{1, 0, 1}, {1, 1, 1}, {0, 1, 1}}.t();
  EXPECT_TRUE(arma::all(arma::vectorise(nn::threshold(Z, 0.0) == expected)));
  const arma::mat P = nn::sigmoid(Z);
  EXPECT_TRUE(arma::all(arma::vectorise(nn::threshold(P, 0.5) == expected)));
  const arma::mat P_expected = arma::mat{
      {0.8807970779778825, 0.2689414213699951, 0.6224593312018546},
      {0.6224593312018546, 0.8175744761936437, 0.549833997312478},
      {0.3775406687981454, 0.574442516811659,
       0.9002495108803148}}.t();
  EXPECT_LE(arma::abs(P - P_expected).max(), 1e-9);
}
