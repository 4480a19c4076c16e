// Which grids a drill acts on (towns and grids by id or name, `where:` attributes, `neighbours:`), and
// when (`profile:`, `daily_hours:`), on a small district built here.
#include "riskgrid/models/drills/grid_selection.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"

namespace riskgrid::models {
namespace {

/// A 1 km square with its lower left corner at (x, y) km.
geo::MultiPolygon square(double x, double y) {
  static constexpr double kCorners[5][2] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}};
  geo::Polygon p;
  for (const auto& c : kCorners) p.outer().push_back({(x + c[0]) * 1000, (y + c[1]) * 1000});
  geo::bg::correct(p);
  return {p};
}

spatial::Unit unit(const std::string& id, const std::string& name, const std::string& parent, const std::string& type,
                   geo::MultiPolygon shape, std::map<std::string, std::string> attributes) {
  spatial::Unit u;
  u.id = id;
  u.name = name;
  u.name_local = name == "Old Town 1" ? "老城 第1网格" : "";
  u.parent = parent;
  u.type = type;
  u.population = 1000;
  u.shape = std::move(shape);
  u.attributes = std::move(attributes);
  if (!u.shape.empty()) spatial::update_derived(u);
  return u;
}

/// Four grids in a row, o1 o2 | r1 c1 (o: old town, r, c: new town), and f1 far away: o2 touches o1 and
/// r1, r1 touches o2 and c1.
spatial::District test_district() {
  spatial::District d;
  d.towns = {unit("old", "Old Town", "", "", {}, {}), unit("new", "New Town", "", "", {}, {})};
  d.towns[0].name_local = "老城";
  d.grids = {
      unit("o1", "Old Town 1", "old", "residential", square(0, 0), {{"kind", "old_housing"}, {"low_lying", "1"}}),
      unit("o2", "Old Town 2", "old", "mixed", square(1, 0), {{"kind", "Old_Housing"}, {"low_lying", "false"}}),
      unit("r1", "New Town 1", "new", "residential", square(2, 0), {{"kind", "residential"}}),
      unit("c1", "New Town 2", "new", "commercial", square(3, 0), {{"kind", "commercial"}, {"crowd_place", "玉佛寺"}}),
      unit("f1", "Far 1", "new", "campus", square(10, 10), {{"kind", "campus"}, {"crowd_place", "上海西站"}}),
  };
  return d;
}

scenario::Drill drill() {
  scenario::Drill d;
  d.name = "d";
  d.factor = 2;
  d.start = 0;
  d.end = 10 * time::kDay;
  d.where = "s.yaml:5:5";
  return d;
}

scenario::AttributeTest test(const std::string& key, std::vector<std::string> values) {
  return {key, std::move(values), "s.yaml:7:13"};
}

std::string error_of(const scenario::Drill& d, const spatial::District& district) {
  try {
    drill_grid_mask(d, district);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

using Mask = std::vector<char>;

TEST(GridSelection, WhereComparesAttributesCaseInsensitively) {
  const auto district = test_district();
  scenario::Drill d = drill();
  d.attributes = {test("kind", {"OLD_HOUSING"})};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 1, 0, 0, 0}));
  d.attributes = {test("kind", {"old_housing"}), test("low_lying", {"true"})};  // GDAL writes true as "1"
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 0, 0, 0, 0}));
  d.attributes = {test("low_lying", {"yes"})};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 0, 0, 0, 0}));
  d.attributes = {test("low_lying", {"no"})};  // a grid without the flag is not low-lying
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{0, 1, 1, 1, 1}));
  d.attributes = {test("crowd_place", {"玉佛寺", "上海西站"})};  // any of a list
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{0, 0, 0, 1, 1}));
}

TEST(GridSelection, TypeIsAnAttributeToo) {
  scenario::Drill d = drill();
  d.attributes = {test("type", {"Commercial"})};
  EXPECT_EQ(drill_grid_mask(d, test_district()), (Mask{0, 0, 0, 1, 0}));
}

TEST(GridSelection, WhereNarrowsTheListedTownsAndGrids) {
  scenario::Drill d = drill();
  d.towns = {"new"};
  d.attributes = {test("type", {"residential"})};
  EXPECT_EQ(drill_grid_mask(d, test_district()), (Mask{0, 0, 1, 0, 0}));
}

TEST(GridSelection, UnknownAttributesAndValuesAreErrorsWithASuggestion) {
  const auto district = test_district();
  scenario::Drill d = drill();
  d.attributes = {test("knd", {"old_housing"})};
  EXPECT_EQ(error_of(d, district),
            "s.yaml:7:13: drill 'd': where: no grid has the attribute \"knd\" (did you mean 'kind'?); the grids "
            "have: crowd_place, kind, low_lying, type");
  d.attributes = {test("kind", {"old_housng"})};
  EXPECT_EQ(error_of(d, district),
            "s.yaml:7:13: drill 'd': where: no grid has kind \"old_housng\" (did you mean 'old_housing'?); the "
            "grids have: campus, commercial, old_housing, residential");
  d.attributes = {test("type", {"park"})};
  EXPECT_NE(error_of(d, district).find("no grid has type \"park\"; the grids have: campus, commercial, mixed"),
            std::string::npos)
      << error_of(d, district);
}

TEST(GridSelection, TownsAndGridsByIdOrNameInAnyCase) {
  const auto district = test_district();
  scenario::Drill d = drill();
  d.towns = {"OLD"};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 1, 0, 0, 0}));
  d.towns = {"old town"};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 1, 0, 0, 0}));
  d.towns = {"老城"};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 1, 0, 0, 0}));
  d.towns = {};
  d.grids = {"new town 2", "O1", "老城 第1网格"};
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{1, 0, 0, 1, 0}));
}

TEST(GridSelection, UnknownTownsAndGridsSuggestAnIdOrAName) {
  const auto district = test_district();
  scenario::Drill d = drill();
  d.towns = {"Old Twn"};
  EXPECT_EQ(error_of(d, district), "s.yaml:5:5: drill 'd': unknown town \"Old Twn\" (did you mean 'Old Town'?)");
  d.towns = {"nwe"};
  EXPECT_EQ(error_of(d, district), "s.yaml:5:5: drill 'd': unknown town \"nwe\" (did you mean 'new'?)");
  d.towns = {};
  d.grids = {"new town 3"};
  EXPECT_EQ(error_of(d, district), "s.yaml:5:5: drill 'd': unknown grid \"new town 3\" (did you mean 'New Town 1'?)");
}

TEST(GridSelection, ANameOfTheOtherKindSaysWhereItBelongs) {
  const auto district = test_district();
  scenario::Drill d = drill();
  d.grids = {"old town"};
  EXPECT_EQ(error_of(d, district),
            "s.yaml:5:5: drill 'd': unknown grid \"old town\": \"old town\" is a town (id old); list it under towns:");
  d.grids = {"Old Twn"};  // closest to a town's name: the hint says so
  EXPECT_EQ(error_of(d, district),
            "s.yaml:5:5: drill 'd': unknown grid \"Old Twn\" (did you mean town 'Old Town' (under towns:)?)");
  d.grids = {};
  d.towns = {"O1"};
  EXPECT_EQ(error_of(d, district),
            "s.yaml:5:5: drill 'd': unknown town \"O1\": \"O1\" is a grid (id o1); list it under grids:");
}

TEST(GridSelection, NeighboursAreTheGridsTouchingTheSelection) {
  const auto district = test_district();
  const auto touching = touching_grids(district);
  EXPECT_EQ(touching[1], (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(touching[4].empty());
  scenario::Drill d = drill();
  d.attributes = {test("crowd_place", {"玉佛寺"})};
  d.neighbours = true;
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{0, 0, 1, 0, 0}));
  d.attributes = {test("kind", {"old_housing"})};  // o1 and o2 touch each other: neither is around them
  EXPECT_EQ(drill_grid_mask(d, district), (Mask{0, 0, 1, 0, 0}));
}

TEST(GridSelection, ASelectionOfNoGridIsAnError) {
  scenario::Drill d = drill();
  d.towns = {"old"};
  d.attributes = {test("type", {"commercial"})};
  EXPECT_EQ(error_of(d, test_district()), "s.yaml:5:5: drill 'd': selects no grid (towns [old], type: commercial)");
  d = drill();
  d.attributes = {test("crowd_place", {"上海西站"})};  // the far grid touches nothing
  d.neighbours = true;
  EXPECT_NE(error_of(d, test_district()).find("selects no grid"), std::string::npos);
}

TEST(DrillProfile, InterpolatesLinearlyAndHoldsItsEnds) {
  scenario::Drill d = drill();
  d.start = 10 * time::kHour;
  d.profile = {{2, 4}, {4, 16}, {24, 6}};
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 9 * time::kHour), 1.0);   // before the window
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 11 * time::kHour), 4.0);  // before the first point
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 13 * time::kHour), 10.0);
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 24 * time::kHour), 11.0);  // 14 h in: half way from 16 to 6
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 40 * time::kHour), 6.0);   // after the last point
}

TEST(DrillDailyHours, ActOnlyInTheirHoursOfEachDay) {
  scenario::Drill d = drill();
  d.factor = 5;
  d.daily_from_hour = 19;
  d.daily_to_hour = 21;
  const auto district = test_district();
  catalog::CategoryCatalog catalog;
  catalog.categories.resize(1);
  catalog.categories[0].id = "noise";
  const auto hourly = drill_multipliers({d}, district, catalog, {0, time::kHour, 48});
  for (std::size_t bin = 0; bin < 48; ++bin)
    EXPECT_DOUBLE_EQ(hourly.at(bin, 0, 0), bin % 24 == 19 || bin % 24 == 20 ? 5.0 : 1.0) << bin;
  const auto daily = drill_multipliers({d}, district, catalog, {0, time::kDay, 2});
  EXPECT_DOUBLE_EQ(daily.at(0, 0, 0), 1.0 + 4.0 * 2 / 24);
  d.daily_from_hour = 22;  // past midnight
  d.daily_to_hour = 2;
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 23 * time::kHour), 5.0);
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 25 * time::kHour), 5.0);
  EXPECT_DOUBLE_EQ(drill_factor_at(d, 26 * time::kHour), 1.0);
  EXPECT_DOUBLE_EQ(drill_strength_at(d, 12 * time::kHour), 0.0);
}

}  // namespace
}  // namespace riskgrid::models
