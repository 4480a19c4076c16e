#pragma once
// Draws a page of several maps of the same district (small multiples, comparisons) laid out by
// panel_layout: each panel with its title and fills, one legend strip, header and footer. Private
// to engine/src/render.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "painter.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render::detail {

struct PanelContent {
  std::string title;
  std::vector<std::uint32_t> fill;  ///< [grid]
  std::vector<std::string> labels;  ///< [grid]; empty = no numbers on this panel
};

struct PanelPage {
  HeatmapSpec spec;
  std::vector<PanelContent> panels;
  double label_size = 13;  ///< layout units
  double town_size = 0;    ///< layout units; 0 = no town names
  /// Draws the shared legend into the strip's room left of the north arrow and scale bar.
  std::function<void(const Painter&, const PixelRect& room, double u)> legend;
};

/// Draws `page` and writes it to `path` (PNG or SVG by extension), atomically.
/// @throws as write_level_map.
void write_panel_page(const std::string& path, const spatial::District& district, const PanelPage& page);

}  // namespace riskgrid::render::detail
