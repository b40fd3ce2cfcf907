// Fuzz target: load_weights on a fixed model, Dense(2 -> 3), BatchNorm(3), Dense(3 -> 1). A failed
// load must leave the model exactly as it was (all or nothing); a successful one must give finite
// values and non-negative running variances, and saving the model again must give back the input
// byte for byte (the format has one spelling for each model).
// Anything but nn::DataError is a finding.
#include "fuzz_file.hpp"

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/model/io.hpp>
#include <nn/model/sequential.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

nn::Sequential make_model() {
  nn::set_seed(11);
  nn::Sequential model;
  model.add<nn::Dense>(2, 3);
  model.add<nn::BatchNorm>(3, 0.9);
  model.add<nn::Dense>(3, 1);
  return model;
}

std::vector<arma::mat> snapshot(nn::Sequential& model) {
  std::vector<arma::mat> all;
  for (nn::Parameter* p : model.parameters()) all.push_back(p->value);
  auto& bn = dynamic_cast<nn::BatchNorm&>(model.layer(1));
  all.push_back(bn.running_mean());
  all.push_back(bn.running_var());
  return all;
}

bool bitwise_equal(const std::vector<arma::mat>& a, const std::vector<arma::mat>& b) {
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k].n_elem != b[k].n_elem ||
        std::memcmp(a[k].memptr(), b[k].memptr(), 8 * a[k].n_elem) != 0)
      return false;
  return a.size() == b.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nn::Sequential model = make_model();
  static const std::vector<arma::mat> original = snapshot(model);
  nn_fuzz::FuzzFile f(data, size);
  try {
    nn::load_weights(model, f.path());
  } catch (const nn::DataError&) {
    nn_fuzz::require(bitwise_equal(snapshot(model), original));  // a failed load changes nothing
    return 0;
  }
  const std::vector<arma::mat> loaded = snapshot(model);
  for (const arma::mat& A : loaded) nn_fuzz::require(A.is_finite());
  nn_fuzz::require(loaded.back().min() >= 0.0);
  // saved again, the model is the input, byte for byte
  // (in /dev/shm where it exists: a memory file system, so the save's fsync costs nothing)
  static const std::string out =
      std::string(::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/nn-fuzz-weights-" +
      std::to_string(::getpid());
  nn::save_weights(model, out);
  std::ifstream in(out, std::ios::binary);
  const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ::unlink(out.c_str());
  nn_fuzz::require(saved.size() == size && std::memcmp(saved.data(), data, size) == 0);
  // back to the original values, so that the next input starts from the same model
  std::size_t k = 0;
  for (nn::Parameter* p : model.parameters()) p->value = original[k++];
  dynamic_cast<nn::BatchNorm&>(model.layer(1)).set_running_stats(original[k], original[k + 1]);
  return 0;
}
