#pragma once
// The `response:` block of the "des" model as plain values (docs/scenarios.md, "Case handling"), and
// the simulation configuration built from it for a district, catalog and expected load.
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/models/response/response_config.hpp"

namespace riskgrid::models::response {

/// When a response drill holds, [start, end) in absolute times (by default always), and where its
/// `window:` was written (for the error when it misses the horizon).
struct DrillTimes {
  time::Seconds start = std::numeric_limits<time::Seconds>::min();
  time::Seconds end = std::numeric_limits<time::Seconds>::max();
  std::string where{};

  bool active_at(time::Seconds t) const { return start <= t && t < end; }
  bool always() const { return where.empty(); }
};

/// Staff of some grids (all when both lists are empty) times `factor` plus `add` people, during
/// [start, end) (absolute times; by default the whole horizon).
struct StaffChange {
  std::vector<std::string> towns, grids;
  double factor = 1, add = 0;
  std::string where;
  time::Seconds start = std::numeric_limits<time::Seconds>::min();
  time::Seconds end = std::numeric_limits<time::Seconds>::max();

  bool active_at(time::Seconds t) const { return start <= t && t < end; }
};
/// `staff` people move from one grid to another (within `when`, by default the whole horizon).
struct StaffMove {
  std::string from, to;
  double staff = 0;
  std::string where;
  DrillTimes when{};
};
/// Round-the-clock duty (应急值守) an emergency switches on for its towns or grids and window: their grid
/// staff and town teams start cases at night, on weekends and on holidays too, with `share` of their
/// case handlers on duty outside working hours (all of them in working hours, as usual).
struct EmergencyDuty {
  std::vector<std::string> towns, grids;  ///< both empty: the whole district
  double share = 0.5;                     ///< [E] two twelve-hour shifts: half the handlers on duty at any hour
  std::string where;
  time::Seconds start = std::numeric_limits<time::Seconds>::min();
  time::Seconds end = std::numeric_limits<time::Seconds>::max();
};
/// Grids merged into one (多格合一): one staff pool and one queue for all of them.
struct GridMerge {
  std::vector<std::string> grids;
  std::string where;
};
/// A row of the handling table: overrides the catalog for one category (calibration writes these).
struct HandlingRow {
  std::string category, where;
  std::optional<std::string> law, department;
  std::optional<double> median_hours, sigma, time_limit_hours, urgent_limit_hours, urgent_share, joint_share,
      escalation_odds, effort_hours;
};

struct DesSettings {
  bool replay = false;           ///< mode: replay (history's own incidents) or forecast
  time::CalendarRules calendar;  ///< working hours, weekends, holidays
  double warmup_days = 21;
  /// Share of grid staff's working time spent on cases (the rest: patrols, inspections, meetings,
  /// records) [E]: a grid of 40 staff works cases with 6 people at a time.
  double case_time_share = 0.15;
  double availability = 1;  ///< share of staff on duty (e.g. typhoon 0.9), within `availability_when`
  DrillTimes availability_when;
  double duty_share = 0.25;  ///< share of staff on duty in daytime hours of weekends and holidays [E]
  double effort_hours = 1, effort_sigma = 0.5;     ///< handler effort per task, all categories [E]
  double supervise_at = 0.75, hurry_share = 0.15;  ///< 督办 supervision (ResponseConfig) [E]
  std::vector<StaffChange> staff_changes;
  std::vector<StaffMove> staff_moves;
  std::vector<EmergencyDuty> emergency_duty;
  std::vector<GridMerge> merges;
  bool grid_staff_always_on = false;                     ///< grid staff start cases round the clock
  std::optional<double> town_servers, district_servers;  ///< unset = sized for target_utilisation
  std::map<std::string, double> department_servers;      ///< unset ones sized likewise
  double target_utilisation = 0.75;
  std::array<double, kLevels> level_shares{0.55, 0.30, 0.12, 0.03};
  double escalation_odds = 1, reopened_twice_odds = 2, reopen_share = 0.05;
  DrillTimes odds_when;  ///< when `escalation_odds` holds
  /// Overdue escalation [E]: probability that a case still waiting for a handler at its limit climbs a level.
  double overdue_escalation = 0.5;
  /// Cross-boundary cases [E]: within `border_metres` of another grid, odds of the town team x this.
  double border_metres = 100, cross_boundary_odds = 2;
  /// Joint meetings (1+1+6 cadence) [E]: every this many working days (0: none), at `meeting_at`
  /// seconds after midnight (unset: the working day's start).
  int meeting_every_days = 1;
  std::optional<time::Seconds> meeting_at;
  double joint_share = 0.1;   ///< default share of multi-department cases
  double urgent_share = 0.1;  ///< default share of urgent cases where a category has urgent limits
  double intake_minutes = 30, urgent_intake_minutes = 5, verify_hours = 4;
  double time_limit_factor = 1;
  DrillTimes limit_when;  ///< rounds starting then have their limits scaled by time_limit_factor
  std::vector<HandlingRow> handling;
  double red_probability = 0.5;
  /// When not empty: grid staff (people) per grid from the horizon start, in place of the district's
  /// after `staff_changes` and `staff_moves` (riskgrid allocate tries allocations this way). Never read
  /// from a file; the warm-up keeps the district's own staff.
  std::vector<double> grid_staff{};
};

/// Reads a `response:` block; relative file names (calendar:, handling:, merge_grids:) are resolved
/// against the file that wrote them. Throws ScenarioError "file:line:column: response.key: expected ...".
DesSettings read_des_settings(const scenario::ResponseBlock& block);

/// Grid staff (people) per grid at time `at`: the district's own after the staff changes active then and
/// the moves (or `s.grid_staff` when set). Throws ScenarioError for a move from a grid without the people.
std::vector<double> grid_staff_at(const DesSettings& s, const spatial::District& district, time::Seconds at);

/// The share of each grid's area within `metres` of another grid's shape (its cases, placed uniformly,
/// that cross a boundary): sampled on a lattice of about 400 points per grid, each tested in eight
/// directions with the district's UnitLocator. Deterministic; 0 for a grid without area.
std::vector<double> border_shares(const spatial::District& district, double metres);

/// Servers of a grid staff pool holding `people`: people x availability x case_time_share, rounded up,
/// at least one where there are people (the rule build_des_config sizes grid pools by).
std::uint32_t grid_pool_servers(double people, const DesSettings& s);

/// Checks names against the district and catalog (grids, towns, categories, departments).
void check_des_settings(const DesSettings& s, const spatial::District& district,
                        const catalog::CategoryCatalog& catalog);

/// The simulation configuration: handling per category (catalog, then the table), staff pools after
/// changes, moves and merges, and team and department servers sized from `daily_rate` [grid][category]
/// (expected arrivals per day) where the settings leave them unset. The calendar's table covers
/// [first_day, first_day + days). Staff drills (changes, moves, availability) apply from the horizon
/// start; the warm-up runs with the district's own staff (PoolSpec::warmup_servers). A staff change
/// with a window applies only within it: each window start or end inside the horizon is a
/// ResponseConfig::staff_phases entry. Throws ScenarioError for a window that misses the horizon.
ResponseConfig build_des_config(const DesSettings& s, const spatial::District& district,
                                const catalog::CategoryCatalog& catalog, std::span<const double> daily_rate,
                                std::int64_t first_day, std::int64_t days, const time::TimeGrid& horizon);

}  // namespace riskgrid::models::response
