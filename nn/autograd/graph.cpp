#include <nn/autograd/graph.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace nn::autograd {

namespace {

std::string fixed(double x, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, x);
  return buf;
}

// Display names: the label, or n<k> for an unlabelled node (k = its position in the order).
std::unordered_map<const Node*, std::string> display_names(const std::vector<Value>& order) {
  std::unordered_map<const Node*, std::string> names;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Value& v = order[k];
    names[v.node().get()] = v.label().empty() ? "n" + std::to_string(k) : v.label();
  }
  return names;
}

// Escapes the characters that are special inside a DOT record label.
std::string escape_record(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '{' || c == '}' || c == '|' || c == '<' || c == '>' || c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string graph_table(const Value& root, int precision) {
  const std::vector<Value> order = root.topological_order();
  const auto names = display_names(order);
  std::vector<std::vector<std::string>> rows{{"#", "label", "op", "inputs", "value", "grad"}};
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Value& v = order[k];
    std::string inputs;
    for (const auto& in : v.node()->inputs)
      inputs += (inputs.empty() ? "" : ", ") + names.at(in.get());
    rows.push_back({std::to_string(k), names.at(v.node().get()), v.op().empty() ? "leaf" : v.op(),
                    inputs.empty() ? "-" : inputs, fixed(v.data(), precision),
                    fixed(v.grad(), precision)});
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  std::ostringstream out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      // text columns left-aligned, numbers right-aligned
      const std::string pad(width[c] - r[c].size(), ' ');
      line += (c >= 4 || c == 0) ? pad + r[c] : r[c] + pad;
      if (c + 1 < r.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
  return out.str();
}

std::string to_dot(const Value& root, int precision) {
  const std::vector<Value> order = root.topological_order();
  const auto names = display_names(order);
  std::unordered_map<const Node*, std::size_t> index;
  for (std::size_t k = 0; k < order.size(); ++k) index[order[k].node().get()] = k;

  std::ostringstream out;
  // top to bottom, inputs first: a chain of nodes stays narrow enough for a page or a phone
  out << "digraph G {\n  rankdir=TB;\n  ranksep=0.3;\n  node [fontname=\"Helvetica\", "
         "fontsize=11];\n";
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Value& v = order[k];
    out << "  v" << k << " [shape=record, label=\"{ " << escape_record(names.at(v.node().get()))
        << " | data " << fixed(v.data(), precision) << " | grad " << fixed(v.grad(), precision)
        << " }\"];\n";
    if (!v.op().empty()) {
      out << "  op" << k << " [shape=ellipse, label=\"" << escape_record(v.op()) << "\"];\n";
      out << "  op" << k << " -> v" << k << ";\n";
      for (const auto& in : v.node()->inputs)
        out << "  v" << index.at(in.get()) << " -> op" << k << ";\n";
    }
  }
  out << "}\n";
  return out.str();
}

bool dot_available() { return std::system("command -v dot > /dev/null 2>&1") == 0; }

std::string render_dot(const std::string& dot_text, const std::string& png_path) {
  namespace fs = std::filesystem;
  const fs::path png(png_path);
  if (png.has_parent_path()) fs::create_directories(png.parent_path());
  fs::path dot_file = png;
  dot_file.replace_extension(".dot");
  {
    std::ofstream f(dot_file);
    f << dot_text;
  }
  if (!dot_available()) return "";
  const std::string cmd = "dot -Tpng " + shell_quote(dot_file.string()) + " -o " +
                          shell_quote(png.string()) + " > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0 ? png_path : "";
}

}  // namespace nn::autograd
