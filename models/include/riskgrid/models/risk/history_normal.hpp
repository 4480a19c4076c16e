#pragma once
// A grid's normal from its own history (docs/risk.md "Normal"): for each bin of the horizon, the mean
// count of each grid and category over the training window's bins at whole weeks before it (same
// weekday, same hour for hourly bins) and, when the training window spans a year or more, only those
// within `season_days` of the same date in the year (same season).
#include <cstddef>

#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::models {

struct HistoryNormalSpec {
  time::TimeGrid horizon;         ///< the bins a normal is wanted for (hour or day bins)
  time::Seconds train_start = 0;  ///< the history counted: [train_start, train_end)
  time::Seconds train_end = 0;
  std::size_t units = 0;
  std::size_t categories = 0;  ///< the history's; the result has these categories
  int season_days = 42;        ///< how far from the same date a week still counts as the same season
};

/// What the normal was drawn from, for the results' notes.
struct HistoryNormal {
  cube::Cube<double> expected;   ///< [bin][unit][category]
  std::size_t fewest_weeks = 0;  ///< the fewest comparable weeks any bin had
  bool seasonal = false;         ///< only weeks of the same season counted (a year of history or more)
  bool fallback = false;         ///< some bin had no comparable week: the training window's mean rate
};

/// The normal of every bin; a bin without a comparable week takes the training window's mean count per
/// bin of its hour of the week (or per bin, when even that is missing).
HistoryNormal history_normal(const incidents::IncidentTable& history, const HistoryNormalSpec& spec);

}  // namespace riskgrid::models
