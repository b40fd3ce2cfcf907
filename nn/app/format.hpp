#pragma once
/// \file
/// \brief Text formatting shared by the chapter programs: section headings, numbers at a fixed
/// number of decimals or in scientific notation (with NaN, infinities and negative zero spelled the
/// same on every machine), vectors as "(a, b)" or "[a, b]", matrices row by row, counts with
/// thousands separators, and printf into a string of any length.
///
/// Every number a chapter prints goes through these functions, so a NaN prints as `NaN` (never
/// printf's `nan` or `-nan`) and a value that rounds to zero prints without a sign (`0.0000`, never
/// `-0.0000`), whichever chapter prints it.

#include <armadillo>
#include <string>

#include <nn/core/text.hpp>  // nn::grouped, counts with thousands separators

namespace nn {

/// \brief Prints a section heading, `"\n== title ==\n"`, to std::cout.
void heading(const std::string& title);

/// \brief printf into a std::string as long as the text needs (never cut short: `"%.4f"` of
/// 1e308 is 314 characters). For layouts such as `format("%-17s %s", name, value)`; numbers are
/// better printed with nn::fmt and nn::sci, which spell NaN and -0 the same everywhere.
std::string format(const char* spec, ...) __attribute__((format(printf, 1, 2)));

/// \brief One number in fixed notation with `precision` decimals (`"%.*f"`).
///
/// NaN prints as `"NaN"` and the infinities as `"inf"` / `"-inf"` (printf may write `"-nan"`);
/// a negative number that rounds to zero at this precision prints without its sign
/// (`-1e-15` -> `"0.0000"`, never `"-0.0000"`). Rounding is printf's, of the binary value:
/// `fmt(2.675, 2)` is `"2.67"` (2.675 is stored as 2.67499...), an exact tie goes to the even
/// digit (`fmt(0.125, 2)` is `"0.12"`).
std::string fmt(double v, int precision = 4);

/// \brief One number in scientific notation with `precision` decimals (`"%.*e"`):
/// `sci(4.7324e-4)` is `"4.7324e-04"`, `sci(1e-7, 2)` is `"1.00e-07"`.
///
/// NaN prints as `"NaN"`, the infinities as `"inf"` / `"-inf"`, and -0.0 as zero without a sign
/// (`"0.0000e+00"`), as nn::fmt(double, int) does.
std::string sci(double v, int precision = 4);

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

/// \brief A matrix row by row, as NumPy prints one: `"[[1, 2], [3, 4]]"`, each entry as
/// nn::fmt(double, int) with `precision` decimals (a \f$ 1 \times n \f$ matrix is `"[[a, b]]"`).
std::string fmt_rows(const arma::mat& M, int precision = 4);

}  // namespace nn
