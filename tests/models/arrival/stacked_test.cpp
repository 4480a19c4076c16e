// stacked: the weights of a known mixture come back; the fitted ensemble's forecast is the mixture of
// its members' (mean exactly); members come from `members: [...]`, and an unknown one is an error.
#include "riskgrid/models/arrival/stacked.hpp"

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {
namespace {

TEST(Stacked, WeightsOfAKnownMixtureComeBack) {
  rng::Stream s(20261204, 0, {rng::purpose_of("test.stacked"), 0, 0});
  std::vector<double> p;  // [observation][member]
  for (int i = 0; i < 5000; ++i) {
    const std::uint32_t y = rng::poisson(s, s.uniform() < 0.3 ? 2.0 : 8.0);
    p.insert(p.end(), {std::exp(forecast::log_pmf({2.0}, y)), std::exp(forecast::log_pmf({8.0}, y)),
                       std::exp(forecast::log_pmf({30.0}, y))});  // a third member that is never right
  }
  const std::vector<double> w = stacking_weights(p, 3);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_NEAR(w[0], 0.3, 0.03);  // 5000 draws: standard error about 0.008
  EXPECT_NEAR(w[1], 0.7, 0.03);
  EXPECT_LT(w[2], 0.01);
  EXPECT_NEAR(w[0] + w[1] + w[2], 1, 1e-12);
}

// sum_i log sum_m w_m p_im and its gradient per row, over rows where some member is positive.
double log_score(const std::vector<double>& p, const std::vector<double>& w, std::vector<double>* gradient = nullptr) {
  const std::size_t M = w.size();
  double total = 0, rows = 0;
  if (gradient) gradient->assign(M, 0.0);
  for (std::size_t i = 0; i < p.size(); i += M) {
    double s = 0;
    for (std::size_t m = 0; m < M; ++m) s += w[m] * p[i + m];
    if (!(s > 0)) continue;
    total += std::log(s);
    rows += 1;
    for (std::size_t m = 0; gradient && m < M; ++m) (*gradient)[m] += p[i + m] / s;
  }
  for (std::size_t m = 0; gradient && m < M; ++m) (*gradient)[m] /= rows;
  return total;
}

TEST(Stacked, WeightsReachTheOptimumOnTheSimplex) {
  // Negative binomial-like members: two identical ones (a flat direction), one that is 0 on odd
  // counts, one that is never right; the answer must meet the optimality conditions and score at
  // least as well as EM run to 20,000 iterations.
  rng::Stream s(20261205, 0, {rng::purpose_of("test.stacked"), 0, 0});
  std::vector<double> p;
  for (int i = 0; i < 4000; ++i) {
    const std::uint32_t y = rng::poisson(s, s.uniform() < 0.5 ? 3.0 : 6.0);
    const double a = std::exp(forecast::log_pmf({3.0, 5.0}, y)), b = std::exp(forecast::log_pmf({6.0}, y));
    p.insert(p.end(), {a, a, y % 2 == 0 ? 2 * b : 0.0, std::exp(forecast::log_pmf({40.0}, y))});
  }
  const std::vector<double> w = stacking_weights(p, 4);
  std::vector<double> g;
  const double best = log_score(p, w, &g);
  for (std::size_t m = 0; m < 4; ++m) {
    EXPECT_GE(w[m], 0.0);
    EXPECT_LE(g[m], 1 + 1e-8) << "member " << m;
    if (w[m] > 0) {
      EXPECT_NEAR(g[m], 1, 1e-8) << "member " << m;
    }
  }
  EXPECT_EQ(w[3], 0.0);
  EXPECT_NEAR(w[0] + w[1] + w[2] + w[3], 1, 1e-12);
  std::vector<double> em(4, 0.25);
  for (int it = 0; it < 20000; ++it) {
    log_score(p, em, &g);
    for (std::size_t m = 0; m < 4; ++m) em[m] *= g[m];
  }
  EXPECT_GE(best, log_score(p, em) - 1e-9);
  EXPECT_NEAR(w[0] + w[1], em[0] + em[1], 1e-6);
  EXPECT_NEAR(w[2], em[2], 1e-6);
}

TEST(Stacked, WeightsNeedAnInformativeRow) {
  EXPECT_THROW(stacking_weights(std::vector<double>{}, 2), InputError);
  EXPECT_THROW(stacking_weights(std::vector<double>{0.0, 0.0, 0.0, 0.0}, 2), InputError);
  const std::vector<double> one = stacking_weights(std::vector<double>{0.2, 0.0, 0.0, 0.0}, 2);
  EXPECT_DOUBLE_EQ(one[0], 1.0);
  EXPECT_DOUBLE_EQ(one[1], 0.0);
}

scenario::ModelChoice stacked_of(std::vector<std::string> members) {
  scenario::ModelChoice c("stacked");
  c.lists["members"] = std::move(members);
  c.where = "test.yaml:3:5";
  return c;
}

TEST(Stacked, ForecastIsTheMixtureOfItsMembers) {
  const spatial::District district = testing::square_district(3, 1000);
  const catalog::CategoryCatalog catalog = testing::small_catalog();
  SynthSpec spec = default_synth_spec(catalog);
  spec.start = *time::parse_iso("2025-03-03");
  spec.days = 140;
  spec.daily_total = 40;
  const auto history = generate_history(spec, district, catalog);
  const FitInput in{district, catalog, history, spec.start, spec.start + 140 * time::kDay};
  ModelRegistry r;
  register_builtin(r);
  const auto fitted = r.arrivals.create(stacked_of({"shrunk_level", "last_4_weeks"}))->fit(in);
  std::printf("%s\n", fitted->summary().c_str());
  const time::TimeGrid h{in.train_end, time::kDay, 7};
  const cube::Shape shape{7, 9, 3};
  std::vector<double> mean(189), size(189), m1(189), k1(189), m2(189), k2(189);
  fitted->predictive(h, {shape, mean}, {shape, size});
  r.arrivals.create("shrunk_level")->fit(in)->predictive(h, {shape, m1}, {shape, k1});
  r.arrivals.create("last_4_weeks")->fit(in)->predictive(h, {shape, m2}, {shape, k2});
  // The mean lies between the members' and is the same mixture in every cell.
  double w = -1;
  for (std::size_t i = 0; i < mean.size(); ++i) {
    if (std::abs(m1[i] - m2[i]) < 1e-3 * m1[i]) continue;
    const double wi = (mean[i] - m2[i]) / (m1[i] - m2[i]);
    if (w < 0) w = wi;
    EXPECT_NEAR(wi, w, 1e-9);
  }
  EXPECT_GE(w, 0.0);
  EXPECT_LE(w, 1.0);
  // The mixture is at least as dispersed as its members' mixture of variances.
  for (std::size_t i = 0; i < mean.size(); ++i) {
    const double v = w * forecast::CountDistribution{m1[i], k1[i]}.variance() +
                     (1 - w) * forecast::CountDistribution{m2[i], k2[i]}.variance();
    const forecast::CountDistribution mixture{mean[i], size[i]};
    EXPECT_GE(mixture.variance(), v * (1 - 1e-9));
  }
}

TEST(Stacked, MembersComeFromTheSettings) {
  ModelRegistry r;
  register_builtin(r);
  EXPECT_THROW(r.arrivals.create(stacked_of({"shrunk_level", "last_4_week"})), ScenarioError);
  EXPECT_THROW(r.arrivals.create(stacked_of({"stacked"})), ScenarioError);
  scenario::ModelChoice numeric("stacked");
  numeric.settings["members"] = 3;
  EXPECT_THROW(r.arrivals.create(numeric), ScenarioError);
  EXPECT_EQ(stacked_of({"a", "b"}).display(), "stacked(members=[a|b])");
}

}  // namespace
}  // namespace riskgrid::models
