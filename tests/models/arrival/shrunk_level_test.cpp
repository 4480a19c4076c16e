// shrunk_level and damped_trend recover known truth: the gamma prior's shape from Poisson-gamma
// counts, a damped trend's slope without running away, cell rates from a smooth field with gamma
// noise (better than each cell's own mean), weekday factors; replicas agree with the forecast.
#include "riskgrid/models/arrival/shrunk_level.hpp"

#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/arrival/fit_memo.hpp"
#include "riskgrid/models/registry.hpp"

namespace riskgrid::models {
namespace {

TEST(ShrunkLevel, GammaShapeComesBackFromPoissonGammaCounts) {
  rng::Stream s(20261204, 0, {rng::purpose_of("test.eb"), 0, 0});
  for (const double a : {0.8, 3.0, 12.0}) {
    std::vector<double> y, prior;
    for (int i = 0; i < 4000; ++i) {
      const double m = 0.05 + 0.5 * s.uniform(), exposure = 200;  // per day, days
      const double lambda = m * rng::gamma(s, a) / a;
      y.push_back(rng::poisson(s, lambda * exposure));
      prior.push_back(m * exposure);
    }
    // 4000 units: the shape's standard error is a few per cent; 12% is about 3 of them.
    EXPECT_NEAR(eb_gamma_shape(y, prior) / a, 1, 0.12) << "a = " << a;
  }
}

TEST(ShrunkLevel, DampedTrendRecoversTheSlopeAndCannotRunAway) {
  rng::Stream s(7, 0, {rng::purpose_of("test.trend"), 0, 0});
  std::vector<double> y;
  for (int t = 0; t < 470; ++t) y.push_back(5 + 0.002 * t + 0.03 * rng::normal(s));  // nine years of weeks
  const DampedTrendFit fit = fit_damped_trend(y);
  std::printf("alpha %.2f beta %.2f phi %.2f level %.3f slope %.5f\n", fit.alpha, fit.beta, fit.phi, fit.level,
              fit.slope);
  EXPECT_NEAR(fit.level, 5 + 0.002 * 469, 0.05);
  EXPECT_NEAR(fit.slope, 0.002, 0.0015);
  // However far ahead, the forecast stays within slope * phi / (1 - phi) of the level.
  const double bound = std::abs(fit.slope) * fit.phi / (1 - fit.phi) + 1e-12;
  EXPECT_LE(std::abs(fit.forecast(520) - fit.level), bound);
  EXPECT_LT(fit.forecast(520) - fit.level, 0.002 * 520 / 2);  // a linear trend would add 1.04
}

// A 10 x 10 district of 500 m squares, one category: rates of a smooth field times gamma noise of
// shape 4, a weekday cycle (Saturday 1.5x), 730 days of Poisson counts.
struct Truth {
  spatial::District district = testing::square_district(10, 500);
  catalog::CategoryCatalog catalog;
  incidents::IncidentTable history;
  std::vector<double> rate;  // [grid] per day, weekday mean
  time::Seconds start = *time::parse_iso("2024-01-01"), end = start + 730 * time::kDay;
  static constexpr double kWeekday[7] = {0.9, 0.9, 0.9, 0.9, 1.0, 1.5, 0.9};  // mean 1
  explicit Truth(double growth_per_year = 0) {
    catalog.categories.push_back(testing::small_catalog().categories[0]);
    rng::Stream s(20261204, 1, {rng::purpose_of("test.truth"), 0, 0});
    for (int g = 0; g < 100; ++g) {
      const double field = 0.15 * std::exp(std::sin(g % 10 / 3.0) + std::cos(g / 10 / 3.0));
      rate.push_back(field * rng::gamma(s, 4) / 4);
    }
    for (int d = 0; d < 730; ++d) {
      const time::Seconds day = start + d * time::kDay;
      const double trend = std::exp(growth_per_year * (d - 730) / 365.0);
      for (std::uint32_t g = 0; g < 100; ++g)
        for (std::uint32_t n = rng::poisson(s, rate[g] * trend * kWeekday[time::weekday(day)]); n > 0; --n) {
          history.created.push_back(day + static_cast<time::Seconds>(s.uniform() * 86399));
          history.grid.push_back(g);
          history.category.push_back(0);
        }
    }
  }
};

TEST(ShrunkLevel, RecoversCellRatesBetterThanEachCellsOwnMean) {
  const Truth t;
  const auto fitted = ShrunkLevel().fit({t.district, t.catalog, t.history, t.start, t.end});
  std::printf("%s\n", fitted->summary().c_str());
  std::vector<double> mean(7 * 100), size(7 * 100);
  fitted->predictive({t.end, time::kDay, 7}, {{7, 100, 1}, mean}, {{7, 100, 1}, size});
  std::vector<double> own(100, 0.0);
  for (std::size_t i = 0; i < t.history.size(); ++i)
    if (t.history.created[i] >= t.end - 28 * time::kDay) own[t.history.grid[i]] += 1.0 / 28;
  double err = 0, own_err = 0;
  for (std::size_t g = 0; g < 100; ++g) {
    double week = 0;
    for (std::size_t d = 0; d < 7; ++d) week += mean[d * 100 + g];
    err += std::abs(std::log(week / 7 / t.rate[g])) / 100;
    own_err += std::abs(std::log(std::max(own[g], 1e-3) / t.rate[g])) / 100;
  }
  // The truth is stationary: the level should use most of the two years, and the neighbours' prior
  // should help: mean absolute log error below 13% (a cell's own two-year mean: about 17%), and under
  // half a 4-week mean's.
  EXPECT_LT(err, 0.13);
  EXPECT_LT(err, own_err / 2);
  EXPECT_GT(size[0], 1.0);
}

TEST(ShrunkLevel, WeekdayFactorsAndReplicasAgreeWithTheForecast) {
  const Truth t;
  const auto fitted = ShrunkLevel().fit({t.district, t.catalog, t.history, t.start, t.end});
  const time::TimeGrid h{t.end, time::kDay, 7};
  std::vector<double> mean(700), size(700), ones(700, 1.0), sum(700, 0.0);
  fitted->predictive(h, {{7, 100, 1}, mean}, {{7, 100, 1}, size});
  double by_day[7] = {};
  for (std::size_t d = 0; d < 7; ++d)
    for (std::size_t g = 0; g < 100; ++g) by_day[time::weekday(t.end + d * time::kDay)] += mean[d * 100 + g];
  EXPECT_NEAR(by_day[5] / by_day[0], 1.5 / 0.9, 0.08);  // Saturday against Monday, ~40,000 incidents
  const auto sampler = fitted->prepare(h, {{7, 100, 1}, ones});
  std::vector<std::uint32_t> counts(700), again(700);
  for (int r = 0; r < 2000; ++r) {
    sampler->sample({5, std::uint64_t(r)}, {{7, 100, 1}, counts});
    for (std::size_t i = 0; i < 700; ++i) sum[i] += counts[i];
  }
  sampler->sample({5, 3}, {{7, 100, 1}, counts});
  sampler->sample({5, 3}, {{7, 100, 1}, again});
  EXPECT_EQ(counts, again);
  double expected = 0, sampled = 0;
  for (std::size_t i = 0; i < 700; ++i) expected += mean[i], sampled += sum[i] / 2000;
  EXPECT_NEAR(sampled / expected, 1, 0.02);
}

TEST(ShrunkLevel, DampedTrendFollowsGrowthWithoutExtrapolatingALine) {
  const Truth t(0.35);  // the rates grow 42% a year; at the end they are `rate`
  ModelRegistry r;
  register_builtin(r);
  const auto flat = r.arrivals.create("shrunk_level")->fit({t.district, t.catalog, t.history, t.start, t.end});
  const auto damped = r.arrivals.create("damped_trend")->fit({t.district, t.catalog, t.history, t.start, t.end});
  std::printf("%s\n", damped->summary().c_str());
  auto total = [&](const FittedArrivals& f, time::Seconds from) {
    std::vector<double> mean(100), size(100);
    f.predictive({from, 7 * time::kDay, 1}, {{1, 100, 1}, mean}, {{1, 100, 1}, size});
    double s = 0;
    for (const double m : mean) s += m;
    return s;
  };
  double truth = 0;
  for (const double r0 : t.rate) truth += 7 * r0;
  const double next = total(*damped, t.end), year = total(*damped, t.end + 364 * time::kDay);
  EXPECT_NEAR(next / truth, 1, 0.06);                         // the next week, despite the growth
  EXPECT_LT(std::abs(total(*flat, t.end) / truth - 1), 0.3);  // a level alone lags behind
  EXPECT_LT(year / next, std::exp(0.35));                     // a year on: less than the linear trend would add
  EXPECT_GT(year / next, 1.0);
}

// The kernels are built once per district and shared by every fit (shrunk_level_prior.hpp): a fit is
// the same whichever districts were fitted before it and however many threads fit at once, and a
// district of another geometry gets its own kernels.
TEST(ShrunkLevel, SameFitWithOrWithoutABacktestsMemoAndOnAnyThread) {
  const Truth t;
  const ShrunkLevel model(ShrunkLevelSettings{0, 2});  // one kernel: the geometry decides the prior
  FitMemo memo;
  auto weekly = [&](const spatial::District& d, FitMemo* m) {
    std::vector<double> mean(100), size(100);
    model.fit({d, t.catalog, t.history, t.start, t.end, m})
        ->predictive({t.end, 7 * time::kDay, 1}, {{1, 100, 1}, mean}, {{1, 100, 1}, size});
    mean.insert(mean.end(), size.begin(), size.end());
    return mean;
  };
  auto stretched = [&](double fx) {  // x stretched: other neighbours, the same areas
    spatial::District d = t.district;
    for (auto& g : d.grids) g.centroid.x(g.centroid.x() * fx);
    return d;
  };
  const std::vector<double> first = weekly(t.district, nullptr);
  EXPECT_EQ(weekly(t.district, &memo), first);  // kernels built into the memo
  EXPECT_EQ(weekly(t.district, &memo), first);  // and read from it
  const spatial::District wide = stretched(3);
  EXPECT_NE(weekly(wide, &memo), first);           // another district is another key
  const spatial::District other = stretched(1.7);  // not built yet: the threads ask for it at once
  std::vector<std::vector<double>> out(4);
  std::vector<std::thread> threads;
  for (auto& o : out) threads.emplace_back([&] { o = weekly(other, &memo); });
  for (auto& th : threads) th.join();
  for (const auto& o : out) EXPECT_EQ(o, out[0]);
  EXPECT_EQ(out[0], weekly(other, nullptr));
}

}  // namespace
}  // namespace riskgrid::models
