// Layer::buffers(): the non-trainable state of a layer (nn::BatchNorm's running statistics), which
// nn::save_weights stores and Sequential::summary counts without knowing the layer's type. A layer
// defined here, with a buffer of its own, is saved, loaded and checked like a BatchNorm.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/throws.hpp"

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/losses/mse.hpp>
#include <nn/model/io.hpp>
#include <nn/model/sequential.hpp>
#include <nn/optim/sgd.hpp>

namespace {

// Y = X - c with a running mean c of the inputs (c <- 0.5 c + 0.5 mean(X)); c must stay in [-10,
// 10].
class Centre : public nn::Layer {
 public:
  explicit Centre(arma::uword rows) : c_(rows, 1, arma::fill::zeros) {}
  arma::mat forward(const arma::mat& X) override {
    if (training()) c_ = 0.5 * c_ + 0.5 * arma::mean(X, 1);
    return X.each_col() - c_.col(0);
  }
  arma::mat backward(const arma::mat& dY) override { return dY; }
  std::string name() const override { return "Centre"; }
  std::vector<nn::Buffer> buffers() override { return {{name(), "running_centre", &c_, in_range}}; }
  const arma::mat& centre() const { return c_; }

 private:
  static std::string in_range(const arma::mat& c) {
    return arma::abs(c).max() > 10.0 ? "centre outside [-10, 10]" : "";
  }
  arma::mat c_;
};

TEST(Buffers, BatchNormHandsOutItsRunningStatistics) {
  nn::BatchNorm bn(3);
  const std::vector<nn::Buffer> b = bn.buffers();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].layer, "BatchNorm(3)");
  EXPECT_EQ(b[0].name, "running_mean");
  EXPECT_EQ(b[1].name, "running_var");
  // the layer's own arrays
  EXPECT_EQ(b[0].value, static_cast<const arma::mat*>(&bn.running_mean()));
  EXPECT_EQ(b[1].value, static_cast<const arma::mat*>(&bn.running_var()));
  EXPECT_EQ(b[0].check, nullptr);
  ASSERT_NE(b[1].check, nullptr);
  EXPECT_EQ(b[1].check(arma::mat(arma::vec{1.0, 0.0, 2.0})), "");
  EXPECT_EQ(b[1].check(arma::mat(arma::vec{1.0, -0.5, 2.0})),
            "negative running variance -0.5 at (1, 0)");
  EXPECT_TRUE(nn::Dense(2, 2).buffers().empty());  // the default: no state of its own
  EXPECT_TRUE(nn::ReLU().buffers().empty());
}

TEST(Buffers, ASequentialListsTheBuffersOfItsLayersNestedOnesToo) {
  nn::Sequential inner;
  inner.add<nn::BatchNorm>(2);
  nn::Sequential model;
  model.add<nn::BatchNorm>(4);
  model.add<nn::Dense>(4, 2);
  model.add(std::make_unique<nn::Sequential>(std::move(inner)));
  const std::vector<nn::Buffer> b = model.buffers();
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].layer + "." + b[0].name, "BatchNorm(4).running_mean");
  EXPECT_EQ(b[3].layer + "." + b[3].name, "BatchNorm(2).running_var");
}

// Keras's counts: a BatchNorm(5) row shows 20 (gamma, beta, running mean and variance); the running
// statistics are the non-trainable ones.
TEST(Buffers, SummaryCountsThemAsNonTrainable) {
  nn::Sequential model;
  model.add<nn::Dense>(4, 5);
  model.add<nn::BatchNorm>(5);
  model.add<nn::ReLU>();
  const std::string s = model.summary_text(4);
  const std::string row = " BatchNorm(5)                (None, 5)                 20\n";
  EXPECT_NE(s.find(row), std::string::npos) << s;
  EXPECT_NE(s.find("Total params: 45\nTrainable params: 35\nNon-trainable params: 10\n"),
            std::string::npos)
      << s;
  EXPECT_EQ(model.parameter_count(), 35u);
}

class BufferIoTest : public nn_test::TempDirTest {
 protected:
  BufferIoTest() : TempDirTest("nn-buffers-test") {}
};

TEST_F(BufferIoTest, ALayersOwnBufferIsSavedLoadedAndChecked) {
  auto make = [] {
    nn::Sequential m;
    m.add<nn::Dense>(3, 3);
    m.add<Centre>(3);
    return m;
  };
  nn::set_seed(8);
  nn::Sequential trained = make();
  trained.forward(nn::global_rng().randn(3, 6, 2.0, 1.0));  // moves the running centre
  const std::string file = path("centre.weights");
  nn::save_weights(trained, file);
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("\nbuffers 1\n1 Centre running_centre 3 1\n"), std::string::npos);
  nn::Sequential fresh = make();
  nn::load_weights(fresh, file);
  const auto& c = dynamic_cast<const Centre&>(fresh.layer(1)).centre();
  EXPECT_TRUE(arma::approx_equal(c, dynamic_cast<const Centre&>(trained.layer(1)).centre(),
                                 "absdiff", 0.0));
  // the layer's own check refuses a value, and the load changes nothing
  trained.layer(1).buffers()[0].value->fill(50.0);
  nn::save_weights(trained, file);
  nn::Sequential other = make();
  EXPECT_TRUE(
      nn_test::ThrowsDataError([&] { nn::load_weights(other, file); },
                               {"buffer 0 (Centre.running_centre): centre outside [-10, 10]"}));
  EXPECT_TRUE(arma::approx_equal(dynamic_cast<const Centre&>(other.layer(1)).centre(),
                                 arma::mat(3, 1, arma::fill::zeros), "absdiff", 0.0));
}

}  // namespace
