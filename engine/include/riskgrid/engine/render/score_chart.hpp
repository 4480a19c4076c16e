#pragma once
// A picture of scores by model: one panel per score, one horizontal bar per model, the best bar
// marked, an optional reference line (a target such as 0.90 coverage, or the oracle's PAI).
#include <limits>
#include <string>
#include <vector>

namespace riskgrid::render {

struct ScorePanel {
  std::string title;           ///< e.g. "Log score (lower is better)"
  std::vector<double> values;  ///< [series]; NaN draws no bar ("n/a")
  bool lower_is_better = true;
  double reference = std::numeric_limits<double>::quiet_NaN();  ///< NaN: no line
  std::string reference_label;                                  ///< e.g. "oracle 9.1", "target 0.90"
  bool closest_to_reference = false;                            ///< best = nearest the reference (calibration)
};

struct ScoreChart {
  std::string title;
  std::string subtitle;
  std::vector<std::string> series;  ///< model names, in bar order
  std::vector<ScorePanel> panels;
  int columns = 3;
};

/// Draws the chart as PNG (or SVG by the extension of `path`), written atomically.
/// @throws std::invalid_argument when a panel's values do not match the series; IoError when the
///         file cannot be written.
void write_score_chart(const std::string& path, const ScoreChart& chart);

}  // namespace riskgrid::render
