// `riskgrid monitor`: fit before the window, score the window, rank and write (docs/monitor.md).
#include "riskgrid/run/monitor.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/drills/grid_selection.hpp"
#include "riskgrid/run/fit_model.hpp"
#include "riskgrid/run/inputs.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

namespace {
namespace fs = std::filesystem;
using models::monitor::MonitorSettings;

time::Seconds parse_as_of(const std::string& text) {
  const auto t = time::parse_iso(text);
  if (!t || *t % time::kDay != 0 || text.size() != 10)
    throw ScenarioError(fmt::format("--as-of {}: expected a date like 2026-10-31", text.empty() ? "''" : text));
  return *t;
}

MonitorSettings settings_of(const MonitorRequest& r) {
  MonitorSettings s = load_monitor_settings(r.scenario_path);
  const MonitorOverrides& o = r.overrides;
  if (o.window_days && (*o.window_days < 1 || *o.window_days > 60))
    throw ScenarioError(fmt::format("--window-days {}: expected 1 to 60", *o.window_days));
  if (o.alpha && !(*o.alpha > 0 && *o.alpha < 1))
    throw ScenarioError(fmt::format("--alpha {}: expected a false-alert level in (0, 1)", *o.alpha));
  if (o.replicas && (*o.replicas < 19 || *o.replicas > 99'999))
    throw ScenarioError(fmt::format("--replicas {}: expected 19 to 99999", *o.replicas));
  s.window_days = o.window_days.value_or(s.window_days);
  s.alpha = o.alpha.value_or(s.alpha);
  s.replicas = o.replicas.value_or(s.replicas);
  s.max_days = std::min(s.max_days, s.window_days);
  return s;
}

/// The scenario's history, or --history in its place (a mapped export keeps its column mapping).
void replace_history(scenario::DistrictSpec& d, const std::string& history) {
  if (history.empty()) return;
  const std::string path = fs::absolute(history).lexically_normal().string();
  if (!fs::exists(path)) throw InputError(fmt::format("--history {}: no such file", history));
  d.history = path;
  d.history_synth.clear();
  if (d.history_source) d.history_source->path = path;
}

void check_covered(const ScenarioInputs& in, const std::string& file, const MonitorReport& r) {
  const auto [first, last] = std::minmax_element(in.history.created.begin(), in.history.created.end());
  const auto date = [](time::Seconds t) { return time::format_date(t); };
  if (*last < r.as_of)
    throw InputError(
        fmt::format("{}: --as-of {} is after the history, which ends on {}", file, date(r.as_of), date(*last)));
  if (*first >= r.train_start + time::kDay)
    throw InputError(
        fmt::format("{}: --as-of {} needs history from {} (training before the {}-day window), "
                    "but the history starts on {}",
                    file, date(r.as_of), date(r.train_start), r.settings.window_days, date(*first)));
}

cube::Cube<std::uint32_t> observed_counts(const incidents::IncidentTable& h, const time::TimeGrid& window,
                                          const cube::Shape& shape) {
  cube::Cube<std::uint32_t> out(shape, 0);
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h.created[i] < window.start || h.created[i] >= window.end()) continue;
    const auto day = static_cast<std::size_t>((h.created[i] - window.start) / time::kDay);
    ++out.view().at(day, h.grid[i], h.category[i]);
  }
  return out;
}

std::vector<std::vector<std::size_t>> neighbourhoods_of(const spatial::District& d, std::size_t max_grids) {
  std::vector<std::array<double, 2>> centroids;
  for (const auto& g : d.grids) centroids.push_back({g.centroid.x(), g.centroid.y()});
  return models::monitor::scan_neighbourhoods(models::touching_grids(d), centroids, max_grids);
}

MonitorAlert named(const models::monitor::Alert& a, const spatial::District& d, const catalog::CategoryCatalog& c,
                   time::Seconds window_start) {
  MonitorAlert out{a,
                   {},
                   c.categories[a.category].id,
                   window_start + static_cast<time::Seconds>(a.start_day) * time::kDay,
                   window_start + static_cast<time::Seconds>(a.end_day) * time::kDay};
  for (const std::size_t g : a.grids) out.grid_ids.push_back(d.grids[g].id);
  return out;
}

}  // namespace

MonitorReport run_monitor(const RunContext& context, const MonitorRequest& request) {
  MonitorReport r;
  r.as_of = parse_as_of(request.as_of);
  r.settings = settings_of(request);
  scenario::ScenarioSpec spec = scenario::load_scenario(request.scenario_path, context.load_options());
  replace_history(spec.district, request.history);
  r.scenario = spec.name;
  r.title = spec.title;
  r.window_start = r.as_of - static_cast<time::Seconds>(r.settings.window_days - 1) * time::kDay;
  r.train_end = r.window_start;
  r.train_start = r.train_end - (spec.train_end - spec.train_start);
  r.out_dir = request.out_dir.empty() ? (fs::path("out") / spec.name / "monitor" / time::format_date(r.as_of)).string()
                                      : request.out_dir;
  const io::DirLock lock(r.out_dir);
  const auto model = make_arrival_model(spec);  // an unknown model fails before any data is read
  r.model = std::string(model->name());
  const ScenarioInputs in =
      load_scenario_inputs(context, spec.district, {(fs::path(r.out_dir) / "quarantine.csv").string(), {}});
  check_covered(in, spec.district.history, r);
  const auto fitted =
      fit_arrival_model(context, spec, *model, {in.district, in.catalog, in.history, r.train_start, r.train_end});
  context.say(fmt::format("fitted {} on {} .. {}: {}", r.model, time::format_date(r.train_start),
                          time::format_date(r.train_end - time::kDay), fitted->summary()));

  const time::TimeGrid window{r.window_start, time::kDay, r.settings.window_days};
  const cube::Shape shape{window.bins, in.district.grids.size(), in.catalog.size()};
  cube::Cube<double> mean(shape), size(shape);
  fitted->predictive(window, mean.view(), size.view());
  const cube::Cube<std::uint32_t> observed = observed_counts(in.history, window, shape);
  r.grids = shape.units;
  r.categories = shape.categories;
  for (const auto v : observed.values()) r.observed += v;
  for (const double v : mean.values()) r.expected += v;
  context.say(fmt::format("scoring {} .. {}: {} incidents against {:.0f} expected, {} null replicas",
                          time::format_date(r.window_start), time::format_date(r.as_of), r.observed, r.expected,
                          r.settings.replicas));

  const models::monitor::WindowCounts counts{cube::View<const std::uint32_t>(shape, observed.values()),
                                             cube::View<const double>(shape, mean.values()),
                                             cube::View<const double>(shape, size.values())};
  // Streams of the scenario's seed, numbered by the as-of day: each morning draws its own null.
  const auto stream_base = static_cast<std::uint64_t>(time::day_number(r.as_of)) << 24;
  const auto alerts = models::monitor::score_window(
      counts, neighbourhoods_of(in.district, r.settings.max_cluster_grids), r.settings, spec.seed, stream_base);
  for (const auto& a : alerts) {
    r.alerts.push_back(named(a, in.district, in.catalog, r.window_start));
    r.new_alerts += a.end_day + 1 == window.bins;
  }
  r.files = write_monitor_outputs(r, in.district);
  return r;
}

}  // namespace riskgrid::run
