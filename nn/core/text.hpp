#pragma once
/// \file
/// \brief Numbers as short text for names and messages: counts with thousands separators, and
/// doubles in their shortest usual form.

#include <armadillo>
#include <string>

namespace nn {

/// \brief A count with thousands separators, as Keras prints parameter counts:
/// `79510` -> `"79,510"` (used by `Sequential::summary`, and by the chapters through
/// `nn/app/format.hpp`).
std::string grouped(arma::uword n);

/// \brief `x` as `std::ostream` prints it (6 significant digits, no trailing zeros): `0.001`,
/// `1e-07`, `-0.5`, `nan`; for names such as `"Adam(lr=0.001, ...)"` and for error messages
/// (where `std::to_string` would give `0.001000` and `0.000000`).
std::string compact(double x);

}  // namespace nn
