// The shipped drills land in their anchors' ranges (docs/drills.md): each test loads a scenario of
// scenarios/putuo, prepares it as a run does (fitted model, expected counts without drills, the counts
// drills add) and compares expected counts with and without the drills. No replicas are drawn.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/drills/grid_selection.hpp"
#include "riskgrid/run/run.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace {

const std::string kPutuo = std::string(RISKGRID_SCENARIOS) + "/putuo/";
constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

/// Which cells to sum: bins [from, to), the flagged grids (all when empty), the named categories (all
/// when empty).
struct Cells {
  std::size_t from = 0;
  std::size_t to = kAll;
  std::vector<char> grids{};
  std::vector<std::string> categories{};
};

/// A shipped scenario's expected counts with and without its drills.
class Expected {
 public:
  explicit Expected(const std::string& file) {
    RunContext context;
    context.threads = 1;
    prepared_ = std::make_unique<const Prepared>(context, scenario::load_scenario(kPutuo + file), InputOptions{});
    const auto& p = *prepared_;
    const auto& s = p.in.spec;
    const cube::Cube<double> m = models::drill_multipliers(s.drills, p.in.district, p.in.catalog, s.horizon);
    with_.resize(p.shape.cells());
    for (std::size_t i = 0; i < with_.size(); ++i)
      with_[i] = (p.baseline.values()[i] + p.added.values()[i]) * m.values()[i];
  }

  double with(const Cells& c) const { return sum(with_, c); }
  double without(const Cells& c) const { return sum(prepared_->baseline.values(), c); }
  double ratio(const Cells& c) const { return with(c) / without(c); }

  /// The grids whose attribute `key` matches `value` (as a drill's `where:` does).
  std::vector<char> grids_where(const std::string& key, const std::string& value) const {
    std::vector<char> mask;
    for (const auto& g : district().grids)
      mask.push_back(models::attribute_matches(models::grid_attribute(g, key), value));
    return mask;
  }
  /// The grids drill `d` of the scenario acts on.
  std::vector<char> grids_of(std::size_t d) const { return models::drill_grid_mask(spec().drills.at(d), district()); }
  const scenario::ScenarioSpec& spec() const { return prepared_->in.spec; }
  const spatial::District& district() const { return prepared_->in.district; }
  std::size_t bins() const { return prepared_->shape.bins; }

 private:
  double sum(const std::vector<double>& values, const Cells& c) const {
    const cube::Shape& shape = prepared_->shape;
    const auto& catalog = prepared_->in.catalog;
    std::vector<char> cats(shape.categories, c.categories.empty());
    for (const auto& id : c.categories) cats.at(*catalog.index_of(id)) = 1;
    double total = 0;
    for (std::size_t b = c.from; b < std::min(c.to, shape.bins); ++b)
      for (std::size_t g = 0; g < shape.units; ++g)
        for (std::size_t k = 0; k < shape.categories; ++k)
          if ((c.grids.empty() || c.grids[g]) && cats[k]) total += values[shape.index(b, g, k)];
    return total;
  }

  std::unique_ptr<const Prepared> prepared_;
  std::vector<double> with_;
};

std::vector<char> negate(std::vector<char> mask) {
  for (char& m : mask) m = !m;
  return mask;
}

std::size_t count(const std::vector<char>& mask) {
  return static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1));
}

// Drill 1. Fitow: water orders 16.7x on the peak day [S], drainage and trees x8-16, easing after the
// peak; the whole total about x2.5 over the storm, the category surges part of it.
TEST(DrillAnchors, TyphoonPeaksAtFitowsFigureAndEases) {
  const Expected e("typhoon.yaml");
  ASSERT_EQ(e.bins(), 72u);
  const double storm = e.ratio({});
  EXPECT_GE(storm, 2.0);
  EXPECT_LE(storm, 3.5);
  EXPECT_NEAR(storm, 2.5, 0.3);
  std::vector<double> municipal;
  for (std::size_t day = 0; day < 3; ++day) municipal.push_back(e.ratio({day * 24, day * 24 + 24, {}, {"municipal"}}));
  EXPECT_GE(municipal[0], 15.0);  // the peak day, at Fitow's 16.7x and not above it
  EXPECT_LE(municipal[0], 16.7 + 1e-9);
  EXPECT_LT(municipal[1], municipal[0]);  // easing
  EXPECT_LT(municipal[2], municipal[1]);
  EXPECT_GE(municipal[2], 1.0);
  const double trees = e.ratio({0, 24, {}, {"greenery"}});
  EXPECT_GE(trees, 8.0);
  EXPECT_LE(trees, 16.0);
  // Worst in low-lying old housing (Caoyang, Yichuan).
  const std::vector<char> low = e.grids_where("low_lying", "true");
  EXPECT_EQ(low, e.grids_of(3));
  EXPECT_GE(count(low), 2u);
  EXPECT_GT(e.ratio({0, kAll, low, {"municipal"}}), 1.2 * e.ratio({0, kAll, negate(low), {"municipal"}}));
  for (std::size_t g = 0; g < low.size(); ++g) {
    if (!low[g]) continue;
    const std::string& town = e.district().grids[g].parent;
    EXPECT_TRUE(town == "caoyang" || town == "yichuan") << e.district().grids[g].id;
  }
}

// Drill 7. 2022: 23k -> 45k calls a day, peaking near 80k, +350% [S]; traffic, stalls and building fall.
TEST(DrillAnchors, LockdownTotalIsFourAndAHalfTimesWithTheAddedCategories) {
  const Expected e("lockdown.yaml");
  ASSERT_EQ(e.bins(), 14u);
  for (std::size_t day = 2; day < 14; ++day) {  // after the 48 h ramp
    const double total = e.ratio({day, day + 1});
    EXPECT_GE(total, 4.0) << "day " << day;
    EXPECT_LE(total, 5.0) << "day " << day;
  }
  EXPECT_NEAR(e.ratio({2, 3}), 4.5, 0.3);
  for (const char* falling : {"traffic", "cleanliness", "illegal_building"})
    for (std::size_t day = 0; day < 14; ++day) EXPECT_LT(e.ratio({day, day + 1, {}, {falling}}), 1.0) << falling;
  EXPECT_GT(e.with({0, kAll, {}, {"medicine"}}), 0.0);
  EXPECT_GT(e.with({0, kAll, {}, {"supplies"}}), 0.0);
}

// Drill 3. A July-August heatwave; 95598 took 5x normal in 2010 [S]: outages x4, x1.5 more on 3 days.
TEST(DrillAnchors, HeatwaveRunsInSummerWithOutagesUnderFiveTimes) {
  const Expected e("heatwave.yaml");
  const auto& h = e.spec().horizon;
  for (const time::Seconds t : {h.start, h.end() - 1}) {
    const std::string month = time::format_date(t).substr(5, 2);
    EXPECT_TRUE(month == "07" || month == "08") << time::format_date(t);
  }
  const std::size_t first = static_cast<std::size_t>((e.spec().drills[0].start - h.start) / time::kDay);
  const Cells wave{first, first + 10, {}, {"municipal"}};
  EXPECT_GE(e.ratio(wave), 4.0);
  EXPECT_LE(e.ratio(wave), 5.0);
  EXPECT_NEAR(e.ratio({first, first + 10, {}, {"noise"}}), 1.5, 1e-9);
  EXPECT_NEAR(e.ratio({first, first + 10, {}, {"fire_safety"}}), 1.5, 1e-9);
  EXPECT_NEAR(e.ratio({0, first, {}, {"municipal"}}), 1.0, 1e-9);
}

// Drill 4. The evening peak (19-21 h) at the crowd places five times its height; noise and traffic
// doubled in the grids around them.
TEST(DrillAnchors, HolidayCrowdsPeakFiveTimesInTheEvening) {
  const Expected e("holiday_crowd.yaml");
  const std::vector<char> crowd = e.grids_of(0);
  EXPECT_EQ(count(crowd), 3u);
  for (const char* place : {"长风公园/环球港", "玉佛寺", "上海西站"})
    EXPECT_EQ(count(e.grids_where("crowd_place", place)), 1u) << place;
  for (std::size_t day = 0; day < e.bins() / 24; ++day) {
    EXPECT_NEAR(e.ratio({day * 24 + 19, day * 24 + 21, crowd}), 5.0, 1e-9);
    EXPECT_NEAR(e.ratio({day * 24 + 21, day * 24 + 24, crowd}), 1.0, 1e-9);
    EXPECT_NEAR(e.ratio({day * 24, day * 24 + 19, crowd}), 1.0, 1e-9);
  }
  const std::vector<char> around = e.grids_of(1);
  EXPECT_GE(count(around), 3u);
  for (std::size_t g = 0; g < around.size(); ++g) EXPECT_FALSE(around[g] && crowd[g]);
  EXPECT_NEAR(e.ratio({10, 22, around, {"traffic", "noise"}}), 2.0, 1e-9);
  EXPECT_NEAR(e.ratio({10, 22, around, {"property"}}), 1.0, 1e-9);
  std::vector<char> elsewhere(around.size());
  for (std::size_t g = 0; g < around.size(); ++g) elsewhere[g] = !around[g] && !crowd[g];
  EXPECT_NEAR(e.ratio({0, kAll, elsewhere}), 1.0, 1e-9);
}

// Drill 5. After the fatal fire in Yichuan (2022) [S]: fire-safety reports x3 for 30 days, half-life 10 d.
TEST(DrillAnchors, EbikeFireSeasonTriplesFireReportsAndHalvesEveryTenDays) {
  const Expected e("ebike_fire.yaml");
  ASSERT_EQ(e.bins(), 30u);
  const std::vector<char> elsewhere = negate(e.grids_of(1));
  const double first = e.ratio({0, 1, elsewhere, {"fire_safety"}});
  EXPECT_NEAR(first, 3.0, 0.1);
  EXPECT_NEAR(e.ratio({10, 11, elsewhere, {"fire_safety"}}) - 1, (first - 1) / 2, 1e-6);
  EXPECT_GT(e.ratio({0, 1, e.grids_of(1), {"fire_safety"}}), first);  // stronger where the fire was
}

// Drill 6. Triple the property cases in two or three residential grids for six weeks.
TEST(DrillAnchors, PropertyDisputesTripleInAFewResidentialGrids) {
  const Expected e("property_disputes.yaml");
  EXPECT_EQ(e.bins(), 42u);
  const std::vector<char> hit = e.grids_of(0);
  EXPECT_GE(count(hit), 2u);
  EXPECT_LE(count(hit), 3u);
  for (std::size_t g = 0; g < hit.size(); ++g) {
    if (!hit[g]) continue;
    EXPECT_EQ(e.district().grids[g].type, "residential") << e.district().grids[g].id;
  }
  EXPECT_NEAR(e.ratio({0, kAll, hit, {"property"}}), 3.0, 1e-9);
  EXPECT_NEAR(e.ratio({0, kAll, negate(hit)}), 1.0, 1e-9);
}

// Drill 2. Plum rains, 25 days: leaks and standing water doubled, property x1.3.
TEST(DrillAnchors, PlumRainDoublesStandingWaterForTwentyFiveDays) {
  const Expected e("plum_rain.yaml");
  EXPECT_EQ(e.bins(), 25u);
  const std::string month = time::format_date(e.spec().horizon.start).substr(5, 2);
  EXPECT_TRUE(month == "06" || month == "07") << month;
  EXPECT_NEAR(e.ratio({2, 25, {}, {"municipal"}}), 2.0, 1e-9);
  EXPECT_NEAR(e.ratio({2, 25, {}, {"property"}}), 1.3, 1e-9);
  EXPECT_NEAR(e.ratio({0, 25, {}, {"noise"}}), 1.0, 1e-9);
}

// Drill 8. Burst pipes ten times the usual rate in the old-housing grids for three days.
TEST(DrillAnchors, ColdSnapBurstsPipesInOldHousingForThreeDays) {
  const Expected e("cold_snap.yaml");
  const std::vector<char> old = e.grids_where("kind", "old_housing");
  EXPECT_EQ(old, e.grids_of(0));
  EXPECT_GE(count(old), 2u);
  const std::size_t first = static_cast<std::size_t>((e.spec().drills[0].start - e.spec().horizon.start) / time::kDay);
  EXPECT_NEAR(e.ratio({first, first + 3, old, {"municipal"}}), 10.0, 1e-9);
  EXPECT_NEAR(e.ratio({first + 3, kAll, old, {"municipal"}}), 1.0, 1e-9);
  EXPECT_NEAR(e.ratio({0, kAll, negate(old)}), 1.0, 1e-9);
}

// Drills 9 and 10 change case handling only; they still load and check.
TEST(DrillAnchors, GridMergeAndStaffingStillValidate) {
  const RunContext context;
  for (const char* file : {"grid_merge_25.yaml", "staff_cut.yaml", "staff_called_away.yaml"})
    EXPECT_EQ(validate_scenario_file(context, kPutuo + file), 1u) << file;
}

}  // namespace
}  // namespace riskgrid::run
