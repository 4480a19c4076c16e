// The risk map a planner reads (docs/risk.md) on the embedded Putuo district: a calm month is mostly
// blue and does not follow population; the typhoon turns many grids above blue, worst in the low-lying
// old housing of Caoyang and Yichuan. Read from summary.json, as a script would.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "command.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;

class RiskMap : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_riskmap_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  /// Runs a Putuo scenario and returns the figures tests/app/summary_figures.py reads off summary.json.
  static std::map<std::string, std::string> figures_of(const std::string& scenario) {
    const fs::path out = dir_ / scenario;
    const auto r =
        riskgrid("run " + kScenarios + "/putuo/" + scenario + ".yaml --quiet --replicas 100 --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto py = run_command("python3 " + std::string(RISKGRID_SOURCE_DIR) + "/tests/app/summary_figures.py " +
                                (out / "summary.json").string());
    EXPECT_EQ(py.exit_code, 0) << py.output;
    std::map<std::string, std::string> figures;
    std::istringstream lines(py.output);
    for (std::string key, value; lines >> key >> value;) figures[key] = value;
    return figures;
  }
  static inline fs::path dir_;
};

TEST_F(RiskMap, ACalmMonthIsMostlyBlueAndDoesNotFollowPopulation) {
  auto f = figures_of("baseline");
  EXPECT_EQ(f["grids"], "45");
  EXPECT_LE(std::stoi(f["above_lowest"]), 5);
  EXPECT_LT(std::stod(f["spearman_ratio_population"]), 0.5);
  EXPECT_EQ(f["ranks_in_order"], "True");
  EXPECT_EQ(f["reasons"], "True");
}

TEST_F(RiskMap, TheTyphoonShowsWhereTheStormHits) {
  auto f = figures_of("typhoon");
  EXPECT_GE(std::stoi(f["above_lowest"]), 10);
  int old_housing = 0;
  std::istringstream towns(f["top5_towns"]);
  for (std::string town; std::getline(towns, town, ',');) old_housing += town == "caoyang" || town == "yichuan";
  EXPECT_GE(old_housing, 3) << f["top5_towns"];
}

}  // namespace
}  // namespace riskgrid
