#include <nn/core/exp.hpp>

#include <nn/core/exp_inline.hpp>
#include <nn/kernels/kernels.hpp>

namespace nn {

double exp(double x) { return detail::exp_inline(x); }  // e^x = 2^k e^r (see exp_inline.hpp)

arma::mat exp(const arma::mat& X) {
  arma::mat Y(arma::size(X));
  if (kernels::fast()) {  // the loop below, vectorised (nn/kernels/exp.cpp): the same bits
    kernels::exp(X.memptr(), Y.memptr(), X.n_elem);
    return Y;
  }
  for (arma::uword i = 0; i < X.n_elem; ++i) Y[i] = nn::exp(X[i]);  // Y = e^X, element-wise
  return Y;
}

}  // namespace nn
