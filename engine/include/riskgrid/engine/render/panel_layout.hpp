#pragma once
// Where things go on a page of several maps (small multiples, comparisons): title band, a grid of
// panels each with its own title, one strip below them for the shared legend, north arrow and
// scale bar, and the footer. Public so tests can find a grid's pixel in any panel.
#include <cstddef>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

struct PanelLayout {
  double unit = 1;  ///< pixels per layout unit, as PageLayout::unit
  PixelRect header;
  std::vector<PixelRect> titles;  ///< [panel] the band holding the panel's title
  std::vector<PixelRect> maps;    ///< [panel] the room its map is fitted into
  PixelRect strip;                ///< the shared legend, north arrow and scale bar
  PixelRect footer;
  std::size_t columns = 1;
  std::size_t rows = 1;
};

/// Lays out `panels` maps of a district of this `extent` (metres) in the columns x rows that draw
/// them largest, panels left to right, then top to bottom.
/// @throws std::invalid_argument when panels is 0 or the page is out of bounds (as page_layout).
PanelLayout panel_layout(const HeatmapSpec& spec, const geo::Box& extent, std::size_t panels);

/// The transform of each panel's map for this district, as the panel pages draw them.
std::vector<MapTransform> panel_transforms(const spatial::District& district, const HeatmapSpec& spec,
                                           std::size_t panels);

}  // namespace riskgrid::render
