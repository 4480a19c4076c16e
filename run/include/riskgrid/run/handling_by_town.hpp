#pragma once
// The case-handling summary of a run with a `response:` block: per town, what the grid staff received
// and closed over the horizon and what is left open and overdue at its end — the figures a planner
// compares between a baseline and a staff cut (`riskgrid run` prints them: app/handling_table.cpp).
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::run {

struct TownHandling {
  std::string town;
  double arrived = 0, closed = 0, closed_on_time = 0;                 ///< over the horizon, mean per replica
  double open_start = 0;                                              ///< open at the horizon start, mean
  double open_end = 0, overdue_end = 0, overdue_life_safety_end = 0;  ///< in the last bin, mean
  double utilisation = 0;  ///< busy share of its grids' staff over the horizon, staff-weighted
};

/// A team beyond the grids' staff and the busy share of its time on duty over the horizon.
struct TeamLoad {
  std::string team;
  double utilisation = 0;
};

/// The teams of `response` (town teams, the district team, departments), busiest first (ties: in the
/// results' order); teams nobody was on duty for are left out.
std::vector<TeamLoad> busiest_teams(const results::ResponseResults& response);

/// How far open cases may drift over the horizon of a run without arrival drills before it is worth a
/// warning [E]: a baseline's staff, teams and departments should hold its backlog steady.
inline constexpr double kBacklogDrift = 0.10;

/// A warning when the district's open cases (the last row of `handling`) rise or fall by more than
/// kBacklogDrift over the horizon of a run whose arrivals no drill changes; nothing otherwise.
std::optional<std::string> backlog_trend_warning(const std::vector<TownHandling>& handling, bool arrival_drills);

/// Per town of the district (in the district's order), then a last row "district" for all grids.
/// `response` holds [bin][grid] arrays over `bins` bins.
std::vector<TownHandling> handling_by_town(const spatial::District& district, const results::ResponseResults& response,
                                           std::size_t bins);

}  // namespace riskgrid::run
