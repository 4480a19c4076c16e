#include "riskgrid/engine/results/summary_json.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/io/json_writer.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::results {

namespace {

using io::JsonWriter;

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

void write_head(JsonWriter& w, const RunRecord& record) {
  const ScenarioResults& r = record.results;
  w.key("format").value("riskgrid-summary").key("format_version").value(std::int64_t{kSummaryFormatVersion});
  w.key("riskgrid_version").value(RISKGRID_VERSION);
  w.key("scenario").begin_object().key("name").value(r.name).key("title").value(r.title);
  w.key("sha256").value(record.scenario_sha256).end_object();
  w.key("horizon").begin_object().key("start").value(time::format_iso(r.time.start));
  w.key("end").value(time::format_iso(r.time.end()));
  w.key("bin_seconds").value(std::int64_t{r.time.bin_length}).key("bins").value(std::int64_t(r.time.bins));
  w.end_object();
  w.key("seed").value(std::int64_t(record.seed)).key("replicas").value(std::int64_t(r.replicas));
  w.key("normal_source").value(r.normal_source).key("rank_measure").value(r.rank_measure);
  w.key("model_fit").value(r.model_fit);
  w.key("levels").begin_array();
  for (const LevelBand& l : r.levels)
    w.begin_object()
        .key("name")
        .value(l.name)
        .key("label")
        .value(l.label)
        .key("color")
        .value(fmt::format("#{:06X}", l.rgb & 0xFFFFFFu))
        .end_object();
  w.end_array();
}

void write_district(JsonWriter& w, const ScenarioResults& r) {
  const double mean = sum(r.horizon.mean), normal = sum(r.horizon_normal);
  w.key("district").begin_object().key("mean").value(mean).key("normal").value(normal);
  w.key("ratio_to_normal").value(normal > 0 ? mean / normal : 1.0).key("excess").value(sum(r.horizon_excess));
  if (r.response.present) w.key("on_time_share").value(r.response.district_on_time_share);
  if (r.response.present && r.response.history_present) {  // a replay: the history's own figures beside
    const ResponseResults& h = r.response;
    w.key("history_on_time_share").value(h.history_on_time_share);
    w.key("on_time_share_from_creation").value(h.on_time_share_from_creation);
    w.key("open_end").value(h.open_end).key("history_open_end").value(h.history_open_end);
    w.key("overdue_end").value(h.overdue_end).key("history_overdue_end").value(h.history_overdue_end);
  }
  w.key("grids_per_level").begin_object();
  for (std::size_t l = 0; l < r.levels.size(); ++l)
    w.key(r.levels[l].name)
        .value(std::int64_t(std::count(r.horizon_risk_level.begin(), r.horizon_risk_level.end(), std::int8_t(l))));
  w.end_object().end_object();
}

/// The (at most three) categories adding most to the grid's excess, largest first.
void write_drivers(JsonWriter& w, const ScenarioResults& r, const catalog::CategoryCatalog& catalog, std::size_t u) {
  std::vector<std::size_t> order(r.categories);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const double* row = r.category_excess.data() + u * r.categories;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return row[a] > row[b]; });
  w.key("top_drivers").begin_array();
  for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()) && row[order[i]] > 0; ++i)
    w.begin_object()
        .key("category")
        .value(catalog.categories[order[i]].id)
        .key("excess")
        .value(row[order[i]])
        .end_object();
  w.end_array();
}

/// Case handling of grid u over the horizon (docs/response.md "On time").
void write_handling(JsonWriter& w, const ResponseResults& h, std::size_t bins, std::size_t units, std::size_t u) {
  double closed = 0, on_time = 0;
  for (std::size_t b = 0; b < bins; ++b)
    closed += h.closed_mean[b * units + u], on_time += h.closed_on_time_mean[b * units + u];
  const std::size_t last = (bins - 1) * units + u;
  w.key("closed").value(closed).key("closed_on_time").value(on_time).key("on_time_share").value(h.on_time_share[u]);
  w.key("open_start").value(h.open_at_start_mean[u]).key("open_end").value(h.backlog_mean[last]);
  w.key("overdue_end").value(h.overdue_mean[last]);
}

/// Town teams, the district team and departments: the busy share of their time on duty over the horizon.
void write_teams(JsonWriter& w, const ResponseResults& h) {
  if (h.team_names.empty()) return;
  w.key("teams").begin_array();
  for (std::size_t t = 0; t < h.team_names.size(); ++t)
    w.begin_object()
        .key("team")
        .value(h.team_names[t])
        .key("utilisation")
        .value(h.team_utilisation_horizon[t])
        .end_object();
  w.end_array();
}

void write_grid(JsonWriter& w, const ScenarioResults& r, const spatial::Unit& g, const catalog::CategoryCatalog& c,
                std::size_t u) {
  const auto level = static_cast<std::size_t>(r.horizon_risk_level[u]);
  w.begin_object().key("id").value(g.id).key("name").value(g.name).key("town").value(g.parent);
  w.key("population").value(g.population);
  w.key("mean").value(r.horizon.mean[u]).key("p05").value(r.horizon.p05[u]).key("p95").value(r.horizon.p95[u]);
  w.key("normal").value(r.horizon_normal[u]).key("ratio_to_normal").value(r.horizon_ratio_to_normal[u]);
  w.key("excess").value(r.horizon_excess[u]);
  w.key("p_above_own_p95").value(r.horizon.exceedance[u]);
  w.key("p_above_double_normal").value(r.horizon.above_double_normal[u]);
  w.key("level").value(std::int64_t(level)).key("level_name").value(r.levels.at(level).name);
  w.key("level_reason").value(r.level_reason[u]).key("rank").value(std::int64_t{r.rank[u]});
  write_drivers(w, r, c, u);
  if (r.response.present) write_handling(w, r.response, r.time.bins, r.units, u);
  w.end_object();
}

}  // namespace

std::string summary_json(const RunRecord& record, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog) {
  const ScenarioResults& r = record.results;
  if (r.units != district.grids.size() || r.rank.size() != r.units || r.level_reason.size() != r.units ||
      r.category_excess.size() != r.units * r.categories || r.categories != catalog.size())
    throw std::invalid_argument("summary.json: results, district and catalog disagree in size");
  JsonWriter w(JsonWriter::Numbers::exact);
  w.begin_object();
  write_head(w, record);
  write_district(w, r);
  std::vector<std::size_t> by_rank(r.units);
  for (std::size_t u = 0; u < r.units; ++u) by_rank.at(static_cast<std::size_t>(r.rank[u] - 1)) = u;
  w.key("grids").begin_array();  // rank 1 first
  for (const std::size_t u : by_rank) write_grid(w, r, district.grids[u], catalog, u);
  w.end_array();
  write_teams(w, r.response);
  w.end_object();
  return w.take() + "\n";
}

void write_summary_json(const std::string& path, const RunRecord& record, const spatial::District& district,
                        const catalog::CategoryCatalog& catalog) {
  const std::string text = summary_json(record, district, catalog);
  io::write_file(path, text, "the summary");
}

}  // namespace riskgrid::results
