#pragma once
// The scores file of a backtest (docs/backtest.md, "Scores file"): forecast scores per model and
// origin, their means per model, and the oracle's hotspot scores, with named dimensions.
#include <string>
#include <vector>

namespace riskgrid::results {

/// 2: errors is [model, origin] (was a flat list), for netCDF readers. 3: the command_line attribute,
/// scored and chosen [model, origin], and the field's scores (field_*) when the scenario asks for them.
inline constexpr int kScoresFormatVersion = 3;

/// A backtest's scores as flat row-major arrays (last axis fastest).
struct ScoresTable {
  std::string scenario_text;                                ///< the resolved scenario, recorded as an attribute
  std::string command_line;                                 ///< the command that made the file
  std::vector<std::string> models;                          ///< [model]
  std::vector<std::string> origins;                         ///< [origin] ISO dates
  std::vector<std::string> scores;                          ///< [score] names, e.g. log_score, pai_5pct
  std::vector<double> area_shares;                          ///< [area_share]
  std::vector<double> values;                               ///< [model][origin][score]; NaN where not scored
  std::vector<double> summary;                              ///< [model][score]: means over scored origins
  std::vector<std::string> errors;                          ///< [model x origin] flattened; empty where scored
  std::vector<std::string> chosen;                          ///< [model x origin] best_of_backtest's pick, else empty
  std::vector<double> observed_total;                       ///< [origin]
  std::vector<double> oracle_hit_rate;                      ///< [origin][area_share]
  std::vector<double> oracle_pai;                           ///< [origin][area_share]
  std::vector<double> fit_seconds;                          ///< [model][origin] (wall clock: not reproducible)
  double horizon_days = 0, bin_hours = 0, window_days = 0;  ///< window 0: all history before the origin
  double interval = 0.9;
};

/// Writes `table` atomically (format "riskgrid-scores"; no creation time).
/// @throws std::invalid_argument on mismatched sizes; IoError when the file cannot be written.
void write_scores_h5(const std::string& path, const ScoresTable& table);

}  // namespace riskgrid::results
