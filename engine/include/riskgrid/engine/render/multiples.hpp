#pragma once
// Small multiples: the horizon cut into a few time windows, one map per window on a shared scale,
// so a planner sees when and where risk peaks (a 72 h typhoon drill as 6 panels of 12 h).
#include <cstddef>
#include <string>
#include <vector>

#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/measures.hpp"
#include "riskgrid/engine/render/time_windows.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

struct MultiplesSpec {
  HeatmapSpec page;                       ///< title, subtitle, footnote, size
  Measure measure = Measure::level;       ///< what each panel shows (see window_values)
  std::size_t panels = 0;                 ///< 0 = default_panel_count
  std::string count_units = "incidents";  ///< for the legend
};

/// Draws one panel per time window of `results`: for level, each grid's highest level in the
/// window with the scenario's level colours; for a value, window_values on one sequential scale
/// shared by all panels. Each panel is titled with its window; PNG or SVG by the extension of
/// `path`, written atomically. Returns the windows drawn, in panel order.
/// @throws as write_level_map; std::invalid_argument when results and district disagree.
std::vector<TimeWindow> write_multiples(const std::string& path, const spatial::District& district,
                                        const results::ScenarioResults& results, const MultiplesSpec& spec);

}  // namespace riskgrid::render
