#pragma once
// The forecasts file of a backtest (`riskgrid backtest --forecasts`, docs/backtest.md "Forecasts
// file"): every scored predictive distribution per model x origin x bin x unit x category, with named
// dimensions so that netCDF readers (xarray) open it as they open results.h5.
#include <cstdint>
#include <string>
#include <vector>

namespace riskgrid::results {

inline constexpr int kForecastsFormatVersion = 1;

/// Flat row-major arrays, last axis fastest. NaN in mean, size and quantiles where a model was not
/// scored at an origin; size is the negative binomial's (infinite: Poisson).
struct ForecastsTable {
  std::string command_line, scenario_text, level;  ///< level: grid_category or grid
  std::vector<std::string> models;                 ///< [model]
  std::vector<std::string> origins;                ///< [origin] ISO dates
  std::vector<double> bin_hours;                   ///< [bin] start of each bin, hours after the origin
  std::vector<std::string> units;                  ///< [unit] grid ids
  std::vector<std::string> categories;             ///< [category] ids ("all" at level grid)
  std::vector<double> quantile_levels;             ///< [quantile]
  std::vector<double> mean, size;                  ///< [model][origin][bin][unit][category]
  std::vector<double> quantiles;                   ///< [model][origin][bin][unit][category][quantile]
  std::vector<std::uint32_t> observed;             ///< [origin][bin][unit][category]
  std::vector<std::int8_t> scored;                 ///< [model][origin] 1 where scored
  double horizon_days = 0, bin_length_hours = 0;
};

/// Writes `table` atomically (format "riskgrid-forecasts").
/// @throws std::invalid_argument on mismatched sizes; IoError when the file cannot be written.
void write_forecasts_h5(const std::string& path, const ForecastsTable& table);

}  // namespace riskgrid::results
