#pragma once
// What one run produces, as plain arrays, between the ensemble and the writers (HDF5, PNG, console).
// Arrays marked [bin][unit] are row-major with the unit varying fastest.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/ingest/ingest_summary.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::results {

/// A risk level band as the scenario defines it (0 = lowest).
struct LevelBand {
  std::string name;       ///< e.g. "blue"
  std::string label;      ///< e.g. "Blue (low) 蓝"
  std::uint32_t rgb = 0;  ///< 0xRRGGBB
};

struct Quantiles {
  std::vector<double> mean, p05, p50, p95;
  std::vector<double> exceedance;           ///< P(count above the grid's own historical p95 or so)
  std::vector<double> above_double_normal;  ///< P(count above twice the grid's normal)
};

/// Case handling per [bin][unit] (a response model ran when `present`): stocks at the end of each bin,
/// flows during it, times in hours (NaN where no case was measured), utilisation of the unit's staff.
struct ResponseResults {
  bool present = false;
  std::vector<std::string> level_names;           ///< escalation levels, lowest first
  std::vector<double> backlog_mean, backlog_p95;  ///< open cases
  std::vector<double> overdue_mean, overdue_p95;  ///< open cases past their time limit
  std::vector<double> overdue_life_safety_mean;
  std::vector<double> overdue_life_safety_probability;  ///< P(at least one overdue life-safety case)
  std::vector<double> arrived_mean, closed_mean;
  std::vector<double> closed_on_time_mean;  ///< closed cases that were handled within their limit
  std::vector<double> escalations_mean;     ///< [bin][unit][level]: cases assigned to each level
  std::vector<double> wait_mean_hours, wait_p50_hours, wait_p90_hours;  ///< by bin of dispatch
  std::vector<double> lead_p50_hours, lead_p90_hours;                   ///< arrival -> close, by bin of closing
  std::vector<double> queue_mean;                                       ///< time-average number of cases waiting
  std::vector<double> utilisation;                                      ///< busy share of the unit's staff pool
  std::vector<double> open_at_start_mean;  ///< [unit]: warm-up cases open at the horizon start
  /// [unit] over the horizon: closed cases handled within their limit / closed (按时办结率); NaN if none.
  std::vector<double> on_time_share;
  double district_on_time_share = 0;  ///< the same over all grids
  /// A replay's comparison (`history_present`): the district's open and overdue cases at the horizon's end
  /// in the simulation (ensemble means), and the history's own on-time share and open and overdue cases
  /// for the same incidents, judged by the same limits (docs/scenarios.md "Replay against the history").
  bool history_present = false;
  double open_end = 0, overdue_end = 0;
  double history_on_time_share = 0, history_open_end = 0, history_overdue_end = 0;
  /// The replay judged like the history, from each incident's creation (a re-opened case's limit not
  /// started again): one replica, the like-for-like figure beside history_on_time_share.
  double on_time_share_from_creation = 0;
  /// The teams beyond the grids' staff: "town:<id>" teams, the "district" team, "department:<name>"s.
  std::vector<std::string> team_names;
  /// [bin][team]: busy share of the handlers' time on duty (office hours, duty rosters, emergency duty;
  /// NaN: nobody on duty), and the time-average number of tasks waiting for the team.
  std::vector<double> team_utilisation, team_queue_mean;
  std::vector<double> team_utilisation_horizon;  ///< [team]: the same over the whole horizon
};

/// The [bin][unit] arrays of case handling by their dataset names (results.h5 response/<name>), in file
/// order: what the loader reads back and the tidy export writes as response.<name>. `Response` is
/// ResponseResults or const ResponseResults.
template <class Response>
auto per_bin_response_arrays(Response& h) {
  using Array = std::conditional_t<std::is_const_v<Response>, const std::vector<double>, std::vector<double>>;
  return std::array<std::pair<const char*, Array*>, 16>{
      {{"backlog_mean", &h.backlog_mean},
       {"backlog_p95", &h.backlog_p95},
       {"overdue_mean", &h.overdue_mean},
       {"overdue_p95", &h.overdue_p95},
       {"overdue_life_safety_mean", &h.overdue_life_safety_mean},
       {"overdue_life_safety_probability", &h.overdue_life_safety_probability},
       {"arrived_mean", &h.arrived_mean},
       {"closed_mean", &h.closed_mean},
       {"closed_on_time_mean", &h.closed_on_time_mean},
       {"wait_mean_hours", &h.wait_mean_hours},
       {"wait_p50_hours", &h.wait_p50_hours},
       {"wait_p90_hours", &h.wait_p90_hours},
       {"lead_p50_hours", &h.lead_p50_hours},
       {"lead_p90_hours", &h.lead_p90_hours},
       {"queue_mean", &h.queue_mean},
       {"utilisation", &h.utilisation}}};
}

struct ScenarioResults {
  std::string name;
  std::string title;
  time::TimeGrid time;
  std::size_t units = 0;
  std::size_t categories = 0;
  std::uint64_t replicas = 0;

  Quantiles per_bin;                         ///< each [bin][unit]
  std::vector<double> exceedance_threshold;  ///< [unit]: a bin count above this counts as exceedance
  cube::Cube<double> mean_by_category;       ///< [bin][unit][category]
  cube::Cube<double> normal_by_category;     ///< [bin][unit][category]: each grid's normal (docs/risk.md)
  std::string normal_source;                 ///< where the normal comes from, in words
  std::string model_fit;                     ///< the fitted arrival model, in words (a choice says how made)
  std::vector<double> normal;                ///< [bin][unit]: normal incidents
  std::vector<double> ratio_to_normal;       ///< [bin][unit]: consequence-weighted
  std::vector<double> excess;                ///< [bin][unit]: consequence-weighted incidents above normal
  std::vector<std::int8_t> risk_level;       ///< [bin][unit]

  Quantiles horizon;                            ///< each [unit]: totals over the whole horizon
  std::vector<double> horizon_threshold;        ///< [unit]
  std::vector<double> horizon_normal;           ///< [unit]
  std::vector<double> horizon_ratio_to_normal;  ///< [unit]
  std::vector<double> horizon_excess;           ///< [unit]
  std::vector<std::int8_t> horizon_risk_level;  ///< [unit]
  std::vector<std::string> level_reason;        ///< [unit]: why the horizon level is what it is
  std::string rank_measure;                     ///< what `rank` sorts by, in words
  std::vector<double> rank_value;               ///< [unit]
  std::vector<std::int32_t> rank;               ///< [unit]: 1 = worst ("where is it worst")
  std::vector<LevelBand> levels;

  // Drivers: why a grid's risk is what it is.
  std::vector<double> category_excess;   ///< [unit][category]: weighted excess over the horizon (sums to it)
  std::vector<std::string> drill_names;  ///< the scenario's drills, in order
  std::vector<double> drill_added;       ///< [unit][drill]: expected incidents the drill adds

  ResponseResults response;  ///< case handling (empty unless the scenario has `response:`)
};

/// Everything the results file records about a run.
struct RunRecord {
  std::string scenario_text;
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::uint64_t replicas = 0;
  std::string created;        ///< ISO time the file was written (kept out of the datasets)
  std::string district_note;  ///< shown on every map, e.g. "internal borders are synthetic"
  ScenarioResults results;
  std::optional<ingest::IngestSummary> ingest{};  ///< how the history was ingested (mapped sources only)
};

}  // namespace riskgrid::results
