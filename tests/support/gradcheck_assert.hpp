#pragma once
/// \file
/// \brief GoogleTest assertion helpers for gradient checks: on failure they print the analytic and
/// the numerical gradient of every checked tensor.
///
/// \code
/// nn::Sigmoid layer;
/// EXPECT_TRUE(nn::testing::LayerGradientsMatch(layer, X, 1e-7));
/// EXPECT_TRUE(nn::testing::LossGradientsMatch(loss, Yhat, T, 1e-7));
/// \endcode

#include <gtest/gtest.h>

#include <armadillo>
#include <cstdint>

#include <nn/core/layer.hpp>
#include <nn/gradcheck/gradcheck.hpp>
#include <nn/losses/loss.hpp>

namespace nn::testing {

/// \brief Success when every relative error of `result` is at most `tol`; otherwise a failure
/// whose message is the full report (both matrices of every tensor).
::testing::AssertionResult GradientsMatch(const GradCheckResult& result, double tol = 1e-7);

/// \brief nn::gradcheck_layer with a generator seeded by `seed`, asserted at `tol`.
::testing::AssertionResult LayerGradientsMatch(Layer& layer, const arma::mat& X, double tol = 1e-7,
                                               std::uint64_t seed = 1);

/// \brief nn::gradcheck_loss, asserted at `tol`.
::testing::AssertionResult LossGradientsMatch(Loss& loss, const arma::mat& Yhat, const arma::mat& T,
                                              double tol = 1e-7);

/// \brief nn::gradcheck_model (the model's gradients under a loss), asserted at `tol`.
::testing::AssertionResult ModelGradientsMatch(Layer& model, Loss& loss, const arma::mat& X,
                                               const arma::mat& T, double tol = 1e-7);

}  // namespace nn::testing
