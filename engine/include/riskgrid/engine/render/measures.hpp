#pragma once
// What a picture shows for each grid, taken from a scenario's results: the risk level, expected
// incidents (mean), the 95th percentile, the ratio to the grid's normal or the excess over it
// (docs/risk.md), over the whole horizon or a window of time bins.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::render {

/// on_time: the share of closed cases handled within their limit (按时办结率), for runs with case
/// handling (results' response/); lower is worse, so its maps run from dark red (low) to light.
enum class Measure { level, mean, p95, ratio_to_normal, excess, on_time };

/// "level", "mean", "p95", "ratio_to_normal", "excess" or "on_time"; nullopt for anything else.
std::optional<Measure> parse_measure(std::string_view name);
/// The name parse_measure reads.
std::string_view measure_name(Measure measure);

/// Legend words for a measure.
struct MeasureText {
  std::string title;     ///< e.g. "Expected incidents"
  std::string units;     ///< e.g. "incidents per grid over 72 h"; empty for the unitless index
  bool percent = false;  ///< the values are shares: grid labels as percentages to a tenth ("99.6%")
};
/// The words for `measure` in `count_units` (e.g. "incidents") over `span` (e.g. "72 h").
MeasureText measure_text(Measure measure, const std::string& count_units, const std::string& span);

/// True for a measure whose low values are the trouble (on_time): its colour scale is reversed.
bool lower_is_worse(Measure measure);

/// Per grid over the whole horizon: horizon.mean, horizon.p95, horizon_ratio_to_normal, horizon_excess,
/// response.on_time_share, or for level the horizon risk level as a number.
/// @throws std::invalid_argument for on_time when the results hold no case handling.
std::vector<double> horizon_values(const results::ScenarioResults& r, Measure measure);

/// Per grid over bins [first_bin, end_bin): mean and excess add the bins' values (exact since means
/// add); p95 and level take the largest bin value (the window's peak: percentiles do not add);
/// ratio_to_normal averages the bins; on_time is the window's cases closed on time over its cases
/// closed (NaN where none closed).
/// @throws std::out_of_range when the window is empty or beyond the results' bins.
std::vector<double> window_values(const results::ScenarioResults& r, Measure measure, std::size_t first_bin,
                                  std::size_t end_bin);

/// The highest risk level of each grid over bins [first_bin, end_bin).
/// @throws std::out_of_range as window_values.
std::vector<std::int8_t> window_levels(const results::ScenarioResults& r, std::size_t first_bin, std::size_t end_bin);

}  // namespace riskgrid::render
