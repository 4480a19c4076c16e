// From the "des" settings to the simulation's pools and handling table: the catalog's handling times
// and limits, overridden by the scenario's table; grid staff after drills (changes, moves, merges);
// teams and departments sized for the expected load where the scenario does not give them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::models::response {

namespace {

[[noreturn]] void unknown(const std::string& where, const std::string& what, const std::string& name,
                          const std::vector<std::string>& known) {
  const std::string hint = io::closest_match(name, known);
  throw ScenarioError(fmt::format("{}: unknown {} \"{}\"{}", where, what, name, io::did_you_mean(hint)));
}

std::vector<std::string> ids_of(const std::vector<spatial::Unit>& units) {
  std::vector<std::string> ids;
  for (const auto& u : units) ids.push_back(u.id);
  return ids;
}

std::size_t grid_of(const spatial::District& d, const std::string& id, const std::string& where) {
  const auto g = d.grid_index(id);
  if (!g) unknown(where, "grid", id, ids_of(d.grids));
  return *g;
}

/// Department names: the catalog's, in order of first appearance, then any new ones of the table.
std::vector<std::string> department_names(const DesSettings& s, const catalog::CategoryCatalog& catalog) {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  for (const auto& c : catalog.categories) add(c.department);
  for (const auto& row : s.handling)
    if (row.department) add(*row.department);
  return names;
}

std::vector<CategoryHandling> handling_table(const DesSettings& s, const catalog::CategoryCatalog& catalog,
                                             const std::vector<std::string>& departments) {
  auto department = [&](const std::string& name) {
    return std::uint32_t(std::find(departments.begin(), departments.end(), name) - departments.begin());
  };
  std::vector<CategoryHandling> table;
  for (const auto& c : catalog.categories) {
    CategoryHandling h;
    h.median_hours = c.handling_median_hours;
    h.sigma = c.handling_sigma;
    h.time_limit_hours = c.time_limit_hours;
    h.urgent_limit_hours = c.urgent_limit_hours;
    h.urgent_share = c.urgent_limit_hours > 0 ? s.urgent_share : 0;
    h.joint_share = s.joint_share;
    h.effort_hours = s.effort_hours;
    h.effort_sigma = s.effort_sigma;
    h.department = department(c.department);
    h.life_safety = c.life_safety;
    table.push_back(h);
  }
  for (const auto& row : s.handling) {
    CategoryHandling& h = table[*catalog.index_of(row.category)];
    if (row.law) h.law = *row.law == "exponential" ? HandlingLaw::kExponential : HandlingLaw::kLognormal;
    if (row.department) h.department = department(*row.department);
    h.median_hours = row.median_hours.value_or(h.median_hours);
    h.sigma = row.sigma.value_or(h.sigma);
    h.time_limit_hours = row.time_limit_hours.value_or(h.time_limit_hours);
    h.urgent_limit_hours = row.urgent_limit_hours.value_or(h.urgent_limit_hours);
    h.urgent_share = row.urgent_share.value_or(h.urgent_limit_hours > 0 ? h.urgent_share : 0);
    h.joint_share = row.joint_share.value_or(h.joint_share);
    h.escalation_odds = row.escalation_odds.value_or(h.escalation_odds);
    h.effort_hours = row.effort_hours.value_or(h.effort_hours);
  }
  for (CategoryHandling& h : table) h.urgent_median_hours = h.urgent_limit_hours / 2;
  return table;
}

/// Grid staff after the scenario's changes and moves (people, not yet servers).
std::vector<double> staff_after_drills(const DesSettings& s, const spatial::District& d) {
  if (!s.grid_staff.empty()) {
    if (s.grid_staff.size() != d.grids.size())
      throw std::invalid_argument(
          fmt::format("grid staff for {} grids, the district has {}", s.grid_staff.size(), d.grids.size()));
    return s.grid_staff;
  }
  std::vector<double> staff;
  for (const auto& g : d.grids) staff.push_back(double(g.staff));
  for (const auto& change : s.staff_changes) {
    for (std::size_t g = 0; g < d.grids.size(); ++g) {
      const auto& grid = d.grids[g];
      const bool all = change.towns.empty() && change.grids.empty();
      const bool named = std::find(change.grids.begin(), change.grids.end(), grid.id) != change.grids.end() ||
                         std::find(change.towns.begin(), change.towns.end(), grid.parent) != change.towns.end();
      if (all || named) staff[g] = std::max(0.0, staff[g] * change.factor + change.add);
    }
  }
  for (const auto& move : s.staff_moves) {
    const std::size_t from = grid_of(d, move.from, move.where), to = grid_of(d, move.to, move.where);
    if (staff[from] < move.staff)
      throw ScenarioError(fmt::format("{}: staff: cannot move {} people from {}, which has {}", move.where, move.staff,
                                      move.from, staff[from]));
    staff[from] -= move.staff;
    staff[to] += move.staff;
  }
  return staff;
}

/// P(level >= l) for l = 0..3 under the proportional-odds shift of the ladder by `odds`.
std::array<double, kLevels> at_least(const std::array<double, kLevels>& shares, double odds) {
  std::array<double, kLevels> out{1, 0, 0, 0};
  double tail = 1;
  for (std::size_t l = 1; l < kLevels; ++l) {
    tail -= shares[l - 1];
    out[l] = odds * tail / (1 - tail + odds * tail);
  }
  return out;
}

/// Mean handler effort of one task, in hours (lognormal).
double mean_effort_hours(const CategoryHandling& h) {
  return h.effort_hours * std::exp(h.effort_sigma * h.effort_sigma / 2);
}

/// Servers for `effort_hours` of work a day, done in working hours only (five days' hours carry seven
/// days' cases), at `target` utilisation.
std::uint32_t servers_for(double effort_hours, double target, double availability, double working_hours) {
  const double busy = effort_hours * 7.0 / 5.0 / working_hours;
  return static_cast<std::uint32_t>(std::max(1.0, std::ceil(busy / target * availability)));
}

/// A grid's staff pool: the people working cases at a time, rounded up (a share of a person's time is
/// still someone on the case; at least one where the grid has staff).
PoolSpec staff_pool(double people, const DesSettings& s) {
  const double on_cases = people * s.availability * s.case_time_share;
  return {std::uint32_t(people > 0 ? std::max(1.0, std::ceil(on_cases - 1e-9)) : 0.0), s.grid_staff_always_on};
}

// The settings with only the staff drills (changes, moves, availability) active at time t.
DesSettings active_at(const DesSettings& s, time::Seconds t) {
  DesSettings out = s;
  out.staff_changes.clear();
  for (const auto& change : s.staff_changes)
    if (change.active_at(t)) out.staff_changes.push_back(change);
  out.staff_moves.clear();
  for (const auto& move : s.staff_moves)
    if (move.when.active_at(t)) out.staff_moves.push_back(move);
  if (!s.availability_when.active_at(t)) out.availability = 1;
  return out;
}

}  // namespace

std::vector<double> grid_staff_at(const DesSettings& s, const spatial::District& d, time::Seconds at) {
  return staff_after_drills(active_at(s, at), d);
}

std::uint32_t grid_pool_servers(double people, const DesSettings& s) { return staff_pool(people, s).servers; }

void check_des_settings(const DesSettings& s, const spatial::District& d, const catalog::CategoryCatalog& catalog) {
  std::vector<std::string> categories;
  for (const auto& c : catalog.categories) categories.push_back(c.id);
  for (const auto& row : s.handling)
    if (!catalog.index_of(row.category)) unknown(row.where, "category", row.category, categories);
  for (const auto& change : s.staff_changes) {
    for (const auto& t : change.towns)
      if (!d.town_index(t)) unknown(change.where, "town", t, ids_of(d.towns));
    for (const auto& g : change.grids) grid_of(d, g, change.where);
  }
  for (const auto& move : s.staff_moves) grid_of(d, move.from, move.where), grid_of(d, move.to, move.where);
  for (const auto& duty : s.emergency_duty) {
    for (const auto& t : duty.towns)
      if (!d.town_index(t)) unknown(duty.where, "town", t, ids_of(d.towns));
    for (const auto& g : duty.grids) grid_of(d, g, duty.where);
  }
  std::vector<int> merged(d.grids.size(), 0);
  for (const auto& merge : s.merges)
    for (const auto& g : merge.grids)
      if (++merged[grid_of(d, g, merge.where)] > 1)
        throw ScenarioError(fmt::format("{}: grid {} is merged twice", merge.where, g));
  const std::vector<std::string> departments = department_names(s, catalog);
  for (const auto& [name, servers] : s.department_servers)
    if (std::find(departments.begin(), departments.end(), name) == departments.end())
      unknown("response.departments", "department", name, departments);
}

namespace {

ResponseConfig config_of(const DesSettings& s, const spatial::District& d, const catalog::CategoryCatalog& catalog,
                         std::span<const double> daily_rate, std::int64_t first_day, std::int64_t days) {
  ResponseConfig cfg;
  cfg.calendar = time::WorkCalendar(s.calendar, first_day, days);
  cfg.departments = department_names(s, catalog);
  cfg.categories = handling_table(s, catalog, cfg.departments);
  cfg.level_shares = s.level_shares;
  cfg.escalation_odds = s.escalation_odds;
  cfg.reopened_twice_odds = s.reopened_twice_odds;
  cfg.reopen_share = s.reopen_share;
  cfg.intake_seconds = s.intake_minutes * 60;
  cfg.urgent_intake_seconds = s.urgent_intake_minutes * 60;
  cfg.verify_seconds = s.verify_hours * 3600;
  cfg.time_limit_factor = s.time_limit_factor;
  cfg.supervise_at = s.supervise_at;
  cfg.duty_share = s.duty_share;
  cfg.hurry_share = s.hurry_share;

  // Grid pools: one per grid, or one per merged group (多格合一) holding the group's staff.
  const std::size_t grids = d.grids.size(), k = catalog.size();
  const std::vector<double> staff = staff_after_drills(s, d);
  cfg.grid_pool.assign(grids, std::uint32_t(-1));
  std::vector<double> pool_staff;
  for (const auto& merge : s.merges) {
    for (const auto& id : merge.grids) cfg.grid_pool[*d.grid_index(id)] = std::uint32_t(pool_staff.size());
    pool_staff.push_back(0);
  }
  for (std::size_t g = 0; g < grids; ++g) {
    if (cfg.grid_pool[g] == std::uint32_t(-1))
      cfg.grid_pool[g] = std::uint32_t(pool_staff.size()), pool_staff.push_back(0);
    pool_staff[cfg.grid_pool[g]] += staff[g];
  }
  for (const double people : pool_staff) cfg.pools.push_back(staff_pool(people, s));

  // Load per team and department: expected arrivals x share reaching it x mean handler effort (hours).
  std::vector<double> town_busy(d.towns.size(), 0), department_busy(cfg.departments.size(), 0);
  double district_busy = 0;
  for (std::size_t g = 0; g < grids; ++g) {
    cfg.grid_town.push_back(std::uint32_t(d.town_index(d.grids[g].parent).value_or(0)));
    for (std::size_t c = 0; c < k; ++c) {
      const CategoryHandling& h = cfg.categories[c];
      const auto p = at_least(s.level_shares, s.escalation_odds * h.escalation_odds);
      const double busy = daily_rate[g * k + c] * mean_effort_hours(h) * (1 + s.reopen_share);
      town_busy[cfg.grid_town[g]] += busy * (p[kTown] - p[kDistrict]);
      district_busy += busy * p[kDistrict];
      department_busy[h.department] += busy * (p[kTown] + (1 - p[kTown]) * h.joint_share);
    }
  }
  const double hours = double(cfg.calendar.day_length()) / 3600;
  cfg.town_pool0 = std::uint32_t(cfg.pools.size());
  for (const double busy : town_busy)
    cfg.pools.push_back({s.town_servers ? std::uint32_t(std::llround(*s.town_servers * s.availability))
                                        : servers_for(busy, s.target_utilisation, s.availability, hours),
                         false});
  cfg.district_pool = std::uint32_t(cfg.pools.size());
  cfg.pools.push_back({s.district_servers ? std::uint32_t(std::llround(*s.district_servers * s.availability))
                                          : servers_for(district_busy, s.target_utilisation, s.availability, hours),
                       false});
  cfg.department_pool0 = std::uint32_t(cfg.pools.size());
  for (std::size_t i = 0; i < cfg.departments.size(); ++i) {
    const auto given = s.department_servers.find(cfg.departments[i]);
    cfg.pools.push_back({given != s.department_servers.end()
                             ? std::uint32_t(std::llround(given->second * s.availability))
                             : servers_for(department_busy[i], s.target_utilisation, s.availability, hours),
                         false});
  }
  return cfg;
}

}  // namespace

namespace {

void check_overlap(time::Seconds start, time::Seconds end, const std::string& where, const std::string& key,
                   const time::TimeGrid& horizon) {
  if (end <= horizon.start || start >= horizon.end())
    throw ScenarioError(fmt::format("{}: response.{}: the window starting {} does not overlap the horizon {} .. {}",
                                    where, key, time::format_iso(start), time::format_iso(horizon.start),
                                    time::format_iso(horizon.end())));
}

// Window starts and ends of the staff drills strictly inside the horizon, in order.
std::vector<time::Seconds> phase_starts(const DesSettings& s, const time::TimeGrid& horizon) {
  std::vector<time::Seconds> out;
  auto add = [&](time::Seconds start, time::Seconds end, const std::string& where, const std::string& key) {
    check_overlap(start, end, where, key, horizon);
    for (const time::Seconds t : {start, end})
      if (t > horizon.start && t < horizon.end()) out.push_back(t);
  };
  for (const auto& change : s.staff_changes) add(change.start, change.end, change.where, "staff.changes");
  for (const auto& move : s.staff_moves)
    if (!move.when.always()) add(move.when.start, move.when.end, move.when.where, "staff.moves");
  if (!s.availability_when.always())
    add(s.availability_when.start, s.availability_when.end, s.availability_when.where, "staff.availability");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Seconds after the horizon start; the open ends of a window without one stay beyond any simulation.
double relative(time::Seconds t, const time::TimeGrid& horizon) {
  if (t == std::numeric_limits<time::Seconds>::min()) return -1e18;
  if (t == std::numeric_limits<time::Seconds>::max()) return 1e18;
  return double(t - horizon.start);
}

// The pools on round-the-clock duty in each emergency window: the staff pools of the named grids and of
// the named towns' grids, and the named towns' teams (every grid and town team when none is named).
std::vector<DutyWindow> emergency_windows(const DesSettings& s, const spatial::District& d, const ResponseConfig& cfg,
                                          const time::TimeGrid& horizon) {
  std::vector<DutyWindow> out;
  for (const auto& duty : s.emergency_duty) {
    if (duty.end <= horizon.start || duty.start >= horizon.end())
      throw ScenarioError(fmt::format(
          "{}: response.staff.emergency_duty: the window starting {} does not overlap "
          "the horizon {} .. {}",
          duty.where, time::format_iso(duty.start), time::format_iso(horizon.start), time::format_iso(horizon.end())));
    // From the horizon start at the earliest: the warm-up stands for ordinary weeks.
    DutyWindow w{std::max(0.0, relative(duty.start, horizon)), relative(duty.end, horizon), duty.share, {}};
    const bool all = duty.towns.empty() && duty.grids.empty();
    auto named_town = [&](const std::string& town) {
      return std::find(duty.towns.begin(), duty.towns.end(), town) != duty.towns.end();
    };
    for (std::size_t g = 0; g < d.grids.size(); ++g)
      if (all || named_town(d.grids[g].parent) ||
          std::find(duty.grids.begin(), duty.grids.end(), d.grids[g].id) != duty.grids.end())
        w.pools.push_back(cfg.grid_pool[g]);
    for (std::size_t t = 0; t < d.towns.size(); ++t)
      if (all || named_town(d.towns[t].id)) w.pools.push_back(cfg.town_pool0 + std::uint32_t(t));
    std::sort(w.pools.begin(), w.pools.end());
    w.pools.erase(std::unique(w.pools.begin(), w.pools.end()), w.pools.end());  // merged grids share a pool
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

namespace {

// A drill window in seconds after the horizon start (always when none was written).
DrillWindow window_of(const DrillTimes& when, const std::string& key, const time::TimeGrid& horizon) {
  if (when.always()) return {};
  check_overlap(when.start, when.end, when.where, key, horizon);
  return {relative(when.start, horizon), relative(when.end, horizon)};
}

/// Dispatch-time level shares: the scenario's, with P(level >= town) lowered so that cases near a
/// border (`border` of them, their town odds x `odds`) and the rest together reach the scenario's share.
std::array<double, kLevels> dispatch_shares(const std::array<double, kLevels>& target, double border, double odds) {
  const double town = target[kTown] + target[kDistrict];
  auto mixed = [&](double q) { return (1 - border) * q + border * odds * q / (1 - q + odds * q); };
  double lo = target[kDistrict], hi = 1 - target[kCommunity];  // mixed() rises with q: bisect
  for (int i = 0; i < 60; ++i) (mixed((lo + hi) / 2) < town ? lo : hi) = (lo + hi) / 2;
  std::array<double, kLevels> out = target;
  const double q = (lo + hi) / 2;
  out[kGridLevel] = target[kGridLevel] + target[kTown] - (q - target[kDistrict]);
  out[kTown] = q - target[kDistrict];
  return out;
}

// Joint meeting times, seconds after the horizon start: every n-th working day from the warm-up's start.
std::vector<double> meeting_times(const DesSettings& s, const ResponseConfig& cfg, const time::TimeGrid& horizon) {
  std::vector<double> out;
  if (s.meeting_every_days <= 0) return out;
  const time::Seconds from = horizon.start - time::Seconds(std::ceil(s.warmup_days) + 1) * time::kDay;
  std::size_t n = 0;
  for (const time::Seconds day : cfg.calendar.period_starts(from, horizon.end() + 30 * time::kDay)) {
    if (n++ % std::size_t(s.meeting_every_days) != 0) continue;
    const time::Seconds at = s.meeting_at ? day - s.calendar.day_start + *s.meeting_at : day;
    out.push_back(double(at - horizon.start));
  }
  return out;
}

// The handling rules as mechanics: windows of the limit and odds drills, overdue escalation,
// cross-boundary cases and the joint meetings.
void add_mechanics(const DesSettings& s, const spatial::District& d, std::span<const double> daily_rate,
                   const time::TimeGrid& horizon, ResponseConfig& cfg) {
  cfg.limit_window = window_of(s.limit_when, "time_limits.window", horizon);
  cfg.odds_window = window_of(s.odds_when, "escalation.window", horizon);
  cfg.overdue_escalation = s.overdue_escalation;
  cfg.cross_boundary_odds = s.cross_boundary_odds;
  if (s.cross_boundary_odds != 1 && s.border_metres > 0 && !d.grids.empty()) {
    cfg.border_share = border_shares(d, s.border_metres);
    const std::size_t k = daily_rate.size() / d.grids.size();
    double near = 0, all = 0;  // the district's share of cases near a border, by expected arrivals
    for (std::size_t g = 0; g < d.grids.size(); ++g)
      for (std::size_t c = 0; c < k; ++c) {
        near += daily_rate[g * k + c] * cfg.border_share[g];
        all += daily_rate[g * k + c];
      }
    cfg.level_shares = dispatch_shares(s.level_shares, all > 0 ? near / all : 0, s.cross_boundary_odds);
  }
  cfg.meetings = meeting_times(s, cfg, horizon);
}

}  // namespace

ResponseConfig build_des_config(const DesSettings& s, const spatial::District& d,
                                const catalog::CategoryCatalog& catalog, std::span<const double> daily_rate,
                                std::int64_t first_day, std::int64_t days, const time::TimeGrid& horizon) {
  check_des_settings(s, d, catalog);
  ResponseConfig cfg = config_of(active_at(s, horizon.start), d, catalog, daily_rate, first_day, days);
  for (const time::Seconds t : phase_starts(s, horizon)) {
    const ResponseConfig then = config_of(active_at(s, t), d, catalog, daily_rate, first_day, 0);
    StaffPhase phase{double(t - horizon.start), {}};
    for (const auto& pool : then.pools) phase.servers.push_back(pool.servers);
    cfg.staff_phases.push_back(std::move(phase));
  }
  DesSettings ordinary = s;  // the warm-up: the district's own staff, all available
  ordinary.staff_changes.clear();
  ordinary.staff_moves.clear();
  ordinary.grid_staff.clear();
  ordinary.availability = 1;
  const ResponseConfig before = config_of(ordinary, d, catalog, daily_rate, first_day, 0);
  for (std::size_t p = 0; p < cfg.pools.size(); ++p) cfg.pools[p].warmup_servers = before.pools[p].servers;
  cfg.emergency_duty = emergency_windows(s, d, cfg, horizon);
  add_mechanics(s, d, daily_rate, horizon, cfg);
  return cfg;
}

}  // namespace riskgrid::models::response
