// Default risk level labels follow the district's `language:` (English unless zh); a scenario's own
// risk.levels are kept as written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

class LevelLabels : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_level_labels_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Putuo's district.yaml with its `language:` line replaced by `language` (nothing when empty).
  std::string scenario(const std::string& language, const std::string& risk = "") {
    std::ifstream in(kScenarios + "/putuo/district.yaml");
    std::ostringstream district;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("language:", 0) == 0) {
        if (!language.empty()) district << "language: " << language << "\n";
        continue;
      }
      district << line << "\n";
    }
    std::ofstream(dir_ / "district.yaml") << district.str();
    std::ofstream(dir_ / "s.yaml") << "name: t\ndistrict: district.yaml\n"
                                      "horizon: {start: 2026-11-01, hours: 72, bin: hour}\n"
                                   << risk;
    return (dir_ / "s.yaml").string();
  }

  fs::path dir_;
};

TEST_F(LevelLabels, AreEnglishOutsideAChineseDistrict) {
  const ScenarioSpec spec = load_scenario(scenario(""));
  ASSERT_EQ(spec.risk.levels.size(), 4u);
  EXPECT_EQ(spec.risk.levels[3].label, "Red (major)");
  for (const auto& level : spec.risk.levels) EXPECT_EQ(level.label.find("红"), std::string::npos) << level.label;
  EXPECT_EQ(load_scenario(scenario("en")).risk.levels[0].label, "Blue (low)");
}

TEST_F(LevelLabels, AreBilingualInAChineseDistrict) {
  const ScenarioSpec spec = load_scenario(scenario("zh"));
  EXPECT_EQ(spec.risk.levels[3].label, "Red (major) 红");
  EXPECT_EQ(spec.risk.levels[1].label, "Yellow 黄");
}

TEST_F(LevelLabels, PutuoKeepsItsChineseLabels) {
  EXPECT_EQ(load_scenario(kScenarios + "/putuo/baseline.yaml").risk.levels[3].label, "Red (major) 红");
}

TEST_F(LevelLabels, KeepsTheScenariosOwnLabels) {
  const std::string risk =
      "risk:\n  levels:\n"
      "    - {name: low, label: Niedrig, color: \"#3B7DD8\"}\n    - {name: mid, color: \"#F2D43D\"}\n"
      "    - {name: high, label: Hoch, color: \"#F08C2E\"}\n    - {name: top, label: Sehr hoch, color: \"#D7263D\"}\n";
  const ScenarioSpec spec = load_scenario(scenario("zh", risk));
  EXPECT_EQ(spec.risk.levels[0].label, "Niedrig");
  EXPECT_EQ(spec.risk.levels[1].label, "mid");
}

TEST_F(LevelLabels, RejectsAnUnknownLanguageAtItsLine) {
  try {
    (void)load_scenario(scenario("fr"));
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("language"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("district.yaml"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace riskgrid::scenario
