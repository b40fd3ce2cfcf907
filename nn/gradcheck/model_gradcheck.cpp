#include <nn/gradcheck/model_gradcheck.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace nn {

GradCheckResult gradcheck_sequential(Sequential& model, Loss& loss, const arma::mat& X,
                                     const arma::mat& T, double h) {
  GradCheckResult result = gradcheck_model(model, loss, X, T, h);
  // entries: dX, then the parameters in model.parameters() order = layer by layer
  std::vector<std::string> names{"dX"};
  for (std::size_t i = 0; i < model.size(); ++i) {
    for (const Parameter* p : model.layer(i).parameters()) {
      names.push_back("layer " + std::to_string(i + 1) + " " + model.layer(i).name() + " d" +
                      p->name);
    }
  }
  std::string table = "gradcheck_sequential: " + std::to_string(model.size()) + " layers, " +
                      std::to_string(names.size() - 1) + " parameter tensors\n";
  for (std::size_t k = 0; k < result.entries.size(); ++k) {
    if (k < names.size()) result.entries[k].name = names[k];
    char line[64];
    std::snprintf(line, sizeof line, "  relative error %.3e  ", result.entries[k].rel_error);
    table += line + result.entries[k].name + "\n";
  }
  result.report = table + result.report;
  return result;
}

GradCheckResult gradcheck_sequential(Sequential& model, const arma::mat& X, const arma::mat& T,
                                     double h) {
  return gradcheck_sequential(model, model.loss(), X, T, h);
}

}  // namespace nn
