#pragma once
// The pictures of one run, as `riskgrid run` and `riskgrid render` write them: the level map over
// the horizon, a value map when asked for, and small multiples over time.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/measures.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

struct RunPictureOptions {
  std::string footnote;                   ///< e.g. the district's note; default none
  std::string count_units = "incidents";  ///< what the counts count
  /// Formats of the single maps (heatmap, value map); default PNG and SVG.
  std::vector<ImageFormat> formats{ImageFormat::png, ImageFormat::svg};
  /// Formats of the small multiples; default PNG.
  std::vector<ImageFormat> multiples_formats{ImageFormat::png};
  /// level (default): the level map only; mean, p95, ratio_to_normal or excess: also <name>.<ext>, and the
  /// small multiples show it instead of the level.
  Measure measure = Measure::level;
  std::optional<std::size_t> panels;  ///< small multiples: nullopt = default count; 0 = none
  int width_px = 1600;                ///< of every page
  int height_px = 1200;
};

/// Writes into `dir`: heatmap.<ext> (risk level over the horizon, numbers = expected counts) in
/// each of `formats`; <measure>.<ext> (e.g. mean.png) for a value measure; multiples.<ext> in each
/// of `multiples_formats`. Titles come from the results (title, time span, replicas).
/// @returns the paths written, in that order.
/// @throws as write_level_map.
std::vector<std::string> write_run_pictures(const std::string& dir, const spatial::District& district,
                                            const results::ScenarioResults& results,
                                            const RunPictureOptions& options = {});

}  // namespace riskgrid::render
