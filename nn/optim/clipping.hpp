#pragma once
/// \file
/// \brief Gradient clipping: by value and by global norm (call between `backward` and `step`).

#include <vector>

#include <nn/core/parameter.hpp>

namespace nn {

/// \brief Clips every gradient entry to \f$ [-c, c] \f$: \f$ g \leftarrow \min(\max(g, -c), c) \f$
/// (Keras's `clipvalue`). Throws nn::ArgumentError for \f$ c < 0 \f$.
void clip_by_value(const std::vector<Parameter*>& params, double c);

/// \brief The global gradient norm \f$ \lVert g \rVert = \sqrt{\sum_{p} \sum_{ij} g_{p,ij}^2} \f$
/// over all parameters.
double global_grad_norm(const std::vector<Parameter*>& params);

/// \brief Rescales all gradients together when their global norm exceeds `max_norm` \f$ c \f$:
/// \f[ g \leftarrow g \cdot \frac{c}{\max(\lVert g \rVert, c)} \f]
/// (Keras's `global_clipnorm`, `torch.nn.utils.clip_grad_norm_`); the direction is kept.
/// Returns the norm *before* clipping. Throws nn::ArgumentError for \f$ c \le 0 \f$.
double clip_by_global_norm(const std::vector<Parameter*>& params, double max_norm);

}  // namespace nn
