#pragma once
// The 2-2-1 network of chapter 09's Examples 9.1-9.3 (catalogue L1-34, CONSTRUCTED): two sigmoid
// hidden units and a sigmoid output, trained with binary cross-entropy on the one example
// x = (1, 2), y = 1. With every weight 0.5 the two hidden units compute, and learn, the same thing.
// Shared by the chapter and its test (tests/lectures/init_test.cpp), so both use the same network.
#include <armadillo>

#include <nn/init/init.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

namespace chapter09 {

// The lecture's constant initialisation: every weight 0.5.
inline nn::Initializer every_weight_half() {
  return [](arma::uword r, arma::uword c) { return nn::constant_init(r, c, 0.5); };
}

// Dense(2 -> 2), Sigmoid, Dense(2 -> 1), Sigmoid, with weights drawn by `init` (hidden layer
// first), and the loss and the example it is trained on.
struct TwoTwoOneNetwork {
  explicit TwoTwoOneNetwork(const nn::Initializer& init)
      : hidden(add_sigmoid_layer(2, 2, init)), out(add_sigmoid_layer(2, 1, init)) {}

  nn::Sequential model;
  nn::Dense& hidden;  // W: 2 x 2, one row per hidden unit
  nn::Dense& out;     // W: 1 x 2
  nn::BinaryCrossEntropy loss;
  const arma::mat x = arma::vec{1.0, 2.0};
  const arma::mat y = arma::mat(1, 1, arma::fill::ones);

  // `steps` steps of plain SGD with learning rate `lr` on the example (x, y).
  void train(int steps, double lr) {
    nn::SGD sgd(model.parameters(), {.lr = lr});
    for (int t = 0; t < steps; ++t) {
      loss.forward(model.forward(x), y);
      model.backward(loss.backward());
      sgd.step();
    }
  }

 private:
  nn::Dense& add_sigmoid_layer(arma::uword in, arma::uword units, const nn::Initializer& init) {
    nn::Dense& dense = model.add<nn::Dense>(in, units, init);
    model.add<nn::Sigmoid>();
    return dense;
  }
};

}  // namespace chapter09
