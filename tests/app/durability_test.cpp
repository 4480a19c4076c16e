// Nothing lost, nothing half-written: full disks, processes killed mid-write, stale temporaries, two
// commands in one --out folder, and a run that fails after results.h5.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "command.hpp"
#include "full_disk.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::FullDisk;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;
const std::string kBaseline = kScenarios + "/putuo/baseline.yaml";
const std::string kNasty = std::string(RISKGRID_TEST_DATA) + "/ingest/nasty/district.yaml";

class Durability : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("riskgrid_durability_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cache_ = "RISKGRID_CACHE_DIR=" + (dir_ / "cache").string() + " ";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::set<std::string> names(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) out.insert(entry.path().filename().string());
    return out;
  }
  static testing::CommandResult run(const std::string& out, const std::string& env = "") {
    return run_command(env + RISKGRID_BINARY " run " + kBaseline + " --quiet --replicas 20 --out " + out);
  }
  fs::path dir_;
  std::string cache_;
};

/// A full disk ends with exit 4 and errno's words (not a crash at exit: 139), and no file under its
/// final name.
void expect_no_space(const testing::CommandResult& r) {
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
}

TEST_F(Durability, RunOnAFullDiskExitsFourNamingTheCause) {
  const FullDisk disk(dir_ / "disk");
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  const auto r = run((disk.dir() / "out").string());
  expect_no_space(r);
  EXPECT_NE(r.output.find("results.h5: cannot write the results file"), std::string::npos) << r.output;
  EXPECT_EQ(names(disk.dir() / "out"), std::set<std::string>{});  // nor a temporary, nor the lock
}

TEST_F(Durability, BatchOnAFullDiskExitsFourNamingTheCause) {
  const FullDisk disk(dir_ / "disk");
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  const auto r = run_command(RISKGRID_BINARY " batch " + kBaseline + " " + kScenarios +
                             "/putuo/typhoon.yaml --quiet --replicas 20 --out " + (disk.dir() / "b").string());
  expect_no_space(r);
  EXPECT_FALSE(fs::exists(disk.dir() / "b" / "baseline" / "results.h5"));
}

TEST_F(Durability, IngestOnAFullDiskWritesNoStore) {
  const FullDisk disk(dir_ / "disk");
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  // The cache on the full disk: the store cannot be written.
  const auto cached = run_command("RISKGRID_CACHE_DIR=" + (disk.dir() / "cache").string() +
                                  " " RISKGRID_BINARY " ingest " + kNasty + " --max-bad-fraction 1 --out " + path("a"));
  expect_no_space(cached);
  EXPECT_NE(cached.output.find("cannot write the incident store file"), std::string::npos) << cached.output;
  EXPECT_EQ(names(disk.dir() / "cache"), std::set<std::string>{});
  // The --out folder on the full disk: neither the quarantine file nor the store.
  const auto out = run_command(cache_ + RISKGRID_BINARY " ingest " + kNasty + " --max-bad-fraction 1 --out " +
                               (disk.dir() / "b").string());
  expect_no_space(out);
  EXPECT_EQ(names(disk.dir() / "b"), std::set<std::string>{});
}

TEST_F(Durability, IngestKilledWhileCopyingTheStoreLeavesNoTruncatedStore) {
  const std::string ingest = RISKGRID_BINARY " ingest " + kNasty + " --max-bad-fraction 1 --out " + path("out");
  ASSERT_EQ(run_command(cache_ + ingest).exit_code, 0);  // fills the cache
  fs::remove(path("out/incidents.h5"));
  const auto killed = run_command(cache_ + "RISKGRID_TEST_KILL_AT=store_copy " + ingest);
  EXPECT_TRUE(killed.exit_code == -1 || killed.exit_code == 128 + 9) << killed.output;  // died of SIGKILL
  EXPECT_FALSE(fs::exists(path("out/incidents.h5")));
  std::size_t temporaries = 0;
  for (const auto& name : names(path("out"))) temporaries += name.rfind(".incidents.h5.", 0) == 0;
  EXPECT_EQ(temporaries, 1u) << "the copy's temporary, under a hidden name";
  // The next ingest there removes the dead process's temporary and writes the store whole.
  const auto again = run_command(cache_ + ingest);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(names(path("out")), (std::set<std::string>{"incidents.h5", "quarantine.csv"}));
  EXPECT_EQ(run_command("h5dump -A " + path("out/incidents.h5")).exit_code, 0);
}

TEST_F(Durability, IngestOverTheLimitStillWritesTheStoreAsDocumented) {
  const auto r =
      run_command(cache_ + RISKGRID_BINARY " ingest " + kNasty + " --max-bad-fraction 0.5 --out " + path("out"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("the store is in " + path("out/incidents.h5")), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(path("out/incidents.h5")));
  EXPECT_TRUE(fs::exists(path("out/quarantine.csv")));
}

TEST_F(Durability, ASecondCommandInAnOutFolderInUseStops) {
  const std::string out = path("out");
  {
    const io::DirLock held(out);  // this test process stands for a run in progress
    const auto r = run(out);
    EXPECT_EQ(r.exit_code, 4) << r.output;
    EXPECT_NE(r.output.find(out + " is in use by process " + std::to_string(::getpid()) + " (app_tests"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(fs::path(out) / "results.h5"));
    const auto ingest = run_command(cache_ + RISKGRID_BINARY " ingest " + kNasty + " --out " + out);
    EXPECT_EQ(ingest.exit_code, 4) << ingest.output;
    EXPECT_NE(ingest.output.find("is in use by process"), std::string::npos) << ingest.output;
  }
  const auto r = run(out);  // released: the folder is free again
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists(fs::path(out) / io::kLockFileName));
}

TEST_F(Durability, ARunRemovesTheTemporariesOfKilledWriters) {
  const std::string out = path("out");
  fs::create_directories(out);
  const std::string dead = "999999999";  // above any pid_max: no such process
  const std::string live = std::to_string(::getpid());
  for (const std::string& name : {".results.h5." + dead + ".0.tmp", "results.h5." + dead + ".0.tmp",
                                  "quarantine.csv." + dead + ".0.tmp", "risk.gpkg." + dead + ".0.tmp.gpkg",
                                  ".risk.gpkg." + dead + ".1.tmp-journal", ".summary.json." + live + ".0.tmp"})
    std::ofstream(fs::path(out) / name) << "half";
  const auto r = run(out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const auto& name : names(out)) {
    if (name.find(dead) != std::string::npos) ADD_FAILURE() << name << " left behind";
  }
  EXPECT_TRUE(fs::exists(fs::path(out) / (".summary.json." + live + ".0.tmp")));  // a live writer's
}

TEST_F(Durability, ARunKilledBetweenItsOutputsLeavesTheEarlierRunsFilesAsTheyWere) {
  const std::string out = path("out");
  ASSERT_EQ(run(out).exit_code, 0);
  const std::set<std::string> complete = names(out);
  std::ifstream summary_file(fs::path(out) / "summary.json");
  const std::string summary((std::istreambuf_iterator<char>(summary_file)), std::istreambuf_iterator<char>());
  // Killed once results.h5 and summary.json of the second run are written, before the pictures: none
  // of its files is among the first run's, which stay whole; only its hidden staging folder (and its
  // lock file) is left.
  const auto killed = run(out, "RISKGRID_TEST_KILL_AT=output:summary.json ");
  EXPECT_NE(killed.exit_code, 0);
  std::set<std::string> after = names(out);
  std::set<std::string> staging;
  for (const auto& name : after)
    if (name.starts_with(".outputs.")) staging.insert(name);
  EXPECT_EQ(staging.size(), 1u);
  for (const auto& name : staging) after.erase(name);
  after.erase(".riskgrid.lock");  // a lock file without a holder: the kernel released the lock
  EXPECT_EQ(after, complete);
  std::ifstream again(fs::path(out) / "summary.json");
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()), summary);
  // The next run in the folder removes the staging folder of the killed one.
  ASSERT_EQ(run(out).exit_code, 0);
  EXPECT_EQ(names(out), complete);
}

TEST_F(Durability, ARunThatFailsAfterResultsH5LeavesNone) {
  const std::string out = path("out");
  fs::create_directories(fs::path(out) / "report.html" / "inside");  // the last file cannot be put in place
  const auto r = run(out);
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("report.html"), std::string::npos) << r.output;
  for (const char* file : {"results.h5", "summary.json", "heatmap.png", "risk.geojson", "risk.gpkg"})
    EXPECT_FALSE(fs::exists(fs::path(out) / file)) << file;
}

}  // namespace
}  // namespace riskgrid
