#pragma once
/// \file
/// \brief Looking at a computational graph: a table of its nodes (label, op, value, grad) in
/// topological order, Graphviz DOT export, and rendering the DOT text to PNG with `dot`.

#include <string>

#include <nn/autograd/value.hpp>

namespace nn::autograd {

/// \brief One line per node of the graph of `root`, inputs first (Value::topological_order):
/// `#  label  op  inputs  value  grad`, numbers in fixed notation with `precision` decimals.
///
/// Unlabelled nodes are shown as `n<k>` (their position in the order) so that the `inputs`
/// column can refer to them. This is the table a student fills in on paper: the forward pass
/// reads it top to bottom, the backward pass bottom to top.
std::string graph_table(const Value& root, int precision = 4);

/// \brief The graph of `root` in Graphviz DOT: one record node per value
/// (`label | data | grad`), one small ellipse per operation, edges input -> op -> output,
/// laid out top to bottom (inputs first). Numbers are printed with `precision` decimals.
std::string to_dot(const Value& root, int precision = 4);

/// \brief True when the Graphviz `dot` program is on the `PATH`.
bool dot_available();

/// \brief Writes `dot_text` to `<png_path without .png>.dot` and runs `dot -Tpng` to make
/// `png_path` (creating its directory). Returns `png_path`, or "" when `dot` is not installed
/// (`sudo apt-get install graphviz`) or failed — rendering is optional, never an error.
std::string render_dot(const std::string& dot_text, const std::string& png_path);

}  // namespace nn::autograd
