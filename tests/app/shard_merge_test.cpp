// End-to-end tests of `riskgrid run --shard k/n` and `riskgrid merge`: merged shards give the results
// of one run, and shards that do not make up one run are refused with the files named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kTyphoon = std::string(RISKGRID_SCENARIOS) + "/putuo/typhoon.yaml";

class ShardMerge : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_shard_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  /// Runs shards 1..n of typhoon with `replicas` into `folder`; returns the shard file of k.
  static std::string shard(const std::string& folder, std::uint64_t replicas, int k, int n,
                           const std::string& extra = "") {
    const auto r =
        riskgrid("run " + kTyphoon + " --quiet --threads 1 --replicas " + std::to_string(replicas) + " --shard " +
                 std::to_string(k) + "/" + std::to_string(n) + " --out " + (dir_ / folder).string() + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const std::string name = "shard-" + std::to_string(k) + "-of-" + std::to_string(n) + ".h5";
    const std::string file = (dir_ / folder / name).string();
    EXPECT_NE(r.output.find(file), std::string::npos) << r.output;
    EXPECT_TRUE(fs::exists(file));
    return file;
  }

  /// A single run and the merge of its n shards write the same results.
  static void expect_merge_equals_run(std::uint64_t replicas, int n) {
    const std::string tag = std::to_string(replicas);
    const auto single =
        riskgrid("run " + kTyphoon + " --quiet --replicas " + tag + " --out " + (dir_ / ("one" + tag)).string());
    ASSERT_EQ(single.exit_code, 0) << single.output;
    std::string files;
    for (int k = n; k >= 1; --k) files += " " + shard("shards" + tag, replicas, k, n);  // order must not matter
    EXPECT_FALSE(fs::exists(dir_ / ("shards" + tag) / "results.h5"));                   // a shard writes no results
    const auto merged = riskgrid("merge" + files + " --quiet --out " + (dir_ / ("merged" + tag)).string());
    ASSERT_EQ(merged.exit_code, 0) << merged.output;
    const auto a = (dir_ / ("one" + tag) / "results.h5").string();
    const auto b = (dir_ / ("merged" + tag) / "results.h5").string();
    for (const char* group : {"/scenarios", "/units", "/time", "/categories"}) {
      const auto diff = run_command("h5diff -r " + a + " " + b + " " + group + " " + group);
      EXPECT_EQ(diff.exit_code, 0) << group << "\n" << diff.output;
    }
    EXPECT_TRUE(fs::exists(dir_ / ("merged" + tag) / "heatmap.png"));
  }

  static inline fs::path dir_;
};

TEST_F(ShardMerge, ThreeShardsMergeToTheSingleRun) { expect_merge_equals_run(90, 3); }

TEST_F(ShardMerge, UnevenShardsMergeToTheSingleRun) { expect_merge_equals_run(91, 3); }

TEST_F(ShardMerge, CaseHandlingShardsMergeToTheSingleRun) {
  // staff_cut_short has `response:`: each shard carries its case-handling tally and merge sums them.
  const std::string scenario = std::string(RISKGRID_TEST_DATA) + "/response/staff_cut_short.yaml";
  const std::string run = "run " + scenario + " --quiet --threads 1 --replicas 12";
  const auto single = riskgrid(run + " --out " + (dir_ / "response_one").string());
  ASSERT_EQ(single.exit_code, 0) << single.output;
  std::string files;
  for (const char* k : {"1", "2", "3"}) {
    const auto r = riskgrid(run + " --shard " + k + "/3 --out " + (dir_ / "response_shards").string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string file = (dir_ / "response_shards" / ("shard-" + std::string(k) + "-of-3.h5")).string();
    EXPECT_EQ(run_command("h5ls " + file + "/response/backlog_frequency").exit_code, 0) << file;
    files += " " + file;
  }
  const auto merged = riskgrid("merge" + files + " --quiet --out " + (dir_ / "response_merged").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto a = (dir_ / "response_one" / "results.h5").string();
  const auto b = (dir_ / "response_merged" / "results.h5").string();
  const std::string group = "/scenarios/staff_cut_short/response";
  EXPECT_EQ(run_command("h5ls " + b + group + "/backlog_mean").exit_code, 0) << "no response/ in " << b;
  const auto diff = run_command("h5diff -r " + a + " " + b + " /scenarios /scenarios");
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
}

TEST_F(ShardMerge, MissingDuplicateAndMixedShardsAreInputErrorsNamingTheFiles) {
  const std::string one = shard("bad", 30, 1, 3), two = shard("bad", 30, 2, 3), three = shard("bad", 30, 3, 3);
  const std::string other = shard("seed5", 30, 2, 3, " --seed 5");
  const auto missing = riskgrid("merge " + one + " " + three + " --quiet --out " + (dir_ / "m1").string());
  EXPECT_EQ(missing.exit_code, 3) << missing.output;
  EXPECT_NE(missing.output.find("missing shard(s) 2/3"), std::string::npos) << missing.output;
  EXPECT_NE(missing.output.find(three), std::string::npos) << missing.output;
  const auto twice =
      riskgrid("merge " + one + " " + two + " " + two + " " + three + " --quiet --out " + (dir_ / "m2").string());
  EXPECT_EQ(twice.exit_code, 3) << twice.output;
  EXPECT_NE(twice.output.find("duplicate shard 2/3: " + two + " and " + two), std::string::npos) << twice.output;
  const auto mixed = riskgrid("merge " + one + " " + other + " " + three + " --quiet --out " + (dir_ / "m3").string());
  EXPECT_EQ(mixed.exit_code, 3) << mixed.output;
  EXPECT_NE(mixed.output.find("mixed scenarios: " + other), std::string::npos) << mixed.output;
  for (const char* out : {"m1", "m2", "m3"}) EXPECT_FALSE(fs::exists(dir_ / out / "results.h5")) << out;
}

TEST_F(ShardMerge, MergeRefusesAScenarioChangedSinceTheShards) {
  const auto scenario = dir_ / "changed.yaml";
  const std::string district = std::string(RISKGRID_SCENARIOS) + "/putuo/district.yaml";
  const std::string horizon = "\nhorizon: {start: 2026-11-01, days: 1}\n";
  std::ofstream(scenario) << "name: changed\ndistrict: " << district << horizon;
  const auto made =
      riskgrid("run " + scenario.string() + " --quiet --replicas 4 --shard 1/1 --out " + (dir_ / "changed").string());
  ASSERT_EQ(made.exit_code, 0) << made.output;
  std::ofstream(scenario) << "name: changed\ntitle: edited\ndistrict: " << district << horizon;
  const auto r = riskgrid("merge " + (dir_ / "changed" / "shard-1-of-1.h5").string() + " --quiet");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("changed.yaml: scenario changed since the shards were made"), std::string::npos) << r.output;
}

TEST_F(ShardMerge, BadShardOptionIsAUsageError) {
  for (const char* bad : {"4/3", "x", "0/3", "1/0", "2/3/4", "1/x"}) {
    const auto r = riskgrid("run " + kTyphoon + " --quiet --shard " + bad + " --out " + (dir_ / "usage").string());
    EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.output;
    EXPECT_NE(r.output.find("--shard"), std::string::npos) << bad << "\n" << r.output;
  }
  EXPECT_EQ(riskgrid("merge --quiet").exit_code, 2);
  EXPECT_EQ(riskgrid("merge /nonexistent/shard-1-of-2.h5 --quiet").exit_code, 4);
}

}  // namespace
}  // namespace riskgrid
