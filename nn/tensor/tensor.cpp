#include <nn/tensor/tensor.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include <nn/core/errors.hpp>

namespace nn {

Tensor::Tensor(Shape shape, double value)
    : shape_(std::move(shape)), data_(nn::numel(shape_), arma::fill::value(value)) {}

Tensor::Tensor(Shape shape, arma::vec data) : shape_(std::move(shape)), data_(std::move(data)) {
  if (data_.n_elem != nn::numel(shape_)) {
    throw ShapeError("nn::Tensor: shape " + to_string(shape_) + " needs " +
                     std::to_string(nn::numel(shape_)) + " elements, got " +
                     std::to_string(data_.n_elem));
  }
}

Tensor Tensor::from(const arma::mat& A) { return Tensor(shape_of(A), arma::vectorise(A)); }

Tensor Tensor::from(const arma::cube& A) {
  return Tensor(shape_of(A), arma::vec(A.memptr(), A.n_elem));
}

double& Tensor::operator()(const Shape& index) { return data_(linear_index(shape_, index)); }

double Tensor::operator()(const Shape& index) const { return data_(linear_index(shape_, index)); }

arma::mat Tensor::unfold(arma::uword leading) const {
  if (leading > shape_.size()) {
    throw ShapeError("nn::Tensor::unfold: " + std::to_string(leading) +
                     " leading dimensions requested of a tensor of shape " + to_string(shape_));
  }
  const Shape rows(shape_.begin(), shape_.begin() + static_cast<long>(leading));
  // (d1 ... dk) x (dk+1 ... dN), same memory: column-major keeps the leading block contiguous
  return arma::reshape(data_, nn::numel(rows),
                       data_.n_elem / std::max<arma::uword>(nn::numel(rows), 1));
}

Tensor tensordot(const Tensor& u, const Tensor& v) {
  const Shape out = tensordot_shape(u.shape(), v.shape());
  // <u, v>[i] = sum_j u[i, j] v[j]  =  unfold(u) vec(v)
  const arma::vec z = u.unfold(out.size()) * v.data();
  return Tensor(out, z);
}

}  // namespace nn
