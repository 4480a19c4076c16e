// Drills that add a category (`new_category:`): parsed with the catalog's keys, and every misuse is an
// error at its line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {
namespace {
namespace fs = std::filesystem;

const std::string kScenarios = RISKGRID_SCENARIOS;

class NewCategoryFile : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    dir_ = fs::temp_directory_path() /
           ("riskgrid_new_category_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    fs::copy_file(kScenarios + "/putuo/district.yaml", dir_ / "district.yaml", fs::copy_options::overwrite_existing);
    std::ofstream(dir_ / "s.yaml") << text;
    return (dir_ / "s.yaml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string error_of(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

const std::string kHead =
    "name: t\ndistrict: district.yaml\nhorizon: {start: 2026-11-01, days: 14, bin: day}\ndrills:\n";
const std::string kMedicine = R"(  - name: medicine_requests
    new_category:
      id: medicine
      name: Medicine
      name_local: 配药
      department: health
      time_limit_hours: 24
      weight: 4
      life_safety: true
    per_day: 850
    spread: area
    towns: [yichuan]
    window: {start: 2026-11-02, days: 7}
    ramp_hours: 48
)";

TEST_F(NewCategoryFile, ReadsTheCategoryItsRateAndItsShape) {
  const ScenarioSpec s = load_scenario(write(kHead + kMedicine));
  ASSERT_EQ(s.drills.size(), 1u);
  const Drill& d = s.drills[0];
  ASSERT_TRUE(d.new_category);
  EXPECT_EQ(d.new_category->id, "medicine");
  EXPECT_EQ(d.new_category->name_local, "配药");
  EXPECT_EQ(d.new_category->department, "health");
  EXPECT_DOUBLE_EQ(d.new_category->time_limit_hours, 24);
  EXPECT_DOUBLE_EQ(d.new_category->handling_median_hours, 24);  // the catalog's default
  EXPECT_DOUBLE_EQ(d.new_category->weight, 4);
  EXPECT_TRUE(d.new_category->life_safety);
  EXPECT_EQ(d.new_category->added_by, "medicine_requests");
  EXPECT_NE(d.new_category_where.find("s.yaml:7:11"), std::string::npos) << d.new_category_where;
  EXPECT_DOUBLE_EQ(d.per_day, 850);
  EXPECT_EQ(d.spread, Drill::Spread::area);
  EXPECT_EQ(d.towns, std::vector<std::string>{"yichuan"});
  EXPECT_DOUBLE_EQ(d.ramp_hours, 48);
  EXPECT_EQ(d.end - d.start, 7 * time::kDay);
}

TEST_F(NewCategoryFile, SpreadDefaultsToPopulation) {
  std::string text = kHead + kMedicine;
  text.erase(text.find("    spread: area\n"), 17);
  EXPECT_EQ(load_scenario(write(text)).drills[0].spread, Drill::Spread::population);
}

TEST_F(NewCategoryFile, FactorAndCategoriesDoNotGoWithANewCategory) {
  std::string text = kHead + kMedicine + "    factor: 2\n";
  EXPECT_NE(error_of(write(text))
                .find("s.yaml:19:13: drills[0].factor: expected no factor in a drill with "
                      "new_category"),
            std::string::npos)
      << error_of(write(text));
  text = kHead + kMedicine + "    categories: [noise]\n";
  EXPECT_NE(error_of(write(text)).find("s.yaml:19:17: drills[0].categories: expected no categories"), std::string::npos)
      << error_of(write(text));
}

TEST_F(NewCategoryFile, PerDayIsRequiredAndOnlyWithANewCategory) {
  std::string text = kHead + kMedicine;
  text.erase(text.find("    per_day: 850\n"), 17);
  EXPECT_NE(error_of(write(text)).find("drills[0].per_day: required key is missing"), std::string::npos)
      << error_of(write(text));
  const std::string plain = kHead + "  - name: surge\n    factor: 2\n    per_day: 40\n";
  EXPECT_NE(error_of(write(plain)).find("s.yaml:7:14: drills[0].per_day: expected new_category: with it"),
            std::string::npos)
      << error_of(write(plain));
}

TEST_F(NewCategoryFile, CategoryKeysAreCheckedLikeTheCatalogs) {
  std::string text = kHead + kMedicine;
  text.replace(text.find("weight: 4"), 9, "weigth: 4");
  EXPECT_NE(error_of(write(text))
                .find("s.yaml:12:7: drills[0].new_category.weigth: unknown key; did you mean "
                      "'weight'?"),
            std::string::npos)
      << error_of(write(text));
  text = kHead + kMedicine;
  text.replace(text.find("weight: 4"), 9, "share: 0.1");
  EXPECT_NE(error_of(write(text)).find("drills[0].new_category.share: unknown key"), std::string::npos)
      << error_of(write(text));
  text = kHead + kMedicine;
  text.replace(text.find("id: medicine"), 12, "id: Medicine!");
  EXPECT_NE(error_of(write(text)).find("s.yaml:7:11: drills[0].new_category.id: expected an id of lower-case"),
            std::string::npos)
      << error_of(write(text));
  text = kHead + kMedicine;
  text.replace(text.find("spread: area"), 12, "spread: populaton");
  EXPECT_NE(error_of(write(text)).find("(did you mean 'population'?)"), std::string::npos) << error_of(write(text));
}

TEST(ShippedScenarios, LockdownAddsMedicineAndSupplies) {
  const ScenarioSpec s = load_scenario(kScenarios + "/putuo/lockdown.yaml");
  std::vector<std::string> added;
  for (const auto& d : s.drills)
    if (d.new_category) added.push_back(d.new_category->id);
  EXPECT_EQ(added, (std::vector<std::string>{"medicine", "supplies"}));
}

}  // namespace
}  // namespace riskgrid::scenario
