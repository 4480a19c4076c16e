// End-to-end tests of `riskgrid` under mpirun: run, shards and batch over 2 and 3 ranks write the files
// of one process (h5diff), ranks other than 0 stay quiet, and an error ends every rank with its exit code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "two_grid_district.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::CommandResult;
using testing::riskgrid;
using testing::run_command;

const std::string kTyphoon = std::string(RISKGRID_SCENARIOS) + "/putuo/typhoon.yaml";
/// A scenario with case handling (`response:`), short enough for a dozen replicas.
const std::string kStaffCut = std::string(RISKGRID_TEST_DATA) + "/response/staff_cut_short.yaml";

/// `riskgrid ARGS` on `ranks` MPI ranks. --oversubscribe: CI machines may have fewer cores than ranks;
/// Open MPI refuses to run as root without --allow-run-as-root (CI containers run as root).
CommandResult mpirun_program(int ranks, const std::string& program, const std::string& arguments);
CommandResult mpirun(int ranks, const std::string& arguments) {
  return mpirun_program(ranks, RISKGRID_BINARY, arguments);
}

/// `program ARGS` on `ranks` MPI ranks.
CommandResult mpirun_program(int ranks, const std::string& program, const std::string& arguments) {
  const std::string root = ::geteuid() == 0 ? " --allow-run-as-root" : "";
  return run_command(std::string(RISKGRID_MPIEXEC) + " -np " + std::to_string(ranks) + " --oversubscribe" + root + " " +
                     program + " " + arguments);
}

/// The headers ("attribute: <x of </y>> and ...") of the objects `h5diff -r a b` finds different.
std::vector<std::string> differing_objects(const fs::path& a, const fs::path& b) {
  const CommandResult diff = run_command("h5diff -r " + a.string() + " " + b.string());
  std::vector<std::string> out;
  std::istringstream lines(diff.output);
  std::string line, header;
  while (std::getline(lines, line)) {
    if (line.starts_with("attribute: ") || line.starts_with("dataset: ") || line.starts_with("group: ")) header = line;
    if (line.find("differences found") != std::string::npos && !line.starts_with("0 ")) out.push_back(header);
  }
  if (diff.exit_code > 1) out.push_back("h5diff failed: " + diff.output);
  return out;
}

/// Two results files are identical but for the time they were written. That time has one-second
/// resolution, so two runs within the same second may not differ even there: `created` is left out.
void expect_same_results(const fs::path& a, const fs::path& b) {
  ASSERT_TRUE(fs::exists(a)) << a;
  ASSERT_TRUE(fs::exists(b)) << b;
  std::vector<std::string> differing = differing_objects(a, b);
  std::erase(differing, std::string("attribute: <created of </>> and <created of </>>"));
  EXPECT_EQ(differing, std::vector<std::string>{}) << a << " vs " << b;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string read_file(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

class Mpirun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_mpi_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  /// One process, 2 threads: the reference every MPI run must match.
  static fs::path single(std::uint64_t replicas) {
    const fs::path out = dir_ / ("one" + std::to_string(replicas));
    if (fs::exists(out / "results.h5")) return out / "results.h5";
    const auto r = riskgrid("run " + kTyphoon + " --quiet --threads 2 --replicas " + std::to_string(replicas) +
                            " --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out / "results.h5";
  }

  static inline fs::path dir_;
};

TEST_F(Mpirun, TwoRanksWriteTheResultsOfOneProcessAndOnlyRankZeroSpeaks) {
  const fs::path out = dir_ / "np2";
  const auto r = mpirun(2, "run " + kTyphoon + " --threads 1 --replicas 64 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_results(single(64), out / "results.h5");
  EXPECT_EQ(occurrences(r.output, "simulating 64 replicas"), 1u) << r.output;
  EXPECT_EQ(occurrences(r.output, "over 2 MPI ranks"), 1u) << r.output;
  EXPECT_EQ(occurrences(r.output, "results:  " + (out / "results.h5").string()), 1u) << r.output;
  EXPECT_TRUE(fs::exists(out / "heatmap.png"));
  EXPECT_TRUE(fs::exists(out / "report.html"));
}

TEST_F(Mpirun, ThreeRanksWithUnevenBlocksWriteTheResultsOfOneProcess) {
  // 64 = 21 + 21 + 22 replicas; each rank on 2 threads.
  const fs::path out = dir_ / "np3";
  const auto r = mpirun(3, "run " + kTyphoon + " --quiet --threads 2 --replicas 64 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_results(single(64), out / "results.h5");
}

TEST_F(Mpirun, MoreRanksThanReplicasLeavesSomeRanksIdle) {
  const fs::path out = dir_ / "np3r2";
  const auto r = mpirun(3, "run " + kTyphoon + " --quiet --threads 1 --replicas 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_results(single(2), out / "results.h5");
}

TEST_F(Mpirun, ShardsOverRanksMergeToTheSingleRun) {
  const fs::path out = dir_ / "shards";
  for (const char* k : {"1/2", "2/2"}) {
    const auto r =
        mpirun(2, "run " + kTyphoon + " --quiet --threads 1 --replicas 64 --shard " + k + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto merged = mpirun(2, "merge " + (out / "shard-1-of-2.h5").string() + " " +
                                    (out / "shard-2-of-2.h5").string() + " --quiet --out " + (out / "merged").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  expect_same_results(single(64), out / "merged" / "results.h5");
}

/// True when `results` has the case-handling group of the scenario `name`.
bool has_response(const fs::path& results, const std::string& name) {
  return run_command("h5ls " + results.string() + "/scenarios/" + name + "/response/backlog_mean").exit_code == 0;
}

TEST_F(Mpirun, CaseHandlingOverRanksIsThatOfOneProcess) {
  // 12 replicas: 6 + 6 on 2 ranks, 4 + 4 + 4 on 3; every rank's case handling must reach rank 0.
  const std::string args = "run " + kStaffCut + " --quiet --threads 1 --replicas 12 --out ";
  const auto one = riskgrid(args + (dir_ / "response_one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const fs::path reference = dir_ / "response_one" / "results.h5";
  ASSERT_TRUE(has_response(reference, "staff_cut_short"));
  for (const int ranks : {2, 3}) {
    const fs::path out = dir_ / ("response_np" + std::to_string(ranks));
    const auto r = mpirun(ranks, args + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_same_results(reference, out / "results.h5");  // /scenarios, response/ included
    EXPECT_TRUE(has_response(out / "results.h5", "staff_cut_short")) << ranks;
  }
}

TEST_F(Mpirun, CaseHandlingShardsOverRanksMergeToOneProcess) {
  const fs::path out = dir_ / "response_shards";
  for (const char* k : {"1/2", "2/2"}) {
    const auto r =
        mpirun(3, "run " + kStaffCut + " --quiet --threads 1 --replicas 12 --shard " + k + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const auto merged = riskgrid("merge " + (out / "shard-1-of-2.h5").string() + " " +
                               (out / "shard-2-of-2.h5").string() + " --quiet --out " + (out / "merged").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto one =
      riskgrid("run " + kStaffCut + " --quiet --threads 2 --replicas 12 --out " + (dir_ / "response_one_t2").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  expect_same_results(dir_ / "response_one_t2" / "results.h5", out / "merged" / "results.h5");
  EXPECT_TRUE(has_response(out / "merged" / "results.h5", "staff_cut_short"));
}

TEST_F(Mpirun, BatchOverRanksWritesTheFilesOfOneProcess) {
  const fs::path scenarios = dir_ / "batch_scenarios";
  fs::create_directories(scenarios);
  const std::string district = std::string(RISKGRID_SCENARIOS) + "/putuo/district.yaml";
  std::ofstream(scenarios / "baseline.yaml")
      << "name: baseline\ndistrict: " << district
      << "\nseed: 20261101\nhorizon: {start: 2026-11-01, days: 3, bin: day}\ntraining: {weeks: 12}\n";
  std::ofstream(scenarios / "storm.yaml") << "extends: " << kTyphoon << "\nname: storm\n";
  const std::string batch = "batch " + scenarios.string() + " --replicas 31 --threads 1 --quiet --out ";
  const auto one = riskgrid(batch + (dir_ / "batch_one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const auto three = mpirun(3, batch + (dir_ / "batch_np3").string());
  ASSERT_EQ(three.exit_code, 0) << three.output;
  for (const char* run : {"baseline", "storm"})
    expect_same_results(dir_ / "batch_one" / run / "results.h5", dir_ / "batch_np3" / run / "results.h5");
  EXPECT_EQ(read_file(dir_ / "batch_one" / "comparison.csv"), read_file(dir_ / "batch_np3" / "comparison.csv"));
  EXPECT_EQ(occurrences(three.output, "comparison: "), 1u) << three.output;
  // --resume under mpirun keeps every finished run on every rank.
  const auto resumed = mpirun(
      2, "batch " + scenarios.string() + " --replicas 31 --threads 1 --resume --out " + (dir_ / "batch_np3").string());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(occurrences(resumed.output, "finished earlier, kept"), 2u) << resumed.output;
}

TEST_F(Mpirun, AllocateOverRanksProposesWhatOneProcessProposes) {
  // The candidates' common replicas are split over the ranks (Ranks interface); the search must see
  // the same figures, hence take the same steps, as one process.
  const fs::path district = dir_ / "two_grids";
  testing::write_two_grid_district(district);
  const std::string args = "allocate " + (district / "scenario.yaml").string() + " --replicas 12 --threads 1 --out ";
  const auto one = riskgrid(args + (dir_ / "allocate_one").string());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const std::string proposal = read_file(dir_ / "allocate_one" / "allocation.csv");
  ASSERT_NE(proposal.find("staff_proposed"), std::string::npos) << proposal;
  for (const int ranks : {2, 3}) {
    const fs::path out = dir_ / ("allocate_np" + std::to_string(ranks));
    const auto r = mpirun(ranks, args + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_file(out / "allocation.csv"), proposal) << ranks << " ranks";
    EXPECT_EQ(read_file(out / "two_grids_allocated.yaml"),
              read_file(dir_ / "allocate_one" / "two_grids_allocated.yaml"));
    EXPECT_EQ(occurrences(r.output, "moves (grid:"), 1u) << r.output;  // only rank 0 prints
  }
}

TEST_F(Mpirun, AnErrorEndsEveryRankWithItsMessageOnceAndItsExitCode) {
  const auto missing = mpirun(2, "run " + (dir_ / "no_such.yaml").string() + " --quiet");
  EXPECT_EQ(missing.exit_code, 4) << missing.output;
  EXPECT_EQ(occurrences(missing.output, "no_such.yaml: no such file"), 1u) << missing.output;

  const fs::path bad = dir_ / "bad_model.yaml";
  std::ofstream(bad) << "extends: " << kTyphoon << "\nname: bad\nmodel: negbin_weekdya\n";
  const auto usage = mpirun(3, "run " + bad.string() + " --quiet --replicas 8 --out " + (dir_ / "bad").string());
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  EXPECT_EQ(occurrences(usage.output, "unknown arrival model \"negbin_weekdya\""), 1u) << usage.output;

  // Only rank 0 writes: a results folder that cannot be made fails there, after the ranks simulated.
  const fs::path blocked = dir_ / "blocked";
  std::ofstream(blocked) << "a file, not a folder\n";
  const auto io = mpirun(2, "run " + kTyphoon + " --quiet --replicas 4 --out " + (blocked / "out").string());
  EXPECT_EQ(io.exit_code, 4) << io.output;
  EXPECT_EQ(occurrences(io.output, "cannot create directory"), 1u) << io.output;
}

TEST(MpiRanks, AFailureOnOneRankEndsEveryRankWithItsMessageFromRankZero) {
  for (const int failing : {1, 2, 0}) {
    const auto r = mpirun_program(3, RISKGRID_RANK_PROBE, std::to_string(failing));
    EXPECT_EQ(r.exit_code, 3) << failing << "\n" << r.output;
    const std::string prefix = failing == 0 ? "riskgrid: " : "riskgrid: rank " + std::to_string(failing) + ": ";
    EXPECT_EQ(occurrences(r.output, prefix + "history.csv: row 7: created: expected a date"), 1u) << r.output;
    EXPECT_EQ(occurrences(r.output, "history.csv"), 1u) << r.output;  // the other ranks are quiet
    EXPECT_EQ(occurrences(r.output, "not reached"), 0u) << r.output;
  }
}

}  // namespace
}  // namespace riskgrid
