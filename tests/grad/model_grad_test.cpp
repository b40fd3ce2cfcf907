// Gradient checks of whole models (nn::gradcheck_sequential) and of the training step's shortcut
// for a Dense first layer (no dL/dX): its gradients must equal Layer::backward's.
#include <gtest/gtest.h>

#include <memory>

#include <nn/core/rng.hpp>
#include <nn/data/split.hpp>
#include <nn/gradcheck/model_gradcheck.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/optimizer.hpp>
#include <nn/optim/sgd.hpp>

namespace {

arma::mat one_hot(const arma::uvec& y, arma::uword K) {
  arma::mat T(K, y.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < y.n_elem; ++n) T(y(n), n) = 1.0;
  return T;
}

TEST(ModelGrad, SigmoidSoftmaxNetworkUnderCategoricalCrossEntropy) {
  nn::set_seed(11);
  nn::Rng rng(12);
  nn::Sequential model;
  model.add<nn::Dense>(4, 5);
  model.add<nn::Sigmoid>();
  model.add<nn::Dense>(5, 3);
  model.add<nn::Softmax>();
  nn::CategoricalCrossEntropy loss;
  const arma::mat X = rng.randn(4, 6);
  const arma::mat T = one_hot({0, 2, 1, 1, 0, 2}, 3);
  const nn::GradCheckResult r = nn::gradcheck_sequential(model, loss, X, T);
  ASSERT_EQ(r.entries.size(), 5u);  // dX, then W and b of both Dense layers
  EXPECT_EQ(r.entries[1].name, "layer 1 Dense(4 -> 5) dW");
  EXPECT_EQ(r.entries[4].name, "layer 3 Dense(5 -> 3) db");
  EXPECT_LE(r.max_rel_error, 1e-7) << r.report;
}

TEST(ModelGrad, TanhNetworkUnderCompiledMSE) {
  nn::set_seed(13);
  nn::Rng rng(14);
  nn::Sequential model;
  model.add<nn::Dense>(3, 4);
  model.add<nn::Tanh>();
  model.add<nn::Dense>(4, 4);
  model.add<nn::Tanh>();
  model.add<nn::Dense>(4, 2);
  model.compile(nn::MSE(), nn::SGD(model.parameters()));
  const arma::mat X = rng.randn(3, 5);
  const arma::mat T = rng.randn(2, 5);
  const nn::GradCheckResult r = nn::gradcheck_sequential(model, X, T);
  EXPECT_EQ(r.entries.size(), 7u);
  EXPECT_LE(r.max_rel_error, 1e-7) << r.report;
}

// An optimizer that leaves the parameters alone, so train_step's gradients can be inspected.
class NoStep : public nn::Optimizer {
 public:
  explicit NoStep(std::vector<nn::Parameter*> params)
      : nn::Optimizer(std::move(params), 1.0, "NoStep") {}
  std::string name() const override { return "NoStep"; }

 protected:
  void update(std::size_t, nn::Parameter&) override {}
};

TEST(ModelGrad, TrainStepGradientsEqualBackward) {
  nn::set_seed(15);
  nn::Rng rng(16);
  nn::Sequential model;
  model.add<nn::Dense>(6, 4);
  model.add<nn::Sigmoid>();
  model.add<nn::Dense>(4, 3);
  model.compile(nn::SoftmaxCrossEntropy(), NoStep(model.parameters()));
  const arma::mat X = rng.randn(6, 8);
  const arma::mat T = one_hot({0, 1, 2, 0, 1, 2, 0, 1}, 3);
  const double L = model.train_step(X, T);
  std::vector<arma::mat> fast;
  for (nn::Parameter* p : model.parameters()) fast.push_back(p->grad);
  EXPECT_DOUBLE_EQ(model.loss().forward(model.forward(X), T), L);
  model.backward(model.loss().backward());  // the general path, with dL/dX of every layer
  const std::vector<nn::Parameter*> params = model.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    EXPECT_TRUE(arma::approx_equal(fast[i], params[i]->grad, "absdiff", 1e-15))
        << "parameter " << i;
  }
  EXPECT_EQ(model.optimizer().iterations(), 1);
}

// forward_owned / train_step(arma::mat&&) take the batch's memory instead of copying it; the
// numbers must be those of the copying path, and a view of a larger matrix must stay untouched.
TEST(ModelGrad, OwnedBatchPathEqualsCopyingPath) {
  nn::Rng rng(17);
  const arma::mat X = rng.randn(6, 8);
  const arma::mat T = one_hot({0, 1, 2, 0, 1, 2, 0, 1}, 3);
  auto make = [] {
    nn::set_seed(18);
    auto model = std::make_unique<nn::Sequential>();
    model->add<nn::Dense>(6, 4);
    model->add<nn::Sigmoid>();
    model->add<nn::Dense>(4, 3);
    model->compile(nn::SoftmaxCrossEntropy(), NoStep(model->parameters()));
    return model;
  };
  auto copying = make(), owning = make();
  const double L1 = copying->train_step(X, T);
  arma::mat batch = X;
  const double L2 = owning->train_step(std::move(batch), T);
  EXPECT_EQ(L1, L2);
  const auto p1 = copying->parameters(), p2 = owning->parameters();
  for (std::size_t i = 0; i < p1.size(); ++i) {
    EXPECT_TRUE(arma::approx_equal(p1[i]->grad, p2[i]->grad, "absdiff", 0.0)) << "parameter " << i;
  }
  // the batch buffer received the first layer's previous cache: a valid matrix, reusable as a
  // buffer
  EXPECT_TRUE(batch.n_elem == 0 || (batch.n_rows == 6 && batch.n_cols == 8));
  batch.set_size(6, 8);
  batch = X;
  EXPECT_EQ(owning->train_step(std::move(batch), T), L1);
  EXPECT_EQ(batch.n_rows, 6u);  // now the previous batch's memory came back
  EXPECT_EQ(batch.n_cols, 8u);

  // a matrix that does not own its memory (a view of a larger one) is copied, not taken
  arma::mat big = arma::join_rows(X, X);
  const arma::mat before = big;
  nn::Dense dense(6, 2);
  arma::mat view = nn::column_view(big, 8, 8);
  const arma::mat Y = dense.forward_owned(std::move(view));
  EXPECT_TRUE(arma::approx_equal(Y, dense.forward(X), "absdiff", 0.0));
  dense.backward_params(arma::ones(2, 8));
  EXPECT_TRUE(arma::approx_equal(dense.W().grad, arma::ones(2, 8) * X.t(), "absdiff", 1e-14));
  EXPECT_TRUE(arma::approx_equal(big, before, "absdiff", 0.0));
}

}  // namespace
