// nn::Chapter, the command line of every chapter: where the repository root is found (so data and
// plots resolve whatever the working directory), --help in words, "did you mean" for a mistyped
// flag, and errors thrown by a chapter's body turned into exit code 1 with the message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nn/app/chapter.hpp>
#include <nn/core/errors.hpp>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Sets (or unsets, with nullptr) an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_)
      ::setenv(name_.c_str(), old_.c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }

 private:
  std::string name_, old_;
  bool had_ = false;
};

// Runs `chapter` on the arguments, restoring the working directory afterwards (run moves to the
// repository root); returns the exit code, and stderr in `err`.
int run(
    nn::Chapter& chapter, std::vector<std::string> args, std::string& err,
    const std::function<void(const nn::ChapterOptions&)>& body = [](const nn::ChapterOptions&) {}) {
  const fs::path cwd = fs::current_path();
  std::vector<char*> argv;
  std::string name = "ch_test";
  argv.push_back(name.data());
  for (std::string& a : args) argv.push_back(a.data());
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  const int rc = chapter.run(static_cast<int>(argv.size()), argv.data(), body);
  testing::internal::GetCapturedStdout();
  err = testing::internal::GetCapturedStderr();
  fs::current_path(cwd);
  return rc;
}

class RepositoryRoot : public nn_test::TempDirTest {
 protected:
  RepositoryRoot() : TempDirTest("nn-chapter-root") {}
  // a minimal repository: chapters/ and nn/app/chapter.hpp, and a build folder inside it
  void make_repo(const fs::path& root) {
    fs::create_directories(root / "chapters");
    fs::create_directories(root / "nn/app");
    std::ofstream(root / "nn/app/chapter.hpp") << "// marker\n";
    fs::create_directories(root / "build/release/chapters");
  }
};

TEST_F(RepositoryRoot, FoundFromAnyFolderInside) {
  make_repo(dir_ / "clone");
  const std::string root = (dir_ / "clone").string();
  EXPECT_EQ(nn::find_repository_root((dir_ / "clone/build/release/chapters").string()), root);
  EXPECT_EQ(nn::find_repository_root((dir_ / "clone/build/release/chapters/").string()), root);
  EXPECT_EQ(nn::find_repository_root(root), root);
  EXPECT_EQ(nn::find_repository_root((dir_ / "clone/chapters").string()), root);
}

TEST_F(RepositoryRoot, NotFoundOutside) {
  make_repo(dir_ / "clone");
  fs::create_directories(dir_ / "elsewhere/deep");
  EXPECT_EQ(nn::find_repository_root((dir_ / "elsewhere/deep").string()), "");
  // a folder with chapters/ but no nn/app/chapter.hpp is not the repository
  fs::create_directories(dir_ / "other/chapters");
  EXPECT_EQ(nn::find_repository_root((dir_ / "other").string()), "");
}

TEST_F(RepositoryRoot, EnvironmentVariableWins) {
  const ScopedEnv env("NN_REPO_ROOT", dir_.c_str());
  EXPECT_TRUE(fs::equivalent(nn::repository_root(), dir_));
}

TEST_F(RepositoryRoot, EnvironmentVariableMustNameADirectory) {
  const std::string missing = (dir_ / "no-such-folder").string();
  const ScopedEnv env("NN_REPO_ROOT", missing.c_str());
  try {
    nn::repository_root();
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_TRUE(contains(e.what(), "NN_REPO_ROOT=" + missing + " is not a directory")) << e.what();
  }
  nn::Chapter chapter("00_test", "test");
  std::string err;
  EXPECT_EQ(run(chapter, {}, err), 2);
  EXPECT_TRUE(contains(err, "NN_REPO_ROOT")) << err;
}

TEST(RepositoryRootOfThisBuild, IsTheCloneTheTestsWereBuiltIn) {
  const ScopedEnv env("NN_REPO_ROOT", nullptr);
  // the test executable lives in <build>/tests/ inside the clone; its root is the source tree
  EXPECT_TRUE(fs::equivalent(nn::repository_root(), NN_SOURCE_DIR)) << nn::repository_root();
}

TEST_F(RepositoryRoot, RunMovesToTheRootAndKeepsARelativeDataDirRelativeToTheStart) {
  make_repo(dir_ / "clone");
  fs::create_directories(dir_ / "start/mine");
  const ScopedEnv env("NN_REPO_ROOT", (dir_ / "clone").c_str());
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_ / "start");
  nn::Chapter chapter("06_test", "test");
  chapter.add_data_dir("data");
  std::string err, seen_cwd, seen_data, seen_root;
  const int rc = run(chapter, {"--data-dir", "mine"}, err, [&](const nn::ChapterOptions& opt) {
    seen_cwd = fs::current_path().string();
    seen_data = opt.data_dir;
    seen_root = opt.root;
  });
  fs::current_path(cwd);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_TRUE(fs::equivalent(seen_cwd, dir_ / "clone")) << seen_cwd;
  EXPECT_TRUE(fs::equivalent(seen_root, dir_ / "clone")) << seen_root;
  EXPECT_TRUE(fs::equivalent(seen_data, dir_ / "start/mine")) << seen_data;
}

TEST(ChapterFlags, DataDirOnlyWhenTheChapterReadsData) {
  nn::Chapter plain("02_test", "test");
  EXPECT_FALSE(contains(plain.app().help(), "--data-dir"));
  std::string err;
  EXPECT_EQ(run(plain, {"--data-dir", "x"}, err), 2);
  EXPECT_TRUE(contains(err, "--data-dir: unknown flag")) << err;
  EXPECT_TRUE(contains(err, "reads no data")) << err;

  nn::Chapter reader("06_test", "test");
  reader.add_data_dir("folder of the IDX files");
  EXPECT_TRUE(contains(reader.app().help(), "--data-dir DIR")) << reader.app().help();
  EXPECT_TRUE(contains(reader.app().help(), "default data/mnist")) << reader.app().help();
}

TEST(ChapterFlags, HelpInWords) {
  nn::Chapter chapter("02_test", "A test chapter");
  int epochs = 50;
  double lr = 0.1;
  chapter.app()
      .add_option("--epochs", epochs, "training epochs")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  chapter.app()
      .add_option("--lr", lr, "learning rate")
      ->check(nn::positive_finite())
      ->capture_default_str();
  const std::string help = chapter.app().help();
  EXPECT_TRUE(contains(help, "--epochs N")) << help;
  EXPECT_TRUE(contains(help, "training epochs (1 to 100000; default 50)")) << help;
  EXPECT_TRUE(contains(help, "--lr X")) << help;
  EXPECT_TRUE(contains(help, "learning rate (> 0; default 0.1)")) << help;
  EXPECT_TRUE(contains(help, "--seed N")) << help;
  EXPECT_TRUE(contains(help, "(0 to 2^64-1; default 42)")) << help;
  EXPECT_TRUE(contains(help, "--plot png|term|none")) << help;
  EXPECT_TRUE(contains(help, "--threads N")) << help;
  EXPECT_TRUE(contains(help, "NN_REPO_ROOT")) << help;
  for (const char* garbage : {"UINT", "INT:", "FLOAT:", "TEXT", "=50", "[1 - 100000]"})
    EXPECT_FALSE(contains(help, garbage)) << garbage << " in\n" << help;
}

// nn::Chapter::add_option: --help shows each flag's range and default; nn::real_in's range.
TEST(ChapterAddOption, HelpShowsRangeAndDefault) {
  nn::Chapter chapter("10_test", "test");
  int epochs = 100;
  double decay = 1.0, lr = 0.5;
  chapter.add_option("--epochs", epochs, "epochs of the runs", nn::count_in(1, 100000));
  chapter.add_option("--decay", decay, "k of the decay", nn::real_in(0.0, 1000.0));
  chapter.add_option("--lr", lr, "learning rate", nn::positive_finite());
  const std::string help = chapter.app().help();
  EXPECT_TRUE(contains(help, "epochs of the runs (1 to 100000; default 100)")) << help;
  EXPECT_TRUE(contains(help, "k of the decay (in [0, 1000]; default 1)")) << help;
  EXPECT_TRUE(contains(help, "learning rate (> 0; default 0.5)")) << help;
}

TEST(ChapterAddOption, ValueIsSetOrRefusedWithTheRange) {
  std::string err;
  nn::Chapter ok("10_test", "test");
  double decay = 1.0;
  ok.add_option("--decay", decay, "k", nn::real_in(0.0, 1000.0));
  EXPECT_EQ(run(ok, {"--decay", "2.5"}, err), 0) << err;
  EXPECT_EQ(decay, 2.5);
  for (const char* bad : {"-1", "1000.5", "nan", "inf", "1e", "x"}) {
    nn::Chapter chapter("10_test", "test");
    double k = 1.0;
    chapter.add_option("--decay", k, "k", nn::real_in(0.0, 1000.0));
    EXPECT_EQ(run(chapter, {"--decay", bad}, err), 2) << bad;
    EXPECT_TRUE(contains(err, "--decay")) << err;
    EXPECT_TRUE(contains(err, bad)) << err;
    EXPECT_EQ(k, 1.0) << bad;
  }
  nn::Chapter range("10_test", "test");
  double k = 1.0;
  range.add_option("--decay", k, "k", nn::real_in(0.0, 1000.0));
  run(range, {"--decay", "-1"}, err);
  EXPECT_TRUE(contains(err, "must be a number in [0, 1000], got -1")) << err;
  for (const char* edge : {"0", "1000", "1e3"}) {
    nn::Chapter chapter("10_test", "test");
    double v = 5.0;
    chapter.add_option("--decay", v, "k", nn::real_in(0.0, 1000.0));
    EXPECT_EQ(run(chapter, {"--decay", edge}, err), 0) << edge << ": " << err;
  }
}

TEST(ChapterFlags, DidYouMean) {
  const std::vector<std::string> known = {"--help",           "--seed",       "--plot",
                                          "--quiet",          "--threads",    "--epochs",
                                          "--compare-epochs", "--batch-size", "--lr"};
  using V = std::vector<std::string>;
  EXPECT_EQ(nn::closest_flags("--epoch", known), V{"--epochs"});
  EXPECT_EQ(nn::closest_flags("--epochs=5", known), V{"--epochs"});
  EXPECT_EQ(nn::closest_flags("-epochs", known), V{"--epochs"});
  EXPECT_EQ(nn::closest_flags("--Seed", known), V{"--seed"});
  EXPECT_EQ(nn::closest_flags("--plt", known), V{"--plot"});
  EXPECT_EQ(nn::closest_flags("--batch", known), V{"--batch-size"});  // the only flag it starts
  EXPECT_EQ(nn::closest_flags("--bogus", known), V{});
  EXPECT_EQ(nn::closest_flags("--", known), V{});

  nn::Chapter chapter("02_test", "test");
  int epochs = 5;
  chapter.app().add_option("--epochs", epochs, "epochs");
  std::string err;
  EXPECT_EQ(run(chapter, {"--epoch", "5"}, err), 2);
  EXPECT_TRUE(contains(err, "--epoch: unknown flag; did you mean --epochs?")) << err;
  EXPECT_TRUE(contains(err, "--help")) << err;
  EXPECT_EQ(run(chapter, {"7"}, err), 2);
  EXPECT_TRUE(contains(err, "unexpected argument 7")) << err;
}

TEST(ChapterRun, ErrorsOfTheBodyExitWithOneAndTheMessage) {
  std::string err;
  nn::Chapter a("00_test", "test");
  EXPECT_EQ(
      run(a, {}, err, [](const nn::ChapterOptions&) { throw nn::ShapeError("Dense: 6 x 4"); }), 1);
  EXPECT_TRUE(contains(err, "shape error: Dense: 6 x 4")) << err;
  nn::Chapter b("00_test", "test");
  EXPECT_EQ(run(b, {}, err,
                [](const nn::ChapterOptions&) { throw nn::DataError("file.idx: truncated"); }),
            1);
  EXPECT_TRUE(contains(err, "error: file.idx: truncated")) << err;
  nn::Chapter c("00_test", "test");
  EXPECT_EQ(run(c, {}, err, [](const nn::ChapterOptions&) { throw 42; }), 1);
  EXPECT_TRUE(contains(err, "error: ")) << err;
  nn::Chapter d("00_test", "test");
  EXPECT_EQ(run(d, {}, err), 0) << err;
}

}  // namespace
