#pragma once
// The map itself: grids filled with given colours, grid, town and district borders, numbers in the
// grids where they fit and town names on top. Shared by every page (single maps and panels).
// Private to engine/src/render.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "painter.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render::detail {

/// What to draw on one map.
struct MapLayer {
  std::span<const std::uint32_t> fill;  ///< [grid] colour 0xRRGGBB
  std::span<const std::string> labels;  ///< [grid] text in the grid; empty span = no labels
  double label_size = 16;               ///< layout units
  double town_size = 19;                ///< layout units; 0 = no town names
  double border_scale = 1;              ///< multiplies every border width (thinner on panels)
};

/// Draws `layer` for `district` through `transform`; `u` is pixels per layout unit. Town names are
/// placed first so grid labels make way for them, and drawn last so they sit on top. A grid label
/// is drawn only where it fits inside its grid without covering another label.
void draw_map(const Painter& painter, const spatial::District& district, const MapLayer& layer,
              const MapTransform& transform, double u);

/// Short enough to sit inside a grid: "7.5", "42", "1234", "12.3k", "1.2M"; "–" when unknown.
std::string format_value(double v);
/// A share as a percentage to a tenth: "99.6%"; "–" when unknown.
std::string format_percent(double share);
/// As format_value with an explicit sign: "+12", "−3.5", "0".
std::string format_signed(double v);

}  // namespace riskgrid::render::detail
