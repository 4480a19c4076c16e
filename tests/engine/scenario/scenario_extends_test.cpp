// extends: the child overrides its base key by key; errors still name the file that wrote the key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

/// A folder of scenario files next to a copy of the default district.
class ExtendsFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_extends_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", dir_ / "district.yaml", fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  std::string error_of(const std::string& name) {
    try {
      load_scenario((dir_ / name).string());
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

const char* kBase = R"(name: base
district: district.yaml
seed: 7
replicas: 300
horizon: {start: 2026-11-01, hours: 72, bin: hour}
drills:
  - name: rain
    factor: 12
risk:
  bands: {red: 4}
  exceedance_quantile: 0.9
)";

TEST_F(ExtendsFiles, ChildOverridesScalarsAndMergesMappingsKeyByKey) {
  write("base.yaml", kBase);
  const ScenarioSpec s = load_scenario(write("child.yaml", R"(extends: base.yaml
name: child
replicas: 50
horizon: {hours: 48}
risk:
  bands: {orange: 2.5}
)"));
  EXPECT_EQ(s.name, "child");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.replicas, 50u);
  EXPECT_EQ(s.horizon.bins, 48u);  // hours from the child, start and bin from the base
  EXPECT_EQ(s.horizon.bin_length, time::kHour);
  EXPECT_DOUBLE_EQ(s.risk.ratio_bands[0], 1.5);  // yellow: the default
  EXPECT_DOUBLE_EQ(s.risk.ratio_bands[1], 2.5);  // orange: the child's
  EXPECT_DOUBLE_EQ(s.risk.ratio_bands[2], 4);    // red: the base's
  EXPECT_DOUBLE_EQ(s.risk.exceedance_quantile, 0.9);
  EXPECT_EQ(s.file, fs::weakly_canonical(dir_ / "child.yaml").string());
}

TEST_F(ExtendsFiles, DrillsAreAppendedUnlessTheChildReplacesThem) {
  write("base.yaml", kBase);
  const char* child = "extends: base.yaml\nname: child\ndrills:\n  - {name: wind, factor: 2}\n";
  const ScenarioSpec appended = load_scenario(write("child.yaml", child));
  ASSERT_EQ(appended.drills.size(), 2u);
  EXPECT_EQ(appended.drills[0].name, "rain");
  EXPECT_EQ(appended.drills[1].name, "wind");
  EXPECT_NE(appended.drills[0].where.find("base.yaml:7:5"), std::string::npos) << appended.drills[0].where;
  EXPECT_NE(appended.drills[1].where.find("child.yaml:4:5"), std::string::npos) << appended.drills[1].where;

  const ScenarioSpec replaced = load_scenario(write("child.yaml", std::string(child) + "drills_replace: true\n"));
  ASSERT_EQ(replaced.drills.size(), 1u);
  EXPECT_EQ(replaced.drills[0].name, "wind");
}

TEST_F(ExtendsFiles, ChildMustNameItself) {
  write("base.yaml", kBase);
  write("child.yaml", "extends: base.yaml\nreplicas: 50\n");
  const std::string message = error_of("child.yaml");
  EXPECT_NE(message.find("child.yaml: name: required key is missing"), std::string::npos) << message;
}

TEST_F(ExtendsFiles, CycleIsAnErrorNamingTheChain) {
  write("a.yaml", "extends: b.yaml\nname: a\n");
  write("b.yaml", "extends: a.yaml\nname: b\n");
  const std::string message = error_of("a.yaml");
  EXPECT_NE(message.find("b.yaml:1:10: extends: a cycle: "), std::string::npos) << message;
  EXPECT_NE(message.find("a.yaml -> " + fs::weakly_canonical(dir_ / "b.yaml").string() + " -> " +
                         fs::weakly_canonical(dir_ / "a.yaml").string()),
            std::string::npos)
      << message;
}

TEST_F(ExtendsFiles, ErrorInTheBasePointsAtTheBaseFile) {
  std::string base = kBase;
  base.replace(base.find("factor: 12"), 10, "factor: x2");
  write("base.yaml", base);
  write("child.yaml", "extends: base.yaml\nname: child\ndrills:\n  - {name: wind, factor: 0}\n");
  const std::string message = error_of("child.yaml");
  EXPECT_NE(message.find("base.yaml:8:13: drills[0].factor: expected a positive number, got \"x2\""), std::string::npos)
      << message;
}

TEST_F(ExtendsFiles, ErrorsInTheChildAndUnknownKeysInTheBaseNameTheirFiles) {
  write("base.yaml", std::string(kBase) + "replcas: 5\n");
  write("child.yaml", "extends: base.yaml\nname: child\n");
  std::string message = error_of("child.yaml");
  EXPECT_NE(message.find("base.yaml:12:1: replcas: unknown key; did you mean 'replicas'?"), std::string::npos)
      << message;
  write("base.yaml", kBase);
  write("child.yaml", "extends: base.yaml\nname: child\ndrills:\n  - {name: wind, factor: 0}\n");
  message = error_of("child.yaml");
  EXPECT_NE(message.find("child.yaml:4:26: drills[1].factor: expected a positive number"), std::string::npos)
      << message;
}

TEST_F(ExtendsFiles, ChainsOfBasesResolveRecursively) {
  write("grand.yaml", kBase);
  write("base.yaml", "extends: grand.yaml\nname: mid\nseed: 9\nhorizon: {bin: day, hours: 48}\n");
  const ScenarioSpec s = load_scenario(write("child.yaml", "extends: base.yaml\nname: child\nreplicas: 20\n"));
  EXPECT_EQ(s.seed, 9u);
  EXPECT_EQ(s.replicas, 20u);
  EXPECT_EQ(s.horizon.bins, 2u);
  ASSERT_EQ(s.drills.size(), 1u);
  EXPECT_NE(s.drills[0].where.find("grand.yaml:7:5"), std::string::npos) << s.drills[0].where;
}

TEST_F(ExtendsFiles, RecordsTheResolvedScenarioText) {
  write("base.yaml", kBase);
  const ScenarioSpec s = load_scenario(write("child.yaml", "extends: base.yaml\nname: child\nreplicas: 50\n"));
  EXPECT_EQ(s.text.find("extends"), std::string::npos) << s.text;
  EXPECT_NE(s.text.find("# resolved from child.yaml -> base.yaml"), std::string::npos) << s.text;
  for (const char* line : {"name: child", "replicas: 50", "seed: 7", "name: rain", "exceedance_quantile: 0.9"})
    EXPECT_NE(s.text.find(line), std::string::npos) << line << "\n" << s.text;
  // The resolved text is itself a scenario that loads to the same values.
  const ScenarioSpec again = load_scenario(write("resolved.yaml", s.text));
  EXPECT_EQ(again.replicas, 50u);
  EXPECT_EQ(again.seed, 7u);
  EXPECT_EQ(again.drills.size(), 1u);
}

TEST_F(ExtendsFiles, PathsAreRelativeToTheFileThatWroteThem) {
  fs::create_directories(dir_ / "drills");
  write("base.yaml", kBase);  // district: district.yaml, next to the base
  const ScenarioSpec s =
      load_scenario(write("drills/child.yaml", "extends: ../base.yaml\nname: child\nreplicas: 50\n"));
  EXPECT_EQ(s.district.name, "Putuo District 普陀区");
  const std::string district = fs::weakly_canonical(dir_ / "district.yaml").string();
  EXPECT_NE(s.text.find("district: " + district), std::string::npos) << s.text;
}

TEST_F(ExtendsFiles, MissingBaseIsAnErrorAtTheExtendsLine) {
  write("child.yaml", "name: child\nextends: nowhere.yaml\n");
  const std::string message = error_of("child.yaml");
  EXPECT_NE(message.find("child.yaml:2:10: extends: no such file: "), std::string::npos) << message;
}

TEST_F(ExtendsFiles, AFileWithoutExtendsRecordsItsOwnText) {
  const ScenarioSpec s = load_scenario(write("base.yaml", kBase));
  EXPECT_EQ(s.text, kBase);
}

}  // namespace
}  // namespace riskgrid::scenario
