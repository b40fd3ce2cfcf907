#include <nn/core/layer.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

namespace {
void check_cache(bool cached, const arma::mat& dY, const std::string& layer) {
  if (!cached && !dY.is_empty()) {
    throw CallOrderError(layer + "::backward: called before forward (dY is " + shape_str(dY) + ")");
  }
}
}  // namespace

void check_forward_called(const arma::mat& cached, const arma::mat& dY, const std::string& layer) {
  check_cache(!cached.is_empty(), dY, layer);
}

void check_forward_called(const arma::fmat& cached, const arma::mat& dY, const std::string& layer) {
  check_cache(!cached.is_empty(), dY, layer);
}

}  // namespace nn
