#pragma once
/// \file
/// \brief L2 regularisation: the penalty \f$ \frac{\lambda}{2} \lVert W \rVert^2 \f$, its gradient,
/// and the weight-decay form of the SGD step (deck 1 "L2-Norm", L1-37).

#include <armadillo>
#include <vector>

#include <nn/core/parameter.hpp>

namespace nn {

/// \brief \f$ \Omega(W) = \frac{\lambda}{2} \lVert W \rVert_F^2 = \frac{\lambda}{2} \sum_{ij}
/// W_{ij}^2 \f$.
double l2_penalty(const arma::mat& W, double lambda);

/// \brief \f$ \partial \Omega / \partial W = \lambda W \f$.
arma::mat l2_penalty_gradient(const arma::mat& W, double lambda);

/// \brief The penalty summed over several parameters (usually the weight matrices only, not the
/// biases): \f$ \frac{\lambda}{2} \sum_p \lVert W_p \rVert^2 \f$.
double l2_penalty(const std::vector<Parameter*>& params, double lambda);

/// \brief Adds the penalty's gradient to each parameter's `grad`: \f$ g \leftarrow g + \lambda W
/// \f$ (call after `backward`, before the optimizer's `step`).
void add_l2_gradient(const std::vector<Parameter*>& params, double lambda);

/// \brief One SGD step on \f$ l(w) + \frac{\lambda}{2}\lVert w \rVert^2 \f$ in the weight-decay
/// form of the lecture: \f[ w_{t+1} = (1 - \eta \lambda)\, w_t - \eta\, \frac{\partial l}{\partial
/// w_t}, \f] which equals \f$ w_t - \eta (\partial l/\partial w_t + \lambda w_t) \f$. Shapes must
/// agree.
arma::mat weight_decay_step(const arma::mat& w, const arma::mat& dl_dw, double eta, double lambda);

/// \brief Decoupled weight decay applied in place, \f$ w \leftarrow (1 - \eta \lambda)\, w \f$, to
/// be combined with any optimizer's step on the unpenalised gradient (AdamW's idea; for plain SGD
/// it is the same as L2 in the loss).
void apply_weight_decay(const std::vector<Parameter*>& params, double eta, double lambda);

}  // namespace nn
