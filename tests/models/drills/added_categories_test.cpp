// Categories added by drills: the run's catalog (clashes and duplicates refused at their line), their
// expected counts (spread, window, ramp), how other drills act on them, and the sampler that draws them.
#include "riskgrid/models/drills/added_categories.hpp"

#include <gtest/gtest.h>

#include "scenario_error.hpp"

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"

namespace riskgrid::models {
namespace {

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;
  Fixture() {
    district.towns = {{"north", "North", "", "", 0, 0, {}, 0, {}}, {"south", "South", "", "", 0, 0, {}, 0, {}}};
    // Grids: n1 (population 1000, 1 km2), s1 (3000, 3 km2), s2 (4000, 1 km2).
    district.grids = {{"n1", "N1", "north", "", 1000, 0, {}, 1e6, {}},
                      {"s1", "S1", "south", "", 3000, 0, {}, 3e6, {}},
                      {"s2", "S2", "south", "", 4000, 0, {}, 1e6, {}}};
    catalog.categories.resize(2);
    catalog.categories[0].id = "fire";
    catalog.categories[1].id = "noise";
  }
};

scenario::Drill adding(const std::string& id, double per_day, const std::string& where) {
  scenario::Drill d;
  d.name = id + "_drill";
  d.where = where;
  d.new_category = catalog::Category{};
  d.new_category->id = id;
  d.new_category->added_by = d.name;
  d.new_category_where = where;
  d.per_day = per_day;
  d.start = 0;
  d.end = 10 * time::kDay;
  return d;
}

scenario::Drill multiplying(double factor, std::vector<std::string> categories) {
  scenario::Drill d;
  d.name = "surge";
  d.where = "s.yaml:20:5";
  d.factor = factor;
  d.categories = std::move(categories);
  d.start = 0;
  d.end = 10 * time::kDay;
  return d;
}

TEST(RunCatalog, AppendsAddedCategoriesInDrillOrder) {
  const Fixture f;
  const auto run =
      run_catalog(f.catalog, "cats.yaml",
                  {adding("supplies", 1, "s.yaml:9:11"), multiplying(2, {}), adding("medicine", 1, "s.yaml:14:11")});
  ASSERT_EQ(run.size(), 4u);
  EXPECT_EQ(run.categories[2].id, "supplies");
  EXPECT_EQ(run.categories[3].id, "medicine");
  EXPECT_EQ(run.categories[3].added_by, "medicine_drill");
  EXPECT_TRUE(run.categories[0].added_by.empty());
}

TEST(RunCatalog, RefusesAnIdOfTheCatalogOrAddedTwiceAtItsLine) {
  const Fixture f;
  EXPECT_EQ(riskgrid::testing::scenario_error_of(
                [&] { run_catalog(f.catalog, "cats.yaml", {adding("noise", 1, "s.yaml:9:11")}); }),
            "s.yaml:9:11: drill 'noise_drill': new_category.id: \"noise\" is already a category of the catalog "
            "cats.yaml; to change its rate use a drill with categories: [noise] and a factor");
  auto second = adding("medicine", 1, "s.yaml:14:11");
  second.name = "more_medicine";
  EXPECT_EQ(riskgrid::testing::scenario_error_of([&] {
              run_catalog(f.catalog, "cats.yaml", {adding("medicine", 1, "s.yaml:9:11"), second});
            }),
            "s.yaml:14:11: drill 'more_medicine': new_category.id: \"medicine\" is already added by drill "
            "'medicine_drill' at s.yaml:9:11");
}

TEST(AddedCategoryMeans, SpreadPerDayByPopulationAreaOrEvenlyOverTheDrillsGrids) {
  const Fixture f;
  const time::TimeGrid days{0, time::kDay, 2};
  auto d = adding("medicine", 800, "s.yaml:9:11");
  d.towns = {"south"};
  const auto run = run_catalog(f.catalog, "cats.yaml", {d});
  auto at = [](const cube::Cube<double>& m, std::size_t bin, std::size_t grid) { return m.at(bin, grid, 2); };
  auto m = added_category_means({d}, f.district, run, days);
  EXPECT_EQ(m.shape(), (cube::Shape{2, 3, 3}));
  EXPECT_DOUBLE_EQ(at(m, 0, 0), 0.0);  // north is not in the drill
  EXPECT_DOUBLE_EQ(at(m, 0, 1), 800.0 * 3 / 7);
  EXPECT_DOUBLE_EQ(at(m, 1, 2), 800.0 * 4 / 7);
  EXPECT_DOUBLE_EQ(m.at(0, 1, 0), 0.0);  // the catalog's categories get nothing
  d.spread = scenario::Drill::Spread::area;
  m = added_category_means({d}, f.district, run, days);
  EXPECT_DOUBLE_EQ(at(m, 0, 1), 600.0);
  d.spread = scenario::Drill::Spread::even;
  m = added_category_means({d}, f.district, run, days);
  EXPECT_DOUBLE_EQ(at(m, 0, 2), 400.0);
}

TEST(AddedCategoryMeans, FollowTheWindowRampAndHalfLife) {
  const Fixture f;
  const time::TimeGrid hours{0, time::kHour, 72};
  auto d = adding("medicine", 2400, "s.yaml:9:11");  // 100 an hour at full strength, district-wide
  d.spread = scenario::Drill::Spread::even;
  d.start = 2 * time::kHour;
  d.end = 50 * time::kHour;
  d.ramp_hours = 4;
  d.half_life_days = 1;
  const auto run = run_catalog(f.catalog, "cats.yaml", {d});
  const auto m = added_category_means({d}, f.district, run, hours);
  auto district_total = [&](std::size_t bin) {
    double sum = 0;
    for (std::size_t g = 0; g < 3; ++g) sum += m.at(bin, g, 2);
    return sum;
  };
  EXPECT_DOUBLE_EQ(district_total(1), 0.0);                              // before the window
  EXPECT_DOUBLE_EQ(district_total(2), 100.0 * 0.5 / 4);                  // ramp, at the hour's midpoint
  EXPECT_NEAR(district_total(6), 100.0 * std::exp2(-0.5 / 24), 1e-9);    // ramp done, decaying
  EXPECT_NEAR(district_total(30), 100.0 * std::exp2(-24.5 / 24), 1e-9);  // about one half-life on
  EXPECT_DOUBLE_EQ(district_total(50), 0.0);                             // window end is exclusive
}

TEST(AddedCategories, OtherDrillsMultiplyThemOnlyByName) {
  const Fixture f;
  const time::TimeGrid days{0, time::kDay, 1};
  const auto d = adding("medicine", 300, "s.yaml:9:11");
  const std::vector<scenario::Drill> all_categories{d, multiplying(4, {})};
  const auto run = run_catalog(f.catalog, "cats.yaml", all_categories);
  auto m = drill_multipliers(all_categories, f.district, run, days);
  EXPECT_DOUBLE_EQ(m.at(0, 0, 0), 4.0);  // fire, grid n1
  EXPECT_DOUBLE_EQ(m.at(0, 0, 2), 1.0);  // medicine: not named, not multiplied
  const std::vector<scenario::Drill> named{d, multiplying(2, {"medicine"})};
  m = drill_multipliers(named, f.district, run, days);
  EXPECT_DOUBLE_EQ(m.at(0, 0, 0), 1.0);
  EXPECT_DOUBLE_EQ(m.at(0, 0, 2), 2.0);
  // What each drill adds: the adding drill its whole (multiplied) count, the multiplier the excess.
  const cube::Cube<double> before = added_category_means(named, f.district, run, days);  // catalog: 0
  const auto added = drill_added_counts(named, f.district, run, days, before.view());
  EXPECT_DOUBLE_EQ(added[0 * 2 + 0] + added[1 * 2 + 0] + added[2 * 2 + 0], 600.0);
  EXPECT_DOUBLE_EQ(added[0 * 2 + 1] + added[1 * 2 + 1] + added[2 * 2 + 1], 300.0);
}

/// Fills every cell with 7: stands in for the fitted model.
class Sevens final : public ArrivalSampler {
 public:
  void sample(const rng::ReplicaKey&, cube::View<std::uint32_t> counts) const override {
    std::fill(counts.begin(), counts.end(), 7u);
  }
};

TEST(AddedCategories, SamplerKeepsTheFittedCellsAndDrawsTheAddedOnesWithTheirMeans) {
  const std::size_t bins = 2, grids = 3, k = 4;  // 2 fitted + 2 added categories
  cube::Cube<double> means({bins, grids, k}, 0.0);
  means.at(1, 2, 2) = 30.0;  // bin 1, grid 2, first added category
  means.at(0, 0, 3) = 2.5;
  const auto sampler = with_added_categories(std::make_unique<Sevens>(), 2, means);
  std::vector<std::uint32_t> counts(means.shape().cells());
  double sum_big = 0, sum_small = 0;
  const int replicas = 4000;
  for (int r = 0; r < replicas; ++r) {
    sampler->sample({42, std::uint64_t(r)}, {means.shape(), counts});
    for (std::size_t row = 0; row < bins * grids; ++row) {
      EXPECT_EQ(counts[row * k + 0], 7u);
      EXPECT_EQ(counts[row * k + 1], 7u);
    }
    EXPECT_EQ(counts[(0 * grids + 1) * k + 2], 0u);  // mean 0: never an incident
    sum_big += counts[(1 * grids + 2) * k + 2];
    sum_small += counts[(0 * grids + 0) * k + 3];
  }
  EXPECT_NEAR(sum_big / replicas, 30.0, 4 * std::sqrt(30.0 / replicas));
  EXPECT_NEAR(sum_small / replicas, 2.5, 4 * std::sqrt(2.5 / replicas));
  std::vector<std::uint32_t> again(means.shape().cells());
  sampler->sample({42, 17}, {means.shape(), counts});
  sampler->sample({42, 17}, {means.shape(), again});
  EXPECT_EQ(counts, again);  // (seed, replica) alone decides
}

}  // namespace
}  // namespace riskgrid::models
