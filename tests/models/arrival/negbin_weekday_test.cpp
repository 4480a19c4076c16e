#include "riskgrid/models/arrival/negbin_weekday.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "../synth/square_district.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"
#include "riskgrid/models/registry.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

// Counts heap allocations while a test asks for it: sample() must not allocate.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace
// Out of line, so the compiler does not pair an inlined malloc with a free it cannot match.
[[gnu::noinline]] void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace riskgrid::models {
namespace {

// ---- recovery: fit a synthetic history and compare with the generating figures -------------------

struct Recovery {
  spatial::District district = testing::square_district(3, 1000);  // 9 grids, populations 1..9 k
  catalog::CategoryCatalog catalog = testing::small_catalog();     // shares 0.5, 0.3, 0.2
  SynthSpec spec = default_synth_spec(catalog);

  explicit Recovery(double eta) {
    spec.start = *time::parse_iso("2024-11-04");  // a Monday; 2 years
    spec.days = 728;
    spec.seed = 2024;
    spec.daily_total = 600;
    spec.dispersion = {8, 12, 20};
    spec.season_amplitude = 0;  // the model has no season; it would inflate 1/k by amplitude^2 / 2
    spec.hour_weight = {0.25, 0.15, 0.10, 0.08, 0.08, 0.15, 0.40, 0.80, 1.40, 1.90, 2.00, 1.70,
                        1.20, 1.40, 1.80, 1.85, 1.60, 1.30, 1.20, 1.40, 1.50, 1.20, 0.80, 0.45};
    spec.branching_ratio = eta;
  }
};

// Variance of one cell's daily count whose background mean is b: cascades of mean size 1/(1-eta)
// and second moment eta/(1-eta)^3 + 1/(1-eta)^2 on top of the NB background.
double daily_variance(double b, double k, double eta) {
  const double s1 = 1 / (1 - eta);
  const double s2 = eta / std::pow(1 - eta, 3) + s1 * s1;
  return b * s2 + b * b / k * s1 * s1;
}

// The k a moment fit should find when repeats add to NB(b, k) background counts (mu = b / (1-eta)):
// Var(Y) = (mu + b^2/k) / (1 - q) with q = eta^2 p / (2 - p) for the geometric delay (p = 1/mean),
// so E[(y - mu)^2 - y] = (q mu + (1-eta)^2 mu^2 / k) / (1 - q), pooled with the fit's weights.
double effective_k(const SynthParams& p, std::size_t c) {
  const double eta = p.branching_ratio, delay_p = 1 / p.repeat_mean_delay_days;
  const double q = eta * eta * delay_p / (2 - delay_p);
  double excess = 0, mu2 = 0;
  for (std::size_t g = 0; g < p.grids.size(); ++g) {
    const double mu = p.expected(g, c);
    excess += (q * mu + (1 - eta) * (1 - eta) * mu * mu / p.dispersion[c]) / (1 - q);
    mu2 += mu * mu;
  }
  return mu2 / excess;
}

void check_recovery(double eta) {
  const Recovery r(eta);
  const auto history = generate_history(r.spec, r.district, r.catalog);
  const SynthParams truth = synth_params(r.spec, r.district, r.catalog);
  const time::Seconds end = r.spec.start + r.spec.days * time::kDay;
  const NegbinWeekdayFit fit = fit_negbin_weekday({r.district, r.catalog, history, r.spec.start, end});
  const std::size_t G = fit.grids, C = fit.categories;
  const double days = double(fit.train_days);
  for (std::size_t c = 0; c < C; ++c) {
    double fitted = 0, expected = 0, variance = 0, rel_sq = 0, rel_var = 0, cells_chi_square = 0;
    for (std::size_t g = 0; g < G; ++g) {
      const double mu = truth.expected(g, c);
      const double var = daily_variance(mu * (1 - eta), r.spec.dispersion[c], eta);
      fitted += fit.rate_of(g, c);
      expected += mu;
      variance += var;
      rel_sq += std::pow(fit.rate_of(g, c) / mu - 1, 2);
      rel_var += var / days / (mu * mu);
      cells_chi_square += std::pow(fit.rate_of(g, c) - mu, 2) / (var / days);
    }
    const double se = std::sqrt(variance / days);
    const double rms = std::sqrt(rel_sq / double(G)), rms_expected = std::sqrt(rel_var / double(G));
    const double k_true = eta > 0 ? effective_k(truth, c) : r.spec.dispersion[c];
    std::printf(
        "eta %.2f %-9s rate %.3f vs %.3f (%+.2f%%, se %.2f%%)  cell rms %.2f%% (se %.2f%%)  "
        "k %.2f vs %.2f  weekday Mon %.3f vs %.3f, Sun %.3f vs %.3f\n",
        eta, r.catalog.categories[c].id.c_str(), fitted, expected, 100 * (fitted / expected - 1), 100 * se / expected,
        100 * rms, 100 * rms_expected, fit.dispersion[c], k_true, fit.weekday_factor[c][0],
        truth.expected_weekday_factor[c][0], fit.weekday_factor[c][6], truth.expected_weekday_factor[c][6]);
    // District-wide rate: within 3% (4-5 standard errors of this window).
    EXPECT_NEAR(fitted / expected, 1, 0.03);
    EXPECT_NEAR(fitted, expected, 4 * se);
    // Per-cell rates: standardised by their sampling errors, chi-square with 9 cells, p < 0.001.
    EXPECT_LT(cells_chi_square, 27.9);
    EXPECT_NEAR(fit.dispersion[c] / k_true, 1, 0.25);
    EXPECT_FALSE(fit.looks_poisson[c]);
    for (std::size_t w = 0; w < 7; ++w)
      EXPECT_NEAR(fit.weekday_factor[c][w] / truth.expected_weekday_factor[c][w], 1, 0.05) << "weekday " << w;
    // Hours are multinomial given the day counts: chi-square with 23 degrees of freedom, p < 0.001.
    const double incidents = fitted * days;
    double chi_square = 0;
    for (std::size_t h = 0; h < 24; ++h) {
      const double share = truth.hour_share[h];
      chi_square += incidents * std::pow(fit.hour_share[c][h] - share, 2) / share;
    }
    EXPECT_LT(chi_square, 49.7);
  }
}

TEST(NegbinWeekdayFit, RecoversGeneratingFiguresWithoutRepeats) { check_recovery(0.0); }

TEST(NegbinWeekdayFit, RecoversGeneratingFiguresWithRepeats) { check_recovery(0.15); }

TEST(NegbinWeekdayFit, ReportsPoissonLikeCounts) {
  Recovery r(0);
  r.spec.days = 120;
  r.spec.dispersion.assign(3, 1e7);
  const auto history = generate_history(r.spec, r.district, r.catalog);
  const NegbinWeekdayFit fit =
      fit_negbin_weekday({r.district, r.catalog, history, r.spec.start, r.spec.start + 120 * time::kDay});
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_TRUE(fit.looks_poisson[c]) << c << ": 1/k estimate " << fit.inverse_dispersion_estimate[c];
    EXPECT_GT(fit.dispersion[c], 30);
  }
  EXPECT_NE(FittedNegbinWeekday(fit).summary().find("look Poisson"), std::string::npos);
}

TEST(NegbinWeekdayFit, RejectsUnusableWindows) {
  Recovery r(0);
  r.spec.days = 10;
  const auto history = generate_history(r.spec, r.district, r.catalog);
  EXPECT_THROW(
      fit_negbin_weekday({r.district, r.catalog, history, r.spec.start + 3600, r.spec.start + 8 * time::kDay + 3600}),
      InputError);
  const time::Seconds later = r.spec.start + 100 * time::kDay;
  EXPECT_THROW(fit_negbin_weekday({r.district, r.catalog, history, later, later + 7 * time::kDay}), InputError);
}

// A sample shorter than a week (the NYC 311 exports span one day): the weekdays it covers share the
// weekday effect, those it lacks get factor 1, and the rate is the mean daily count of the sample.
TEST(NegbinWeekdayFit, FitsWindowsShorterThanAWeek) {
  Recovery r(0);
  r.spec.days = 10;
  const auto history = generate_history(r.spec, r.district, r.catalog);
  for (int days : {1, 3}) {
    const time::Seconds end = r.spec.start + days * time::kDay;
    const NegbinWeekdayFit fit = fit_negbin_weekday({r.district, r.catalog, history, r.spec.start, end});
    EXPECT_EQ(fit.train_days, std::size_t(days));
    for (std::size_t c = 0; c < fit.categories; ++c) {
      double total = 0, in_window = 0;
      for (std::size_t g = 0; g < fit.grids; ++g) total += fit.rate_of(g, c);
      for (std::size_t i = 0; i < history.size(); ++i)
        if (history.created[i] < end && history.category[i] == c) in_window += 1;
      double seen_mean = 0;  // Monday first: the window starts on a Monday
      for (int w = 0; w < days; ++w) seen_mean += fit.weekday_factor[c][std::size_t(w)] / days;
      EXPECT_NEAR(seen_mean, 1, 1e-12);
      for (std::size_t w = std::size_t(days); w < 7; ++w) EXPECT_EQ(fit.weekday_factor[c][w], 1.0);
      EXPECT_NEAR(total * days, in_window, 1e-9 * in_window);
    }
    EXPECT_NE(FittedNegbinWeekday(fit).summary().find("only " + std::to_string(days) + " days"), std::string::npos);
  }
}

// Real data has grids that never saw a category in training (NYC precincts) and then see one: the
// rate must stay above 0 so that count keeps a probability (a finite log score in a backtest).
TEST(NegbinWeekdayFit, GridWithoutACategoryKeepsTheFloorRate) {
  Recovery r(0);
  r.spec.days = 56;
  auto history = generate_history(r.spec, r.district, r.catalog);
  for (std::size_t i = 0; i < history.size(); ++i)  // move grid 0's category 2 to grid 1
    if (history.grid[i] == 0 && history.category[i] == 2) history.grid[i] = 1;
  const NegbinWeekdayFit fit =
      fit_negbin_weekday({r.district, r.catalog, history, r.spec.start, r.spec.start + 56 * time::kDay});
  EXPECT_EQ(fit.rate_of(0, 2), kMinDailyRate);
  EXPECT_GT(fit.rate_of(1, 2), 100 * kMinDailyRate);
}

TEST(NegbinWeekday, IsRegistered) {
  ModelRegistry registry;
  register_builtin(registry);
  const auto model = registry.arrivals.create("negbin_weekday");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->name(), "negbin_weekday");
}

// ---- sampling: a hand-made fit with known numbers ------------------------------------------------

NegbinWeekdayFit handmade() {
  NegbinWeekdayFit f;
  f.grids = 2;
  f.categories = 2;
  f.category_ids = {"bursty", "steady"};
  f.rate = {3.0, 0.5, 10.0, 0.0};  // [grid][category]; (1, steady) never happens
  f.weekday_factor = {{1.1, 1.1, 1.1, 1.1, 1.1, 0.75, 0.75}, {1, 1, 1, 1, 1, 1, 1}};
  f.hour_share.resize(2);
  for (std::size_t h = 0; h < 24; ++h) {
    f.hour_share[0][h] = (h >= 8 && h < 20 ? 3.0 : 1.0) / 48;
    f.hour_share[1][h] = 1.0 / 24;
  }
  f.dispersion = {2, 50};
  f.inverse_dispersion_estimate = {0.5, 0.02};
  f.looks_poisson = {0, 0};
  return f;
}

const time::Seconds kMonday = *time::parse_iso("2026-11-02");

struct Moments {
  std::vector<double> sum, sum_sq;
  std::size_t n = 0;
  void add(const std::vector<double>& x) {
    if (sum.empty()) sum.assign(x.size(), 0), sum_sq.assign(x.size(), 0);
    for (std::size_t i = 0; i < x.size(); ++i) sum[i] += x[i], sum_sq[i] += x[i] * x[i];
    ++n;
  }
  double mean(std::size_t i) const { return sum[i] / double(n); }
  double variance(std::size_t i) const { return (sum_sq[i] - sum[i] * sum[i] / double(n)) / double(n - 1); }
};

// The handmade model's cells on `horizon`: 2 grids x 2 categories a bin.
cube::Shape on(const time::TimeGrid& horizon) { return {horizon.bins, 2, 2}; }

// Day totals [day][grid][category] of `replicas` samples on `horizon` (hourly or daily bins).
Moments day_totals(const FittedNegbinWeekday& model, const time::TimeGrid& horizon, std::size_t days,
                   std::size_t replicas) {
  const std::vector<double> ones(horizon.bins * 4, 1.0);
  const auto sampler = model.prepare(horizon, {on(horizon), ones});
  const std::size_t per_day = horizon.bins / days;
  std::vector<std::uint32_t> counts(horizon.bins * 4);
  Moments m;
  std::vector<double> totals(days * 4);
  for (std::size_t r = 0; r < replicas; ++r) {
    sampler->sample({7, r}, {on(horizon), counts});
    std::fill(totals.begin(), totals.end(), 0.0);
    for (std::size_t b = 0; b < horizon.bins; ++b)
      for (std::size_t cell = 0; cell < 4; ++cell) totals[(b / per_day) * 4 + cell] += counts[b * 4 + cell];
    m.add(totals);
  }
  return m;
}

void check_day_totals(const Moments& m, const std::vector<double>& expected, const NegbinWeekdayFit& f) {
  double var_ratio_num[4] = {}, var_ratio_den[4] = {};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double mu = expected[i], k = f.dispersion[i % 2];
    if (mu == 0) {
      EXPECT_EQ(m.sum[i], 0.0);
      continue;
    }
    const double nb_var = mu + mu * mu / k;
    EXPECT_LT(std::fabs(m.mean(i) - mu) / std::sqrt(nb_var / double(m.n)), 4) << "entry " << i;
    var_ratio_num[i % 4] += m.variance(i);
    var_ratio_den[i % 4] += nb_var;
  }
  for (std::size_t cell = 0; cell < 3; ++cell)  // cell 3 never happens
    EXPECT_NEAR(var_ratio_num[cell] / var_ratio_den[cell], 1, 0.06) << "cell " << cell;
}

TEST(NegbinWeekdaySampler, DailyMeanAndVarianceMatchTheNegativeBinomial) {
  const FittedNegbinWeekday model(handmade());
  const time::TimeGrid daily{kMonday, time::kDay, 14};
  std::vector<double> expected(14 * 4);
  model.expected(daily, {on(daily), expected});
  EXPECT_DOUBLE_EQ(expected[0], 3.0 * 1.1);          // Monday, grid 0, bursty
  EXPECT_DOUBLE_EQ(expected[(6 * 2 + 1) * 2], 7.5);  // Sunday, grid 1, bursty
  check_day_totals(day_totals(model, daily, 14, 4000), expected, model.parameters());
}

TEST(NegbinWeekdaySampler, HourlyAndDailyHorizonsGiveConsistentDayTotals) {
  const FittedNegbinWeekday model(handmade());
  const time::TimeGrid daily{kMonday, time::kDay, 7};
  const time::TimeGrid hourly{kMonday, time::kHour, 7 * 24};
  std::vector<double> by_day(7 * 4), by_hour(7 * 24 * 4);
  model.expected(daily, {on(daily), by_day});
  model.expected(hourly, {on(hourly), by_hour});
  for (std::size_t d = 0; d < 7; ++d)
    for (std::size_t cell = 0; cell < 4; ++cell) {
      double sum = 0;
      for (std::size_t h = 0; h < 24; ++h) sum += by_hour[(d * 24 + h) * 4 + cell];
      EXPECT_NEAR(sum, by_day[d * 4 + cell], 1e-12 * (1 + sum));
    }
  EXPECT_DOUBLE_EQ(by_hour[(0 * 24 + 10) * 4 + 0], 3.0 * 1.1 * 3 / 48);  // Monday 10:00, grid 0, bursty
  // Hourly bins of a day share its day factor, so their totals are NB with the same k.
  check_day_totals(day_totals(model, hourly, 7, 3000), by_day, model.parameters());
}

TEST(NegbinWeekdaySampler, SameKeySameCountsOtherReplicaOtherCounts) {
  const FittedNegbinWeekday model(handmade());
  const time::TimeGrid hourly{kMonday + 6 * time::kHour, time::kHour, 48};
  const std::vector<double> ones(48 * 4, 1.0);
  const auto sampler = model.prepare(hourly, {on(hourly), ones});
  std::vector<std::uint32_t> a(48 * 4), b(48 * 4), c(48 * 4);
  sampler->sample({11, 3}, {on(hourly), a});
  sampler->sample({11, 3}, {on(hourly), b});
  sampler->sample({11, 4}, {on(hourly), c});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(NegbinWeekdaySampler, AppliesMultipliersAndDoesNotAllocate) {
  const FittedNegbinWeekday model(handmade());
  const time::TimeGrid daily{kMonday, time::kDay, 7};
  const std::vector<double> ones(28, 1.0), threes(28, 3.0);
  const auto plain = model.prepare(daily, {on(daily), ones});
  const auto tripled = model.prepare(daily, {on(daily), threes});
  std::vector<std::uint32_t> counts(28);
  double plain_sum = 0, tripled_sum = 0;
  g_allocations = 0;
  g_counting = true;
  for (std::uint64_t r = 0; r < 500; ++r) {
    plain->sample({5, r}, {on(daily), counts});
    for (const auto n : counts) plain_sum += n;
    tripled->sample({5, r}, {on(daily), counts});
    for (const auto n : counts) tripled_sum += n;
  }
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
  EXPECT_NEAR(tripled_sum / plain_sum, 3, 0.15);
}

TEST(NegbinWeekdaySampler, RejectsBinsThatCrossMidnight) {
  const FittedNegbinWeekday model(handmade());
  std::vector<double> out(10 * 4);
  const cube::View<double> view({10, 2, 2}, out);
  EXPECT_THROW(model.expected({kMonday, 5 * time::kHour, 10}, view), ScenarioError);
  EXPECT_THROW(model.expected({kMonday + time::kHour, time::kDay, 10}, view), ScenarioError);
}

}  // namespace
}  // namespace riskgrid::models
