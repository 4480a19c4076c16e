// Issue 17 end to end: absurd numbers, hostile paths and silent acceptances, as `riskgrid` reports them.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;

const std::string kScenarios = RISKGRID_SCENARIOS;

class HostileInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_hostile_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  static std::string head(const std::string& district) { return "name: t\ndistrict: " + district + "\n"; }
  static inline fs::path dir_;
};

TEST_F(HostileInputs, AHundredMillionDaysIsAUsageErrorInValidateAndRunAtOnce) {
  const std::string s =
      write("days.yaml", head(kScenarios + "/putuo/district.yaml") + "horizon: {start: 2026-11-01, days: 100000000}\n");
  for (const std::string& command :
       {std::string("validate "), "run --quiet --replicas 10 --out " + (dir_ / "o").string() + " "}) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = riskgrid(command + s);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("days.yaml:3:36: horizon.days: expected days up to 3660 (ten years)"), std::string::npos)
        << r.output;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  }
}

TEST_F(HostileInputs, ADistrictThatIsADirectoryIsAnIoErrorNamingTheLine) {
  const std::string s = write("dir.yaml", head(dir_.string()) + "horizon: {start: 2026-11-01, days: 3}\n");
  const auto r = riskgrid("validate " + s);
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("dir.yaml:2:11: district: " + dir_.string() + " is a directory, not a file"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
}

TEST_F(HostileInputs, ATitleThatIsNotUtf8FailsValidateAtItsLine) {
  const std::string s = write("latin1.yaml", head(kScenarios + "/putuo/district.yaml") + "title: \"Caf\xE9\"\n" +
                                                 "horizon: {start: 2026-11-01, days: 3}\n");
  const auto r = riskgrid("validate " + s);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("latin1.yaml:3:8: text that is not valid UTF-8"), std::string::npos) << r.output;
}

TEST_F(HostileInputs, AnEmptyOutIsAUsageError) {
  const auto r = riskgrid("run " + kScenarios + "/putuo/typhoon.yaml --quiet --replicas 10 --out \"\"");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--out: expected a folder or file name, got an empty string"), std::string::npos) << r.output;
}

TEST_F(HostileInputs, AMillionRunSweepValidatesQuickly) {
  std::string values = "[";
  for (int i = 1; i <= 1000; ++i) values += (i > 1 ? ", " : "") + std::to_string(i);
  values += "]";
  const std::string s = write("million.yaml", "extends: " + kScenarios + "/putuo/typhoon.yaml\nname: million\n" +
                                                  "sweep:\n  seed: " + values + "\n  replicas: " + values + "\n");
  const auto start = std::chrono::steady_clock::now();
  const auto r = riskgrid("validate " + s);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok " + s + " (1000000 runs)"), std::string::npos) << r.output;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

}  // namespace
}  // namespace riskgrid
