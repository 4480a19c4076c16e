#pragma once
// Legend cards: the risk levels (a column in a side panel, a row in a strip) and colour bars for
// sequential and diverging scales. Each draws in the top left of the room it is given and returns
// the card it drew. Private to engine/src/render.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "painter.hpp"
#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::render::detail {

struct LevelLegend {
  std::string title = "Risk level";
  std::span<const results::LevelBand> levels;
  std::vector<std::size_t> counts;  ///< grids per level, shown beside each; empty = none
  std::string note;                 ///< muted lines under the levels (e.g. what the numbers are)
};

struct BarLegend {
  std::string title;  ///< e.g. "Expected incidents"
  std::string units;  ///< e.g. "incidents per grid over 72 h"
  const ColourScale* scale = nullptr;
  std::string low_note;   ///< under the left end, e.g. "fewer in the drill"; may be empty
  std::string high_note;  ///< under the right end
};

/// The levels as a column, highest first (the eye reads top-down and the alarm is at the top).
/// Rows shrink when the room is short.
PixelRect draw_level_legend(const Painter& painter, const PixelRect& room, double u, const LevelLegend& legend);

/// The levels as one row, lowest first, for a strip below panels.
PixelRect draw_level_legend_row(const Painter& painter, const PixelRect& room, double u, const LevelLegend& legend);

/// A horizontal colour bar as wide as the room with round ticks; the gradient uses the scale's own
/// stops, so the bar shows exactly the map's colours.
PixelRect draw_colour_bar(const Painter& painter, const PixelRect& room, double u, const BarLegend& legend);

/// A tick label: as many decimals as `step` needs; a real minus sign; "+" too when `sign`.
std::string format_tick(double value, double step, bool sign);

}  // namespace riskgrid::render::detail
