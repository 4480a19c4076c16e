#pragma once
// Baseline | drill | difference, side by side: the same measure per grid from two runs of the
// same district, the difference on a diverging blue-white-red scale symmetric around 0.
#include <string>
#include <vector>

#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/measures.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

/// One side of a comparison: a run's results, its district and the file it came from.
struct ComparedRun {
  std::string file;  ///< named in messages
  const spatial::District* district = nullptr;
  const results::ScenarioResults* results = nullptr;
  std::string count_units = "incidents";  ///< the `units` of its counts (results-format.md)
};

/// Per-grid values of both runs on the drill's grid order, and their difference.
struct Comparison {
  Measure measure = Measure::mean;
  std::vector<double> baseline;
  std::vector<double> drill;
  std::vector<double> difference;  ///< drill - baseline
  /// The horizons differ in length, so counts are per day (horizon total / horizon days).
  bool per_day = false;
  bool same_length = true;  ///< both horizons are equally long
  std::string count_units;  ///< what is counted, e.g. "incidents"
  std::string units;        ///< e.g. "incidents per grid per day", "incidents per grid over 72 h"
  std::string baseline_title;
  std::string drill_title;
  std::string baseline_span;  ///< e.g. "30 days"
  std::string drill_span;
};

/// Compares `measure` over the horizon (level is compared as mean: levels do not subtract).
/// Counts are compared as totals when both horizons have the same length, else as per-day rates;
/// the risk index is a ratio to the no-drill expectation and is compared as is.
/// @throws InputError naming both files when their count units differ or their grids are not the
///         same set of ids.
Comparison compare_runs(const ComparedRun& baseline, const ComparedRun& drill, Measure measure);

/// Draws the comparison on the drill's `district`: three panels (baseline, drill, difference),
/// the first two on one sequential scale, the difference on a diverging scale around 0. An empty
/// spec title or subtitle is filled from the comparison. PNG or SVG by the extension of `path`,
/// written atomically.
/// @throws as write_level_map.
void write_comparison(const std::string& path, const spatial::District& district, const Comparison& comparison,
                      HeatmapSpec spec);

}  // namespace riskgrid::render
