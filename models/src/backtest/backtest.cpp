// Rolling-origin backtests: every (model, origin) pair is an independent task writing its own slot.
#include "riskgrid/models/backtest/backtest.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <span>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/models/arrival/fit_memo.hpp"
#include "riskgrid/models/backtest/best_of_backtest.hpp"
#include "riskgrid/models/backtest/grid_totals.hpp"
#include "riskgrid/models/forecast/scores.hpp"

namespace riskgrid::models::backtest {
using namespace forecast;  // the count distributions and scores every step uses

namespace {

void check_plan(const BacktestInput& in, const BacktestPlan& plan, const ArrivalRegistry& registry) {
  std::set<std::string> labels;
  for (const auto& choice : plan.models) {
    registry.create(choice, "backtest.models");  // throws for an unknown model or setting
    if (!labels.insert(choice.display()).second)
      throw ScenarioError(fmt::format("{}backtest: two models are called \"{}\"; give one a label:",
                                      choice.where.empty() ? "" : choice.where + ": ", choice.display()));
  }
  const time::Seconds horizon = static_cast<time::Seconds>(plan.horizon_days) * time::kDay;
  if (plan.models.empty() || plan.origins.empty() || plan.horizon_days == 0 || plan.bin <= 0 || horizon % plan.bin != 0)
    throw ScenarioError("backtest: needs models, origins, and a horizon of whole bins");
  if (in.history.size() == 0) throw InputError("backtest: the history has no incidents");
  const time::Seconds last = *std::max_element(in.history.created.begin(), in.history.created.end());
  const time::Seconds covered_until = (time::day_number(last) + 1) * time::kDay;
  if (plan.origins.back() + horizon > covered_until)
    throw InputError(fmt::format("backtest: the last origin {} needs history until {}, but the history ends {}",
                                 time::format_date(plan.origins.back()),
                                 time::format_date(plan.origins.back() + horizon - time::kDay),
                                 time::format_date(last)));
}

OriginScores failed(const std::string& why, const BacktestPlan& plan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t shares = plan.area_shares.size();
  OriginScores s;
  s.mae = s.rmse = s.log_score = s.crps = s.coverage = nan;
  s.hit_rate.assign(shares, nan);
  s.pai.assign(shares, nan);
  s.error = why;
  if (plan.field_scores) {
    s.field_log_score = s.field_crps = nan;
    s.field_hit_rate.assign(shares, nan);
    s.field_pai.assign(shares, nan);
  }
  return s;
}

// What best_of_backtest chose (its fit reports it), else empty.
std::string chosen_by(const FittedArrivals& fitted) {
  const auto* report = dynamic_cast<const ReportsChoice*>(&fitted);
  return report ? report->chosen() : std::string();
}

// The origins to forecast from: the plan's, and at level grid the calibration_horizons horizons before
// each of them (most are the plan's own earlier origins with weekly origins and 7-day horizons).
std::vector<time::Seconds> forecast_origins(const BacktestPlan& plan, time::Seconds horizon) {
  std::vector<time::Seconds> out = plan.origins;
  if (!plan.by_category)
    for (const time::Seconds origin : plan.origins)
      for (std::size_t k = 1; k <= plan.calibration_horizons; ++k)
        if (origin - static_cast<time::Seconds>(k) * horizon > plan.history_start)  // some training before it
          out.push_back(origin - static_cast<time::Seconds>(k) * horizon);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t index_of(const std::vector<time::Seconds>& sorted, time::Seconds t) {
  return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
}

// Observed counts of every forecast origin's horizon; per plan origin its total and the oracle's hotspots.
std::vector<std::vector<std::uint32_t>> observe(const BacktestInput& in, const BacktestPlan& plan,
                                                const std::vector<time::Seconds>& origins, std::size_t bins,
                                                const std::vector<double>& area, BacktestResult& r) {
  const std::size_t G = area.size(), C = in.catalog.size(), S = plan.area_shares.size();
  std::vector<std::vector<std::uint32_t>> observed(origins.size());
  tbb::parallel_for(std::size_t{0}, origins.size(), [&](std::size_t f) {
    observed[f] = observed_counts(in.history, {origins[f], plan.bin, bins}, G, C);
  });
  tbb::parallel_for(std::size_t{0}, plan.origins.size(), [&](std::size_t o) {
    const auto& y = observed[index_of(origins, plan.origins[o])];
    std::vector<double> per_grid(G, 0.0);
    for (std::size_t i = 0; i < y.size(); ++i) per_grid[(i / C) % G] += y[i];
    for (const double v : per_grid) r.observed_total[o] += v;
    for (std::size_t s = 0; s < S; ++s) {
      const HotspotScore h = oracle_hotspot(per_grid, area, plan.area_shares[s]);
      r.oracle_hit[o * S + s] = h.hit_rate;
      r.oracle_pai[o * S + s] = h.pai;
    }
  });
  return observed;
}

// Scores a plan origin at level grid: the model's totals there, with the dispersion of its errors at
// the calibration horizons before it that could be fitted.
OriginScores score_grid_totals(std::span<const GridTotals> totals, std::span<const std::string> errors,
                               const std::vector<time::Seconds>& origins, time::Seconds origin, time::Seconds horizon,
                               const std::vector<double>& area, const BacktestPlan& plan, KeptForecast* kept) {
  const std::size_t f = index_of(origins, origin);
  if (!errors[f].empty()) return failed(errors[f], plan);
  std::vector<const GridTotals*> earlier;
  for (std::size_t k = 1; k <= plan.calibration_horizons; ++k) {
    const time::Seconds before = origin - static_cast<time::Seconds>(k) * horizon;
    const std::size_t e = index_of(origins, before);
    if (e < origins.size() && origins[e] == before && errors[e].empty()) earlier.push_back(&totals[e]);
  }
  const GridTotals& t = totals[f];
  std::vector<double> size = calibrated_sizes(t, fit_inverse_size(earlier));
  OriginScores s = score_forecast(t.mean, size, t.observed, area.size(), 1, area, plan);
  if (kept) *kept = {t.mean, std::move(size), t.observed};
  return s;
}

}  // namespace

BacktestResult run_backtest(const BacktestInput& in, const BacktestPlan& plan, const ArrivalRegistry& registry,
                            const std::function<void(std::size_t, std::size_t)>& progress) {
  check_plan(in, plan, registry);
  const std::size_t M = plan.models.size(), O = plan.origins.size(), S = plan.area_shares.size();
  const std::size_t G = in.district.grids.size(), C = in.catalog.size();
  const std::size_t bins = plan.horizon_days * std::size_t(time::kDay) / std::size_t(plan.bin);
  const time::Seconds horizon_length = static_cast<time::Seconds>(plan.horizon_days) * time::kDay;
  std::vector<double> area(G);
  for (std::size_t g = 0; g < G; ++g) area[g] = in.district.grids[g].area_m2;

  BacktestResult r;
  r.plan = plan;
  r.scores.resize(M * O);
  r.fit_seconds.assign(M * O, 0.0);
  r.observed_total.assign(O, 0.0);
  r.oracle_hit.assign(O * S, 0.0);
  r.oracle_pai.assign(O * S, 0.0);
  r.bins = bins;
  r.forecast_categories = plan.by_category ? C : 1;
  if (plan.keep_forecasts) r.forecasts.resize(M * O);
  const std::vector<time::Seconds> origins = forecast_origins(plan, horizon_length);
  const std::size_t F = origins.size();
  const auto observed = observe(in, plan, origins, bins, area, r);

  // Every (model, forecast origin) pair fits on its own; per category it is scored at once, per grid
  // its totals are kept for the calibration of later origins.
  std::vector<GridTotals> totals(plan.by_category ? 0 : M * F);
  std::vector<std::string> errors(M * F), chosen(M * F);
  std::vector<double> seconds(M * F, 0.0);
  std::atomic<std::size_t> done{0};
  FitMemo memo;  // what one fit computes for another origin's (stacked's member scores), this backtest only
  tbb::parallel_for(std::size_t{0}, M * F, [&](std::size_t task) {
    const std::size_t m = task / F, f = task % F;
    const auto started = std::chrono::steady_clock::now();
    const time::Seconds origin = origins[f];
    time::Seconds start = plan.history_start;
    if (plan.window_days) start = std::max(start, origin - static_cast<time::Seconds>(*plan.window_days) * time::kDay);
    // Only plan origins are scored at level grid_category; the others are calibration horizons.
    const std::size_t slot = m * O + index_of(plan.origins, origin);
    try {
      const auto model = registry.create(plan.models[m]);
      const auto fitted = model->fit({in.district, in.catalog, in.history, start, origin, &memo});
      std::vector<double> mean(bins * G * C), size(mean.size());
      const cube::Shape shape{bins, G, C};
      fitted->predictive({origin, plan.bin, bins}, {shape, mean}, {shape, size});
      if (plan.by_category) {
        r.scores[slot] = score_forecast(mean, size, observed[f], G, C, area, plan);
        r.scores[slot].chosen = chosen_by(*fitted);
        if (plan.keep_forecasts) r.forecasts[slot] = {std::move(mean), std::move(size), observed[f]};
      } else {
        totals[task] = sum_categories(C, mean, size, observed[f]);
        chosen[task] = chosen_by(*fitted);
      }
    } catch (const std::exception& e) {  // any failure: this pair is not scored, the others go on
      errors[task] = e.what();
      if (plan.by_category) r.scores[slot] = failed(e.what(), plan);
    }
    seconds[task] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (progress) progress(++done, M * F);
  });
  if (!plan.by_category)
    tbb::parallel_for(std::size_t{0}, M * O, [&](std::size_t task) {
      const std::size_t m = task / O, o = task % O;
      r.scores[task] = score_grid_totals(std::span(totals).subspan(m * F, F), std::span(errors).subspan(m * F, F),
                                         origins, plan.origins[o], horizon_length, area, plan,
                                         plan.keep_forecasts ? &r.forecasts[task] : nullptr);
      r.scores[task].chosen = chosen[m * F + index_of(origins, plan.origins[o])];
    });
  // A forecast made only for calibration counts towards the first plan origin after it.
  for (std::size_t task = 0; task < M * F; ++task)
    r.fit_seconds[(task / F) * O + index_of(plan.origins, origins[task % F])] += seconds[task];
  return r;
}

std::vector<std::string> model_labels(const BacktestPlan& plan) {
  std::vector<std::string> out;
  for (const auto& m : plan.models) out.push_back(m.display());
  return out;
}

std::vector<ModelSummary> summarise(const BacktestResult& r) {
  const std::size_t O = r.plan.origins.size(), S = r.plan.area_shares.size();
  std::vector<ModelSummary> out;
  for (std::size_t m = 0; m < r.plan.models.size(); ++m) {
    ModelSummary s;
    s.model = r.plan.models[m].display();
    s.hit_rate.assign(S, 0.0);
    s.pai.assign(S, 0.0);
    s.pei.assign(S, 0.0);
    std::vector<std::size_t> pei_count(S, 0);
    const bool field = r.plan.field_scores;
    if (field) {
      s.field_hit_rate.assign(S, 0.0);
      s.field_pai.assign(S, 0.0);
    }
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
      if (field) {
        s.field_log_score += x.field_log_score;
        s.field_crps += x.field_crps;
        for (std::size_t k = 0; k < S; ++k) {
          s.field_hit_rate[k] += x.field_hit_rate[k];
          s.field_pai[k] += x.field_pai[k];
        }
      }
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
    for (double* v : {&s.mae, &s.rmse, &s.log_score, &s.crps, &s.coverage, &s.field_log_score, &s.field_crps}) *v /= n;
    if (!field) s.field_log_score = s.field_crps = std::numeric_limits<double>::quiet_NaN();
    for (double& v : s.field_hit_rate) v /= n;
    for (double& v : s.field_pai) v /= n;
    for (std::size_t k = 0; k < S; ++k) {
      s.hit_rate[k] /= n;
      s.pai[k] /= n;
      s.pei[k] = pei_count[k] ? s.pei[k] / double(pei_count[k]) : std::numeric_limits<double>::quiet_NaN();
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace riskgrid::models::backtest
