#pragma once
// `riskgrid monitor` as a library call (docs/monitor.md): the scenario's arrival model fitted on the
// history before a recent window, the window's counts scored against its predictive distribution
// (models/monitor), and the ranked alerts written into a folder of their own per as-of date.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/monitor/monitor.hpp"
#include "riskgrid/run/context.hpp"

namespace riskgrid::run {

/// Command-line values that replace the `monitor:` block's.
struct MonitorOverrides {
  std::optional<std::size_t> window_days;
  std::optional<double> alpha;
  std::optional<std::size_t> replicas;
};

struct MonitorRequest {
  std::string scenario_path;
  std::string as_of;    ///< the last day scored, "YYYY-MM-DD"
  std::string history;  ///< replaces the scenario's history file; empty = the scenario's own
  std::string out_dir;  ///< empty: out/<scenario name>/monitor/<as-of>
  MonitorOverrides overrides;
};

/// The scenario's `monitor:` block (its `extends:` chain resolved), defaults where absent. Throws
/// ScenarioError "file:line:column: monitor.key: expected ..." for a bad or unknown key.
models::monitor::MonitorSettings load_monitor_settings(const std::string& scenario_path);

/// One alert with the names a reader needs.
struct MonitorAlert {
  models::monitor::Alert alert;
  std::vector<std::string> grid_ids;  ///< the grids of alert.grids
  std::string category;               ///< the catalog id
  time::Seconds start = 0, end = 0;   ///< midnights of the first and last day
};

struct MonitorReport {
  std::string scenario;  ///< its name
  std::string title;
  std::string model;  ///< the arrival model fitted
  time::Seconds as_of = 0, window_start = 0, train_start = 0, train_end = 0;
  models::monitor::MonitorSettings settings;
  std::size_t grids = 0, categories = 0;
  double observed = 0, expected = 0;  ///< incidents in the window, and the model's expectation
  std::vector<MonitorAlert> alerts;   ///< ranked, most significant first
  std::size_t new_alerts = 0;         ///< alerts whose evidence ends on the as-of day
  std::string out_dir;
  std::vector<std::string> files;  ///< alerts.csv, alerts.geojson, alerts_map.png, monitor.html
};

/// Loads the inputs (the out folder locked), fits, scores and writes. Same scenario, history and
/// as-of date give byte-identical files on any thread count. Throws ScenarioError for a bad date or
/// setting, InputError when the history does not cover the window and the training before it.
MonitorReport run_monitor(const RunContext& context, const MonitorRequest& request);

/// Writes the report's files into report.out_dir and returns their paths (monitor_outputs.cpp).
std::vector<std::string> write_monitor_outputs(const MonitorReport& report, const spatial::District& district);

}  // namespace riskgrid::run
