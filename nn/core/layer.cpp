#include <nn/core/layer.hpp>

#include <nn/core/errors.hpp>
#include <nn/core/shapes.hpp>

namespace nn {

void check_forward_called(const arma::mat& cached, const arma::mat& dY, const std::string& layer) {
  if (cached.is_empty() && !dY.is_empty()) {
    throw CallOrderError(layer + "::backward: called before forward (dY is " + shape_str(dY) + ")");
  }
}

}  // namespace nn
