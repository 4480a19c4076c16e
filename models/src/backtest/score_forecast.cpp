// Scoring one forecast of a horizon against what happened.
#include <cmath>

#include "riskgrid/models/backtest/backtest.hpp"
#include "riskgrid/models/forecast/field_scores.hpp"
#include "riskgrid/models/forecast/scores.hpp"

namespace riskgrid::models::backtest {
using namespace forecast;  // the count distributions and scores every step uses

std::vector<std::uint32_t> observed_counts(const incidents::IncidentTable& h, const time::TimeGrid& horizon,
                                           std::size_t grids, std::size_t categories) {
  std::vector<std::uint32_t> out(horizon.bins * grids * categories, 0);
  const time::Seconds end = horizon.end();
  for (std::size_t i = 0; i < h.size(); ++i) {
    const time::Seconds t = h.created[i];
    if (t < horizon.start || t >= end || h.grid[i] >= grids || h.category[i] >= categories) continue;
    const auto bin = static_cast<std::size_t>((t - horizon.start) / horizon.bin_length);
    ++out[(bin * grids + h.grid[i]) * categories + h.category[i]];
  }
  return out;
}

namespace {

// The field's conventions on the grids' horizon totals (forecast/field_scores.hpp).
void add_field_scores(const std::vector<double>& forecast_total, const std::vector<double>& observed_total,
                      const std::vector<double>& grid_area, const std::vector<double>& shares, OriginScores& s) {
  double log_sum = 0, crps_sum = 0;
  for (std::size_t g = 0; g < forecast_total.size(); ++g) {
    const auto y = static_cast<std::uint32_t>(observed_total[g]);
    log_sum += poisson_log_score(forecast_total[g], y);
    crps_sum += poisson_crps(forecast_total[g], y);
  }
  s.field_log_score = log_sum / double(forecast_total.size());
  s.field_crps = crps_sum / double(forecast_total.size());
  for (const double share : shares) {
    const FieldHotspot h = field_hotspot(forecast_total, observed_total, grid_area, share);
    s.field_hit_rate.push_back(h.hit_rate);
    s.field_pai.push_back(h.pai);
  }
}

}  // namespace

OriginScores score_forecast(const std::vector<double>& mean, const std::vector<double>& size,
                            const std::vector<std::uint32_t>& observed, std::size_t grids, std::size_t categories,
                            const std::vector<double>& grid_area, const BacktestPlan& plan) {
  OriginScores s;
  const std::size_t n = observed.size(), C = categories;  // index = (bin * grids + g) * C + c
  std::vector<double> y(n), forecast_total(grids, 0.0), observed_total(grids, 0.0);
  double log_sum = 0, crps_sum = 0, covered = 0;
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = observed[i];
    const CountDistribution d{mean[i], size[i]};
    log_sum += log_score(d, observed[i]);
    crps_sum += crps(d, observed[i]);
    covered += central_interval(d, plan.interval).covers(observed[i]) ? 1 : 0;
    const std::size_t g = (i / C) % grids;
    forecast_total[g] += mean[i];
    observed_total[g] += observed[i];
  }
  const PointErrors e = point_errors(y, mean);
  s.mae = e.mae;
  s.rmse = e.rmse;
  s.log_score = log_sum / double(n);
  s.crps = crps_sum / double(n);
  s.coverage = covered / double(n);
  for (const double share : plan.area_shares) {
    const HotspotScore h = hotspot(forecast_total, observed_total, grid_area, share);
    s.hit_rate.push_back(h.hit_rate);
    s.pai.push_back(h.pai);
  }
  if (plan.field_scores) add_field_scores(forecast_total, observed_total, grid_area, plan.area_shares, s);
  return s;
}

}  // namespace riskgrid::models::backtest
