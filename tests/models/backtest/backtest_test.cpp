// Rolling-origin backtests: one forecast scored by hand, and whole runs independent of threads.
#include "riskgrid/models/backtest/backtest.hpp"
#include "riskgrid/models/registry.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/backtest/best_of_backtest.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models::backtest {
using namespace forecast;
namespace {

TEST(Backtest, ScoresOneForecastByHand) {
  // One day, 2 grids of 1 and 3 km^2, 1 category; Poisson means 1 and 2, observed 0 and 3.
  BacktestPlan plan;
  plan.horizon_days = 1;
  plan.area_shares = {0.25, 0.5};
  const std::vector<double> mean{1, 2}, size(2, kPoissonSize), area{1e6, 3e6};
  const std::vector<std::uint32_t> observed{0, 3};
  const OriginScores s = score_forecast(mean, size, observed, 2, 1, area, plan);
  EXPECT_DOUBLE_EQ(s.mae, 1.0);  // |1 - 0| and |2 - 3|
  EXPECT_DOUBLE_EQ(s.rmse, 1.0);
  // -log P(0 | 1) = 1; -log P(3 | 2) = 2 - log(8/6); mean of the two.
  EXPECT_NEAR(s.log_score, (1 + 2 - std::log(8.0 / 6.0)) / 2, 1e-12);
  // Poisson(1): [0, 3] holds 0; Poisson(2): [0, 5] holds 3 (F(4) = 0.947 < 0.95 <= F(5) = 0.983).
  EXPECT_DOUBLE_EQ(s.coverage, 1.0);
  // Densities 1 and 2/3 per km^2: grid 0 first. 1/4 of the area is exactly grid 0, which saw
  // nothing: hit 0. Half the area is grid 0 and a third of grid 1: (0 + 3/3) / 3 = 1/3, PAI 2/3.
  EXPECT_DOUBLE_EQ(s.hit_rate[0], 0.0);
  EXPECT_NEAR(s.hit_rate[1], 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.pai[1], 2.0 / 3.0, 1e-12);
}

struct SmallHistory {
  spatial::District district = testing::square_district(3, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  incidents::IncidentTable history;
  SmallHistory() {
    SynthSpec spec = default_synth_spec(catalog);
    spec.start = *time::parse_iso("2025-06-02");
    spec.days = 140;
    spec.daily_total = 200;
    history = generate_history(spec, district, catalog);
  }
};

TEST(Backtest, ResultsDoNotDependOnThreadsAndNeverBeatTheOracle) {
  const SmallHistory h;
  ModelRegistry registry;
  register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"negbin_weekday", "negbin_glm", "last_4_weeks", "prospective_hotspot", "same_period_last_year"};
  plan.history_start = *time::parse_iso("2025-06-02");
  for (int w = 0; w < 4; ++w) plan.origins.push_back(*time::parse_iso("2025-09-22") + w * 7 * time::kDay);
  plan.window_days = 56;
  auto run = [&](int threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    return run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  };
  const BacktestResult one = run(1), four = run(4);
  for (std::size_t i = 0; i < one.scores.size(); ++i) {
    const auto &a = one.scores[i], &b = four.scores[i];
    EXPECT_EQ(a.error, b.error);
    if (!a.error.empty()) continue;
    EXPECT_EQ(a.log_score, b.log_score);
    EXPECT_EQ(a.crps, b.crps);
    EXPECT_EQ(a.pai, b.pai);
  }
  const auto summary = summarise(one);
  EXPECT_EQ(summary[4].origins, 0u);  // same_period_last_year: no year of history
  EXPECT_NE(summary[4].first_error.find("needs history"), std::string::npos);
  for (std::size_t m = 0; m < 4; ++m) {
    EXPECT_EQ(summary[m].origins, 4u) << plan.models[m].name;
    for (std::size_t o = 0; o < 4; ++o)
      for (std::size_t k = 0; k < plan.area_shares.size(); ++k)
        EXPECT_LE(one.at(m, o).pai[k], one.oracle_pai[o * 3 + k] + 1e-12);
    EXPECT_GT(summary[m].coverage, 0.85) << plan.models[m].name;  // NB intervals of small counts
  }
}

TEST(Backtest, GridLevelScoresSumTheCategories) {
  const SmallHistory h;
  ModelRegistry registry;
  register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"negbin_weekday", "last_4_weeks"};
  plan.history_start = *time::parse_iso("2025-06-02");
  plan.origins = {*time::parse_iso("2025-09-22"), *time::parse_iso("2025-09-29")};
  const BacktestResult by_category = run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  plan.by_category = false;
  const BacktestResult by_grid = run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  for (std::size_t i = 0; i < by_grid.scores.size(); ++i) {
    // The hotspot scores rank grid totals either way; count scores see 3x larger counts per cell.
    EXPECT_EQ(by_grid.scores[i].pai, by_category.scores[i].pai);
    EXPECT_GT(by_grid.scores[i].mae, by_category.scores[i].mae);
    EXPECT_TRUE(std::isfinite(by_grid.scores[i].log_score));
  }
}

TEST(Backtest, GridTotalsTakeTheirDispersionFromTheModelsRecentErrors) {
  // Busy days (every 9th doubles every category: a storm, a holiday) move a grid's categories
  // together, which summing them as independent counts misses.
  SmallHistory h;
  SynthSpec spec = default_synth_spec(h.catalog);
  spec.start = *time::parse_iso("2025-06-02");
  spec.days = 140;
  spec.daily_total = 200;
  for (int d = 4; d < spec.days; d += 9)
    spec.episodes.push_back({"busy", spec.start + d * time::kDay, spec.start + (d + 1) * time::kDay, {2, 2, 2}});
  h.history = generate_history(spec, h.district, h.catalog);
  ModelRegistry registry;
  register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"negbin_weekday", "last_4_weeks"};
  plan.history_start = *time::parse_iso("2025-06-02");
  for (int w = 0; w < 6; ++w) plan.origins.push_back(*time::parse_iso("2025-09-08") + w * 7 * time::kDay);
  plan.by_category = false;
  auto run = [&](std::size_t horizons, int threads) {
    plan.calibration_horizons = horizons;
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    return run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  };
  const BacktestResult independent = run(0, 2), calibrated = run(4, 2), one_thread = run(4, 1);
  const auto a = summarise(independent), b = summarise(calibrated);
  // negbin_weekday's sizes come from all its training days, where the busy days are rare: its
  // independent sum covers too little. last_4_weeks' come from its 4 weeks (busy days included) and
  // cover nearly enough already; the errors widen them a little more.
  EXPECT_LT(a[0].coverage, 0.85);
  for (std::size_t m = 0; m < 2; ++m) {
    SCOPED_TRACE(plan.models[m].name);
    EXPECT_EQ(b[m].mae, a[m].mae);  // same means
    EXPECT_NEAR(b[m].coverage, 0.9, 0.05);
    EXPECT_LT(b[m].log_score, a[m].log_score);
  }
  for (std::size_t i = 0; i < calibrated.scores.size(); ++i)
    EXPECT_EQ(calibrated.scores[i].log_score, one_thread.scores[i].log_score);
}

TEST(Backtest, GridTotalsNearTheHistoryStartUseTheHorizonsThereAre) {
  // Origins 8 and 15 days into the history. Of the four calibration horizons before each, those
  // starting at or before the history's start are not forecast, and those the models cannot be fitted
  // for (1 day of training: they need 7) are left out: the first origin has none left and keeps the
  // independent sum; the second has one (8 days of training).
  const SmallHistory h;
  ModelRegistry registry;
  register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"last_4_weeks", "negbin_weekday"};
  plan.history_start = *time::parse_iso("2025-06-02");
  plan.origins = {plan.history_start + 8 * time::kDay, plan.history_start + 15 * time::kDay};
  plan.by_category = false;
  const BacktestResult r = run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  for (const auto& s : r.scores) {
    EXPECT_TRUE(s.error.empty()) << s.error;
    EXPECT_TRUE(std::isfinite(s.log_score));
  }
  plan.calibration_horizons = 0;
  const BacktestResult independent = run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals);
  EXPECT_EQ(r.at(0, 0).log_score, independent.at(0, 0).log_score);  // nothing to calibrate on
}

TEST(Backtest, UnknownModelsAndUncoveredHorizonsAreRefused) {
  const SmallHistory h;
  ModelRegistry registry;
  register_builtin(registry);
  BacktestPlan plan;
  plan.models = {"negbin_weekdy"};
  plan.origins = {*time::parse_iso("2025-09-22")};
  EXPECT_THROW(run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals), ScenarioError);
  plan.models = {"last_4_weeks"};
  plan.origins = {*time::parse_iso("2025-10-17")};  // the history ends 2025-10-19
  EXPECT_THROW(run_backtest({h.district, h.catalog, h.history}, plan, registry.arrivals), InputError);
}

}  // namespace
}  // namespace riskgrid::models::backtest

namespace riskgrid::models::backtest {
namespace {

TEST(BestOfBacktest, ChoosesAWeekdayAwareModelOnAWeeklyCycle) {
  // Synthetic counts with a strong weekday cycle (weekends at 0.75 of weekdays' 1.1): the models
  // that know weekdays should beat flat maps on log score, and the choice is reported.
  const SmallHistory h;
  ModelRegistry registry;
  register_builtin(registry);
  ASSERT_TRUE(registry.arrivals.contains("best_of_backtest"));
  // Three candidates keep the test quick; the registered model tries every built-in one.
  const auto model = std::make_unique<BestOfBacktest>(
      std::move(registry.arrivals), std::vector<std::string>{"last_4_weeks", "negbin_weekday", "kde_hotspot"});
  const time::Seconds start = *time::parse_iso("2025-06-02");
  const auto fitted = model->fit({h.district, h.catalog, h.history, start, start + 126 * time::kDay});
  const std::string summary = fitted->summary();
  EXPECT_TRUE(summary.rfind("best_of_backtest: chose negbin_weekday", 0) == 0) << summary;
  EXPECT_NE(summary.find("last_4_weeks"), std::string::npos) << summary;
  // Too short a window to hold 4 weekly origins with 2 weeks before them.
  EXPECT_THROW(model->fit({h.district, h.catalog, h.history, start, start + 35 * time::kDay}), InputError);
}

}  // namespace
}  // namespace riskgrid::models::backtest
