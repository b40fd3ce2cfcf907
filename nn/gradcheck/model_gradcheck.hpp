#pragma once
/// \file
/// \brief Gradient check of a whole nn::Sequential under a loss, every parameter named by its
/// layer.

#include <armadillo>

#include <nn/gradcheck/gradcheck.hpp>
#include <nn/losses/loss.hpp>
#include <nn/model/sequential.hpp>

namespace nn {

/// \brief Checks back-propagation through a whole model: the gradients of
/// \f$ L = \text{loss}(\text{model}(X), T) \f$ with respect to the input \f$ X \f$ and to every
/// parameter of every layer, from `model.backward(loss.backward())`, against central differences
/// \f[ \frac{\partial L}{\partial \theta_i} \approx \frac{L(\theta + h e_i) - L(\theta - h
/// e_i)}{2h} \f] (nn::gradcheck_model, nn::numerical_gradient), compared by nn::relative_error.
///
/// Entries are named by layer, e.g. `"dX"`, `"layer 1 Dense(2 -> 3) dW"`, `"layer 3 Dense(3 -> 1)
/// db"`, and the report starts with one line per entry before the matrices. Cost: two forward
/// passes per scalar parameter, so use a small model and batch (a few hundred parameters). The
/// model should be deterministic (no dropout in training mode), and ReLU inputs away from 0.
GradCheckResult gradcheck_sequential(Sequential& model, Loss& loss, const arma::mat& X,
                                     const arma::mat& T, double h = 1e-6);

/// \brief gradcheck_sequential with the loss the model was compiled with (std::logic_error if
/// it was not compiled).
GradCheckResult gradcheck_sequential(Sequential& model, const arma::mat& X, const arma::mat& T,
                                     double h = 1e-6);

}  // namespace nn
