// A drill's shape and place as the loader reads them: `profile:`, `daily_hours:`, `where:` and
// `neighbours:`, every misuse an error at its line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

class DrillShapeFile : public ::testing::Test {
 protected:
  std::string write(const std::string& drill) {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_drill_shape_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", dir_ / "district.yaml", fs::copy_options::overwrite_existing);
    std::ofstream(dir_ / "s.yaml") << "name: t\ndistrict: district.yaml\n"
                                      "horizon: {start: 2026-11-01, hours: 72, bin: hour}\ndrills:\n"
                                   << drill;
    return (dir_ / "s.yaml").string();
  }
  std::string error_of(const std::string& drill) {
    try {
      load_scenario(write(drill));
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DrillShapeFile, ReadsAProfileDailyHoursAndSelectors) {
  const ScenarioSpec s =
      load_scenario(write("  - name: storm\n"
                          "    profile: [[0, 4], [2, 16.7], [24, 14], [72, 1.5]]\n"
                          "    daily_hours: [19, 21]\n"
                          "    where: {kind: old_housing, crowd_place: [玉佛寺, 上海西站]}\n"
                          "    neighbours: true\n"));
  const Drill& d = s.drills.at(0);
  ASSERT_EQ(d.profile.size(), 4u);
  EXPECT_DOUBLE_EQ(d.profile[1].hours, 2);
  EXPECT_DOUBLE_EQ(d.profile[1].factor, 16.7);
  EXPECT_DOUBLE_EQ(d.factor, 16.7);  // the peak, for messages
  EXPECT_EQ(d.daily_from_hour, 19);
  EXPECT_EQ(d.daily_to_hour, 21);
  ASSERT_EQ(d.attributes.size(), 2u);
  EXPECT_EQ(d.attributes[0].key, "kind");
  EXPECT_EQ(d.attributes[0].values, std::vector<std::string>{"old_housing"});
  EXPECT_NE(d.attributes[0].where.find("s.yaml:8:13"), std::string::npos) << d.attributes[0].where;
  EXPECT_EQ(d.attributes[1].values, (std::vector<std::string>{"玉佛寺", "上海西站"}));
  EXPECT_TRUE(d.neighbours);
}

TEST_F(DrillShapeFile, FlatDrillsActAllDay) {
  const Drill d = load_scenario(write("  - {name: surge, factor: 2, ramp_hours: 6}\n")).drills.at(0);
  EXPECT_EQ(d.daily_from_hour, 0);
  EXPECT_EQ(d.daily_to_hour, 24);
  EXPECT_TRUE(d.profile.empty());
  EXPECT_TRUE(d.attributes.empty());
}

TEST_F(DrillShapeFile, ProfilePointsMustRiseInTimeAndStayInBounds) {
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4], [24, 16], [12, 2]]\n")
                .find("s.yaml:6:33: drills[0].profile: expected hours >= 0 that rise from point to point, got 12 "
                      "after 24"),
            std::string::npos)
      << error_of("  - name: storm\n    profile: [[0, 4], [24, 16], [12, 2]]\n");
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4], [24, -1]]\n")
                .find("s.yaml:6:23: drills[0].profile: expected a factor from 0 to 1000, got -1"),
            std::string::npos);
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4], [24, 1700]]\n").find("from 0 to 1000, got 1700"),
            std::string::npos);
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4], [24]]\n")
                .find("drills[0].profile: expected a point [hours from the window's start, factor]"),
            std::string::npos);
  EXPECT_NE(error_of("  - name: storm\n    profile: []\n").find("expected a list of [hours, factor] points"),
            std::string::npos);
}

TEST_F(DrillShapeFile, AProfileReplacesFactorRampAndHalfLife) {
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4]]\n    factor: 2\n")
                .find("s.yaml:7:13: drills[0].factor: expected no factor, ramp_hours or half_life_days beside "
                      "profile"),
            std::string::npos)
      << error_of("  - name: storm\n    profile: [[0, 4]]\n    factor: 2\n");
  EXPECT_NE(error_of("  - name: storm\n    profile: [[0, 4]]\n    half_life_days: 2\n")
                .find("drills[0].half_life_days: expected no factor"),
            std::string::npos);
  EXPECT_NE(error_of("  - name: storm\n    factor: 1700\n").find("drills[0].factor: expected a factor up to 1000"),
            std::string::npos);
}

TEST_F(DrillShapeFile, DailyHoursAreTwoWholeHoursOfTheDay) {
  for (const char* bad : {"[19]", "[19, 19]", "[-1, 3]", "[19, 25]", "[7.5, 9]", "evening"})
    EXPECT_NE(error_of(std::string("  - name: crowd\n    factor: 5\n    daily_hours: ") + bad + "\n")
                  .find("s.yaml:7:18: drills[0].daily_hours: expected [first hour, end hour] of each day"),
              std::string::npos)
        << bad;
  const Drill night = load_scenario(write("  - {name: night, factor: 2, daily_hours: [22, 2]}\n")).drills.at(0);
  EXPECT_EQ(night.daily_from_hour, 22);
  EXPECT_EQ(night.daily_to_hour, 2);
}

TEST_F(DrillShapeFile, WhereIsAMappingOfValues) {
  EXPECT_NE(error_of("  - {name: a, factor: 2, where: old_housing}\n")
                .find("drills[0].where: expected a mapping of grid attributes to values"),
            std::string::npos);
  EXPECT_NE(error_of("  - {name: a, factor: 2, where: {kind: []}}\n")
                .find("drills[0].where.kind: expected a value or a list of values"),
            std::string::npos)
      << error_of("  - {name: a, factor: 2, where: {kind: []}}\n");
  EXPECT_NE(error_of("  - {name: a, factor: 2, neighbors: true}\n").find("did you mean 'neighbours'?"),
            std::string::npos)
      << error_of("  - {name: a, factor: 2, neighbors: true}\n");
}

TEST_F(DrillShapeFile, AnAddedCategoryTakesNoProfile) {
  EXPECT_NE(error_of("  - name: medicine\n    new_category: {id: medicine}\n    per_day: 10\n"
                     "    profile: [[0, 1]]\n")
                .find("drills[0].profile: expected ramp_hours and half_life_days in a drill with new_category"),
            std::string::npos);
}

}  // namespace
}  // namespace riskgrid::scenario
