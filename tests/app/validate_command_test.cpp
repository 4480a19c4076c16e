// End-to-end tests of `riskgrid validate` and of `riskgrid run --sweep-index`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;

class ValidateCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_validate_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  static inline fs::path dir_;
};

/// The shipped scenario files: everything in scenarios/putuo/*.yaml but the district's own files.
std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kScenarios + "/putuo")) {
    const std::string stem = entry.path().stem().string();
    if (entry.path().extension() != ".yaml" || stem == "district" || stem == "categories" || stem == "synth" ||
        stem == "towns" || stem == "history.params")
      continue;
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(ValidateCommand, EveryShippedScenarioIsOk) {
  const std::vector<std::string> files = shipped_scenarios();
  ASSERT_GE(files.size(), 5u);
  std::string arguments = "validate";
  for (const auto& f : files) arguments += " " + f;
  const auto r = riskgrid(arguments);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const auto& f : files) {
    const std::string runs = f.ends_with("typhoon_sweep.yaml")     ? " (3 runs)"
                             : f.ends_with("staff_cut_sweep.yaml") ? " (5 runs)"
                                                                   : " (1 run)";
    EXPECT_NE(r.output.find("ok " + f + runs), std::string::npos) << r.output;
  }
}

TEST_F(ValidateCommand, UnknownDrillCategoryIsAUsageErrorWithFileAndLine) {
  const std::string bad = write("bad.yaml", "name: bad\ndistrict: " + kScenarios + "/putuo/district.yaml\n" +
                                                "horizon: {start: 2026-11-01, days: 3}\n"
                                                "drills:\n  - {name: rain, factor: 2, categories: [municipl]}\n");
  const auto r = riskgrid("validate " + kScenarios + "/putuo/typhoon.yaml " + bad);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("ok " + kScenarios + "/putuo/typhoon.yaml (1 run)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:5:5: drill 'rain': unknown category \"municipl\" (did you mean 'municipal'?)"),
            std::string::npos)
      << r.output;
}

TEST_F(ValidateCommand, MissingFilesAreAUsageError) {
  EXPECT_EQ(riskgrid("validate").exit_code, 2);
  EXPECT_EQ(riskgrid("validate " + (dir_ / "absent.yaml").string()).exit_code, 4);
}

TEST_F(ValidateCommand, RunPicksOneRunOfASweepWithSweepIndex) {
  const std::string sweep = write("small_sweep.yaml", "extends: " + kScenarios + "/putuo/typhoon.yaml\n" +
                                                          "name: small\nsweep:\n  drills[0].factor: [8, 16]\n");
  const auto refused = riskgrid("run " + sweep + " --quiet --replicas 20");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("this file sweeps 2 runs"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("--sweep-index K"), std::string::npos) << refused.output;

  const fs::path out = dir_ / "sweep1";
  const auto r = riskgrid("run " + sweep + " --quiet --replicas 20 --sweep-index 1 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // The results file records the resolved run: its name and the swept factor.
  const auto text = run_command("h5dump -a /scenario " + (out / "results.h5").string());
  EXPECT_NE(text.output.find("name: small-factor16"), std::string::npos) << text.output.substr(0, 2000);
  EXPECT_NE(text.output.find("factor: 16"), std::string::npos) << text.output.substr(0, 2000);

  EXPECT_EQ(riskgrid("run " + sweep + " --quiet --replicas 20 --sweep-index 2").exit_code, 2);
}

}  // namespace
}  // namespace riskgrid
