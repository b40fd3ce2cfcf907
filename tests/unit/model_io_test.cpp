// Unit tests of nn::save_weights / nn::load_weights: bit-exact round trips (parameters and
// batch-norm running statistics), the documented file layout, atomic writes, and every kind of
// damaged or mismatched file, each checked to leave the model untouched.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "support/throws.hpp"

#include <nn/core/errors.hpp>
#include <nn/core/rng.hpp>
#include <nn/layers/activation.hpp>
#include <nn/layers/batch_norm.hpp>
#include <nn/layers/dense.hpp>
#include <nn/model/io.hpp>
#include <nn/model/sequential.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Dense(4 -> 5), BatchNorm(5), ReLU, Dense(5 -> 3), Softmax; parameters drawn from `seed`, running
// statistics moved away from (0, 1) by a few training-mode forwards.
nn::Sequential make_model(std::uint64_t seed, arma::uword hidden = 5) {
  nn::set_seed(seed);
  nn::Sequential model;
  model.add<nn::Dense>(4, hidden);
  model.add<nn::BatchNorm>(hidden, 0.9);
  model.add<nn::ReLU>();
  model.add<nn::Dense>(hidden, 3);
  model.add<nn::Softmax>();
  for (nn::Parameter* p : model.parameters())
    p->value = nn::global_rng().randn(p->value.n_rows, p->value.n_cols, 0.0, 1.0);
  for (int i = 0; i < 3; ++i) model.forward(nn::global_rng().randn(4, 8, 1.0, 2.0));
  return model;
}

bool bitwise_equal(const arma::mat& A, const arma::mat& B) {
  return A.n_rows == B.n_rows && A.n_cols == B.n_cols &&
         std::memcmp(A.memptr(), B.memptr(), A.n_elem * sizeof(double)) == 0;
}

// Every parameter value and running statistic of a model, to check that nothing changed.
std::vector<arma::mat> snapshot(nn::Sequential& model) {
  std::vector<arma::mat> all;
  for (nn::Parameter* p : model.parameters()) all.push_back(p->value);
  for (const nn::Buffer& b : model.buffers()) all.push_back(*b.value);  // the running statistics
  return all;
}

::testing::AssertionResult same_snapshot(const std::vector<arma::mat>& a,
                                         const std::vector<arma::mat>& b) {
  if (a.size() != b.size())
    return ::testing::AssertionFailure() << a.size() << " arrays vs " << b.size();
  for (std::size_t k = 0; k < a.size(); ++k)
    if (!bitwise_equal(a[k], b[k]))
      return ::testing::AssertionFailure() << "array " << k << " differs";
  return ::testing::AssertionSuccess();
}

class ModelIoTest : public nn_test::TempDirTest {
 protected:
  ModelIoTest() : TempDirTest("nn-model-io-test") {}

  std::string read_bytes(const std::string& p) const {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string write_bytes(const std::string& name, const std::string& bytes) const {
    const std::string p = path(name);
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  // The bytes of a freshly saved make_model(seed) file.
  std::string saved_bytes(std::uint64_t seed = 1) {
    nn::Sequential model = make_model(seed);
    nn::save_weights(model, path("good.weights"));
    return read_bytes(path("good.weights"));
  }

  // Passes if loading `bytes` into a make_model(99) throws nn::DataError whose message names the
  // file and contains every one of `parts`, and the model is unchanged afterwards.
  ::testing::AssertionResult load_fails(const std::string& bytes,
                                        std::initializer_list<std::string> parts) {
    const std::string p = write_bytes("damaged.weights", bytes);
    nn::Sequential model = make_model(99);
    return load_fails_into(model, p, parts);
  }
  ::testing::AssertionResult load_fails_into(nn::Sequential& model, const std::string& p,
                                             std::initializer_list<std::string> parts) {
    const std::vector<arma::mat> before = snapshot(model);
    std::string msg;
    try {
      nn::load_weights(model, p);
      return ::testing::AssertionFailure() << "did not throw";
    } catch (const nn::DataError& e) {
      msg = e.what();
    } catch (const std::exception& e) {
      return ::testing::AssertionFailure() << "threw another exception type: " << e.what();
    }
    std::vector<std::string> wanted(parts);
    wanted.push_back(p);  // every message names the file
    for (const std::string& part : wanted)
      if (msg.find(part) == std::string::npos)
        return ::testing::AssertionFailure() << "message lacks \"" << part << "\": " << msg;
    if (!same_snapshot(before, snapshot(model)))
      return ::testing::AssertionFailure() << "the model changed after the failed load: " << msg;
    return ::testing::AssertionSuccess() << msg;
  }
};

// Where the binary values start: just after the "values ..." line.
std::size_t data_offset(const std::string& bytes) {
  const std::size_t line = bytes.find("\nvalues ");
  return bytes.find('\n', line + 1) + 1;
}

std::string le_bytes(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, 8);
  std::string s;
  for (int k = 0; k < 8; ++k) s.push_back(static_cast<char>((u >> (8 * k)) & 0xffu));
  return s;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST_F(ModelIoTest, WeightsRoundTripIsBitwiseExact) {
  nn::Sequential saved = make_model(1);
  // awkward values: negative zero, the smallest subnormal, the largest double, 1/3
  saved.parameters()[0]->value(0, 0) = -0.0;
  saved.parameters()[0]->value(1, 0) = std::numeric_limits<double>::denorm_min();
  saved.parameters()[0]->value(2, 0) = std::numeric_limits<double>::max();
  saved.parameters()[1]->value(0, 0) = 1.0 / 3.0;
  nn::save_weights(saved, path("m.weights"));

  nn::Sequential loaded = make_model(2);
  ASSERT_FALSE(same_snapshot(snapshot(saved), snapshot(loaded)));
  nn::load_weights(loaded, path("m.weights"));
  EXPECT_TRUE(same_snapshot(snapshot(saved), snapshot(loaded)));
  EXPECT_TRUE(std::signbit(loaded.parameters()[0]->value(0, 0)));

  // same predictions, to the bit (inference mode uses the running statistics)
  saved.parameters()[0]->value.col(0).fill(0.5);  // keep the products finite
  loaded.parameters()[0]->value.col(0).fill(0.5);
  const arma::mat X = nn::global_rng().randn(4, 20, 0.0, 1.0);
  EXPECT_TRUE(bitwise_equal(saved.predict(X), loaded.predict(X)));
}

TEST_F(ModelIoTest, WeightsRoundTripThroughNestedSequential) {
  const auto make = [](std::uint64_t seed) {
    nn::Sequential inner = make_model(seed);
    nn::Sequential outer;
    outer.add<nn::Dense>(2, 4);
    outer.add(std::make_unique<nn::Sequential>(std::move(inner)));
    return outer;
  };
  nn::Sequential saved = make(3), loaded = make(4);
  nn::save_weights(saved, path("nested.weights"));
  const std::string bytes = read_bytes(path("nested.weights"));
  EXPECT_NE(bytes.find("\n1 Sequential W 5 4\n"), std::string::npos) << bytes.substr(0, 400);
  EXPECT_NE(bytes.find("\n1 BatchNorm(5) running_var 5 1\n"), std::string::npos);
  nn::load_weights(loaded, path("nested.weights"));
  const arma::mat X = nn::global_rng().randn(2, 6, 0.0, 1.0);
  EXPECT_TRUE(bitwise_equal(saved.predict(X), loaded.predict(X)));
}

// The documented layout, checked byte for byte (values encoded independently of the reader).
TEST_F(ModelIoTest, WeightsFileHasDocumentedLayout) {
  nn::Sequential model;
  model.add<nn::Dense>(arma::mat{{1.0, -2.0}}, arma::vec{0.25});
  model.add<nn::Sigmoid>();
  model.add<nn::BatchNorm>(1);
  nn::save_weights(model, path("tiny.weights"));
  std::string expected =
      "nn-lectures weights v1\n"
      "parameters 4\n"
      "0 Dense(2 -> 1) W 1 2\n"
      "0 Dense(2 -> 1) b 1 1\n"
      "2 BatchNorm(1) gamma 1 1\n"
      "2 BatchNorm(1) beta 1 1\n"
      "buffers 2\n"
      "2 BatchNorm(1) running_mean 1 1\n"
      "2 BatchNorm(1) running_var 1 1\n"
      "values 7 float64 little-endian column-major\n";
  for (double x : {1.0, -2.0, 0.25, 1.0, 0.0, 0.0, 1.0}) expected += le_bytes(x);
  EXPECT_EQ(read_bytes(path("tiny.weights")), expected);
  EXPECT_EQ(le_bytes(1.0), std::string("\0\0\0\0\0\0\xf0\x3f", 8));
}

// make_model's file: 53 parameter values (W 5x4, b 5, gamma 5, beta 5, W 3x5, b 3) and 10 buffer
// values (running mean and variance, 5 each): 63 values, 504 bytes of data.
TEST_F(ModelIoTest, LoadWeightsFromMissingFileOrDirectoryThrows) {
  nn::Sequential model = make_model(99);
  EXPECT_TRUE(load_fails_into(model, path("nowhere.weights"), {"no such file"}));
  EXPECT_TRUE(load_fails_into(model, dir_.string(), {"is a directory"}));
}

TEST_F(ModelIoTest, LoadWeightsWithWrongMagicThrows) {
  const std::string good = saved_bytes();
  std::string flipped = good;
  flipped[3] ^= 0x01;  // "nn-lectures" -> "nn-mectures"
  EXPECT_TRUE(load_fails(flipped, {"not an nn-lectures weights file", "'nn-mectures weights v1'"}));
  EXPECT_TRUE(load_fails(replaced(good, "weights v1", "weights v2"),
                         {"unsupported format version 'v2'", "reads 'v1'"}));
  EXPECT_TRUE(load_fails("", {"header truncated", "line 1", "magic line", "end of the file"}));
  EXPECT_TRUE(load_fails(std::string(5000, '\x01'),
                         {"line 1 is not a header line", "\\x01\\x01", "more than 4096 bytes"}));
  EXPECT_TRUE(load_fails("P5\n28 28\n255\n", {"not an nn-lectures weights file", "'P5'"}));
}

TEST_F(ModelIoTest, LoadWeightsTruncatedHeaderThrows) {
  const std::string good = saved_bytes();
  const std::size_t header = data_offset(good);
  // at the start of each header line, and in the middle of each
  std::size_t cuts = 0;
  for (std::size_t start = 0; start < header; start = good.find('\n', start) + 1) {
    const std::size_t end = good.find('\n', start);
    const std::string line_no = "line " + std::to_string(cuts + 1);
    EXPECT_TRUE(load_fails(good.substr(0, start),
                           {"header truncated", line_no, "found the end of the file"}))
        << "cut at " << start;
    EXPECT_TRUE(load_fails(good.substr(0, (start + end) / 2),
                           {"header truncated", "ends inside " + line_no}))
        << "cut at " << (start + end) / 2;
    ++cuts;
  }
  EXPECT_EQ(cuts, 12u);  // magic, parameters 6, 6 lines, buffers 2, 2 lines, values
}

TEST_F(ModelIoTest, LoadWeightsTruncatedDataThrows) {
  const std::string good = saved_bytes();
  const std::size_t header = data_offset(good);
  ASSERT_EQ(good.size(), header + 504);
  const std::string declared =
      "the header declares 63 values (504 bytes) after its " + std::to_string(header) + " bytes";
  for (std::size_t found : {0, 1, 8, 100, 424, 503})
    EXPECT_TRUE(load_fails(
        good.substr(0, header + found),
        {"data truncated", declared, "the file has " + std::to_string(found) + " bytes there"}))
        << found << " data bytes";
}

TEST_F(ModelIoTest, LoadWeightsWithTrailingGarbageThrows) {
  const std::string good = saved_bytes();
  EXPECT_TRUE(
      load_fails(good + "x", {"1 trailing bytes after the data", "504 bytes", "505 bytes there"}));
  EXPECT_TRUE(load_fails(good + good, {std::to_string(good.size()) + " trailing bytes"}));
}

TEST_F(ModelIoTest, LoadWeightsWithWrongParameterCountThrows) {
  nn::Sequential small;  // no batch norm: 4 parameters, 0 buffers
  small.add<nn::Dense>(4, 5);
  small.add<nn::ReLU>();
  small.add<nn::Dense>(5, 3);
  nn::save_weights(small, path("small.weights"));
  EXPECT_TRUE(load_fails(read_bytes(path("small.weights")),
                         {"the file has 4 parameters, the model has 6"}));
  EXPECT_TRUE(load_fails(replaced(saved_bytes(), "\nbuffers 2\n", "\nbuffers 0\n"),
                         {"the file has 0 buffers, the model has 2", "batch-norm"}));
}

TEST_F(ModelIoTest, LoadWeightsWithWrongShapeThrows) {
  nn::Sequential wider = make_model(1, 7);
  nn::save_weights(wider, path("wider.weights"));
  EXPECT_TRUE(load_fails(read_bytes(path("wider.weights")),
                         {"parameter 0 (Dense(4 -> 5).W): file has 7 x 4, model has 5 x 4",
                          "the file's layer is 'Dense(4 -> 7)'"}));
  EXPECT_TRUE(load_fails(replaced(saved_bytes(), " running_var 5 1\n", " running_var 1 5\n"),
                         {"buffer 1 (BatchNorm(5).running_var): file has 1 x 5, model has 5 x 1"}));
}

TEST_F(ModelIoTest, LoadWeightsWithWrongNamesThrows) {
  const std::string good = saved_bytes();
  EXPECT_TRUE(load_fails(
      replaced(good, " gamma ", " alpha "),
      {"parameter 2 (BatchNorm(5).gamma): the file has 'alpha' there, the model has 'gamma'"}));
  EXPECT_TRUE(
      load_fails(replaced(good, "\n3 Dense(5 -> 3) b", "\n3 Dense(5 -> 4) b"),
                 {"parameter 5 (Dense(5 -> 3).b): the file has it in layer 3 'Dense(5 -> 4)', "
                  "the model in layer 3 'Dense(5 -> 3)'"}));
  EXPECT_TRUE(load_fails(replaced(good, "\n0 Dense(4 -> 5) b", "\n2 Dense(4 -> 5) b"),
                         {"parameter 1 (Dense(4 -> 5).b): the file has it in layer 2"}));
  // a layer inserted in the model moves the indices even when it has no parameters
  nn::Sequential shifted;
  shifted.add<nn::Dense>(4, 5);
  shifted.add<nn::BatchNorm>(5);
  shifted.add<nn::ReLU>();
  shifted.add<nn::ReLU>();
  shifted.add<nn::Dense>(5, 3);
  EXPECT_TRUE(load_fails_into(
      shifted, write_bytes("g.weights", good),
      {"parameter 4 (Dense(5 -> 3).W): the file has it in layer 3", "the model in layer 4"}));
}

TEST_F(ModelIoTest, LoadWeightsWithMalformedHeaderThrows) {
  const std::string good = saved_bytes();
  EXPECT_TRUE(load_fails(replaced(good, "parameters 6", "parameters six"),
                         {"line 2 should be 'parameters <count>', found 'parameters six'"}));
  EXPECT_TRUE(
      load_fails(replaced(good, "parameters 6", "parameters -6"), {"found 'parameters -6'"}));
  EXPECT_TRUE(
      load_fails(replaced(good, " W 5 4\n", " W 5 four\n"),
                 {"line 3 should be the line of parameter 0", "found '0 Dense(4 -> 5) W 5 four'"}));
  EXPECT_TRUE(load_fails(replaced(good, "0 Dense(4 -> 5) W 5 4\n", "0 W 5 4\n"),
                         {"line 3", "found '0 W 5 4'"}));
  EXPECT_TRUE(load_fails(
      replaced(good, "values 63 ", "values 64 "),
      {"line 12 should be 'values 63 float64 little-endian column-major'", "found 'values 64"}));
  EXPECT_TRUE(load_fails(replaced(good, "little-endian", "big-endian"),
                         {"found 'values 63 float64 big-endian"}));
  // one spelling per number: a leading zero is malformed, so a file that loads is exactly what
  // save_weights writes (the fuzz target checks that round trip)
  EXPECT_TRUE(
      load_fails(replaced(good, "parameters 6", "parameters 06"), {"found 'parameters 06'"}));
  EXPECT_TRUE(load_fails(replaced(good, " W 5 4\n", " W 05 4\n"),
                         {"line 3", "found '0 Dense(4 -> 5) W 05 4'"}));
}

TEST_F(ModelIoTest, LoadWeightsWithNonFiniteValuesThrows) {
  const std::string good = saved_bytes();
  const std::size_t data = data_offset(good);
  const auto with_value = [&](std::size_t k, double x) {
    return good.substr(0, data + 8 * k) + le_bytes(x) + good.substr(data + 8 * k + 8);
  };
  EXPECT_TRUE(load_fails(with_value(22, std::nan("")),
                         {"parameter 1 (Dense(4 -> 5).b): non-finite value nan at (2, 0)"}));
  EXPECT_TRUE(load_fails(with_value(7, -HUGE_VAL),
                         {"parameter 0 (Dense(4 -> 5).W): non-finite value -inf at (2, 1)"}));
  // the very last value: every parameter is decoded by then, and still nothing may change
  EXPECT_TRUE(load_fails(with_value(62, HUGE_VAL),
                         {"buffer 1 (BatchNorm(5).running_var): non-finite value inf at (4, 0)"}));
  EXPECT_TRUE(load_fails(
      with_value(60, -0.5),
      {"buffer 1 (BatchNorm(5).running_var): negative running variance -0.5 at (2, 0)"}));
}

TEST_F(ModelIoTest, SaveWeightsRefusesNonFiniteValuesAndKeepsTheOldFile) {
  nn::Sequential model = make_model(1);
  nn::save_weights(model, path("m.weights"));
  const std::string before = read_bytes(path("m.weights"));
  model.parameters()[3]->value(4, 0) = std::nan("");
  try {
    nn::save_weights(model, path("m.weights"));
    FAIL() << "did not throw";
  } catch (const nn::DataError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "parameter 3 (BatchNorm(5).beta): non-finite value nan at (4, 0)"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(path("m.weights")), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_bytes(path("m.weights")), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ModelIoTest, SaveWeightsRefusesNamesTheHeaderCannotHold) {
  nn::Sequential model = make_model(1);
  model.parameters()[0]->name = "my W";
  EXPECT_THROW(nn::save_weights(model, path("m.weights")), nn::DataError);
  model.parameters()[0]->name = "";
  EXPECT_THROW(nn::save_weights(model, path("m.weights")), nn::DataError);
  EXPECT_FALSE(fs::exists(path("m.weights")));
}

TEST_F(ModelIoTest, SaveWeightsToUnwritablePathThrows) {
  nn::Sequential model = make_model(1);
  const std::string in_missing_dir = path("no/such/dir/m.weights");
  try {
    nn::save_weights(model, in_missing_dir);
    FAIL() << "did not throw";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(in_missing_dir), std::string::npos) << msg;
    EXPECT_NE(msg.find("cannot open its directory"), std::string::npos) << msg;
    EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
  }
  fs::create_directory(path("a_directory"));
  try {
    nn::save_weights(model, path("a_directory"));
    FAIL() << "did not throw";
  } catch (const nn::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path("a_directory")), std::string::npos) << msg;
    EXPECT_NE(msg.find("is a directory"), std::string::npos) << msg;
  }
  EXPECT_TRUE(
      nn_test::ThrowsDataError([&] { nn::save_weights(model, ""); }, {"the path is empty"}));
  EXPECT_TRUE(nn_test::ThrowsDataError([&] { nn::save_weights(model, path("a_directory") + "/"); },
                                       {"directory"}));
  // no temporary file left behind
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ModelIoTest, SaveWeightsReplacesAnExistingFileWhole) {
  nn::Sequential first = make_model(1, 7), second = make_model(2);
  nn::save_weights(first, path("m.weights"));
  nn::save_weights(second, path("m.weights"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
  nn::Sequential loaded = make_model(3);
  nn::load_weights(loaded, path("m.weights"));
  EXPECT_TRUE(same_snapshot(snapshot(second), snapshot(loaded)));
  EXPECT_EQ(fs::status(path("m.weights")).permissions() & fs::perms::others_read,
            fs::perms::others_read);
}

// The names in the test's directory, sorted.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(ModelIoTest, SaveReusesAndSoRemovesTheTemporaryFileACrashLeft) {
  // a crash mid-save leaves the temporary file: its name is derived from the target, so the next
  // save truncates, rewrites and renames it (before: a new random name every time, never removed)
  nn::Sequential model = make_model(1);
  write_bytes("m.weights.nn-save", std::string(100000, 'x'));  // what a kill -9 leaves
  nn::save_weights(model, path("m.weights"));
  EXPECT_EQ(listing(dir_), (std::vector<std::string>{"m.weights"}));
  nn::Sequential loaded = make_model(3);
  nn::load_weights(loaded, path("m.weights"));
  EXPECT_TRUE(same_snapshot(snapshot(model), snapshot(loaded)));
}

TEST_F(ModelIoTest, KilledSavesLeaveTheOldOrNewFileAndAtMostOneTemporaryFile) {
  // 12 saves of an 18 MB model killed (SIGKILL) at staggered moments: after each, the file at the
  // target loads (old or new model, whole) and at most one other file exists; the next save cleans
  // up
  nn::set_seed(5);
  nn::Sequential big;
  big.add<nn::Dense>(1500, 1500);
  nn::save_weights(big, path("big.weights"));
  const std::string old_bytes = read_bytes(path("big.weights"));
  for (int k = 0; k < 12; ++k) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (nn::Parameter* p : big.parameters()) p->value.fill(static_cast<double>(k + 1));
      try {
        for (;;) nn::save_weights(big, path("big.weights"));  // until killed
      } catch (...) {
        _exit(1);
      }
    }
    ::usleep(static_cast<useconds_t>(2000 + 7919 * k % 40000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    const std::vector<std::string> names = listing(dir_);
    ASSERT_LE(names.size(), 2u);
    ASSERT_TRUE(std::find(names.begin(), names.end(), "big.weights") != names.end());
    if (names.size() == 2) EXPECT_EQ(names[1], "big.weights.nn-save");
    nn::Sequential loaded;
    loaded.add<nn::Dense>(1500, 1500);
    ASSERT_NO_THROW(nn::load_weights(loaded, path("big.weights"))) << "after kill " << k;
    // the original model, or one whole model a child saved (all values k' + 1 for some k' <= k)
    const arma::mat& W = loaded.parameters()[0]->value;
    const double w = W(0, 0);
    const bool original = bitwise_equal(W, big.parameters()[0]->value);
    const bool whole_new =
        w >= 1 && w <= k + 1 && w == std::floor(w) && arma::all(arma::vectorise(W) == w);
    EXPECT_TRUE(original || whole_new)
        << "after kill " << k << ": neither the old model nor a whole new one";
  }
  nn::save_weights(big, path("big.weights"));
  EXPECT_EQ(listing(dir_), (std::vector<std::string>{"big.weights"}));
  EXPECT_EQ(read_bytes(path("big.weights")), old_bytes);
}

TEST_F(ModelIoTest, LongFileNamesSaveWithAShortTemporaryName) {
  // a legal 250-byte (and 255-byte) name: before, "<name>.tmp-XXXXXX" was too long to create
  nn::Sequential model = make_model(1);
  for (std::size_t n : {250u, 255u}) {
    const std::string name(n - 8, 'w');
    const std::string p = path(name + ".weights");
    nn::save_weights(model, p);
    nn::save_weights(model, p);
    EXPECT_EQ(listing(dir_), (std::vector<std::string>{name + ".weights"}));
    nn::Sequential loaded = make_model(3);
    nn::load_weights(loaded, p);
    EXPECT_TRUE(same_snapshot(snapshot(model), snapshot(loaded)));
    // the short name is derived from the long one: a stale one is reused by the next save
    fs::remove(p);
  }
}

TEST_F(ModelIoTest, SaveWritesThroughASymbolicLinkToItsTarget) {
  // before: the rename replaced the link itself with a regular file
  fs::create_directory(dir_ / "store");
  nn::Sequential first = make_model(1), second = make_model(2);
  nn::save_weights(first, path("store/real.weights"));
  fs::create_symlink("store/real.weights", dir_ / "link.weights");
  fs::create_symlink("link.weights", dir_ / "link2.weights");  // a chain of links
  nn::save_weights(second, path("link2.weights"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.weights"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link2.weights"));
  nn::Sequential loaded = make_model(3);
  nn::load_weights(loaded, path("store/real.weights"));
  EXPECT_TRUE(same_snapshot(snapshot(second), snapshot(loaded)));
  EXPECT_EQ(listing(dir_ / "store"), (std::vector<std::string>{"real.weights"}));
  // a dangling link: the file it names is created
  fs::create_symlink("store/new.weights", dir_ / "dangling.weights");
  nn::save_weights(first, path("dangling.weights"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "store/new.weights"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.weights"));
  // a loop is an error naming it
  fs::create_symlink("loop-b", dir_ / "loop-a");
  fs::create_symlink("loop-a", dir_ / "loop-b");
  EXPECT_TRUE(nn_test::ThrowsDataError([&] { nn::save_weights(first, path("loop-a")); },
                                       {path("loop-a"), "symbolic-link loop"}));
}

TEST_F(ModelIoTest, SaveRefusesToReplaceWhatIsNotARegularFile) {
  nn::Sequential model = make_model(1);
  const std::string fifo = path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_TRUE(nn_test::ThrowsDataError([&] { nn::save_weights(model, fifo); },
                                       {fifo, "FIFO", "regular files only"}));
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(listing(dir_), (std::vector<std::string>{"fifo"}));
  // a symbolic link or a FIFO planted at the temporary name is not written through
  fs::create_symlink("elsewhere", dir_ / "m.weights.nn-save");
  EXPECT_TRUE(nn_test::ThrowsDataError([&] { nn::save_weights(model, path("m.weights")); },
                                       {"m.weights.nn-save", "symbolic link"}));
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere"));
}

TEST_F(ModelIoTest, ConcurrentSaveToTheSameFileIsRefusedNotMixed) {
  nn::Sequential model = make_model(1);
  nn::save_weights(model, path("m.weights"));
  // another save in progress holds the lock on the temporary file
  const int fd = ::open(path("m.weights.nn-save").c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  EXPECT_TRUE(nn_test::ThrowsDataError([&] { nn::save_weights(model, path("m.weights")); },
                                       {"another save", "in progress"}));
  ::close(fd);
  nn::save_weights(model, path("m.weights"));
  EXPECT_EQ(listing(dir_), (std::vector<std::string>{"m.weights"}));
}

TEST_F(ModelIoTest, SaveKeepsTheModeOfAnExistingFile) {
  nn::Sequential model = make_model(1);
  nn::save_weights(model, path("m.weights"));
  EXPECT_EQ(fs::status(path("m.weights")).permissions(), static_cast<fs::perms>(0644));
  fs::permissions(path("m.weights"), static_cast<fs::perms>(0600));
  nn::save_weights(model, path("m.weights"));
  EXPECT_EQ(fs::status(path("m.weights")).permissions(), static_cast<fs::perms>(0600));
}

TEST_F(ModelIoTest, LoadWeightsRefusesAFifoWithoutBlocking) {
  alarm(20);  // before: the ifstream's open blocked forever; a hang now fails by SIGALRM
  const std::string fifo = path("fifo.weights");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  nn::Sequential model = make_model(1);
  EXPECT_TRUE(load_fails_into(model, fifo, {"FIFO"}));
  alarm(0);
}

}  // namespace
