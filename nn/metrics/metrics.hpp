#pragma once
/// \file
/// \brief Classification metrics: predicted classes from scores, accuracy, confusion matrix,
/// precision and recall per class.

#include <armadillo>
#include <ostream>
#include <string>
#include <vector>

namespace nn {

/// \brief The index of the largest entry of each column: \f$ \hat y_n = \arg\max_k P_{kn} \f$.
///
/// \f$ P: K \times N \f$ (scores, probabilities or one-hot targets) \f$ \to \f$ `uvec` of length
/// \f$ N \f$. Ties go to the smallest index. Throws nn::ShapeError for an empty `P`.
arma::uvec argmax_columns(const arma::mat& P);

/// \brief Element-wise thresholding: \f$ \hat Y_{kn} = 1 \f$ if \f$ P_{kn} \ge t \f$, else 0.
///
/// For one output row (binary classification) this gives the predicted class of each example;
/// for several rows, multi-label predictions (each row its own yes/no decision). Use \f$ t = 0.5
/// \f$ on probabilities and \f$ t = 0 \f$ on logits (\f$ \sigma(z) \ge 0.5 \iff z \ge 0 \f$). A
/// value exactly at the threshold is class 1, as in deck 1 ("class 1 if \f$ p \ge 0.5 \f$", L1-04)
/// and nn::logistic_predict; the three decision rules of the library agree.
arma::umat threshold(const arma::mat& P, double t = 0.5);

/// \brief The predicted classes of a model's output `P` (\f$ K \times N \f$): argmax over rows
/// when \f$ K > 1 \f$; for \f$ K = 1 \f$ the class is 1 where \f$ P \ge t \f$ (`t` = 0.5 on
/// probabilities, 0 on logits), else 0 (nn::threshold: \f$ p = t \f$ is class 1, as in deck 1).
arma::uvec predicted_classes(const arma::mat& P, double t = 0.5);

/// \brief The class labels encoded by targets `T` (\f$ K \times N \f$): argmax per column for
/// one-hot targets (\f$ K > 1 \f$), \f$ T \ge 0.5 \f$ for 0/1 targets in one row.
arma::uvec target_classes(const arma::mat& T);

/// \brief The fraction of correct predictions: \f$ \frac{1}{N} \sum_n [\hat y_n = y_n] \f$.
///
/// Throws nn::ShapeError when the lengths differ or are 0.
double accuracy(const arma::uvec& pred, const arma::uvec& truth);

/// \brief The confusion matrix \f$ C \f$ (\f$ K \times K \f$): \f$ C_{ij} \f$ = number of
/// examples of true class \f$ i \f$ predicted as class \f$ j \f$ (rows = truth, columns =
/// prediction, as scikit-learn). The diagonal holds the correct predictions.
///
/// Throws nn::ShapeError when the lengths differ, nn::DataError when a label is \f$ \ge K \f$.
arma::umat confusion_matrix(const arma::uvec& pred, const arma::uvec& truth, arma::uword K);

/// \brief Precision per class from a confusion matrix: \f$ \text{precision}_k = C_{kk} /
/// \sum_i C_{ik} \f$ (of the examples predicted as \f$ k \f$, the fraction that are \f$ k \f$);
/// NaN for a class never predicted.
arma::vec precision(const arma::umat& C);

/// \brief Recall per class from a confusion matrix: \f$ \text{recall}_k = C_{kk} / \sum_j C_{kj}
/// \f$ (of the examples of class \f$ k \f$, the fraction found); NaN for a class absent from the
/// truth.
arma::vec recall(const arma::umat& C);

/// \brief \f$ F_1 = 2\, \text{precision} \cdot \text{recall} / (\text{precision} + \text{recall})
/// \f$ per class (NaN where either is NaN or both are 0).
arma::vec f1_score(const arma::umat& C);

/// \brief Formats a confusion matrix as a table with a header row of predicted classes, one row
/// per true class, and per-class recall (and precision as the last row).
///
/// `class_names` (optional, K entries) label the rows and columns; by default 0..K-1.
/// Example for K = 2:
/// \code
/// truth \ pred      0      1   recall
///            0     50      2   0.9615
///            1      3     45   0.9375
///    precision 0.9434 0.9574
/// \endcode
std::string format_confusion_matrix(const arma::umat& C,
                                    const std::vector<std::string>& class_names = {});

/// \brief Writes format_confusion_matrix(C, class_names) to `out`.
void print_confusion_matrix(const arma::umat& C, std::ostream& out,
                            const std::vector<std::string>& class_names = {});

}  // namespace nn
