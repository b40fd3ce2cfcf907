// The playground's data, network and training loop, with the nn library. Every piece that the
// exported main.cpp must repeat is built next to the C++ text that repeats it (the Piece structs),
// so the program and the page cannot drift apart; tests/web checks that they print the same losses.
#include "playground.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <nn/activations/softmax.hpp>
#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/data/split.hpp>
#include <nn/data/synthetic.hpp>
#include <nn/init/init.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/layers/dropout.hpp>
#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/mae.hpp>
#include <nn/losses/mse.hpp>
#include <nn/metrics/metrics.hpp>
#include <nn/model/io.hpp>
#include <nn/optim/adadelta.hpp>
#include <nn/optim/adagrad.hpp>
#include <nn/optim/adam.hpp>
#include <nn/optim/adamax.hpp>
#include <nn/optim/amsgrad.hpp>
#include <nn/optim/ftrl.hpp>
#include <nn/optim/nadam.hpp>
#include <nn/optim/rmsprop.hpp>
#include <nn/optim/sgd.hpp>
#include <nn/regularization/l2.hpp>

#include "text.hpp"

namespace playground {

namespace {

const double kPi = std::acos(-1.0);

// The centres of K Gaussian blobs: evenly spaced on the circle of radius 2.
arma::mat blob_centers(arma::uword K) {
  arma::mat C(2, K);
  for (arma::uword k = 0; k < K; ++k) {
    C(0, k) = 2.0 * std::cos(2.0 * kPi * static_cast<double>(k) / static_cast<double>(K));
    C(1, k) = 2.0 * std::sin(2.0 * kPi * static_cast<double>(k) / static_cast<double>(K));
  }
  return C;
}

std::string matrix_literal(const arma::mat& M) {
  std::string s = "{";
  for (arma::uword i = 0; i < M.n_rows; ++i) {
    s += i ? ", {" : "{";
    for (arma::uword j = 0; j < M.n_cols; ++j) s += (j ? ", " : "") + cpp_double(M(i, j));
    s += "}";
  }
  return s + "}";
}

// One-hot targets T (K x N) for labels y, T(y_n, n) = 1; one row of 0/1 for K = 1.
arma::mat targets(const arma::uvec& y, arma::uword K) {
  if (K == 1) return arma::conv_to<arma::rowvec>::from(y);
  arma::mat T(K, y.n_elem, arma::fill::zeros);
  for (arma::uword n = 0; n < y.n_elem; ++n) T(y(n), n) = 1.0;
  return T;
}

// A Dense layer's initializer and the C++ that makes the same one ("" for the default, Glorot
// uniform, which Dense draws when given no initializer).
struct InitPiece {
  nn::Initializer init;
  std::string code;
};

InitPiece initializer(const Settings& s) {
  const std::string name = s.text("init");
  if (name == "glorot_uniform") return {nn::Initializer(), ""};
  const std::string lambda = "[](arma::uword fan_out, arma::uword fan_in) { return nn::";
  if (name == "glorot_normal")
    return {[](arma::uword o, arma::uword i) { return nn::glorot_normal(o, i); },
            lambda + "glorot_normal(fan_out, fan_in); }"};
  if (name == "he_uniform")
    return {[](arma::uword o, arma::uword i) { return nn::he_uniform(o, i); },
            lambda + "he_uniform(fan_out, fan_in); }"};
  if (name == "he_normal")
    return {[](arma::uword o, arma::uword i) { return nn::he_normal(o, i); },
            lambda + "he_normal(fan_out, fan_in); }"};
  if (name == "lecun_uniform")
    return {[](arma::uword o, arma::uword i) { return nn::lecun_uniform(o, i); },
            lambda + "lecun_uniform(fan_out, fan_in); }"};
  if (name == "lecun_normal")
    return {[](arma::uword o, arma::uword i) { return nn::lecun_normal(o, i); },
            lambda + "lecun_normal(fan_out, fan_in); }"};
  const double c = s.real("init_scale");
  const std::string cs = cpp_double(c);
  if (name == "normal")
    return {[c](arma::uword o, arma::uword i) { return nn::normal_init(o, i, 0.0, c); },
            lambda + "normal_init(fan_out, fan_in, 0.0, " + cs + "); }"};
  if (name == "truncated_normal")
    return {[c](arma::uword o, arma::uword i) { return nn::truncated_normal_init(o, i, 0.0, c); },
            lambda + "truncated_normal_init(fan_out, fan_in, 0.0, " + cs + "); }"};
  if (name == "uniform")
    return {[c](arma::uword o, arma::uword i) { return nn::uniform_init(o, i, -c, c); },
            lambda + "uniform_init(fan_out, fan_in, " + cpp_double(-c) + ", " + cs + "); }"};
  return {[c](arma::uword o, arma::uword i) { return nn::constant_init(o, i, c); },
          lambda + "constant_init(fan_out, fan_in, " + cs + "); }"};
}

// A layer and the `model.add<...>(...)` line that adds the same one.
struct LayerPiece {
  std::unique_ptr<nn::Layer> layer;
  std::string code;
};

LayerPiece activation(const std::string& name, arma::uword units) {
  if (name == "identity") return {std::make_unique<nn::Identity>(), "model.add<nn::Identity>();"};
  if (name == "step") return {std::make_unique<nn::Step>(), "model.add<nn::Step>();"};
  if (name == "sigmoid") return {std::make_unique<nn::Sigmoid>(), "model.add<nn::Sigmoid>();"};
  if (name == "tanh") return {std::make_unique<nn::Tanh>(), "model.add<nn::Tanh>();"};
  if (name == "relu") return {std::make_unique<nn::ReLU>(), "model.add<nn::ReLU>();"};
  if (name == "leaky_relu")
    return {std::make_unique<nn::LeakyReLU>(0.01), "model.add<nn::LeakyReLU>(0.01);"};
  if (name == "prelu")  // one learned slope per unit, starting at 0.25
    return {std::make_unique<nn::PReLU>(0.25, units),
            "model.add<nn::PReLU>(0.25, " + std::to_string(units) + ");"};
  if (name == "rrelu") return {std::make_unique<nn::RReLU>(), "model.add<nn::RReLU>();"};
  if (name == "elu") return {std::make_unique<nn::ELU>(1.0), "model.add<nn::ELU>(1.0);"};
  if (name == "selu") return {std::make_unique<nn::SELU>(), "model.add<nn::SELU>();"};
  if (name == "gelu") return {std::make_unique<nn::GELU>(false), "model.add<nn::GELU>();"};
  if (name == "gelu_tanh")
    return {std::make_unique<nn::GELU>(true), "model.add<nn::GELU>(true);  // tanh form"};
  throw std::invalid_argument("unknown activation " + name);
}

// The loss, the output layer it needs (none for losses on logits) and their C++.
struct LossPiece {
  std::unique_ptr<nn::Loss> loss;
  std::string code;        // declaration of `loss`
  LayerPiece output;       // the layer after the last Dense, or {nullptr, ""}
  double threshold = 0.5;  // one-output models: class 1 where the output > threshold
};

LossPiece make_loss(const std::string& name, Task task) {
  const bool regression = task == Task::regression, binary = task == Task::binary;
  LayerPiece none{nullptr, ""};
  if (name == "bce")
    return {std::make_unique<nn::BinaryCrossEntropy>(),
            "nn::BinaryCrossEntropy loss;",
            {std::make_unique<nn::Sigmoid>(), "model.add<nn::Sigmoid>();"},
            0.5};
  if (name == "bce_logits")
    return {std::make_unique<nn::BinaryCrossEntropyFromLogits>(),
            "nn::BinaryCrossEntropyFromLogits loss;", std::move(none), 0.0};
  if (name == "ce")
    return {std::make_unique<nn::CategoricalCrossEntropy>(),
            "nn::CategoricalCrossEntropy loss;",
            {std::make_unique<nn::Softmax>(), "model.add<nn::Softmax>();"},
            0.5};
  if (name == "softmax_ce")
    return {std::make_unique<nn::SoftmaxCrossEntropy>(), "nn::SoftmaxCrossEntropy loss;",
            std::move(none), 0.5};
  if (name == "nll")
    return {std::make_unique<nn::NLLLoss>(),
            "nn::NLLLoss loss;",
            {std::make_unique<nn::LogSoftmax>(), "model.add<nn::LogSoftmax>();"},
            0.5};
  LayerPiece out = regression ? std::move(none)
                   : binary
                       ? LayerPiece{std::make_unique<nn::Sigmoid>(), "model.add<nn::Sigmoid>();"}
                       : LayerPiece{std::make_unique<nn::Softmax>(), "model.add<nn::Softmax>();"};
  if (name == "mse") return {std::make_unique<nn::MSE>(), "nn::MSE loss;", std::move(out), 0.5};
  return {std::make_unique<nn::MAE>(), "nn::MAE loss;", std::move(out), 0.5};
}

// The optimizer over `params` and the C++ that builds the same one (as `optimizer`).
struct OptimizerPiece {
  std::unique_ptr<nn::Optimizer> optimizer;
  std::string code;
};

OptimizerPiece make_optimizer(const Settings& s, const std::vector<nn::Parameter*>& params) {
  const std::string name = s.text("opt");
  const double lr = s.real("lr");
  auto field = [&](const char* f, const std::string& key) {
    return std::string(", .") + f + " = " + cpp_double(s.real(key));
  };
  const std::string head = "(model.parameters(), {.lr = " + cpp_double(lr);
  if (name == "sgd") {
    const nn::SGDOptions o{lr, s.real("momentum"), s.flag("nesterov")};
    return {std::make_unique<nn::SGD>(params, o),
            "nn::SGD optimizer" + head + field("momentum", "momentum") +
                ", .nesterov = " + (o.nesterov ? "true" : "false") + "});"};
  }
  if (name == "rmsprop") {
    const nn::RMSpropOptions o{lr, s.real("rho"), s.real("momentum"), s.real("eps"),
                               s.flag("centered")};
    return {std::make_unique<nn::RMSprop>(params, o),
            "nn::RMSprop optimizer" + head + field("rho", "rho") + field("momentum", "momentum") +
                field("eps", "eps") + ", .centered = " + (o.centered ? "true" : "false") + "});"};
  }
  if (name == "adam" || name == "amsgrad") {
    const nn::AdamOptions o{lr, s.real("beta1"), s.real("beta2"), s.real("eps")};
    const std::string fields =
        head + field("beta1", "beta1") + field("beta2", "beta2") + field("eps", "eps") + "});";
    if (name == "adam")
      return {std::make_unique<nn::Adam>(params, o), "nn::Adam optimizer" + fields};
    return {std::make_unique<nn::AMSGrad>(params, o), "nn::AMSGrad optimizer" + fields};
  }
  if (name == "adamax") {
    const nn::AdamaxOptions o{lr, s.real("beta1"), s.real("beta2"), s.real("eps")};
    return {std::make_unique<nn::Adamax>(params, o),
            "nn::Adamax optimizer" + head + field("beta1", "beta1") + field("beta2", "beta2") +
                field("eps", "eps") + "});"};
  }
  if (name == "nadam") {
    const nn::NadamOptions o{lr, s.real("beta1"), s.real("beta2"), s.real("eps"),
                             s.real("momentum_decay")};
    return {std::make_unique<nn::Nadam>(params, o),
            "nn::Nadam optimizer" + head + field("beta1", "beta1") + field("beta2", "beta2") +
                field("eps", "eps") + field("momentum_decay", "momentum_decay") + "});"};
  }
  if (name == "adagrad") {
    const nn::AdagradOptions o{lr, s.real("initial_accumulator"), s.real("eps")};
    return {std::make_unique<nn::Adagrad>(params, o),
            "nn::Adagrad optimizer" + head + field("initial_accumulator", "initial_accumulator") +
                field("eps", "eps") + "});"};
  }
  if (name == "adadelta") {
    const nn::AdadeltaOptions o{lr, s.real("rho"), s.real("eps")};
    return {std::make_unique<nn::Adadelta>(params, o),
            "nn::Adadelta optimizer" + head + field("rho", "rho") + field("eps", "eps") + "});"};
  }
  const nn::FtrlOptions o{lr,
                          s.real("lr_power"),
                          s.real("initial_accumulator"),
                          s.real("ftrl_l1"),
                          s.real("ftrl_l2"),
                          s.real("ftrl_beta")};
  return {std::make_unique<nn::Ftrl>(params, o),
          "nn::Ftrl optimizer" + head + field("lr_power", "lr_power") +
              field("initial_accumulator", "initial_accumulator") + field("l1", "ftrl_l1") +
              field("l2", "ftrl_l2") + field("beta", "ftrl_beta") + "});"};
}

// The schedule (null for a constant rate) and the C++ that builds the same one (as `schedule`).
struct SchedulePiece {
  std::unique_ptr<nn::Schedule> schedule;
  std::string code;
};

SchedulePiece make_schedule(const Settings& s) {
  const std::string name = s.text("schedule");
  if (name == "constant") return {nullptr, ""};
  const double eta0 = s.real("lr");
  const long T = s.integer("decay_steps");
  const std::string e = cpp_double(eta0);
  if (name == "inverse_time") {
    const double k = s.real("decay");
    return {std::make_unique<nn::InverseTimeDecay>(eta0, k, static_cast<double>(T)),
            "nn::InverseTimeDecay schedule(" + e + ", " + cpp_double(k) + ", " +
                cpp_double(static_cast<double>(T)) + ");  // eta0 / (1 + k t / T)"};
  }
  if (name == "step") {
    const double gamma = s.real("decay");
    return {std::make_unique<nn::StepDecay>(eta0, gamma, T),
            "nn::StepDecay schedule(" + e + ", " + cpp_double(gamma) + ", " + std::to_string(T) +
                ");  // eta0 gamma^floor(t / s)"};
  }
  if (name == "exponential") {
    const double rate = s.real("decay");
    return {std::make_unique<nn::ExponentialDecay>(eta0, rate, static_cast<double>(T)),
            "nn::ExponentialDecay schedule(" + e + ", " + cpp_double(rate) + ", " +
                cpp_double(static_cast<double>(T)) + ");  // eta0 r^(t / T)"};
  }
  const double alpha = s.real("alpha");
  return {
      std::make_unique<nn::CosineDecay>(eta0, T, alpha),
      "nn::CosineDecay schedule(" + e + ", " + std::to_string(T) + ", " + cpp_double(alpha) + ");"};
}

Task task_of(const Settings& s) {
  const std::string d = s.text("dataset");
  if (d == "sine") return Task::regression;
  if ((d == "spiral" || d == "blobs") && s.integer("classes") > 2) return Task::multiclass;
  return Task::binary;
}

std::string describe_data(const Settings& s) {
  const std::string d = s.text("dataset");
  const std::string n = s.text("n");
  if (d == "xor")
    return n + " points at the corners of the unit square, label x1 XOR x2, noise " +
           s.text("noise");
  if (d == "circles")
    return n + " points on two circles (radii 1 and 0.5), noise " + s.text("noise");
  if (d == "moons") return n + " points of two interleaving half circles, noise " + s.text("noise");
  if (d == "spiral")
    return s.text("classes") + " spiral arms of " + n + " points in all, noise " + s.text("noise");
  if (d == "blobs")
    return s.text("classes") + " Gaussian blobs of " + n + " points in all, sd " + s.text("noise");
  if (d == "nonseparable") return n + " points of deck 4's 2-D set that no line separates";
  return n + " points of y = sin x on [0, 2 pi], noise " + s.text("noise");
}

}  // namespace

Playground::Playground(const std::string& query) : settings_(Settings::parse(query)) {
  task_ = task_of(settings_);
  const std::string loss = settings_.text("loss");
  classes_ = task_ == Task::regression ? 1
             : task_ == Task::binary   ? 2
                                       : static_cast<arma::uword>(settings_.integer("classes"));
  const bool one_output = task_ == Task::regression ||
                          (task_ == Task::binary && (loss == "bce" || loss == "bce_logits" ||
                                                     loss == "mse" || loss == "mae"));
  outputs_ = one_output ? 1 : classes_;
  nn::set_seed(static_cast<std::uint64_t>(settings_.integer("seed")));
  build_data();
  build_model();
}

void Playground::build_data() {
  const Settings& s = settings_;
  const std::string d = s.text("dataset");
  const auto n = static_cast<arma::uword>(s.integer("n"));
  const double test = s.real("test");
  nn::Rng& rng = nn::global_rng();
  if (task_ == Task::regression) {
    const nn::RegressionData all = nn::make_sine(n, 0.0, 2.0 * kPi, s.real("noise"), rng);
    // the split of nn::train_test_split: the first round(f N) of a permutation are held out
    const arma::uvec perm = rng.permutation(n);
    const auto n_test = static_cast<arma::uword>(std::llround(test * static_cast<double>(n)));
    const arma::uvec test_idx = n_test ? arma::uvec(perm.head(n_test)) : arma::uvec();
    const arma::uvec train_idx = perm.tail(n - n_test);
    train_X_ = all.X.cols(train_idx);
    train_T_ = all.Y.cols(train_idx);
    test_X_ = all.X.cols(test_idx);
    test_T_ = all.Y.cols(test_idx);
  } else {
    nn::Dataset all;
    if (d == "xor")
      all = nn::make_xor(n, s.real("noise"), rng);
    else if (d == "circles")
      all = nn::make_circles(n, s.real("noise"), 0.5, rng);
    else if (d == "moons")
      all = nn::make_moons(n, s.real("noise"), rng);
    else if (d == "spiral")
      all =
          nn::make_spiral(n, static_cast<arma::uword>(s.integer("classes")), s.real("noise"), rng);
    else if (d == "blobs") {
      const auto K = static_cast<arma::uword>(s.integer("classes"));
      all = nn::make_blobs(n / K, blob_centers(K), s.real("noise"), rng);
    } else
      all = nn::make_lecture_nonseparable(n, rng);
    const nn::TrainTest split = nn::train_test_split(all, test, rng);
    train_X_ = split.train.X;
    train_y_ = split.train.y;
    test_X_ = split.test.X;
    test_y_ = split.test.y;
    train_T_ = targets(train_y_, outputs_);
    test_T_ = targets(test_y_, outputs_);
  }
  if (train_X_.n_cols == 0)
    throw std::invalid_argument("setting test: holding out " + s.text("test") + " of " +
                                std::to_string(n) + " points leaves no training point");
  // the region shown: the points' bounding box, 10% larger on each side, square for 2-D inputs
  const arma::mat all_X = arma::join_rows(train_X_, test_X_);
  if (inputs() == 1) {
    const arma::mat all_T = arma::join_rows(train_T_, test_T_);
    const double x0 = all_X.min(), x1 = all_X.max(), y0 = all_T.min(), y1 = all_T.max();
    const double px = 0.05 * (x1 - x0), py = 0.15 * std::max(y1 - y0, 1e-9);
    domain_ = {x0 - px, x1 + px, y0 - py, y1 + py};
  } else {
    const arma::vec lo = arma::min(all_X, 1), hi = arma::max(all_X, 1);
    const double half = 0.6 * std::max(arma::max(hi - lo), 1e-9);
    const arma::vec mid = 0.5 * (lo + hi);
    domain_ = {mid(0) - half, mid(0) + half, mid(1) - half, mid(1) + half};
  }
}

void Playground::build_model() {
  const Settings& s = settings_;
  const std::vector<long> layers = s.integers("layers");
  std::vector<std::string> acts = layers.empty() ? std::vector<std::string>() : s.words("act");
  // one for all
  if (acts.size() == 1) acts = std::vector<std::string>(layers.size(), acts.front());
  const InitPiece init = initializer(s);
  arma::uword in = inputs();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto units = static_cast<arma::uword>(layers[i]);
    decayed_.push_back(&model_.add<nn::Dense>(in, units, init.init).W());
    if (s.flag("bn")) model_.add<nn::BatchNorm>(units, s.real("bn_momentum"));
    model_.add(activation(acts[i], units).layer);
    activations_.push_back(model_.size() - 1);
    if (s.real("dropout") > 0) model_.add<nn::Dropout>(s.real("dropout"));
    in = units;
  }
  decayed_.push_back(&model_.add<nn::Dense>(in, outputs_, init.init).W());
  LossPiece loss = make_loss(s.text("loss"), task_);
  if (loss.output.layer) model_.add(std::move(loss.output.layer));
  loss_ = std::move(loss.loss);
  threshold_ = loss.threshold;
  optimizer_ = make_optimizer(s, model_.parameters()).optimizer;
  schedule_ = make_schedule(s).schedule;
  l2_ = s.real("l2");
}

std::vector<arma::uword> Playground::widths() const {
  std::vector<arma::uword> w{inputs()};
  for (long u : settings_.integers("layers")) w.push_back(static_cast<arma::uword>(u));
  w.push_back(outputs_);
  return w;
}

double Playground::learning_rate() const { return optimizer_->learning_rate(); }

double Playground::epoch_progress() const {
  const auto B = static_cast<double>(settings_.integer("batch"));
  return static_cast<double>(t_) / std::ceil(static_cast<double>(train_X_.n_cols) / B);
}

void Playground::next_batch() {
  if (next_ < batches_.size()) return;
  // a new epoch: a fresh shuffle of the training set, cut into batches of B
  batches_ = nn::batch_indices(
      train_X_.n_cols, static_cast<arma::uword>(settings_.integer("batch")), nn::global_rng());
  next_ = 0;
}

void Playground::train(long n) {
  for (long k = 0; k < n; ++k) {
    next_batch();
    const arma::uvec& idx = batches_[next_];
    model_.set_training(true);
    const std::string stopped = "step " + std::to_string(t_ + 1) + ": ";
    const std::string hint = "; a smaller learning rate may help";
    double L = 0;
    try {
      L = loss_->forward(model_.forward(train_X_.cols(idx)), train_T_.cols(idx));  // L(f(X_B), T_B)
    } catch (const nn::DataError& e) {  // a loss that refuses an infinite value
      throw nn::DataError(stopped + e.what() + hint);
    }
    if (!std::isfinite(L))
      throw nn::DataError(stopped + "the loss of the batch is " + number(L) + hint);
    model_.backward(loss_->backward());                              // every dL/dtheta
    if (l2_ > 0) nn::add_l2_gradient(decayed_, l2_);                 // g += lambda W
    if (schedule_) nn::apply_schedule(*schedule_, *optimizer_, t_);  // eta = eta(t)
    optimizer_->step();                                              // theta <- update(theta, g)
    ++next_;
    ++t_;
  }
}

Metrics Playground::evaluate() {
  Metrics m;
  model_.set_training(false);
  const double t = threshold_;
  auto measure = [&](const arma::mat& X, const arma::mat& T, const arma::uvec& y, double& loss,
                     double& acc) {
    if (X.n_cols == 0) {
      loss = std::nan("");
      return;
    }
    const arma::mat Yhat = model_.forward(X);
    try {
      loss = loss_->forward(Yhat, T);
    } catch (const nn::DataError&) {  // the loss is infinite or NaN (training diverged)
      loss = std::nan("");
    }
    if (task_ != Task::regression) acc = nn::accuracy(nn::predicted_classes(Yhat, t), y);
  };
  measure(train_X_, train_T_, train_y_, m.train_loss, m.train_accuracy);
  measure(test_X_, test_T_, test_y_, m.test_loss, m.test_accuracy);
  return m;
}

arma::mat Playground::display(const arma::mat& X) {
  model_.set_training(false);
  arma::mat Y = model_.forward(X);
  const std::string loss = settings_.text("loss");
  if (loss == "bce_logits") Y = 1.0 / (1.0 + arma::exp(-Y));  // sigma(z)
  if (loss == "softmax_ce") Y = nn::softmax(Y);
  if (loss == "nll") Y = arma::exp(Y);                          // e^(log p)
  if (task_ == Task::binary && Y.n_rows == 2) return Y.row(1);  // P(class 1)
  return Y;
}

std::vector<arma::mat> Playground::hidden(const arma::mat& X) {
  model_.set_training(false);
  std::vector<arma::mat> out;
  arma::mat A = X;
  std::size_t next = 0;
  for (std::size_t i = 0; i < model_.size() && next < activations_.size(); ++i) {
    A = model_.layer(i).forward(A);
    if (i == activations_[next]) {
      out.push_back(A);
      ++next;
    }
  }
  return out;
}

std::vector<const arma::mat*> Playground::weights() {
  std::vector<const arma::mat*> out;
  for (nn::Parameter* W : decayed_) out.push_back(&W->value);
  return out;
}

std::string Playground::weights_file() {
  const std::string path = "/tmp/nn-playground.weights";
  nn::save_weights(model_, path);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return bytes;
}

std::string Playground::export_cpp(long steps, long every) const {
  const Settings& s = settings_;
  const std::string d = s.text("dataset");
  const bool regression = task_ == Task::regression;
  const std::vector<long> layers = s.integers("layers");
  std::vector<std::string> acts = layers.empty() ? std::vector<std::string>() : s.words("act");
  // one for all
  if (acts.size() == 1) acts = std::vector<std::string>(layers.size(), acts.front());
  const InitPiece init = initializer(s);
  // the pieces are built again only for their text (nothing is drawn from the generator here)
  nn::Sequential scratch;
  scratch.add<nn::Dense>(
      1, 1, [](arma::uword o, arma::uword i) { return arma::mat(o, i, arma::fill::zeros); });
  const LossPiece loss = make_loss(s.text("loss"), task_);
  const OptimizerPiece opt = make_optimizer(s, scratch.parameters());
  const SchedulePiece schedule = make_schedule(s);
  const double l2 = s.real("l2");
  std::string widths_text;
  for (arma::uword w : widths())
    widths_text += (widths_text.empty() ? "" : "-") + std::to_string(w);

  std::ostringstream c;
  c << "// main.cpp -- exported from the nn-lectures playground (docs/playground). It trains the "
       "network\n"
    << "// of this setup with the nn library, exactly as the page trains it, and prints the same "
       "losses:\n"
    << "//   " << s.query() << "\n"
    << "// (the page runs the same library compiled to WebAssembly, without BLAS: its sums are "
       "added in\n"
    << "// another order, so the last digits of a loss may differ).\n"
    << "//\n"
    << "// Build it against an installed nn (README.md, \"A first program\"), e.g. with "
       "pkg-config:\n"
    << "//   cmake --install build/release --prefix ~/nn      (in the clone, after make tour or "
       "make test)\n"
    << "//   c++ -std=c++20 -O2 main.cpp -o playground $(PKG_CONFIG_PATH=~/nn/lib/pkgconfig "
       "pkg-config --cflags --libs nn)\n"
    << "// Run it:\n"
    << "//   ./playground                      trains " << steps
    << " steps, printing the losses every " << every << " steps\n"
    << "//   ./playground playground.weights   then loads the weights the page exported "
       "(nn::load_weights)\n"
    << "//                                     into the same network and prints their losses\n"
    << "#include <armadillo>\n#include <cmath>\n#include <cstdint>\n#include <cstdio>\n#include "
       "<exception>\n"
    << "#include <string>\n#include <vector>\n\n"
    << "#include <nn/core/errors.hpp>\n#include <nn/core/rng.hpp>\n"
    << "#include <nn/data/split.hpp>\n#include <nn/data/synthetic.hpp>\n#include "
       "<nn/init/init.hpp>\n"
    << "#include <nn/layers/activation.hpp>\n#include <nn/layers/batch_norm.hpp>\n#include "
       "<nn/layers/dense.hpp>\n"
    << "#include <nn/layers/dropout.hpp>\n#include <nn/losses/losses.hpp>\n#include "
       "<nn/metrics/metrics.hpp>\n"
    << "#include <nn/model/io.hpp>\n#include <nn/model/sequential.hpp>\n"
    << "#include <nn/optim/" << s.text("opt") << ".hpp>\n"
    << (l2 > 0 ? "#include <nn/regularization/l2.hpp>\n" : "")
    << (schedule.schedule ? "#include <nn/schedules/schedule.hpp>\n" : "") << "\n"
    << "namespace {\n\n"
    << "constexpr std::uint64_t kSeed = " << s.text("seed")
    << ";  // seeds everything random: data, split, weights, batches"
    << (s.real("dropout") > 0 ? ", dropout" : "") << "\n"
    << "constexpr long kSteps = " << steps << ";  // optimizer steps, one mini-batch each\n"
    << "constexpr long kEvery = " << every << ";  // print the losses every kEvery steps\n"
    << "constexpr arma::uword kBatch = " << s.text("batch") << ";  // examples per step\n\n";

  // 1. the data
  c << "// 1. The data: " << describe_data(s) << "; " << s.text("test") << " of them held out.\n"
    << "struct Data {\n  arma::mat X_train, T_train, X_test, T_test;  // inputs and the targets "
       "the loss takes\n"
    << (regression ? "" : "  arma::uvec y_train, y_test;                  // class labels\n")
    << "};\n\n";
  if (!regression) {
    c << "// Targets for the loss: "
      << (outputs_ == 1 ? "the labels as one row of 0/1" : "one-hot columns, T(y_n, n) = 1")
      << ".\narma::mat targets(const arma::uvec& y) {\n";
    if (outputs_ == 1) {
      c << "  return arma::conv_to<arma::rowvec>::from(y);\n";
    } else {
      c << "  arma::mat T(" << outputs_ << ", y.n_elem, arma::fill::zeros);\n"
        << "  for (arma::uword n = 0; n < y.n_elem; ++n) T(y(n), n) = 1.0;\n  return T;\n";
    }
    c << "}\n\n";
  }
  c << "Data make_data() {\n";
  const std::string n = s.text("n");
  if (regression) {
    c << "  const nn::RegressionData all = nn::make_sine(" << n << ", 0.0, "
      << cpp_double(2.0 * kPi) << ", " << cpp_double(s.real("noise")) << ");\n"
      << "  // the split of nn::train_test_split: the first round(f N) of a permutation are held "
         "out\n"
      << "  const arma::uvec perm = nn::global_rng().permutation(" << n << ");\n"
      << "  const arma::uword n_test = " << std::llround(s.real("test") * s.real("n")) << ";\n"
      << "  const arma::uvec test_idx = n_test ? arma::uvec(perm.head(n_test)) : arma::uvec();\n"
      << "  const arma::uvec train_idx = perm.tail(" << n << " - n_test);\n"
      << "  return {all.X.cols(train_idx), all.Y.cols(train_idx), all.X.cols(test_idx), "
         "all.Y.cols(test_idx)};\n";
  } else {
    c << "  const nn::Dataset all = ";
    const std::string noise = cpp_double(s.has("noise") ? s.real("noise") : 0.0);
    if (d == "xor")
      c << "nn::make_xor(" << n << ", " << noise << ");\n";
    else if (d == "circles")
      c << "nn::make_circles(" << n << ", " << noise << ", 0.5);\n";
    else if (d == "moons")
      c << "nn::make_moons(" << n << ", " << noise << ");\n";
    else if (d == "spiral")
      c << "nn::make_spiral(" << n << ", " << s.text("classes") << ", " << noise
        << ", nn::global_rng());\n";
    else if (d == "blobs") {
      const auto K = static_cast<arma::uword>(s.integer("classes"));
      c << "nn::make_blobs(" << s.integer("n") / static_cast<long>(K) << ", arma::mat("
        << matrix_literal(blob_centers(K)) << "), " << noise
        << ");  // centres on the circle of radius 2\n";
    } else
      c << "nn::make_lecture_nonseparable(" << n << ");\n";
    c << "  const nn::TrainTest split = nn::train_test_split(all, " << cpp_double(s.real("test"))
      << ");\n"
      << "  return {split.train.X, targets(split.train.y), split.test.X, targets(split.test.y), "
         "split.train.y, split.test.y};\n";
  }
  c << "}\n\n";

  // 2. the network
  c << "// 2. The network: " << widths_text;
  std::string act_text = s.has("act") ? s.text("act") : "";
  for (std::size_t p = act_text.find(','); p != std::string::npos; p = act_text.find(',', p + 2))
    act_text.replace(p, 1, ", ");
  if (!layers.empty())
    c << ", " << act_text << (s.flag("bn") ? ", batch norm" : "")
      << (s.real("dropout") > 0 ? ", dropout " + s.text("dropout") : "");
  c << ". `decayed` receives the weight matrices W (what L2 acts on, not the biases).\n"
    << "nn::Sequential make_model(std::vector<nn::Parameter*>& decayed) {\n";
  if (!init.code.empty()) c << "  const nn::Initializer init = " << init.code << ";\n";
  c << "  nn::Sequential model;\n";
  const std::string init_arg = init.code.empty() ? "" : ", init";
  std::string in = std::to_string(inputs());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string units = std::to_string(layers[i]);
    c << "  decayed.push_back(&model.add<nn::Dense>(" << in << ", " << units << init_arg
      << ").W());\n";
    if (s.flag("bn"))
      c << "  model.add<nn::BatchNorm>(" << units << ", " << cpp_double(s.real("bn_momentum"))
        << ");\n";
    c << "  " << activation(acts[i], static_cast<arma::uword>(layers[i])).code << "\n";
    if (s.real("dropout") > 0)
      c << "  model.add<nn::Dropout>(" << cpp_double(s.real("dropout")) << ");\n";
    in = units;
  }
  c << "  decayed.push_back(&model.add<nn::Dense>(" << in << ", " << outputs_ << init_arg
    << ").W());\n";
  if (!loss.output.code.empty()) c << "  " << loss.output.code << "\n";
  c << "  return model;\n}\n\n";

  // 3. the report
  std::vector<std::string> inference;
  if (s.real("dropout") > 0) inference.push_back("no dropout");
  if (s.flag("bn")) inference.push_back("batch norm with its running statistics");
  std::string inference_text;
  for (const auto& x : inference) inference_text += (inference_text.empty() ? " (" : ", ") + x;
  if (!inference_text.empty()) inference_text += ")";
  c << "// 3. The losses" << (regression ? "" : " and accuracies")
    << " on both sets, in inference mode" << inference_text << ".\n"
    << "void report(long t, nn::Sequential& model, nn::Loss& loss, const Data& d) {\n"
    << "  model.set_training(false);\n"
    << "  const arma::mat Y_train = model.forward(d.X_train);\n"
    << "  const double train_loss = loss.forward(Y_train, d.T_train);\n";
  const std::string t = cpp_double(loss.threshold);
  const bool has_test = test_X_.n_cols > 0;
  if (has_test) {
    c << "  const arma::mat Y_test = model.forward(d.X_test);\n"
      << "  const double test_loss = loss.forward(Y_test, d.T_test);\n";
  }
  if (regression) {
    c << "  std::printf(\"%6ld  %-20.15g  %-20.15g\\n\", t, train_loss, "
      << (has_test ? "test_loss" : "std::nan(\"\")") << ");\n";
  } else {
    c << "  const double train_acc = nn::accuracy(nn::predicted_classes(Y_train, " << t
      << "), d.y_train);\n";
    if (has_test)
      c << "  const double test_acc = nn::accuracy(nn::predicted_classes(Y_test, " << t
        << "), d.y_test);\n";
    c << "  std::printf(\"%6ld  %-20.15g  %-20.15g  %.4f     %.4f\\n\", t, train_loss, "
      << (has_test ? "test_loss, train_acc, test_acc" : "std::nan(\"\"), train_acc, std::nan(\"\")")
      << ");\n";
  }
  c << "}\n\n}  // namespace\n\n";

  // 4. main: the training loop
  c << "int main(int argc, char** argv) {\n  try {\n"
    << "    nn::set_seed(kSeed);\n"
    << "    const Data d = make_data();\n"
    << "    std::vector<nn::Parameter*> decayed;\n"
    << "    nn::Sequential model = make_model(decayed);\n"
    << "    " << loss.code << "\n"
    << "    " << opt.code << "\n";
  if (schedule.schedule) c << "    " << schedule.code << "\n";
  c << "\n    // 4. Training: one step = one mini-batch of kBatch examples; a new shuffle every "
       "epoch.\n"
    << "    std::printf(\"%6s  %-20s  %-20s" << (regression ? "" : "  %s  %s")
    << "\\n\", \"step\", \"train loss\", \"test loss\""
    << (regression ? "" : ", \"train acc\", \"test acc\"") << ");\n"
    << "    report(0, model, loss, d);\n"
    << "    std::vector<arma::uvec> batches;\n"
    << "    std::size_t next = 0;\n"
    << "    for (long t = 0; t < kSteps; ++t) {\n"
    << "      if (next == batches.size()) {  // a new epoch\n"
    << "        batches = nn::batch_indices(d.X_train.n_cols, kBatch, nn::global_rng());\n"
    << "        next = 0;\n      }\n"
    << "      const arma::uvec& idx = batches[next++];\n"
    << "      model.set_training(true);\n"
    << "      const double L = loss.forward(model.forward(d.X_train.cols(idx)), "
       "d.T_train.cols(idx));  // L(f(X_B), T_B)\n"
    << "      if (!std::isfinite(L))\n"
    << "        throw nn::DataError(\"step \" + std::to_string(t + 1) + \": the loss of the batch "
       "is \" + std::to_string(L));\n"
    << "      model.backward(loss.backward());  // every dL/dtheta\n";
  if (l2 > 0)
    c << "      nn::add_l2_gradient(decayed, " << cpp_double(l2) << ");  // g += lambda W\n";
  if (schedule.schedule)
    c << "      nn::apply_schedule(schedule, optimizer, t);  // eta = eta(t)\n";
  c << "      optimizer.step();  // theta <- update(theta, g)\n"
    << "      if ((t + 1) % kEvery == 0 || t + 1 == kSteps) report(t + 1, model, loss, d);\n"
    << "    }\n\n"
    << "    // 5. The page's weights: the same network, loaded from the file it exported.\n"
    << "    if (argc > 1) {\n"
    << "      nn::load_weights(model, argv[1]);\n"
    << "      std::printf(\"weights of %s:\\n\", argv[1]);\n"
    << "      report(kSteps, model, loss, d);\n"
    << "    }\n"
    << "  } catch (const std::exception& e) {  // nn's errors name the shapes, the values or the "
       "file\n"
    << "    std::fprintf(stderr, \"error: %s\\n\", e.what());\n    return 1;\n  }\n  return "
       "0;\n}\n";
  return c.str();
}

}  // namespace playground
