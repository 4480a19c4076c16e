// End-to-end tests of `riskgrid batch`: runs, comparison files, early errors, and kill -9 then --resume.
#include <gtest/gtest.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;
// Sorted by name, the batch runs baseline, storm, storm_sweep-factor4, storm_sweep-factor8.
const std::vector<std::string> kRuns{"baseline", "storm", "storm_sweep-factor4", "storm_sweep-factor8"};
constexpr int kGrids = 45;

class BatchCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_batch_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "scenarios");
    const std::string district = kScenarios + "/putuo/district.yaml";
    std::ofstream(dir_ / "scenarios" / "baseline.yaml")
        << "name: baseline\ndistrict: " << district
        << "\nseed: 20261101\nhorizon: {start: 2026-11-01, days: 7, bin: day}\ntraining: {weeks: 12}\n";
    std::ofstream(dir_ / "scenarios" / "storm.yaml")
        << "extends: " << kScenarios << "/putuo/typhoon.yaml\nname: storm\n";
    std::ofstream(dir_ / "scenarios" / "sweep.yaml")
        << "extends: storm.yaml\nname: storm_sweep\nsweep:\n  drills[0].factor: [4, 8]\n";
    // Not scenarios: the batch must skip them.
    std::ofstream(dir_ / "scenarios" / "notes.yaml") << "text: not a scenario\n";
    std::ofstream(dir_ / "scenarios" / "district.yaml") << "name: x\n";
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string scenarios() { return (dir_ / "scenarios").string(); }
  static inline fs::path dir_;
};

std::string read_file(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

/// The fields of a comparison.csv line (no field there holds a comma).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (line.ends_with(',')) fields.emplace_back();
  return fields;
}

TEST(BatchHandling, ComparesTheOnTimeShareAndOverdueCasesOfEachRunWithTheBaseline) {
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_batch_handling_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string putuo = kScenarios + "/putuo/";
  std::ofstream(dir / "base.yaml") << "extends: " << putuo
                                   << "response_baseline.yaml\nname: base\nhorizon: {start: 2026-11-01, days: 5}\n";
  std::ofstream(dir / "cut.yaml") << "extends: " << putuo
                                  << "staff_cut_sweep.yaml\nname: cut\nhorizon: {start: 2026-11-01, days: 5}\n"
                                     "sweep:\n  response.staff.changes[0].factor: [0.75, 0.4]\n";
  const auto r = riskgrid("batch " + (dir / "base.yaml").string() + " " + (dir / "cut.yaml").string() +
                          " --baseline base --replicas 6 --threads 2 --quiet --out " + (dir / "out").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("case handling: on time"), std::string::npos) << r.output;
  std::istringstream csv(read_file(dir / "out" / "comparison.csv"));
  std::string line;
  std::getline(csv, line);
  std::map<std::string, double> share_sum, overdue;  // run -> over the grids
  double base_share_sum = 0;
  while (std::getline(csv, line)) {
    const std::vector<std::string> f = csv_fields(line);
    ASSERT_EQ(f.size(), 13u) << line;
    for (std::size_t i = 9; i < 13; ++i) ASSERT_FALSE(f[i].empty()) << line;
    const double base_share = std::stod(f[9]), drill_share = std::stod(f[10]);
    EXPECT_TRUE(base_share > 0.5 && base_share <= 1) << line;
    EXPECT_TRUE(drill_share >= 0 && drill_share <= 1) << line;
    share_sum[f[0]] += drill_share;
    overdue[f[0]] += std::stod(f[12]);
    if (f[0] == "cut-factor0p75") base_share_sum += base_share;
  }
  ASSERT_EQ(share_sum.size(), 2u);
  // Staff matter, and each run of the sweep is its own: with 40% of the staff fewer cases close on
  // time than with 75% (five days are too short for many to run overdue).
  EXPECT_LT(share_sum["cut-factor0p4"], share_sum["cut-factor0p75"] - 0.5 / 100 * kGrids);
  EXPECT_LE(share_sum["cut-factor0p75"], base_share_sum);
  EXPECT_GE(overdue["cut-factor0p4"], overdue["cut-factor0p75"]);
  fs::remove_all(dir);
}

TEST_F(BatchCommand, RunsEveryRunAndWritesTheComparison) {
  const fs::path out = dir_ / "all";
  const auto r = riskgrid("batch " + scenarios() + " --replicas 30 --threads 2 --quiet --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& run : kRuns) {
    EXPECT_TRUE(fs::exists(out / run / "results.h5")) << run;
    EXPECT_TRUE(fs::exists(out / run / ".done")) << run;
    EXPECT_EQ(fs::exists(out / run / "compare.png"), run != "baseline") << run;
  }
  EXPECT_TRUE(fs::exists(out / "comparison.h5"));
  EXPECT_NE(r.output.find("storm against baseline — top 5 grids by increase in excess over normal"), std::string::npos)
      << r.output;
  std::istringstream csv(read_file(out / "comparison.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line,
            "run,grid,town,baseline_per_day,drill_per_day,change,change_pct,excess_change,rank,"
            "baseline_on_time_share,drill_on_time_share,baseline_overdue_end,drill_overdue_end");
  int rows = 0, first_ranks = 0;
  while (std::getline(csv, line)) {
    ++rows;
    EXPECT_EQ(line.rfind("baseline,", 0), std::string::npos) << "the baseline is not compared with itself";
    const std::vector<std::string> fields = csv_fields(line);
    ASSERT_EQ(fields.size(), 13u) << line;
    if (fields[8] == "1") ++first_ranks;
    EXPECT_EQ(fields[9] + fields[10] + fields[11] + fields[12], "") << "no case handling: empty, not 0";
  }
  EXPECT_EQ(rows, 3 * kGrids);
  EXPECT_EQ(first_ranks, 3);  // one top grid per drill run
  const auto h5 = run_command("h5dump -H -A 0 " + (out / "comparison.h5").string());
  for (const char* dataset : {"drill_per_day", "change", "change_pct", "excess_change", "rank", "run", "unit"})
    EXPECT_NE(h5.output.find(std::string("DATASET \"") + dataset + "\""), std::string::npos) << h5.output;
}

TEST_F(BatchCommand, BadScenarioOrBaselineStopsBeforeAnyRun) {
  const fs::path bad = dir_ / "bad";
  fs::create_directories(bad);
  fs::copy_file(dir_ / "scenarios" / "baseline.yaml", bad / "a.yaml");
  std::ofstream(bad / "b.yaml") << "name: b\ndistrict: " << kScenarios
                                << "/putuo/district.yaml\nhorizon: {start: 2026-11-01, days: 3}\ndrils: []\n";
  const fs::path out = dir_ / "bad_out";
  auto r = riskgrid("batch " + bad.string() + " --replicas 30 --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("b.yaml:4:1"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  r = riskgrid("batch " + (bad / "a.yaml").string() + " --baseline basline --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no run named \"basline\""), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(BatchCommand, ResumeKeepsOnlyRunsWhoseMarkerMatches) {
  const fs::path out = dir_ / "marker";
  const std::string base = "batch " + (dir_ / "scenarios" / "baseline.yaml").string() + " --out " + out.string();
  ASSERT_EQ(riskgrid(base + " --replicas 30 --quiet").exit_code, 0);
  const std::string marker = read_file(out / "baseline" / ".done");
  EXPECT_TRUE(marker.starts_with("scenario_sha256 ") && marker.ends_with("\nreplicas 30\n")) << marker;
  auto r = riskgrid(base + " --replicas 30 --resume");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("baseline: finished earlier, kept"), std::string::npos) << r.output;
  r = riskgrid(base + " --replicas 31 --resume");  // another replica count: the marker no longer matches
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("kept"), std::string::npos) << r.output;
  EXPECT_NE(read_file(out / "baseline" / ".done").find("replicas 31\n"), std::string::npos);
  fs::remove(out / "baseline" / ".done");  // as if killed before the marker: redone
  r = riskgrid(base + " --replicas 31 --resume");
  EXPECT_EQ(r.output.find("kept"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out / "baseline" / ".done"));
}

/// Starts `riskgrid batch` as a real child process; returns its pid.
pid_t start_batch(const std::string& scenarios, const fs::path& out) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::execl(RISKGRID_BINARY, RISKGRID_BINARY, "batch", scenarios.c_str(), "--replicas", "30", "--threads", "1",
            "--quiet", "--out", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

struct FileStamp {
  ino_t inode = 0;
  timespec mtime{};
};

FileStamp stamp(const fs::path& path) {
  struct stat s {};
  ::stat(path.c_str(), &s);
  return {s.st_ino, s.st_mtim};
}

TEST_F(BatchCommand, KilledBatchResumesToTheSameFiles) {
  const fs::path out = dir_ / "killed";
  const pid_t pid = start_batch(scenarios(), out);
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (!fs::exists(out / kRuns[0] / ".done") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(fs::exists(out / kRuns[0] / ".done"));
  EXPECT_FALSE(fs::exists(out / "comparison.csv")) << "killed after the first run, long before the comparison";
  const FileStamp kept = stamp(out / kRuns[0] / "results.h5");

  const auto resumed = riskgrid("batch " + scenarios() + " --replicas 30 --threads 1 --resume --out " + out.string());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("baseline: finished earlier, kept"), std::string::npos) << resumed.output;
  const FileStamp after = stamp(out / kRuns[0] / "results.h5");
  EXPECT_EQ(after.inode, kept.inode);
  EXPECT_EQ(after.mtime.tv_sec, kept.mtime.tv_sec);
  EXPECT_EQ(after.mtime.tv_nsec, kept.mtime.tv_nsec);

  const fs::path whole = dir_ / "whole";
  const auto r = riskgrid("batch " + scenarios() + " --replicas 30 --threads 2 --quiet --out " + whole.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& run : kRuns) {
    const auto diff = run_command("h5diff -r " + (out / run / "results.h5").string() + " " +
                                  (whole / run / "results.h5").string() + " /scenarios /scenarios");
    EXPECT_EQ(diff.exit_code, 0) << run << "\n" << diff.output;
    for (const auto& entry : fs::directory_iterator(out / run))
      EXPECT_EQ(entry.path().extension() == ".tmp", false) << entry.path();
  }
  EXPECT_EQ(read_file(out / "comparison.csv"), read_file(whole / "comparison.csv"));
  EXPECT_EQ(
      run_command("h5diff " + (out / "comparison.h5").string() + " " + (whole / "comparison.h5").string()).exit_code,
      0);
}

}  // namespace
}  // namespace riskgrid
