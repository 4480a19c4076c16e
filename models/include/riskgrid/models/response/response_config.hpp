#pragma once
// What the case-handling simulation needs, as plain values (built from a scenario's `response:` block
// by des_response.cpp, or by hand in tests). Times are seconds; limits count working time.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "riskgrid/engine/time/work_calendar.hpp"

namespace riskgrid::models::response {

/// Where a case is resolved (docs/domain.md escalation ladder).
enum Level : std::uint8_t { kCommunity = 0, kGridLevel = 1, kTown = 2, kDistrict = 3 };
inline constexpr std::size_t kLevels = 4;
inline constexpr std::array<const char*, kLevels> kLevelNames{"community", "grid", "town", "district"};

/// Priority classes from the five handling rules, served in this order (first come first served within a
/// class): urgent -> at once; unfinished (re-opened or past its limit) -> hurry; multi-department or hard
/// (escalated) -> jointly / higher up; the rest routine. "Foreseeable" is the forecast's job.
enum PriorityClass : std::uint8_t { kUrgent = 0, kUnfinished = 1, kJoint = 2, kRoutine = 3 };
inline constexpr std::size_t kClasses = 4;

enum class HandlingLaw : std::uint8_t { kLognormal, kExponential };

/// How cases of one category are handled (docs/response.md "Effort and waiting"): a handler works on a
/// case for its effort, then the case waits on owners, contractors or departments without holding anyone
/// until its elapsed time has passed (or supervision hurries it).
struct CategoryHandling {
  HandlingLaw law = HandlingLaw::kLognormal;
  double median_hours = 24;        ///< elapsed handling time, ready to handled (mean for exponential)
  double sigma = 0.9;              ///< log-scale sigma (lognormal)
  double effort_hours = 1;         ///< median handler effort per task (lognormal; mean if exponential) [E]
  double effort_sigma = 0.5;       ///< its log-scale sigma [E]
  double time_limit_hours = 40;    ///< working hours on the calendar
  double urgent_limit_hours = 0;   ///< wall-clock hours for urgent cases (0: the category has none)
  double urgent_share = 0;         ///< share of cases that are urgent (only with urgent_limit_hours)
  double urgent_median_hours = 1;  ///< urgent cases: the hazard made safe (default half the urgent limit)
  double escalation_odds = 1;      ///< odds multiplier of climbing the ladder
  double joint_share = 0;          ///< share needing a department beside the grid (multi-department)
  std::uint32_t department = 0;    ///< index into ResponseConfig::departments
  bool life_safety = false;
};

/// A pool of servers working through one queue: a grid's staff (or grids merged into one), a town's
/// team, the district team or a department. One server = one case handled at a time.
struct PoolSpec {
  std::uint32_t servers = 1;
  bool always_on = false;  ///< false: starts cases only in working hours (urgent cases at any time)
  /// Servers during the warm-up before the horizon: staff drills (cuts, moves, availability) take effect
  /// at the horizon start, after ordinary weeks. Negative: the same as `servers`.
  std::int64_t warmup_servers = -1;
};

/// From `at` (seconds after the horizon start) the pools have `servers` (a windowed staff change
/// starting or ending).
struct StaffPhase {
  double at = 0;
  std::vector<std::uint32_t> servers;  ///< [pool]
};

/// Round-the-clock duty of some pools over [start, end) (seconds after the horizon start; the warm-up
/// is before 0): outside working hours `share` of their servers start cases (at least one).
struct DutyWindow {
  double start = 0, end = 0;
  double share = 0.5;
  std::vector<std::uint32_t> pools;
};

/// When a drill's value holds: [start, end) in seconds after the horizon start (by default always);
/// outside it the ordinary value does.
struct DrillWindow {
  double start = -1e18, end = 1e18;
  bool contains(double t) const { return start <= t && t < end; }
};

struct ResponseConfig {
  time::WorkCalendar calendar;
  std::vector<CategoryHandling> categories;
  std::vector<std::string> departments;  ///< names, for messages
  /// Pools: grid pools first (several grids may share one), then towns, then the district team, then
  /// departments; the index vectors below point into it.
  std::vector<PoolSpec> pools;
  std::vector<StaffPhase> staff_phases;  ///< after the horizon start, in time order
  std::vector<DutyWindow> emergency_duty;
  std::vector<std::uint32_t> grid_pool;  ///< [grid] -> its staff pool
  std::vector<std::uint32_t> grid_town;  ///< [grid] -> town index
  std::uint32_t town_pool0 = 0;          ///< pool of town t = town_pool0 + t
  std::uint32_t district_pool = 0;
  std::uint32_t department_pool0 = 0;  ///< pool of department d = department_pool0 + d

  /// Resolution level shares (community, grid, town, district) drawn at dispatch, summing to 1: the
  /// scenario's shares with the town rung lowered so that, with cross-boundary cases climbing more, the
  /// totals stay the scenario's (des_config.cpp dispatch_shares).
  std::array<double, kLevels> level_shares{0.55, 0.30, 0.12, 0.03};
  double escalation_odds = 1;  ///< all cases (e.g. a typhoon x2), within `odds_window`
  DrillWindow odds_window;
  double reopened_twice_odds = 2;  ///< cases re-opened twice or more
  double reopen_share = 0.05;      ///< share of handled cases failing verification (re-opened)
  double intake_seconds = 1800;    ///< accept + register + dispatch
  double urgent_intake_seconds = 300;
  double verify_seconds = 4 * 3600;  ///< verify + close after handling
  double time_limit_factor = 1;      ///< scales the limit of a case (round) starting in `limit_window` (a drill)
  DrillWindow limit_window;
  /// Overdue escalation [E]: a case whose own task (not a department's) still waits for a handler when
  /// its limit passes climbs one level (community or grid -> town team -> district team) with this
  /// probability, and is served there among the unfinished (docs/domain.md "Escalation ladder").
  double overdue_escalation = 0.5;
  /// Cross-boundary cases [E]: [grid] the share of a grid's cases within `border_metres` of another grid
  /// (its area's, des_config.cpp border_shares; empty: none). Such a case's odds of reaching the town
  /// team (P(level >= town)) are multiplied by `cross_boundary_odds`.
  std::vector<double> border_share;
  double cross_boundary_odds = 2;
  /// Joint meetings (1+1+6 cadence) [E], seconds after the horizon start, ascending: a multi-department
  /// case (not urgent, not escalated) starts at the next one, unless that comes after its supervision
  /// point (then the departments report at the whistle, at once). Empty: joint cases start at once.
  std::vector<double> meetings;
  /// 督办 supervision: a case still waiting when this share of its limit has passed is hurried, and its
  /// handling completes within `hurry_share` of the limit more [E].
  double supervise_at = 0.75;
  double hurry_share = 0.15;
  /// Share of each pool's servers on duty in the daytime hours of days off (weekends, holidays) [E];
  /// at least one where the pool has any.
  double duty_share = 0.25;
};

}  // namespace riskgrid::models::response
