#pragma once
// The comparison file of a batch (docs/scenarios.md, "Batches"): every drill run against the
// baseline, per grid, as [run][unit] datasets with "run" and "unit" dimension scales.
#include <cstdint>
#include <string>
#include <vector>

namespace riskgrid::results {

inline constexpr int kComparisonFormatVersion = 2;  ///< 2 added case handling (on time, overdue)

/// A batch's comparison as flat arrays; [run][unit] arrays are row-major, the unit fastest.
struct BatchComparisonTable {
  std::string baseline;                  ///< the baseline run's name
  double baseline_days = 0;              ///< length of the baseline's horizon in days
  std::vector<std::string> runs;         ///< the drill runs, in batch order
  std::vector<double> run_days;          ///< [run]: length of each drill's horizon in days
  std::vector<std::string> units;        ///< grid ids, in the baseline's order
  std::vector<std::string> towns;        ///< [unit]: the grid's town id
  std::vector<double> baseline_per_day;  ///< [unit]: baseline horizon mean / baseline days
  std::vector<double> drill_per_day;     ///< [run][unit]: drill horizon mean / drill days
  std::vector<double> change;            ///< [run][unit]: drill_per_day - baseline_per_day
  std::vector<double> change_pct;        ///< [run][unit]: 100 change / baseline_per_day (NaN at 0)
  std::vector<double> excess_change;     ///< [run][unit]: weighted excess over normal, drill - baseline
  std::vector<std::int32_t> rank;        ///< [run][unit]: 1 = largest excess increase
  /// Case handling (按时办结率, open cases past their limit at the horizon's end): NaN for a run
  /// without a response model.
  std::vector<double> baseline_on_time_share;        ///< [unit]: closed on time / closed over the horizon
  std::vector<double> drill_on_time_share;           ///< [run][unit]
  std::vector<double> baseline_overdue_end;          ///< [unit]: ensemble mean
  std::vector<double> drill_overdue_end;             ///< [run][unit]
  double baseline_district_on_time_share = 0;        ///< over all grids (NaN without case handling)
  std::vector<double> drill_district_on_time_share;  ///< [run]
};

/// Writes `table` to `path` atomically (format "riskgrid-comparison"; no creation time, so the same
/// table gives the same file).
/// @throws std::invalid_argument when an array's size does not match its shape; IoError when the
///         file cannot be written (nothing is left behind).
void write_comparison_h5(const std::string& path, const BatchComparisonTable& table);

}  // namespace riskgrid::results
