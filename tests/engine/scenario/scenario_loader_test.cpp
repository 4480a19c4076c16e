#include "riskgrid/engine/scenario/scenario_spec.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

/// Writes a scenario next to the default district so `district: district.yaml` resolves.
class ScenarioFile : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    path_ = (fs::temp_directory_path() / fmt_name()).string();
    fs::create_directories(path_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", path_ + "/district.yaml", fs::copy_options::overwrite_existing);
    std::ofstream(path_ + "/s.yaml") << text;
    return path_ + "/s.yaml";
  }
  void TearDown() override { fs::remove_all(path_); }
  static std::string fmt_name() {
    return "riskgrid_scenario_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  std::string path_;
};

std::string error_of(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

const char* kValid = R"(name: t
district: district.yaml
horizon: {start: 2026-11-01, hours: 72, bin: hour}
drills:
  - name: rain
    categories: [municipal]
    factor: 12
)";

TEST_F(ScenarioFile, LoadsAValidScenario) {
  const ScenarioSpec s = load_scenario(write(kValid));
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.horizon.bins, 72u);
  EXPECT_EQ(s.horizon.bin_length, time::kHour);
  EXPECT_EQ(s.train_end, s.horizon.start);
  EXPECT_EQ(s.train_end - s.train_start, 84 * time::kDay);
  ASSERT_EQ(s.drills.size(), 1u);
  EXPECT_EQ(s.drills[0].end, s.horizon.end());
  EXPECT_EQ(s.risk.levels.size(), 4u);
}

TEST_F(ScenarioFile, BadFactorNamesLineColumnKeyAndExpectation) {
  std::string text = kValid;
  text.replace(text.find("factor: 12"), 10, "factor: x2");
  const std::string message = error_of(write(text));
  EXPECT_NE(message.find("s.yaml:7:13: drills[0].factor: expected a positive number, got \"x2\""), std::string::npos)
      << message;
}

TEST_F(ScenarioFile, RejectsUnknownKeyWithSuggestion) {
  std::string text = kValid;
  text.replace(text.find("factor: 12"), 10, "factr: 12");
  const std::string message = error_of(write(text));
  EXPECT_NE(message.find(":7:5: drills[0].factr: unknown key; did you mean 'factor'?"), std::string::npos) << message;
}

TEST_F(ScenarioFile, SuggestsTheBinChoice) {
  std::string text = kValid;
  text.replace(text.find("bin: hour"), 9, "bin: houre");
  const std::string message = error_of(write(text));
  EXPECT_NE(message.find(":3:46: horizon.bin: expected one of hour, day, got \"houre\" (did you mean 'hour'?)"),
            std::string::npos)
      << message;
}

TEST_F(ScenarioFile, MissingKeyAndSyntaxErrorsCarryLines) {
  EXPECT_NE(error_of(write("name: t\ndistrict: district.yaml\n")).find("horizon: required key is missing"),
            std::string::npos);
  EXPECT_NE(error_of(write("name: t\n  district: [\n")).find("s.yaml:2:"), std::string::npos);
}

TEST_F(ScenarioFile, TrainingMustEndBeforeTheHorizon) {
  std::string text = kValid;
  text += "training: {start: 2026-10-01, end: 2026-11-02}\n";
  EXPECT_NE(error_of(write(text)).find("training.end: expected a training window ending before the horizon"),
            std::string::npos);
}

TEST(ShippedScenarios, AllLoad) {
  for (const char* name : {"baseline", "typhoon", "heatwave", "ebike_fire"}) {
    const ScenarioSpec s = load_scenario(kScenarios + "/putuo/" + name + ".yaml");
    EXPECT_EQ(s.name, name);
    EXPECT_TRUE(fs::exists(s.district.grids)) << s.district.grids;
    EXPECT_TRUE(fs::exists(s.district.categories));
  }
}

}  // namespace
}  // namespace riskgrid::scenario
