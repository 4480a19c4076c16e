#include "backtest_forecasts.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "backtest_tables.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/results/forecasts_h5.hpp"
#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::app {

using models::backtest::BacktestResult;

std::vector<double> forecast_quantile_levels(double interval) {
  return {(1 - interval) / 2, 0.25, 0.5, 0.75, (1 + interval) / 2};
}

namespace {

results::ForecastsTable forecasts_table(const std::string& scenario_text, const std::string& command_line,
                                        const spatial::District& district, const catalog::CategoryCatalog& catalog,
                                        const BacktestResult& r) {
  const auto& plan = r.plan;
  const std::size_t M = plan.models.size(), O = plan.origins.size(), B = r.bins;
  const std::size_t cells = B * district.grids.size() * r.forecast_categories;
  if (r.forecasts.size() != M * O) throw std::invalid_argument("forecasts: the backtest kept no forecasts");
  results::ForecastsTable t;
  t.command_line = command_line;
  t.scenario_text = scenario_text;
  t.level = plan.by_category ? "grid_category" : "grid";
  t.models = models::backtest::model_labels(plan);
  for (const auto o : plan.origins) t.origins.push_back(time::format_date(o));
  for (std::size_t b = 0; b < B; ++b) t.bin_hours.push_back(double(b) * double(plan.bin) / double(time::kHour));
  for (const auto& g : district.grids) t.units.push_back(g.id);
  if (plan.by_category)
    for (const auto& c : catalog.categories) t.categories.push_back(c.id);
  else
    t.categories.push_back("all");
  t.quantile_levels = forecast_quantile_levels(plan.interval);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  t.observed.assign(O * cells, 0);
  for (std::size_t m = 0; m < M; ++m)
    for (std::size_t o = 0; o < O; ++o) {
      const auto& f = r.forecasts[m * O + o];
      const bool scored = f.mean.size() == cells;
      t.scored.push_back(scored ? 1 : 0);
      for (std::size_t i = 0; i < cells; ++i) {
        t.mean.push_back(scored ? f.mean[i] : nan);
        t.size.push_back(scored ? f.size[i] : nan);
        for (const double p : t.quantile_levels)
          t.quantiles.push_back(scored ? double(models::forecast::quantile({f.mean[i], f.size[i]}, p)) : nan);
        if (scored) t.observed[o * cells + i] = f.observed[i];
      }
    }
  t.horizon_days = double(plan.horizon_days);
  t.bin_length_hours = double(plan.bin) / double(time::kHour);
  return t;
}

// One row per scored (model, origin, bin, unit, category), numbers with 17 digits (exact doubles).
std::string forecasts_csv(const results::ForecastsTable& t, const std::vector<time::Seconds>& origins,
                          time::Seconds bin) {
  const std::size_t O = t.origins.size(), B = t.bin_hours.size(), U = t.units.size(), K = t.categories.size();
  const std::size_t Q = t.quantile_levels.size(), cells = B * U * K;
  std::string out = "model,origin,bin_start,unit,category,mean,size";
  for (const double p : t.quantile_levels) out += fmt::format(",q{:g}", p);
  out += ",observed\n";
  for (std::size_t m = 0; m < t.models.size(); ++m)
    for (std::size_t o = 0; o < O; ++o) {
      if (!t.scored[m * O + o]) continue;
      for (std::size_t i = 0; i < cells; ++i) {
        const std::size_t at = (m * O + o) * cells + i, b = i / (U * K);
        out += csv_field(t.models[m]) + "," + t.origins[o] + "," +
               time::format_iso(origins[o] + static_cast<time::Seconds>(b) * bin) + "," +
               csv_field(t.units[(i / K) % U]) + "," + csv_field(t.categories[i % K]) + "," + csv_exact(t.mean[at]) +
               "," + (std::isinf(t.size[at]) ? std::string("inf") : csv_exact(t.size[at]));
        for (std::size_t q = 0; q < Q; ++q) out += fmt::format(",{:g}", t.quantiles[at * Q + q]);
        out += fmt::format(",{}\n", t.observed[o * cells + i]);
      }
    }
  return out;
}

}  // namespace

ForecastFiles write_forecast_files(const std::string& out_dir, const std::string& scenario_text,
                                   const std::string& command_line, const spatial::District& district,
                                   const catalog::CategoryCatalog& catalog, const BacktestResult& r) {
  const std::filesystem::path dir(out_dir);
  ForecastFiles f{(dir / "forecasts.h5").string(), (dir / "forecasts.csv").string()};
  const results::ForecastsTable table = forecasts_table(scenario_text, command_line, district, catalog, r);
  results::write_forecasts_h5(f.h5, table);
  io::write_file(f.csv, forecasts_csv(table, r.plan.origins, r.plan.bin));
  return f;
}

}  // namespace riskgrid::app
