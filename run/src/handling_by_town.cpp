#include "riskgrid/run/handling_by_town.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace riskgrid::run {

namespace {

// Sums grid g's figures into a row; utilisation is accumulated staff-weighted (divided at the end).
void add_grid(TownHandling& row, double& staff, const results::ResponseResults& r, std::size_t g, std::size_t grids,
              std::size_t bins, int grid_staff) {
  double busy = 0;
  std::size_t counted = 0;
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t cell = b * grids + g;
    row.arrived += r.arrived_mean[cell];
    row.closed += r.closed_mean[cell];
    row.closed_on_time += r.closed_on_time_mean[cell];
    if (std::isfinite(r.utilisation[cell])) busy += r.utilisation[cell], ++counted;
  }
  const std::size_t last = (bins - 1) * grids + g;
  row.open_start += r.open_at_start_mean[g];
  row.open_end += r.backlog_mean[last];
  row.overdue_end += r.overdue_mean[last];
  row.overdue_life_safety_end += r.overdue_life_safety_mean[last];
  if (counted > 0 && grid_staff > 0) {
    row.utilisation += grid_staff * busy / double(counted);
    staff += grid_staff;
  }
}

}  // namespace

std::vector<TownHandling> handling_by_town(const spatial::District& district, const results::ResponseResults& r,
                                           std::size_t bins) {
  std::vector<TownHandling> rows;
  std::map<std::string, std::size_t> row_of;
  for (const auto& town : district.towns) {
    row_of[town.id] = rows.size();
    rows.push_back({town.id});
  }
  rows.push_back({"district"});
  std::vector<double> staff(rows.size(), 0.0);
  const std::size_t grids = district.grids.size();
  for (std::size_t g = 0; g < grids && bins > 0; ++g) {
    const auto& grid = district.grids[g];
    const auto it = row_of.find(grid.parent);
    if (it != row_of.end()) add_grid(rows[it->second], staff[it->second], r, g, grids, bins, grid.staff);
    add_grid(rows.back(), staff.back(), r, g, grids, bins, grid.staff);
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].utilisation = staff[i] > 0 ? rows[i].utilisation / staff[i] : std::nan("");
  return rows;
}

std::vector<TeamLoad> busiest_teams(const results::ResponseResults& response) {
  std::vector<TeamLoad> out;
  for (std::size_t t = 0; t < response.team_names.size() && t < response.team_utilisation_horizon.size(); ++t)
    if (std::isfinite(response.team_utilisation_horizon[t]))
      out.push_back({response.team_names[t], response.team_utilisation_horizon[t]});
  std::stable_sort(out.begin(), out.end(),
                   [](const TeamLoad& a, const TeamLoad& b) { return a.utilisation > b.utilisation; });
  return out;
}

std::optional<std::string> backlog_trend_warning(const std::vector<TownHandling>& handling, bool arrival_drills) {
  if (arrival_drills || handling.empty()) return std::nullopt;
  const TownHandling& district = handling.back();
  if (district.open_start <= 0) return std::nullopt;
  const double change = district.open_end / district.open_start - 1;
  if (std::abs(change) <= kBacklogDrift) return std::nullopt;
  return fmt::format(
      "case handling: open cases {} from {:.0f} to {:.0f} ({:+.0f}%) over the horizon with no drill on the "
      "arrivals; a baseline's backlog should hold steady (within {:.0f}%): the staff, teams or departments "
      "{} the ordinary load (docs/response-drills.md)",
      change > 0 ? "rise" : "fall", district.open_start, district.open_end, 100 * change, 100 * kBacklogDrift,
      change > 0 ? "fall short of" : "are well above");
}

}  // namespace riskgrid::run
