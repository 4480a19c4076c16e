#include "riskgrid/models/drills/drill_multipliers.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models {
namespace {

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;
  time::TimeGrid horizon{0, time::kHour, 48};
  Fixture() {
    district.towns = {{"north", "North", "", "", 0, 0, {}, 0, {}}, {"south", "South", "", "", 0, 0, {}, 0, {}}};
    district.grids = {{"n1", "N1", "north", "", 0, 0, {}, 0, {}}, {"s1", "S1", "south", "", 0, 0, {}, 0, {}}};
    catalog.categories.resize(2);
    catalog.categories[0].id = "fire";
    catalog.categories[1].id = "noise";
  }
  double at(const cube::Cube<double>& m, std::size_t bin, std::size_t grid, std::size_t cat) const {
    EXPECT_EQ(m.shape().units * m.shape().categories, 4u);  // [bin][2 grids][2 categories]
    return m.at(bin, grid, cat);
  }
};

scenario::Drill drill(double factor, time::Seconds start, time::Seconds end) {
  scenario::Drill d;
  d.name = "d";
  d.factor = factor;
  d.start = start;
  d.end = end;
  d.where = "s.yaml:3:5";
  return d;
}

TEST(DrillFactor, RampsAndDecays) {
  scenario::Drill d = drill(3, 0, 100 * time::kDay);
  d.ramp_hours = 10;
  d.half_life_days = 2;
  EXPECT_DOUBLE_EQ(drill_factor_at(d, -1), 1.0);
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 5 * time::kHour), 2.0);                    // half way up the ramp
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 10 * time::kHour), 3.0);                   // top of the ramp
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 10 * time::kHour + 2 * time::kDay), 2.0);  // one half-life later
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 100 * time::kDay), 1.0);                   // window end is exclusive
}

TEST(DrillMultipliers, SelectCategoriesTownsAndWindow) {
  Fixture f;
  scenario::Drill d = drill(4, 6 * time::kHour, 12 * time::kHour);
  d.categories = {"fire"};
  d.towns = {"south"};
  const auto m = drill_multipliers({d}, f.district, f.catalog, f.horizon);
  EXPECT_DOUBLE_EQ(f.at(m, 5, 1, 0), 1.0);
  EXPECT_DOUBLE_EQ(f.at(m, 6, 1, 0), 4.0);
  EXPECT_DOUBLE_EQ(f.at(m, 6, 0, 0), 1.0);  // other town
  EXPECT_DOUBLE_EQ(f.at(m, 6, 1, 1), 1.0);  // other category
  EXPECT_DOUBLE_EQ(f.at(m, 12, 1, 0), 1.0);
}

TEST(DrillMultipliers, OverlappingDrillsMultiplyAndDailyBinsAverageHours) {
  Fixture f;
  const auto hourly = drill_multipliers({drill(2, 0, 48 * time::kHour), drill(3, 0, 48 * time::kHour)}, f.district,
                                        f.catalog, f.horizon);
  EXPECT_DOUBLE_EQ(f.at(hourly, 0, 0, 0), 6.0);
  const time::TimeGrid daily{0, time::kDay, 2};
  const auto m = drill_multipliers({drill(5, 0, 6 * time::kHour)}, f.district, f.catalog, daily);
  EXPECT_DOUBLE_EQ(f.at(m, 0, 0, 0), 1.0 + 4.0 * 6 / 24);
  EXPECT_DOUBLE_EQ(f.at(m, 1, 0, 0), 1.0);
}

TEST(DrillMultipliers, UnknownNamesGetLineAndSuggestion) {
  Fixture f;
  scenario::Drill d = drill(2, 0, time::kDay);
  d.categories = {"noize"};
  try {
    drill_multipliers({d}, f.district, f.catalog, f.horizon);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "s.yaml:3:5: drill 'd': unknown category \"noize\" (did you mean 'noise'?)");
  }
  d.categories.clear();
  d.towns = {"west"};
  EXPECT_THROW(drill_multipliers({d}, f.district, f.catalog, f.horizon), ScenarioError);
}

}  // namespace
}  // namespace riskgrid::models
