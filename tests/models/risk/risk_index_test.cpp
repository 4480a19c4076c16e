#include "riskgrid/models/risk/risk_index.hpp"

#include "riskgrid/engine/error.hpp"

#include <gtest/gtest.h>

namespace riskgrid::models {
namespace {

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;
  scenario::RiskSpec spec;
  Fixture(std::size_t units) {
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
  }
};

TEST(RiskIndex, MatchesTheFormulaOnAHandCase) {
  Fixture f(2);
  f.district.grids[1].population = 3000;             // exposure 0.5 and 1.5
  const std::vector<double> baseline{2, 10, 2, 10};  // [bin][unit][category], one bin
  const std::vector<double> forecast{4, 10, 2, 20};
  const RiskOutput r = score_risk({f.district, f.catalog, f.spec, 1, baseline, forecast});
  // unit 0: (5 * 4/2 + 1 * 10/10) * 0.5 / 6 = 11 * 0.5 / 6; unit 1: (5 * 2/2 + 1 * 20/10) * 1.5 / 6
  EXPECT_DOUBLE_EQ(r.index[0], 11.0 * 0.5 / 6.0);
  EXPECT_DOUBLE_EQ(r.index[1], 7.0 * 1.5 / 6.0);
  EXPECT_DOUBLE_EQ(r.horizon_index[1], r.index[1]);
  EXPECT_EQ(r.top_category[0], 0);
  EXPECT_EQ(r.top_category[1], 0);
}

TEST(RiskIndex, BaselineBandsGiveTheConfiguredShares) {
  Fixture f(100);
  std::vector<double> baseline;
  for (std::size_t u = 0; u < 100; ++u) baseline.insert(baseline.end(), {1.0 + double(u), 1.0});
  const RiskOutput r = score_risk({f.district, f.catalog, f.spec, 1, baseline, baseline});
  int per_level[4] = {0, 0, 0, 0};
  for (auto l : r.horizon_level) ++per_level[l];
  EXPECT_EQ(per_level[3], 5);   // red: top 5%
  EXPECT_EQ(per_level[2], 10);  // orange: next 10%
  EXPECT_EQ(per_level[1], 25);  // yellow: next 25%
  EXPECT_EQ(per_level[0], 60);
}

TEST(RiskIndex, ADrillRaisesLevelsAgainstTheBaseline) {
  Fixture f(100);
  std::vector<double> baseline, doubled;
  for (std::size_t u = 0; u < 100; ++u) {
    baseline.insert(baseline.end(), {1.0 + double(u), 1.0});
    doubled.insert(doubled.end(), {2.0 * (1.0 + double(u)), 2.0});
  }
  f.spec.bands_from_baseline = true;
  const RiskOutput r = score_risk({f.district, f.catalog, f.spec, 1, baseline, doubled});
  int red = 0;
  for (auto l : r.horizon_level) red += l == 3;
  EXPECT_GT(red, 40);
  f.spec.bands_from_baseline = false;  // ranked within the run itself: shares as configured again
  const RiskOutput ranked = score_risk({f.district, f.catalog, f.spec, 1, baseline, doubled});
  red = 0;
  for (auto l : ranked.horizon_level) red += l == 3;
  EXPECT_EQ(red, 5);
}

TEST(RiskIndex, ScenarioWeightsOverrideTheCatalog) {
  Fixture f(1);
  f.spec.weights["noise"] = 7;
  EXPECT_EQ(category_weights(f.catalog, f.spec), (std::vector<double>{5, 7}));
  f.spec.weights["nosie"] = 1;
  EXPECT_THROW(category_weights(f.catalog, f.spec), ScenarioError);
}

}  // namespace
}  // namespace riskgrid::models

namespace riskgrid::models {
namespace {

TEST(RiskIndex, OverdueLifeSafetyCasesTurnAGridRed) {
  Fixture f(4);
  const std::vector<double> baseline(2 * 4 * 2, 1.0);  // two bins, [bin][unit][category]
  std::vector<double> forecast = baseline;
  for (std::size_t b = 0; b < 2; ++b) forecast[(b * 4 + 2) * 2] = 5;  // grid 2 stands out: red by the bands
  const std::vector<double> p_overdue{0.9, 0.1, 0.0, 0.8,             // bin 0
                                      0.9, 0.1, 0.0, 0.2};            // bin 1
  RiskInput in{f.district, f.catalog, f.spec, 2, baseline, forecast};
  in.overdue_life_safety_probability = p_overdue;
  in.red_probability = 0.8;
  const RiskOutput r = score_risk(in);
  EXPECT_EQ(r.level[0], 3);
  EXPECT_EQ(r.level[3], 3);  // likely enough in bin 0 ...
  EXPECT_LT(r.level[7], 3);  // ... not in bin 1
  EXPECT_EQ(r.horizon_level[0], 3);
  EXPECT_LT(r.horizon_level[3], 3);  // 0.5 on average over the horizon
  EXPECT_LT(r.horizon_level[1], 3);
  EXPECT_EQ(r.horizon_level[2], 3);  // the bands still apply
}

}  // namespace
}  // namespace riskgrid::models
