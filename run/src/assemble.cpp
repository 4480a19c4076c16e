// Stage 5 of a run: the ensemble tally summarised into results, the risk scored, the grids ranked.
#include <algorithm>
#include <numeric>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "riskgrid/engine/incidents/history_stats.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/response/response_summary.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

namespace {

results::Quantiles summarise(const tally::CountHistograms& h, const std::vector<double>& threshold, std::size_t units) {
  results::Quantiles q;
  for (std::size_t cell = 0; cell < h.cells(); ++cell) {
    q.mean.push_back(h.mean(cell));
    q.p05.push_back(h.quantile(cell, 0.05));
    q.p50.push_back(h.quantile(cell, 0.50));
    q.p95.push_back(h.quantile(cell, 0.95));
    q.exceedance.push_back(h.exceedance(cell, threshold[cell % units]));
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

/// The per-category scale of the risk index: the expected counts without drills, where a category
/// drills add (none without drills) takes the mean of the catalog's categories in its bin and grid,
/// so its index term reads "as many as a typical category". Empty when no drill adds a category.
std::vector<double> risk_scale(const Inputs& in, const cube::Cube<double>& baseline) {
  const std::size_t k0 = in.base_catalog.size(), k = in.catalog.size();
  if (k == k0) return {};
  cube::Cube<double> scale = baseline;
  for (std::size_t row = 0; row < baseline.shape().rows(); ++row) {
    const std::span<const double> expected = baseline.view().row(row);
    const double mean = std::accumulate(expected.begin(), expected.begin() + std::ptrdiff_t(k0), 0.0) / double(k0);
    std::fill(scale.view().row(row).begin() + std::ptrdiff_t(k0), scale.view().row(row).end(), mean);
  }
  return scale.values();
}

/// Counts, quantiles and exceedance of the tally, and the case handling of the same replicas.
results::ScenarioResults summarise_tally(const Prepared& p, const ensemble::EnsembleTally& tally,
                                         const std::optional<models::response::ResponseTally>& handled) {
  const auto& s = p.in.spec;
  results::ScenarioResults r;
  r.name = s.name;
  r.title = s.title;
  r.time = s.horizon;
  r.units = p.in.district.grids.size();
  r.categories = p.in.catalog.size();
  r.replicas = tally.replicas();
  std::tie(r.exceedance_threshold, r.horizon_threshold) = exceedance_thresholds(p.in);
  r.per_bin = summarise(tally.per_bin(), r.exceedance_threshold, r.units);
  r.horizon = summarise(tally.horizon(), r.horizon_threshold, r.units);
  for (const std::uint64_t sum : tally.sum_by_category())
    r.mean_by_category.push_back(static_cast<double>(sum) / static_cast<double>(tally.replicas()));
  // `handled`: the case handling of the same replicas, summed over ranks or shards like `tally`.
  if (p.response && handled && handled->replicas > 0 && handled->replicas == tally.replicas())
    r.response = models::response::summarise_response(*handled, double(s.horizon.bin_length));
  return r;
}

}  // namespace

Assembled assemble(const Prepared& p, const ensemble::EnsembleTally& tally,
                   const std::optional<models::response::ResponseTally>& handled) {
  const auto& s = p.in.spec;
  Assembled out{summarise_tally(p, tally, handled), {}};
  results::ScenarioResults& r = out.results;
  const std::vector<double> scale = risk_scale(p.in, p.baseline);
  out.risk = models::score_risk({p.in.district, p.in.catalog, s.risk, s.horizon.bins, p.baseline.values(),
                                 r.mean_by_category, scale, r.response.overdue_life_safety_probability,
                                 p.response ? p.response->red_probability() : 1.0});
  r.risk_index = out.risk.index;
  r.risk_level = out.risk.level;
  r.horizon_risk_index = out.risk.horizon_index;
  r.horizon_risk_level = out.risk.horizon_level;
  r.levels = s.risk.levels;
  r.category_contribution = out.risk.category_contribution;
  for (const auto& drill : s.drills) r.drill_names.push_back(drill.name);
  std::vector<double> before_drills = p.baseline.values();  // what the drills act on, added categories included
  for (std::size_t i = 0; i < before_drills.size(); ++i) before_drills[i] += p.added.values()[i];
  r.drill_added = models::drill_added_counts(s.drills, p.in.district, p.in.catalog, s.horizon, before_drills);
  return out;
}

std::vector<RankedGrid> rank_grids(const Prepared& p, const Assembled& a) {
  const results::ScenarioResults& r = a.results;
  std::vector<RankedGrid> out;
  for (std::size_t u = 0; u < r.units; ++u) {
    const auto& g = p.in.district.grids[u];
    const int top = a.risk.top_category[u];
    out.push_back({g.id, g.name, g.parent, r.levels[static_cast<std::size_t>(r.horizon_risk_level[u])].name,
                   top < 0 ? "-" : p.in.catalog.categories[static_cast<std::size_t>(top)].id, r.horizon_risk_index[u],
                   r.horizon.mean[u], r.horizon.p05[u], r.horizon.p95[u], r.horizon.exceedance[u]});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RankedGrid& x, const RankedGrid& y) { return x.risk_index > y.risk_index; });
  return out;
}

results::RunRecord record_of(const Prepared& p, results::ScenarioResults results) {
  const auto& s = p.in.spec;
  const std::string created = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  return {s.text,          io::sha256_hex(s.text), s.seed,     s.replicas, created,
          s.district.note, std::move(results),     p.in.ingest};
}

}  // namespace riskgrid::run
