// Nothing half-written, nothing left behind: temporary names, stale temporaries of killed writers,
// full disks, and the lock on an output folder.
#include "riskgrid/engine/io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "full_disk.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"

namespace riskgrid::io {
namespace {
namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("riskgrid_atomic_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_)) out.insert(entry.path().filename().string());
    return out;
  }
  static std::string read(const std::string& file) {
    std::ostringstream text;
    text << std::ifstream(file).rdbuf();
    return text.str();
  }
  /// The id of a process that has ended (a child that exits at once).
  static long dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, TemporaryIsHiddenAndKeepsNoLayerExtension) {
  const AtomicFile file(path("risk.gpkg"));
  const std::string name = fs::path(file.temp_path()).filename().string();
  EXPECT_EQ(name.front(), '.') << name;  // GIS tools list risk.gpkg.<pid>.tmp.gpkg as a layer
  EXPECT_EQ(fs::path(name).extension(), ".tmp") << name;
  EXPECT_EQ(fs::path(file.temp_path()).parent_path(), dir_);  // the same disk: rename is atomic
  long pid = 0;
  EXPECT_TRUE(is_temporary_name(name, &pid));
  EXPECT_EQ(pid, ::getpid());
}

TEST_F(AtomicFileTest, WritesWholeOrNothing) {
  write_file(path("a.txt"), "first");
  write_file(path("a.txt"), "second");
  EXPECT_EQ(read(path("a.txt")), "second");
  {
    AtomicFile file(path("b.txt"));
    file.write("never committed");
  }
  EXPECT_EQ(names(), (std::set<std::string>{"a.txt"}));
}

TEST_F(AtomicFileTest, KnowsTemporaryNamesOfThisAndOlderVersions) {
  long pid = 0;
  for (const char* name :
       {".results.h5.42.0.tmp", "results.h5.42.0.tmp", "results.h5.42.tmp", "risk.gpkg.42.3.tmp.gpkg",
        ".risk.gpkg.42.1.tmp-journal", "quarantine.csv.42.0.tmp", ".incidents-ab12.h5.42.7.tmp"}) {
    EXPECT_TRUE(is_temporary_name(name, &pid)) << name;
    EXPECT_EQ(pid, 42) << name;
  }
  for (const char* name : {"results.h5", "notes.tmp", "risk.gpkg", ".riskgrid.lock", "a.b.tmp"})
    EXPECT_FALSE(is_temporary_name(name)) << name;
}

TEST_F(AtomicFileTest, RemovesOnlyTheTemporariesOfProcessesThatAreGone) {
  const long dead = dead_pid();
  const std::string live = std::to_string(::getpid());
  const std::string gone = std::to_string(dead);
  const std::set<std::string> stale = {".results.h5." + gone + ".0.tmp", "results.h5." + gone + ".0.tmp",
                                       "risk.gpkg." + gone + ".0.tmp.gpkg", ".risk.gpkg." + gone + ".1.tmp-journal",
                                       "quarantine.csv." + gone + ".2.tmp"};
  const std::set<std::string> kept = {".results.h5." + live + ".0.tmp", "notes.tmp", "results.h5"};
  for (const auto& name : stale) std::ofstream(path(name)) << "x";
  for (const auto& name : kept) std::ofstream(path(name)) << "x";
  EXPECT_EQ(remove_stale_temporaries(dir_.string()), stale.size());
  EXPECT_EQ(names(), kept);
  EXPECT_EQ(remove_stale_temporaries(path("missing")), 0u);
}

TEST_F(AtomicFileTest, ATemporaryOlderThanTheLiveProcessOfItsPidIsStale) {
  // The parent process is alive and started before this test: a temporary under its pid written now
  // may be its own, one last written in 2001 belongs to an earlier process that had the same pid.
  const std::string parent = std::to_string(::getppid());
  const std::string reused = ".incidents.h5." + parent + ".0.tmp";
  const std::string current = ".incidents.h5." + parent + ".1.tmp";
  std::ofstream(path(reused)) << "x";
  std::ofstream(path(current)) << "x";
  fs::last_write_time(path(reused), fs::file_time_type::clock::now() - std::chrono::hours(24 * 365 * 25));
  EXPECT_EQ(remove_stale_temporaries(dir_.string()), 1u);
  EXPECT_EQ(names(), std::set<std::string>{current});
}

TEST_F(AtomicFileTest, AFullDiskNamesTheCauseAndLeavesNothing) {
  const testing::FullDisk disk(dir_ / "disk");
  if (!disk.mounted()) GTEST_SKIP() << disk.why();
  disk.fill();
  const std::string target = (disk.dir() / "summary.json").string();
  try {
    write_file(target, std::string(100000, 'x'), "the summary");
    FAIL() << "wrote to a full disk";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(target + ": cannot write the summary: No space left on device"),
              std::string::npos)
        << e.what();
  }
  // A copy too: the source is whole, the disk of the copy is full.
  write_file(path("store.h5"), std::string(100000, 's'));
  EXPECT_THROW(copy_file(path("store.h5"), (disk.dir() / "incidents.h5").string(), "the incident store"), IoError);
  std::set<std::string> left;
  for (const auto& entry : fs::directory_iterator(disk.dir())) left.insert(entry.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{".filler"}));
}

TEST_F(AtomicFileTest, CopyReportsProgressAndLandsWhole) {
  const std::string bytes(3 << 20, 'b');
  write_file(path("from"), bytes);
  int calls = 0;
  copy_file(path("from"), path("to"), "the copy", [&](std::uint64_t copied) {
    ++calls;
    EXPECT_FALSE(fs::exists(path("to")));  // a process killed here leaves no file under the final name
    EXPECT_LE(copied, bytes.size());
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(read(path("to")), bytes);
}

TEST_F(AtomicFileTest, ASecondLockOnAFolderIsRefusedNamingTheHolder) {
  const std::string out = path("out");
  {
    const DirLock lock(out);
    EXPECT_TRUE(fs::exists(fs::path(out) / kLockFileName));
    try {
      const DirLock second(out);  // another open file: flock(2) refuses it even in this process
      FAIL() << "locked twice";
    } catch (const IoError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(out + " is in use by process " + std::to_string(::getpid())), std::string::npos)
          << message;
      EXPECT_NE(message.find("engine_tests"), std::string::npos) << message;  // its command line
    }
  }
  EXPECT_FALSE(fs::exists(fs::path(out) / kLockFileName));
  const DirLock again(out);
}

TEST_F(AtomicFileTest, TheLockOfAKilledProcessIsFreeAndItsTemporariesGo) {
  const std::string out = path("out");
  fs::create_directories(out);
  const pid_t child = ::fork();
  if (child == 0) {
    const DirLock lock(out);
    std::ofstream(fs::path(out) / (".results.h5." + std::to_string(::getpid()) + ".0.tmp")) << "half";
    ::kill(::getpid(), SIGKILL);  // no destructor runs: the kernel drops the lock
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const DirLock lock(out);  // not stale
  std::set<std::string> left;
  for (const auto& entry : fs::directory_iterator(out)) left.insert(entry.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{kLockFileName}));
}

}  // namespace
}  // namespace riskgrid::io
