// sweep: a scenario expands into the cartesian product of named runs, in a fixed order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

class SweepFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_sweep_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", dir_ / "district.yaml", fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string error_of(const std::string& path) {
    try {
      load_scenarios(path);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

const std::string kScenario = R"(name: typhoon
district: district.yaml
horizon: {start: 2026-11-01, hours: 72, bin: hour}
drills:
  - name: rain
    factor: 12
)";

TEST_F(SweepFile, ExpandsIntoTheCartesianProductInFileOrder) {
  const std::string path =
      write("s.yaml", kScenario + "sweep: {\"drills[0].factor\": [8, 12, 16], replicas: [500, 1000]}\n");
  const std::vector<ScenarioSpec> runs = load_scenarios(path);
  ASSERT_EQ(runs.size(), 6u);
  const std::vector<std::string> names = {"typhoon-factor8-replicas500",  "typhoon-factor8-replicas1000",
                                          "typhoon-factor12-replicas500", "typhoon-factor12-replicas1000",
                                          "typhoon-factor16-replicas500", "typhoon-factor16-replicas1000"};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].name, names[i]);
    EXPECT_DOUBLE_EQ(runs[i].drills.at(0).factor, 8.0 + 4.0 * static_cast<double>(i / 2));
    EXPECT_EQ(runs[i].replicas, i % 2 == 0 ? 500u : 1000u);
  }
}

TEST_F(SweepFile, RecordsEachRunsResolvedText) {
  const std::vector<ScenarioSpec> runs =
      load_scenarios(write("s.yaml", kScenario + "sweep:\n  drills[0].factor: [1.5, 2]\n"));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].name, "typhoon-factor1p5");
  EXPECT_DOUBLE_EQ(runs[1].drills.at(0).factor, 2);
  EXPECT_NE(runs[1].text.find("sweep run 2 of 2"), std::string::npos) << runs[1].text;
  EXPECT_NE(runs[1].text.find("name: typhoon-factor2"), std::string::npos) << runs[1].text;
  EXPECT_EQ(runs[1].text.find("sweep:"), std::string::npos) << runs[1].text;
}

TEST_F(SweepFile, AFileWithoutSweepIsOneRun) { EXPECT_EQ(load_scenarios(write("s.yaml", kScenario)).size(), 1u); }

TEST_F(SweepFile, LoadScenarioRefusesASweepAndCountsItsRuns) {
  const std::string path = write("s.yaml", kScenario + "sweep: {replicas: [1, 2, 3]}\n");
  try {
    load_scenario(path);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("s.yaml:7:8: sweep: this file sweeps 3 runs"), std::string::npos) << e.what();
  }
}

TEST_F(SweepFile, UnknownKeyPathNamesLineColumnAndSuggestion) {
  const std::string message = error_of(write("s.yaml", kScenario + "sweep:\n  drills[0].factr: [8, 12]\n"));
  EXPECT_NE(message.find("s.yaml:8:3: sweep.drills[0].factr: unknown key 'factr'; did you mean 'factor'?"),
            std::string::npos)
      << message;
}

TEST_F(SweepFile, ListIndexOutOfRangeIsAnError) {
  const std::string message = error_of(write("s.yaml", kScenario + "sweep:\n  drills[3].factor: [8]\n"));
  EXPECT_NE(message.find("s.yaml:8:3: sweep.drills[3].factor: no such list entry (the list has 1 entries)"),
            std::string::npos)
      << message;
}

TEST_F(SweepFile, BadSweptValueIsReportedWhereTheSweepWroteIt) {
  const std::string message = error_of(write("s.yaml", kScenario + "sweep:\n  drills[0].factor: [8, x2]\n"));
  EXPECT_NE(message.find("s.yaml:8:25: drills[0].factor: expected a positive number, got \"x2\""), std::string::npos)
      << message;
}

TEST_F(SweepFile, RunsAreNamedAfterARequiredName) {
  std::string text = kScenario + "sweep: {replicas: [1, 2]}\n";
  text.erase(0, text.find('\n') + 1);
  const std::string message = error_of(write("s.yaml", text));
  EXPECT_NE(message.find("s.yaml: name: required key is missing"), std::string::npos) << message;
}

TEST_F(SweepFile, SweepsAnInheritedScenario) {
  write("base.yaml", kScenario);
  const auto runs =
      load_scenarios(write("child.yaml", "extends: base.yaml\nname: storm\nsweep: {\"drills[0].factor\": [8, 16]}\n"));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].name, "storm-factor16");
  EXPECT_DOUBLE_EQ(runs[1].drills.at(0).factor, 16);
}

// A response block is read by its model after loading, from the spec's own nodes: each run must keep
// its own value, not the last run's (the runs were once applied to one shared document).
TEST_F(SweepFile, EachRunKeepsItsOwnResponseBlock) {
  const std::string path = write("s.yaml", kScenario +
                                               "response:\n  model: des\n  staff:\n    changes: [{factor: 0.75}]\n"
                                               "sweep:\n  response.staff.changes[0].factor: [0.75, 0.6, 0.5]\n");
  const std::vector<ScenarioSpec> runs = load_scenarios(path);
  ASSERT_EQ(runs.size(), 3u);
  const double factors[] = {0.75, 0.6, 0.5};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const YAML::Node factor = runs[i].response.node["staff"]["changes"][0]["factor"];
    EXPECT_DOUBLE_EQ(factor.as<double>(), factors[i]) << runs[i].name;
    EXPECT_EQ(factor.Mark().line, 11) << "a swept value keeps its place in the sweep list";  // 0-based
  }
  const SweepCheck check = load_scenarios_to_check(path);
  ASSERT_EQ(check.specs.size(), 3u);
  EXPECT_DOUBLE_EQ(check.specs[1].response.node["staff"]["changes"][0]["factor"].as<double>(), 0.6);
}

}  // namespace
}  // namespace riskgrid::scenario
