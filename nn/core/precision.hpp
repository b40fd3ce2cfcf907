#pragma once
/// \file
/// \brief The precision in which a layer computes its matrix products (mixed precision).

#include <string>

namespace nn {

/// \brief The number format of a layer's matrix products.
///
/// `Float64` (the default) computes everything in double. `Float32` is mixed precision as real
/// training does it: the products \f$ W X \f$, \f$ dY X^T \f$ and \f$ W^T dY \f$ run in float32
/// (single precision, unit roundoff \f$ u = 2^{-24} \approx 6 \cdot 10^{-8} \f$ instead of
/// \f$ 2^{-53} \approx 1.1 \cdot 10^{-16} \f$), while the parameters, their gradients, the
/// optimizer state and every printed number stay double ("master weights"). Set it per layer
/// (nn::Dense::set_compute) or for a whole model (nn::Sequential::set_compute).
enum class Precision {
  Float64,  ///< products in double (IEEE binary64)
  Float32,  ///< products in float (IEEE binary32), parameters in double
};

/// \brief `"float64"` or `"float32"`.
inline std::string to_string(Precision p) {
  return p == Precision::Float32 ? "float32" : "float64";
}

}  // namespace nn
