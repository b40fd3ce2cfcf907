#include "support/gradcheck_assert.hpp"

#include <sstream>

namespace nn::testing {

::testing::AssertionResult GradientsMatch(const GradCheckResult& result, double tol) {
  std::ostringstream out;
  out << "max relative error " << result.max_rel_error << " (tolerance " << tol << ")\n"
      << result.report;
  if (result.entries.empty())
    return ::testing::AssertionFailure() << "no gradient was checked\n" << out.str();
  if (result.passed(tol)) return ::testing::AssertionSuccess() << out.str();
  return ::testing::AssertionFailure() << out.str();
}

::testing::AssertionResult LayerGradientsMatch(Layer& layer, const arma::mat& X, double tol,
                                               std::uint64_t seed) {
  Rng rng(seed);
  return GradientsMatch(gradcheck_layer(layer, X, rng), tol);
}

::testing::AssertionResult LossGradientsMatch(Loss& loss, const arma::mat& Yhat, const arma::mat& T,
                                              double tol) {
  return GradientsMatch(gradcheck_loss(loss, Yhat, T), tol);
}

::testing::AssertionResult ModelGradientsMatch(Layer& model, Loss& loss, const arma::mat& X,
                                               const arma::mat& T, double tol) {
  return GradientsMatch(gradcheck_model(model, loss, X, T), tol);
}

}  // namespace nn::testing
