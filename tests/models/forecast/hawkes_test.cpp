// The Hawkes EM recovers the background rate, branching ratio, decay and spread of a process
// simulated by branching with known parameters.
#include "riskgrid/models/arrival/hawkes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::models {
namespace {

// The test districts: 3 x 3 squares and the small catalog's 3 categories.
cube::Shape on(const time::TimeGrid& h) { return {h.bins, 9, 3}; }

// 25 grids of 1 km^2 in a 5 x 5 km square; grid g's background is 0.1 + 0.01 g incidents a day (low
// enough that children stand out from the background for a few mean delays).
double grid_rate(int g) { return 0.1 + 0.01 * g; }

std::vector<HawkesEvent> simulate(const HawkesParams& truth, double days, std::uint64_t seed) {
  rng::Stream s(seed, 0, {rng::kArrivalBranch, 0, 0});
  std::vector<HawkesEvent> events;
  for (int g = 0; g < 25; ++g) {
    const std::uint32_t n = rng::poisson(s, truth.background_scale * grid_rate(g) * days);
    for (std::uint32_t i = 0; i < n; ++i)
      events.push_back({days * s.uniform(), 1000 * (g % 5 + s.uniform()), 1000 * (g / 5 + s.uniform()), 0, 0});
  }
  // Branching: every event, background or child, has Poisson(eta) children.
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::uint32_t children = rng::poisson(s, truth.branching);
    for (std::uint32_t k = 0; k < children; ++k) {
      const double t = events[i].t - std::log(s.uniform()) / truth.decay_per_day;
      const double x = events[i].x + truth.sigma_m * rng::normal(s), y = events[i].y + truth.sigma_m * rng::normal(s);
      if (t < days) events.push_back({t, x, y, 0, 0});
    }
  }
  for (auto& e : events) {
    const bool inside = e.x >= 0 && e.y >= 0 && e.x < 5000 && e.y < 5000;
    const int g = inside ? int(e.y / 1000) * 5 + int(e.x / 1000) : -1;
    e.background = inside ? grid_rate(g) / 1e6 : 0.0;  // per day per m^2, unscaled (b = 1 is the truth)
  }
  std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.t < b.t; });
  return events;
}

TEST(Hawkes, EmRecoversBackgroundBranchingDecayAndSpread) {
  const HawkesParams truth{1.0, 0.4, 0.5, 120};
  const double days = 1000;
  const auto events = simulate(truth, days, 20261123);
  double integral = 0;
  for (int g = 0; g < 25; ++g) integral += grid_rate(g) * days;
  HawkesSettings settings;
  const HawkesFit fit = fit_hawkes_em(events, days, integral, settings, {0.5, 0.1, 2.0, 300});
  std::printf("%zu events, %zu pairs, %d iterations: b %.3f eta %.3f omega %.3f sigma %.1f\n", events.size(), fit.pairs,
              fit.iterations, fit.params.background_scale, fit.params.branching, fit.params.decay_per_day,
              fit.params.sigma_m);
  EXPECT_TRUE(fit.converged);
  // About 5,500 background events and 3,700 children: background rate within 5%, eta within 0.04,
  // decay within 10%, spread within 8% (about 3 standard errors at this size).
  EXPECT_NEAR(fit.params.background_scale, 1.0, 0.05);
  EXPECT_NEAR(fit.params.branching, 0.4, 0.04);
  EXPECT_NEAR(fit.params.decay_per_day / 0.5, 1, 0.10);
  EXPECT_NEAR(fit.params.sigma_m / 120, 1, 0.08);
}

TEST(Hawkes, APoissonProcessHasNoBranching) {
  const auto events = simulate({1.0, 0.0, 0.5, 120}, 200, 7);
  double integral = 0;
  for (int g = 0; g < 25; ++g) integral += grid_rate(g) * 200;
  const HawkesFit fit = fit_hawkes_em(events, 200, integral, HawkesSettings{});
  EXPECT_LT(fit.params.branching, 0.03);
  EXPECT_NEAR(fit.params.background_scale, 1.0, 0.05);
  EXPECT_THROW(fit_hawkes_em({}, 200, integral, HawkesSettings{}), InputError);
}

TEST(Hawkes, ReplicasByBranchingMatchTheForecastCascade) {
  // A synthetic history with repeats (branching 0.3); the fitted model's expected cascade per day
  // and the mean of replicas drawn by branching must agree.
  const spatial::District district = testing::square_district(3, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.start = *time::parse_iso("2025-03-03");
  spec.days = 112;
  spec.daily_total = 150;
  spec.branching_ratio = 0.3;
  const auto history = generate_history(spec, district, catalog);
  const time::Seconds end = spec.start + 112 * time::kDay;
  const auto fitted = Hawkes().fit({district, catalog, history, spec.start, end});
  std::printf("%s\n", fitted->summary().c_str());
  const time::TimeGrid h{end, time::kDay, 7};
  const std::size_t n = 7 * 27;
  std::vector<double> mean(n), size(n), ones(n, 1.0), sum(n, 0.0);
  fitted->predictive(h, {on(h), mean}, {on(h), size});
  const auto sampler = fitted->prepare(h, {on(h), ones});
  std::vector<std::uint32_t> counts(n);
  const int replicas = 3000;
  for (int r = 0; r < replicas; ++r) {
    sampler->sample({11, std::uint64_t(r)}, {on(h), counts});
    for (std::size_t i = 0; i < n; ++i) sum[i] += counts[i];
  }
  // Per day, district totals: within 4% (the sampling error of 3000 replicas is below 1%).
  for (std::size_t b = 0; b < 7; ++b) {
    double expected = 0, sampled = 0;
    for (std::size_t i = b * 27; i < (b + 1) * 27; ++i) {
      expected += mean[i];
      sampled += sum[i] / replicas;
    }
    EXPECT_NEAR(sampled / expected, 1, 0.04) << "day " << b;
  }
}

}  // namespace
}  // namespace riskgrid::models
