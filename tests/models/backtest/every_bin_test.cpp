// Every registered arrival model answers hour, day, week and whole-horizon bins, and its forecast of a
// long bin agrees with the sum of its day bins' means (the same forecast, only binned differently).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {
namespace {

struct History {
  spatial::District district = testing::square_district(3, 1000);
  catalog::CategoryCatalog catalog = testing::small_catalog();
  incidents::IncidentTable history;
  History() {
    SynthSpec spec = default_synth_spec(catalog);
    spec.start = *time::parse_iso("2025-01-06");
    spec.days = 420;        // more than a year: same_period_last_year and the annual terms can fit
    spec.daily_total = 20;  // small: self-exciting models pair incidents up
    history = generate_history(spec, district, catalog);
  }
};

const History& history() {
  static const History h;
  return h;
}

std::vector<std::string> model_names() {
  ModelRegistry r;
  register_builtin(r);
  return r.arrivals.names();
}

struct Forecast {
  std::vector<double> mean, size;
};

Forecast forecast_of(const FittedArrivals& fit, const time::TimeGrid& horizon, std::size_t grids,
                     std::size_t categories) {
  Forecast f{std::vector<double>(horizon.bins * grids * categories), {}};
  f.size.resize(f.mean.size());
  const cube::Shape shape{horizon.bins, grids, categories};
  fit.predictive(horizon, {shape, f.mean}, {shape, f.size});
  return f;
}

class EveryBin : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryBin, AnswersHourDayWeekAndHorizonBins) {
  const History& h = history();
  ModelRegistry registry;
  register_builtin(registry);
  const time::Seconds origin = *time::parse_iso("2026-02-02");  // a Monday, 392 days in
  const auto fitted = registry.arrivals.create(GetParam())
                          ->fit({h.district, h.catalog, h.history, *time::parse_iso("2025-01-06"), origin});
  const std::size_t G = h.district.grids.size(), C = h.catalog.size();
  const Forecast days = forecast_of(*fitted, {origin, time::kDay, 14}, G, C);
  const Forecast hours = forecast_of(*fitted, {origin, time::kHour, 14 * 24}, G, C);
  const Forecast weeks = forecast_of(*fitted, {origin, 7 * time::kDay, 2}, G, C);
  const Forecast whole = forecast_of(*fitted, {origin, 14 * time::kDay, 1}, G, C);
  const std::size_t cells = G * C;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    double by_day = 0, by_hour = 0, week_sum = 0;
    for (std::size_t d = 0; d < 14; ++d) by_day += days.mean[d * cells + cell];
    for (std::size_t b = 0; b < 14 * 24; ++b) by_hour += hours.mean[b * cells + cell];
    for (std::size_t w = 0; w < 2; ++w) {
      week_sum += weeks.mean[w * cells + cell];
      EXPECT_GT(weeks.size[w * cells + cell], 0.0) << GetParam();
    }
    // Rate floors apply per bin (kMinDailyRate a day at most), and hawkes spreads a bin's events
    // evenly over it (hour bins are a finer approximation of the same cascade than day bins).
    const double floors = 14 * kMinDailyRate;
    EXPECT_NEAR(by_hour, by_day, 2e-4 * by_day + floors) << GetParam() << " cell " << cell;
    EXPECT_NEAR(week_sum, by_day, 1e-9 * by_day + floors) << GetParam() << " cell " << cell;
    EXPECT_NEAR(whole.mean[cell], by_day, 1e-9 * by_day + floors) << GetParam() << " cell " << cell;
    // A week's count varies at least as much as a Poisson count of its mean.
    const forecast::CountDistribution w{weeks.mean[cell], weeks.size[cell]};
    EXPECT_GE(w.variance(), w.mean * (1 - 1e-9)) << GetParam();
  }
}

// negbin_weekday draws a week day by day from the same streams as day bins: a replica's week is
// exactly the sum of the same replica's days.
TEST(EveryBinReplicas, NegbinWeekdayWeeksAreTheSumOfTheSameReplicasDays) {
  const History& h = history();
  ModelRegistry registry;
  register_builtin(registry);
  const time::Seconds origin = *time::parse_iso("2026-02-02");
  const auto fitted = registry.arrivals.create(std::string("negbin_weekday"))
                          ->fit({h.district, h.catalog, h.history, *time::parse_iso("2025-01-06"), origin});
  const std::size_t G = h.district.grids.size(), C = h.catalog.size(), cells = G * C;
  const cube::Shape days{14, G, C}, weeks{2, G, C};
  const std::vector<double> one_days(days.cells(), 1.0), one_weeks(weeks.cells(), 1.0);
  const auto by_day = fitted->prepare({origin, time::kDay, 14}, {days, one_days});
  const auto by_week = fitted->prepare({origin, 7 * time::kDay, 2}, {weeks, one_weeks});
  std::vector<std::uint32_t> d(days.cells()), w(weeks.cells());
  double drawn = 0;
  for (std::uint64_t replica = 0; replica < 20; ++replica) {
    const rng::ReplicaKey key{7, replica};
    by_day->sample(key, {days, d});
    by_week->sample(key, {weeks, w});
    for (std::size_t cell = 0; cell < cells; ++cell)
      for (std::size_t k = 0; k < 2; ++k) {
        std::uint32_t sum = 0;
        for (std::size_t day = 7 * k; day < 7 * k + 7; ++day) sum += d[day * cells + cell];
        ASSERT_EQ(w[k * cells + cell], sum) << "replica " << replica << " cell " << cell << " week " << k;
        drawn += sum;
      }
  }
  EXPECT_GT(drawn, 0);
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryBin, ::testing::ValuesIn(model_names()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace riskgrid::models
