// The baselines' forecasts on histories small enough to work out by hand, and their replicas.
#include "riskgrid/models/arrival/baselines.hpp"

#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/arrival/day_bootstrap.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {
namespace {

// The test districts: 3 x 3 squares and the small catalog's 3 categories.
cube::Shape on(const time::TimeGrid& h) { return {h.bins, 9, 3}; }

const time::Seconds kStart = *time::parse_iso("2025-01-06");  // a Monday

struct Fixture {
  spatial::District district = testing::square_district(3, 1000);  // 9 grids of 1 km^2
  catalog::CategoryCatalog catalog = testing::small_catalog();     // 3 categories
  incidents::IncidentTable history;

  // `n` incidents of grid g, category c at noon on day `day` (0 = kStart), at the grid's centroid.
  void add(std::size_t day, std::uint32_t g, std::uint16_t c, int n = 1) {
    const geo::Point ll = district.projection.to_lonlat(district.grids[g].centroid);
    for (int i = 0; i < n; ++i) {
      history.id.push_back(std::to_string(history.size()));
      history.created.push_back(kStart + static_cast<time::Seconds>(day) * time::kDay + 12 * time::kHour);
      history.closed.push_back(-1);
      history.category.push_back(c);
      history.grid.push_back(g);
      history.source.push_back("hotline");
      history.lon.push_back(ll.x());
      history.lat.push_back(ll.y());
      history.status.push_back("");
    }
  }
  FitInput input(std::size_t days) const {
    return {district, catalog, history, kStart, kStart + static_cast<time::Seconds>(days) * time::kDay};
  }
  std::vector<double> mean_on(const FittedArrivals& f, std::size_t day, time::Seconds bin = time::kDay,
                              std::size_t bins = 1) const {
    const time::TimeGrid h{kStart + static_cast<time::Seconds>(day) * time::kDay, bin, bins};
    std::vector<double> mean(bins * 9 * 3), size(mean.size());
    f.predictive(h, {on(h), mean}, {on(h), size});
    return mean;
  }
};

TEST(Baselines, LastFourWeeksIsTheMeanOfTheLast28Days) {
  Fixture f;
  f.add(5, 0, 0, 50);                                          // day 5: outside the last 4 weeks of 56 days
  for (std::size_t d = 28; d < 56; d += 2) f.add(d, 0, 0, 3);  // 14 days x 3 = 42 in the last 28
  const auto fitted = LastWeeksMean().fit(f.input(56));
  const auto mean = f.mean_on(*fitted, 56);
  EXPECT_DOUBLE_EQ(mean[0], 42.0 / 28.0);    // grid 0, category 0: 1.5 a day
  EXPECT_DOUBLE_EQ(mean[1], kMinDailyRate);  // nothing seen: the floor
  // Hourly bins of the day add up to the daily rate.
  const auto hourly = f.mean_on(*fitted, 56, time::kHour, 24);
  double day_total = 0;
  for (std::size_t b = 0; b < 24; ++b) day_total += hourly[b * 27];
  EXPECT_NEAR(day_total, 1.5, 1e-12);
  // Weekly bins: 7 x 1.5.
  EXPECT_NEAR(f.mean_on(*fitted, 56, 7 * time::kDay)[0], 10.5, 1e-12);
}

TEST(Baselines, SamePeriodLastYearAveragesTheSameWeek52WeeksBefore) {
  Fixture f;
  // Forecast day 400; 364 days before is day 36; the 7 days centred on it are days 33..39.
  f.add(33, 4, 1, 2);
  f.add(39, 4, 1, 5);
  f.add(40, 4, 1, 100);  // just outside
  const auto fitted = SamePeriodLastYear().fit(f.input(400));
  EXPECT_DOUBLE_EQ(f.mean_on(*fitted, 400)[4 * 3 + 1], 7.0 / 7.0);
  // With 300 days of training there is no last year to look at.
  const auto short_fit = SamePeriodLastYear().fit(f.input(300));
  EXPECT_THROW(f.mean_on(*short_fit, 300), InputError);
}

TEST(Baselines, ExponentialWeightsHalveEveryHalfLife) {
  Fixture f;
  for (std::size_t d = 0; d < 28; ++d) f.add(d, 2, 2, 4);  // a constant 4 a day: the mean is 4
  f.add(27, 3, 0, 1);                                      // one incident on the last day
  const auto fitted = ExpWeightedMean(7).fit(f.input(28));
  const auto mean = f.mean_on(*fitted, 28);
  EXPECT_NEAR(mean[2 * 3 + 2], 4.0, 1e-12);
  // Weights 2^(-(28 - d - 0.5)/7): the last day's share of their sum.
  double total = 0;
  for (int d = 0; d < 28; ++d) total += std::exp2(-(28 - d - 0.5) / 7);
  EXPECT_NEAR(mean[3 * 3 + 0], std::exp2(-0.5 / 7) / total, 1e-12);
}

TEST(Baselines, HotspotMapsSpreadTheRecentRateTowardsWhereIncidentsWere) {
  Fixture f;
  for (std::size_t d = 0; d < 56; ++d) {
    f.add(d, 4, 0, 3);  // the centre grid: 3 a day
    f.add(d, 0, 0, 1);  // a corner: 1 a day
  }
  for (const auto* name : {"kde_hotspot", "prospective_hotspot"}) {
    ModelRegistry registry;
    register_builtin(registry);
    const auto fitted = registry.arrivals.create(name)->fit(f.input(56));
    const auto mean = f.mean_on(*fitted, 56);
    double total = 0;
    for (std::size_t g = 0; g < 9; ++g) total += mean[g * 3];
    EXPECT_NEAR(total, 4.0, 1e-9) << name;    // the district's recent 4 a day
    EXPECT_GT(mean[4 * 3], mean[0]) << name;  // centre over the corner
    EXPECT_GT(mean[0], mean[8 * 3]) << name;  // the corner over the far corner
    for (std::size_t g = 0; g < 9; ++g) EXPECT_GT(mean[g * 3], 0.01 * 4.0 / 9 * 0.999) << name;
  }
}

TEST(Baselines, ReplicasFollowThePredictiveDistributionAndRepeat) {
  const spatial::District district = testing::square_district(3, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.start = kStart;
  spec.days = 84;
  spec.daily_total = 300;
  const auto history = generate_history(spec, district, catalog);
  const auto fitted = LastWeeksMean().fit({district, catalog, history, kStart, kStart + 84 * time::kDay});
  const time::TimeGrid h{kStart + 84 * time::kDay, time::kDay, 7};
  const std::size_t n = 7 * 27;
  std::vector<double> mean(n), size(n), ones(n, 1.0);
  fitted->predictive(h, {on(h), mean}, {on(h), size});
  const auto sampler = fitted->prepare(h, {on(h), ones});
  std::vector<std::uint32_t> counts(n), again(n);
  std::vector<double> sum(n, 0.0);
  const int replicas = 4000;
  for (int r = 0; r < replicas; ++r) {
    sampler->sample({7, std::uint64_t(r)}, {on(h), counts});
    for (std::size_t i = 0; i < n; ++i) sum[i] += counts[i];
  }
  sampler->sample({7, 3}, {on(h), counts});
  sampler->sample({7, 3}, {on(h), again});
  EXPECT_EQ(counts, again);
  // Totals over all cells: within 4 standard errors of the predictive mean.
  double mean_total = 0, var_total = 0, sampled = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mean_total += mean[i];
    var_total += forecast::CountDistribution{mean[i], size[i]}.variance();
    sampled += sum[i] / replicas;
  }
  EXPECT_NEAR(sampled, mean_total, 4 * std::sqrt(var_total / replicas));
  const auto* daily = dynamic_cast<const DailyRateForecast*>(fitted.get());
  ASSERT_NE(daily, nullptr);
  EXPECT_EQ(size[0], daily->dispersion()[0]);
}

TEST(Baselines, NegbinWeekdayPredictiveCarriesItsDispersion) {
  const spatial::District district = testing::square_district(3, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.start = kStart;
  spec.days = 84;
  const auto history = generate_history(spec, district, catalog);
  const FittedNegbinWeekday fitted(fit_negbin_weekday({district, catalog, history, kStart, kStart + 84 * time::kDay}));
  const time::TimeGrid h{kStart + 84 * time::kDay, time::kDay, 2};
  std::vector<double> mean(2 * 27), size(2 * 27), expected(2 * 27);
  fitted.predictive(h, {on(h), mean}, {on(h), size});
  fitted.expected(h, {on(h), expected});
  EXPECT_EQ(mean, expected);
  for (std::size_t i = 0; i < size.size(); ++i) EXPECT_EQ(size[i], fitted.parameters().dispersion[i % 3]);
}

}  // namespace
}  // namespace riskgrid::models

namespace riskgrid::models {
namespace {

TEST(DayBootstrap, CopiesWholeDaysOfTheSameWeekdayAndMatchesItsMoments) {
  Fixture f;
  // 8 weeks; Mondays (days 0, 7, ...) have 4 incidents in grid 0 at noon, other days none, and a
  // second category only on the last Monday: 2 in grid 5.
  for (std::size_t d = 0; d < 56; d += 7) f.add(d, 0, 0, 4);
  f.add(49, 5, 1, 2);
  const auto fitted = DayBootstrap().fit(f.input(56));
  // Day 56 is a Monday. The Mondays within 28 days of its day of the year are days 28, 35, 42 and
  // 49: four, enough candidates (min_candidates 4). Each has 4 in grid 0; one has 2 in grid 5.
  const time::TimeGrid h{kStart + 56 * time::kDay, time::kDay, 2};
  std::vector<double> mean(2 * 27), size(mean.size()), ones(mean.size(), 1.0);
  fitted->predictive(h, {on(h), mean}, {on(h), size});
  EXPECT_DOUBLE_EQ(mean[0], 4.0);
  EXPECT_NEAR(mean[5 * 3 + 1], 2.0 / 4, 1e-12);
  EXPECT_NEAR(mean[27 + 0], kMinDailyRate, 1e-15);  // Tuesday: nothing ever
  const auto sampler = fitted->prepare(h, {on(h), ones});
  std::vector<std::uint32_t> counts(mean.size());
  int with_second = 0;
  for (int r = 0; r < 400; ++r) {
    sampler->sample({3, std::uint64_t(r)}, {on(h), counts});
    EXPECT_EQ(counts[0], 4u);  // every Monday copied has 4 in grid 0
    with_second += counts[5 * 3 + 1] == 2 ? 1 : 0;
  }
  EXPECT_NEAR(with_second / 400.0, 1.0 / 4, 0.07);  // the one Monday of four with the second category
}

}  // namespace
}  // namespace riskgrid::models
