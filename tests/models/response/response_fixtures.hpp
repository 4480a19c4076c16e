#pragma once
// Small hand-built response configurations for the simulation tests.
#include <vector>

#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/models/response/case_simulator.hpp"

namespace riskgrid::models::response::testing {

/// Grid pools first (one per grid), then one pool per town, the district team, one per department.
inline void lay_out_pools(ResponseConfig& cfg, const std::vector<std::uint32_t>& grid_servers,
                          const std::vector<std::uint32_t>& town_of_grid, std::uint32_t towns,
                          std::uint32_t town_servers, std::uint32_t district_servers,
                          const std::vector<std::uint32_t>& department_servers, bool always_on) {
  cfg.pools.clear();
  for (std::uint32_t g = 0; g < grid_servers.size(); ++g) {
    cfg.pools.push_back({grid_servers[g], always_on});
    cfg.grid_pool.push_back(g);
  }
  cfg.grid_town = town_of_grid;
  cfg.town_pool0 = static_cast<std::uint32_t>(cfg.pools.size());
  for (std::uint32_t t = 0; t < towns; ++t) cfg.pools.push_back({town_servers, always_on});
  cfg.district_pool = static_cast<std::uint32_t>(cfg.pools.size());
  cfg.pools.push_back({district_servers, always_on});
  cfg.department_pool0 = static_cast<std::uint32_t>(cfg.pools.size());
  for (const auto s : department_servers) {
    cfg.pools.push_back({s, always_on});
    cfg.departments.push_back("department");
  }
}

/// M/M/c: one grid with c staff, exponential handling with the given mean, always on, no escalation,
/// no intake, verification or re-opening.
inline ResponseConfig erlang_config(std::uint32_t c, double mean_hours, time::Seconds origin, std::int64_t days) {
  ResponseConfig cfg;
  cfg.calendar = time::WorkCalendar(time::CalendarRules::always(), time::day_number(origin) - 2, days + 4);
  CategoryHandling h;
  h.law = HandlingLaw::kExponential;
  h.median_hours = mean_hours;
  h.effort_hours = mean_hours;  // the handler is held for the effort: the service time
  h.time_limit_hours = 2;
  cfg.categories = {h};
  lay_out_pools(cfg, {c}, {0}, 1, 1, 1, {1}, true);
  cfg.level_shares = {1, 0, 0, 0};
  cfg.reopen_share = 0;
  cfg.overdue_escalation = 0;  // M/M/c: cases stay in their queue past their limit
  cfg.intake_seconds = cfg.urgent_intake_seconds = cfg.verify_seconds = 0;
  return cfg;
}

/// Poisson(rate) counts per [bin][grid][category] for one replica, from its own stream.
inline void poisson_counts(const rng::ReplicaKey& key, const std::vector<double>& rate,
                           std::vector<std::uint32_t>& out) {
  rng::Stream s = key.stream({900, 0, 0});
  out.resize(rate.size());
  for (std::size_t i = 0; i < rate.size(); ++i) out[i] = rng::poisson(s, rate[i]);
}

}  // namespace riskgrid::models::response::testing

namespace riskgrid::models::response::testing {

/// Three grids in two towns on a working-hours calendar, two categories (one life-safety, with urgent
/// cases), escalation, joint handling and re-opening: every path of the lifecycle is taken.
inline ResponseConfig busy_config(time::Seconds origin, std::int64_t days) {
  ResponseConfig cfg;
  cfg.calendar = time::WorkCalendar(time::CalendarRules{}, time::day_number(origin) - 30, days + 60);
  CategoryHandling routine;  // handlers held for the whole elapsed time: a busy district
  routine.median_hours = routine.effort_hours = 20;
  routine.effort_sigma = 0.9;
  routine.time_limit_hours = 16;
  routine.joint_share = 0.2;
  CategoryHandling fire;
  fire.median_hours = fire.effort_hours = 6;
  fire.effort_sigma = 0.9;
  fire.time_limit_hours = 8;
  fire.urgent_limit_hours = 2;
  fire.urgent_share = 0.3;
  fire.escalation_odds = 2;
  fire.department = 1;
  fire.life_safety = true;
  cfg.categories = {routine, fire};
  lay_out_pools(cfg, {6, 4, 5}, {0, 0, 1}, 2, 3, 2, {3, 2}, false);
  cfg.reopen_share = 0.1;
  cfg.border_share = {0.3, 0.6, 0.1};  // cross-boundary cases, and joint meetings at 09:00 every day
  for (std::int64_t day = -10; day <= days + 1; ++day)
    cfg.meetings.push_back(double(day * time::kDay + 9 * time::kHour));
  return cfg;
}

inline SimulationSetup busy_setup(const ResponseConfig& cfg, time::Seconds origin, std::size_t days) {
  SimulationSetup setup;
  setup.config = &cfg;
  setup.horizon = {origin, time::kDay, days};
  setup.grids = 3;
  setup.categories = 2;
  setup.warmup_days = 7;
  setup.warmup_daily_rate = {6, 1, 5, 1, 6, 2};
  for (std::size_t h = 0; h < 24; ++h) setup.hour_cdf[h] = double(h + 1) / 24;
  return setup;
}

}  // namespace riskgrid::models::response::testing
