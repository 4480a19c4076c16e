// Stage 5 of a run: the ensemble tally summarised into results, the risk measured against each grid's
// normal (docs/risk.md), the grids ranked.
#include <algorithm>
#include <numeric>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "riskgrid/engine/incidents/history_stats.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/response/case_handling_tally.hpp"
#include "riskgrid/models/response/response_summary.hpp"
#include "riskgrid/models/risk/history_normal.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

namespace {

/// `threshold` per unit (the grid's own historical quantile), `normal` per cell (twice it is the bar).
results::Quantiles summarise(const tally::CountHistograms& h, const std::vector<double>& threshold,
                             const std::vector<double>& normal, std::size_t units) {
  results::Quantiles q;
  for (std::size_t cell = 0; cell < h.cells(); ++cell) {
    q.mean.push_back(h.mean(cell));
    q.p05.push_back(h.quantile(cell, 0.05));
    q.p50.push_back(h.quantile(cell, 0.50));
    q.p95.push_back(h.quantile(cell, 0.95));
    q.exceedance.push_back(h.exceedance(cell, threshold[cell % units]));
    q.above_double_normal.push_back(h.exceedance(cell, 2 * normal[cell]));
  }
  return q;
}

/// Thresholds for exceedance: the grid's historical q-quantile of counts per bin and per horizon length.
std::pair<std::vector<double>, std::vector<double>> exceedance_thresholds(const Inputs& in) {
  const auto& s = in.spec;
  const std::size_t units = in.district.grids.size();
  const incidents::CountWindows per_bin{s.train_start, s.train_end, s.horizon.bin_length, s.horizon.bin_length};
  const time::Seconds length = s.horizon.end() - s.horizon.start;
  const time::Seconds span = s.train_end - s.train_start;
  const incidents::CountWindows per_horizon{s.train_start, s.train_end, std::min(length, span), s.horizon.bin_length};
  auto horizon = incidents::window_count_quantile(in.history, units, per_horizon, s.risk.exceedance_quantile);
  if (length > span)  // scale up when the horizon is longer than the training window
    for (double& t : horizon) t *= static_cast<double>(length) / static_cast<double>(span);
  return {incidents::window_count_quantile(in.history, units, per_bin, s.risk.exceedance_quantile), horizon};
}

/// Each grid's normal (docs/risk.md "Normal"): the no-drill forecast in a drill, else the grid's own
/// history for the same weekday and season; categories drills add have a normal of 0.
std::pair<cube::Cube<double>, std::string> normal_of(const Prepared& p) {
  const auto& s = p.in.spec;
  const bool forecast = s.risk.normal == scenario::RiskSpec::Normal::forecast ||
                        (s.risk.normal == scenario::RiskSpec::Normal::automatic && !s.drills.empty());
  if (forecast) return {p.baseline, "the forecast without drills"};
  const std::size_t k0 = p.in.base_catalog.size();
  const models::HistoryNormal h = models::history_normal(
      p.in.history, {s.horizon, s.train_start, s.train_end, p.shape.units, k0, s.risk.season_days});
  cube::Cube<double> normal(p.shape);
  for (std::size_t row = 0; row < p.shape.rows(); ++row)
    std::copy_n(h.expected.view().row(row).begin(), k0, normal.view().row(row).begin());
  std::string source = fmt::format("the grid's own history: same weekday{}, {} weeks or more",
                                   h.seasonal ? " and season" : "", h.fewest_weeks);
  if (h.fallback) source += " (bins without a comparable week: the training window's mean)";
  return {std::move(normal), source};
}

/// Sums [bin][unit][category] over categories into [bin][unit].
std::vector<double> per_row_totals(cube::View<const double> x) {
  std::vector<double> out;
  for (std::size_t row = 0; row < x.shape().rows(); ++row)
    out.push_back(std::accumulate(x.row(row).begin(), x.row(row).end(), 0.0));
  return out;
}

/// Sums [bin][unit] over bins into [unit].
std::vector<double> per_unit_totals(const std::vector<double>& x, std::size_t units) {
  std::vector<double> out(units, 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) out[i % units] += x[i];
  return out;
}

/// A replay: the district's open and overdue cases at the end beside the history's own figures for the
/// same incidents (docs/scenarios.md "Replay against the history"). Nothing for other runs.
void add_history_comparison(const models::response::PreparedResponse& response, results::ScenarioResults& r) {
  const auto history = response.history_handling();
  if (!response.replays() || !history || r.time.bins == 0) return;
  results::ResponseResults& h = r.response;
  const std::size_t last = (r.time.bins - 1) * r.units;
  h.open_end = std::accumulate(h.backlog_mean.begin() + std::ptrdiff_t(last), h.backlog_mean.end(), 0.0);
  h.overdue_end = std::accumulate(h.overdue_mean.begin() + std::ptrdiff_t(last), h.overdue_mean.end(), 0.0);
  h.history_present = true;
  h.history_on_time_share = history->on_time_share();
  h.history_open_end = history->open_end;
  h.history_overdue_end = history->overdue_end;
  h.on_time_share_from_creation = history->replay_on_time_from_creation;
}

/// Counts, quantiles and exceedance of the tally, and the case handling of the same replicas.
results::ScenarioResults summarise_tally(const Prepared& p, const ensemble::EnsembleTally& tally,
                                         const cube::Cube<double>& normal) {
  const auto& s = p.in.spec;
  results::ScenarioResults r;
  r.name = s.name;
  r.title = s.title;
  r.time = s.horizon;
  r.units = p.in.district.grids.size();
  r.categories = p.in.catalog.size();
  r.replicas = tally.replicas();
  std::tie(r.exceedance_threshold, r.horizon_threshold) = exceedance_thresholds(p.in);
  const std::vector<double> normal_per_bin = per_row_totals(normal.view());
  r.per_bin = summarise(tally.per_bin(), r.exceedance_threshold, normal_per_bin, r.units);
  r.horizon = summarise(tally.horizon(), r.horizon_threshold, per_unit_totals(normal_per_bin, r.units), r.units);
  r.mean_by_category = cube::Cube<double>(tally.shape());
  for (std::size_t i = 0; i < tally.shape().cells(); ++i)
    r.mean_by_category.view()[i] =
        static_cast<double>(tally.sum_by_category()[i]) / static_cast<double>(tally.replicas());
  // The case handling of the same replicas, the tally's model tally (merged with its counts).
  const models::response::ResponseTally* handled = models::response::case_handling_of(tally);
  if (p.response && handled != nullptr && handled->replicas > 0 && handled->replicas == tally.replicas()) {
    r.response = models::response::summarise_response(*handled, double(s.horizon.bin_length));
    if (handled->teams > 0) r.response.team_names = p.response->team_names();
    add_history_comparison(*p.response, r);
  }
  return r;
}

}  // namespace

/// The risk measures into the results, every output reads them from there.
void record_risk(const models::RiskMeasures& m, const scenario::RiskSpec& spec, results::ScenarioResults& r) {
  r.normal = m.normal;
  r.ratio_to_normal = m.ratio;
  r.excess = m.excess;
  r.risk_level = m.level;
  r.horizon_normal = m.horizon_normal;
  r.horizon_ratio_to_normal = m.horizon_ratio;
  r.horizon_excess = m.horizon_excess;
  r.horizon_risk_level = m.horizon_level;
  r.level_reason = m.level_reason;
  r.rank_measure = models::rank_measure_name(spec);
  r.rank_value = m.rank_value;
  r.rank = m.rank;
  r.levels = spec.levels;
  r.category_excess = m.category_excess;
}

Assembled assemble(const Prepared& p, const ensemble::EnsembleTally& tally) {
  const auto& s = p.in.spec;
  auto [normal, normal_source] = normal_of(p);
  Assembled out{summarise_tally(p, tally, normal), {}};
  results::ScenarioResults& r = out.results;
  r.normal_source = std::move(normal_source);
  r.model_fit = p.fitted->summary();
  r.normal_by_category = normal;
  out.risk = models::measure_risk({p.in.district, p.in.catalog, s.risk, normal.view(), r.mean_by_category.view(),
                                   r.response.overdue_life_safety_probability,
                                   p.response ? p.response->red_probability() : 1.0, r.response.on_time_share});
  record_risk(out.risk, s.risk, r);
  for (const auto& drill : s.drills) r.drill_names.push_back(drill.name);
  cube::Cube<double> before_drills = p.baseline;  // what the drills act on, added categories included
  for (std::size_t i = 0; i < p.shape.cells(); ++i) before_drills.view()[i] += p.added.view()[i];
  r.drill_added = models::drill_added_counts(s.drills, p.in.district, p.in.catalog, s.horizon, before_drills.view());
  return out;
}

/// Every grid, rank 1 ("where is it worst") first.
std::vector<RankedGrid> rank_grids(const Prepared& p, const Assembled& a) {
  const results::ScenarioResults& r = a.results;
  std::vector<RankedGrid> out;
  for (std::size_t u = 0; u < r.units; ++u) {
    const auto& g = p.in.district.grids[u];
    const int top = a.risk.top_category[u];
    out.push_back({g.id, g.name, g.parent, r.levels[static_cast<std::size_t>(r.horizon_risk_level[u])].name,
                   r.level_reason[u], top < 0 ? "-" : p.in.catalog.categories[static_cast<std::size_t>(top)].id,
                   r.rank[u], r.horizon_ratio_to_normal[u], r.horizon_excess[u], r.horizon_normal[u], r.horizon.mean[u],
                   r.horizon.p05[u], r.horizon.p95[u], r.horizon.above_double_normal[u]});
  }
  std::sort(out.begin(), out.end(), [](const RankedGrid& x, const RankedGrid& y) { return x.rank < y.rank; });
  return out;
}

results::RunRecord record_of(const Prepared& p, results::ScenarioResults results) {
  const auto& s = p.in.spec;
  const std::string created = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  return {s.text,          io::sha256_hex(s.text), s.seed,     s.replicas, created,
          s.district.note, std::move(results),     p.in.ingest};
}

}  // namespace riskgrid::run
