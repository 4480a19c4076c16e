// Rolling-origin backtests: every (model, origin) pair is an independent task writing its own slot.
#include "riskgrid/models/forecast/backtest.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/models/forecast/scores.hpp"

namespace riskgrid::models::forecast {

namespace {

void check_plan(const BacktestInput& in, const BacktestPlan& plan, const ModelRegistry& registry) {
  for (const auto& name : plan.models)
    if (!registry.arrivals.contains(name)) {
      const std::string hint = io::closest_match(name, registry.arrivals.names());
      throw ScenarioError(fmt::format("backtest: unknown arrival model \"{}\"{}; known: {}", name,
                                      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                                      fmt::join(registry.arrivals.names(), ", ")));
    }
  const time::Seconds horizon = static_cast<time::Seconds>(plan.horizon_days) * time::kDay;
  if (plan.models.empty() || plan.origins.empty() || plan.horizon_days == 0 || plan.bin <= 0 ||
      horizon % plan.bin != 0)
    throw ScenarioError("backtest: needs models, origins, and a horizon of whole bins");
  if (in.history.size() == 0) throw InputError("backtest: the history has no incidents");
  const time::Seconds last = *std::max_element(in.history.created.begin(), in.history.created.end());
  const time::Seconds covered_until = (time::day_number(last) + 1) * time::kDay;
  if (plan.origins.back() + horizon > covered_until)
    throw InputError(fmt::format(
        "backtest: the last origin {} needs history until {}, but the history ends {}",
        time::format_date(plan.origins.back()), time::format_date(plan.origins.back() + horizon - time::kDay),
        time::format_date(last)));
}

// Sums a forecast and the observed counts over categories: [bin][grid][category] -> [bin][grid].
void sum_categories(std::size_t categories, std::vector<double>& mean, std::vector<double>& size,
                    std::vector<std::uint32_t>& observed) {
  const std::size_t cells = mean.size() / categories;
  std::vector<double> m(cells, 0.0), k(cells), variance(cells, 0.0);
  std::vector<std::uint32_t> y(cells, 0);
  for (std::size_t i = 0; i < mean.size(); ++i) {
    m[i / categories] += mean[i];
    variance[i / categories] += CountDistribution{mean[i], size[i]}.variance();
    y[i / categories] += observed[i];
  }
  for (std::size_t j = 0; j < cells; ++j) k[j] = moment_matched_sum(m[j], variance[j]).size;
  mean.swap(m);
  size.swap(k);
  observed.swap(y);
}

OriginScores failed(const std::string& why, std::size_t shares) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  OriginScores s{nan, nan, nan, nan, nan, std::vector<double>(shares, nan), std::vector<double>(shares, nan), why};
  return s;
}

}  // namespace

BacktestResult run_backtest(const BacktestInput& in, const BacktestPlan& plan, const ModelRegistry& registry,
                            const std::function<void(std::size_t, std::size_t)>& progress) {
  check_plan(in, plan, registry);
  const std::size_t M = plan.models.size(), O = plan.origins.size(), S = plan.area_shares.size();
  const std::size_t G = in.district.grids.size(), C = in.catalog.size();
  const std::size_t bins = plan.horizon_days * std::size_t(time::kDay) / std::size_t(plan.bin);
  std::vector<double> area(G);
  for (std::size_t g = 0; g < G; ++g) area[g] = in.district.grids[g].area_m2;

  BacktestResult r;
  r.plan = plan;
  r.scores.resize(M * O);
  r.fit_seconds.assign(M * O, 0.0);
  r.observed_total.assign(O, 0.0);
  r.oracle_hit.assign(O * S, 0.0);
  r.oracle_pai.assign(O * S, 0.0);
  std::vector<std::vector<std::uint32_t>> observed(O);
  tbb::parallel_for(std::size_t{0}, O, [&](std::size_t o) {
    observed[o] = observed_counts(in.history, {plan.origins[o], plan.bin, bins}, G, C);
    std::vector<double> per_grid(G, 0.0);
    for (std::size_t i = 0; i < observed[o].size(); ++i) per_grid[(i / C) % G] += observed[o][i];
    for (const double v : per_grid) r.observed_total[o] += v;
    for (std::size_t s = 0; s < S; ++s) {
      const HotspotScore h = oracle_hotspot(per_grid, area, plan.area_shares[s]);
      r.oracle_hit[o * S + s] = h.hit_rate;
      r.oracle_pai[o * S + s] = h.pai;
    }
  });

  std::atomic<std::size_t> done{0};
  tbb::parallel_for(std::size_t{0}, M * O, [&](std::size_t task) {
    const std::size_t m = task / O, o = task % O;
    const auto started = std::chrono::steady_clock::now();
    const time::Seconds origin = plan.origins[o];
    time::Seconds start = plan.history_start;
    if (plan.window_days)
      start = std::max(start, origin - static_cast<time::Seconds>(*plan.window_days) * time::kDay);
    const time::TimeGrid horizon{origin, plan.bin, bins};
    try {
      const auto model = registry.arrivals.create(plan.models[m]);
      const auto fitted = model->fit({in.district, in.catalog, in.history, start, origin});
      std::vector<double> mean(bins * G * C), size(mean.size());
      fitted->predictive(horizon, mean, size);
      if (plan.by_category) {
        r.scores[task] = score_forecast(mean, size, observed[o], G, C, area, plan);
      } else {
        std::vector<std::uint32_t> y = observed[o];
        sum_categories(C, mean, size, y);
        r.scores[task] = score_forecast(mean, size, y, G, 1, area, plan);
      }
    } catch (const InputError& e) {
      r.scores[task] = failed(e.what(), S);
    }
    r.fit_seconds[task] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (progress) progress(++done, M * O);
  });
  return r;
}

std::vector<ModelSummary> summarise(const BacktestResult& r) {
  const std::size_t O = r.plan.origins.size(), S = r.plan.area_shares.size();
  std::vector<ModelSummary> out;
  for (std::size_t m = 0; m < r.plan.models.size(); ++m) {
    ModelSummary s;
    s.model = r.plan.models[m];
    s.hit_rate.assign(S, 0.0);
    s.pai.assign(S, 0.0);
    s.pei.assign(S, 0.0);
    std::vector<std::size_t> pei_count(S, 0);
    for (std::size_t o = 0; o < O; ++o) {
      const OriginScores& x = r.at(m, o);
      if (!x.error.empty()) {
        if (s.first_error.empty()) s.first_error = x.error;
        continue;
      }
      ++s.origins;
      s.mae += x.mae;
      s.rmse += x.rmse;
      s.log_score += x.log_score;
      s.crps += x.crps;
      s.coverage += x.coverage;
      for (std::size_t k = 0; k < S; ++k) {
        s.hit_rate[k] += x.hit_rate[k];
        s.pai[k] += x.pai[k];
        if (r.oracle_pai[o * S + k] > 0) {
          s.pei[k] += x.pai[k] / r.oracle_pai[o * S + k];
          ++pei_count[k];
        }
      }
    }
    const double n = s.origins ? double(s.origins) : std::numeric_limits<double>::quiet_NaN();
    for (double* v : {&s.mae, &s.rmse, &s.log_score, &s.crps, &s.coverage}) *v /= n;
    for (std::size_t k = 0; k < S; ++k) {
      s.hit_rate[k] /= n;
      s.pai[k] /= n;
      s.pei[k] = pei_count[k] ? s.pei[k] / double(pei_count[k]) : std::numeric_limits<double>::quiet_NaN();
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace riskgrid::models::forecast
