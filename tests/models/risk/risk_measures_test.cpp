#include "riskgrid/models/risk/risk_measures.hpp"

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models {
namespace {

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;
  scenario::RiskSpec spec;
  explicit Fixture(std::size_t units) {
    for (std::size_t u = 0; u < units; ++u) {
      spatial::Unit g;
      g.id = "g" + std::to_string(u);
      g.population = 1000;
      district.grids.push_back(g);
    }
    catalog.categories.resize(2);
    catalog.categories[0].id = "fire";
    catalog.categories[0].weight = 5;
    catalog.categories[1].id = "noise";
    catalog.categories[1].weight = 1;
    spec.levels = {{"blue", "Blue", 0}, {"yellow", "Yellow", 0}, {"orange", "Orange", 0}, {"red", "Red", 0}};
  }
  RiskMeasures measure(const std::vector<double>& normal, const std::vector<double>& forecast,
                       std::span<const double> overdue = {}) const {
    const cube::Shape shape{normal.size() / (2 * district.grids.size()), district.grids.size(), 2};
    return measure_risk({district, catalog, spec, cube::View<const double>(shape, normal),
                         cube::View<const double>(shape, forecast), overdue, 0.5});
  }
};

TEST(RiskMeasures, RatioAndExcessAreConsequenceWeightedAgainstTheGridsOwnNormal) {
  const Fixture f(2);
  // [bin][unit][category], one bin: grid 0 has 3 more fire reports (weight 5), grid 1 is at its normal.
  const RiskMeasures m = f.measure({1, 10, 4, 40}, {4, 10, 4, 40});
  EXPECT_DOUBLE_EQ(m.normal[0], 11);                                      // incidents, unweighted
  EXPECT_DOUBLE_EQ(m.ratio[0], (5 * 4 + 10 + 1.0) / (5 * 1 + 10 + 1.0));  // pseudo-count 1 on both sides
  EXPECT_DOUBLE_EQ(m.excess[0], 15);
  EXPECT_DOUBLE_EQ(m.ratio[1], 1);
  EXPECT_DOUBLE_EQ(m.excess[1], 0);
  EXPECT_EQ(m.level[0], 1);  // 1.94x: yellow from 1.5x
  EXPECT_EQ(m.level[1], 0);
  EXPECT_EQ(m.top_category[0], 0);
  EXPECT_EQ(m.top_category[1], -1);  // nothing above normal drives anything
  EXPECT_DOUBLE_EQ(m.category_excess[0], 15);
  EXPECT_EQ(m.level_reason[0], "1.94× normal (yellow from 1.5×); most excess: fire +15");
  EXPECT_EQ(m.level_reason[1], "1.00× normal (yellow from 1.5×)");
}

TEST(RiskMeasures, LevelsAreAbsoluteBandsSoACalmDistrictIsAllBlue) {
  const Fixture f(3);
  // Grids of very different size, all at their normal: no grid is "red" for being big.
  const std::vector<double> normal{0, 0.5, 10, 50, 100, 500};
  const RiskMeasures calm = f.measure(normal, normal);
  for (const auto level : calm.horizon_level) EXPECT_EQ(level, 0);
  // Every grid at 3.5x: red, except one whose normal is half an incident, which the pseudo-count damps.
  std::vector<double> storm_counts = normal;
  for (double& v : storm_counts) v *= 3.5;
  const RiskMeasures storm = f.measure(normal, storm_counts);
  EXPECT_EQ(storm.horizon_level[0], 1);  // (1.75 + 1) / (0.5 + 1) = 1.83: yellow
  EXPECT_EQ(storm.horizon_level[1], 3);  // (350 + 1) / (100 + 1) = 3.48
  EXPECT_EQ(storm.horizon_level[2], 3);
}

TEST(RiskMeasures, BandEdgesBelongToTheHigherLevel) {
  Fixture f(1);
  f.spec.pseudo_count = 0;
  EXPECT_EQ(f.measure({0, 10}, {0, 30}).horizon_level[0], 3);  // exactly 3x: red
  EXPECT_EQ(f.measure({0, 10}, {0, 29.9}).horizon_level[0], 2);
}

TEST(RiskMeasures, HorizonSumsTheBinsBeforeDividing) {
  const Fixture f(1);
  // Two bins: a quiet one and a burst. The horizon ratio is of the totals, not the mean of the ratios.
  const RiskMeasures m = f.measure({0, 10, 0, 10}, {0, 10, 0, 40});
  EXPECT_DOUBLE_EQ(m.horizon_normal[0], 20);
  EXPECT_DOUBLE_EQ(m.horizon_ratio[0], 51.0 / 21.0);
  EXPECT_DOUBLE_EQ(m.horizon_excess[0], 30);
  EXPECT_EQ(m.level[0], 0);
  EXPECT_EQ(m.level[1], 3);          // 41 / 11
  EXPECT_EQ(m.horizon_level[0], 2);  // 2.43x
}

TEST(RiskMeasures, AnOverdueLifeSafetyCaseTurnsAGridRedWithItsReason) {
  const Fixture f(2);
  const std::vector<double> normal{1, 10, 1, 10}, overdue{0.7, 0.1};
  const RiskMeasures m = f.measure(normal, normal, overdue);
  EXPECT_EQ(m.horizon_level[0], 3);
  EXPECT_EQ(m.horizon_level[1], 0);
  EXPECT_EQ(m.level_reason[0], "overdue life-safety case likely (p 0.70 ≥ 0.50); 1.00× normal");
}

TEST(RiskMeasures, RankIsByExcessPerResidentOrByCountAsTheScenarioSays) {
  Fixture f(2);
  f.district.grids[1].population = 10000;  // ten times grid 0
  const std::vector<double> normal{0, 10, 0, 100}, forecast{0, 20, 0, 150};
  const RiskMeasures per_capita = f.measure(normal, forecast);
  EXPECT_EQ(per_capita.rank, (std::vector<std::int32_t>{1, 2}));  // +10 per 1,000 beats +50 per 10,000
  EXPECT_DOUBLE_EQ(per_capita.rank_value[0], 100);                // per 10,000 residents
  f.spec.rank_by = scenario::RiskSpec::RankBy::count;
  EXPECT_EQ(f.measure(normal, forecast).rank, (std::vector<std::int32_t>{2, 1}));
  EXPECT_EQ(rank_measure_name(f.spec), "weighted excess incidents");
}

TEST(RiskMeasures, PopulationDoesNotEnterTheLevels) {
  Fixture f(2);
  const std::vector<double> normal{0, 10, 0, 10}, forecast{0, 16, 0, 16};
  const RiskMeasures equal = f.measure(normal, forecast);
  f.district.grids[1].population = 1e6;
  const RiskMeasures unequal = f.measure(normal, forecast);
  EXPECT_EQ(equal.horizon_ratio, unequal.horizon_ratio);
  EXPECT_EQ(equal.horizon_level, unequal.horizon_level);
}

TEST(RiskMeasures, WeightsOverrideTheCatalogAndUnknownNamesAreRefused) {
  Fixture f(1);
  f.spec.weights["noise"] = 3;
  EXPECT_EQ(category_weights(f.catalog, f.spec), (std::vector<double>{5, 3}));
  f.spec.weights["fyre"] = 1;
  try {
    category_weights(f.catalog, f.spec);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'fire'"), std::string::npos) << e.what();
  }
}

TEST(RiskMeasures, RefusesArraysOfDifferentShapes) {
  const Fixture f(2);
  const std::vector<double> four{1, 1, 1, 1}, six{1, 1, 1, 1, 1, 1};
  EXPECT_THROW(measure_risk({f.district, f.catalog, f.spec, cube::View<const double>({1, 2, 2}, four),
                             cube::View<const double>({1, 3, 2}, six)}),
               std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::models
