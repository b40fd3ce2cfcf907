#pragma once
/// \file
/// \brief Text formatting shared by the chapter programs: section headings, numbers at a fixed
/// number of decimals (with NaN, infinities and negative zero spelled the same on every machine),
/// vectors as "(a, b)" or "[a, b]", and counts with thousands separators.

#include <armadillo>
#include <string>

namespace nn {

/// \brief Prints a section heading, `"\n== title ==\n"`, to std::cout.
void heading(const std::string& title);

/// \brief One number in fixed notation with `precision` decimals (`"%.*f"`).
///
/// NaN prints as `"NaN"` and the infinities as `"inf"` / `"-inf"` (printf may write `"-nan"`);
/// a negative number that rounds to zero at this precision prints without its sign
/// (`-1e-15` -> `"0.0000"`, never `"-0.0000"`).
std::string fmt(double v, int precision = 4);

/// \brief The entries of `M` in memory (column-major) order, each as nn::fmt(double, int),
/// between `brackets[0]` and `brackets[1]` and separated by `separator`.
///
/// `fmt(arma::vec{1, -2})` is `"[1.0000, -2.0000]"`, `fmt(v, 2, "()")` is `"(1.00, -2.00)"`.
/// \param M the entries to print (any shape; a vector in practice)
/// \param precision decimals of each entry
/// \param brackets two characters, the opening and the closing bracket (e.g. `"[]"`, `"()"`);
///        anything else is a std::invalid_argument.
/// \param separator what goes between two entries
std::string fmt(const arma::mat& M, int precision = 4, const std::string& brackets = "[]",
                const std::string& separator = ", ");

/// \brief A count with thousands separators, as Keras prints parameter counts:
/// `79510` -> `"79,510"`.
std::string grouped(arma::uword n);

}  // namespace nn
