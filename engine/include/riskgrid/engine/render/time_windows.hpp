#pragma once
// Cutting a horizon's time bins into a few windows for small multiples, and naming spans of time
// the way a map's title and panels show them.
#include <cstddef>
#include <string>
#include <vector>

#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::render {

/// Bins [first_bin, end_bin) of a horizon and the time they cover.
struct TimeWindow {
  std::size_t first_bin = 0;
  std::size_t end_bin = 0;
  time::Seconds start = 0;
  time::Seconds end = 0;
  std::string label;  ///< e.g. "11-01 00:00–12:00" for hours, "11-01 – 11-05" for days
};

/// A sensible number of panels for `bins`: 4 to 9 windows of equal length, as close to 6 as
/// possible, preferring hour windows that divide a day or are whole days (72 hourly bins: 6 of
/// 12 h; 30 daily bins: 6 of 5 days; 14 days: 7 of 2 days; 168 hours: 7 days). Fewer than 4 bins
/// give one panel per bin.
std::size_t default_panel_count(const time::TimeGrid& grid);

/// `panels` consecutive windows covering the horizon, as equal as the bins allow (at most one
/// window per bin).
/// @throws std::invalid_argument when panels is 0 or the horizon has no bins.
std::vector<TimeWindow> time_windows(const time::TimeGrid& grid, std::size_t panels);

/// "90 min", "12 h", "72 h", "5 days", "30 days": hours up to three days, whole days beyond; with
/// daily bins (`bin_length` a multiple of a day) any whole number of days ("1 day", "2 days").
std::string duration_text(time::Seconds length, time::Seconds bin_length = 0);

/// "2026-11-01 00:00 – 2026-11-04 00:00" (minutes dropped when every bin starts at midnight:
/// "2026-11-01 – 2026-11-30", the last day shown inclusive).
std::string span_text(const time::TimeGrid& grid);

}  // namespace riskgrid::render
