#pragma once
// Where things go on a heat-map page: the page layout (title band, map, side panel, footer) and the
// transform from the district's metric CRS to pixels. Public so tests and other renderers (SVG) can
// find a grid's pixel without re-deriving the layout.
#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

/// An axis-aligned rectangle in pixels; y grows downwards as in every raster image.
struct PixelRect {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;

  double right() const { return x + w; }
  double bottom() const { return y + h; }
  bool contains(double px, double py) const { return px >= x && px <= right() && py >= y && py <= bottom(); }
};

/// The page split into its parts. All parts are disjoint, so the legend never covers the map.
struct PageLayout {
  double unit = 1;   ///< pixels per layout unit: 1 at 1600 x 1200, so fonts and strokes scale
  PixelRect header;  ///< title and subtitle
  PixelRect map;     ///< the district is fitted inside this, aspect ratio kept
  PixelRect panel;   ///< legend, north arrow and scale bar: right of the map or below it
  PixelRect footer;  ///< footnote
};

/// Splits the spec's page. The panel goes right of the map, or below it when that draws a district
/// of this `extent` (metres) clearly larger (a wide district on a portrait page). Throws
/// std::invalid_argument when the page is under 320 x 240 px or over 20000 px a side.
PageLayout page_layout(const HeatmapSpec& spec, const geo::Box& extent);

/// Maps metres (x east, y north) to pixels (x right, y down), fitting a world box into a pixel
/// rectangle with the aspect ratio kept and the result centred.
class MapTransform {
 public:
  /// Throws std::invalid_argument when `world` is empty or `area` has no room.
  MapTransform(const geo::Box& world, const PixelRect& area);

  geo::Point to_pixel(const geo::Point& metric) const;
  geo::Point to_metric(double px, double py) const;
  /// Pixels per metre (the same on both axes).
  double scale() const { return scale_; }
  /// Where the world box landed, in pixels.
  const PixelRect& placed() const { return placed_; }

 private:
  double min_x_ = 0;
  double max_y_ = 0;
  double scale_ = 1;
  PixelRect placed_;
};

/// The box the map must show: the district outline, or the grids when the outline is empty.
/// Throws std::invalid_argument when the district has no geometry at all.
geo::Box district_extent(const spatial::District& district);

/// The layout write_level_map_png uses for this district and spec.
PageLayout page_layout(const spatial::District& district, const HeatmapSpec& spec);

/// The transform write_level_map_png uses for this district and spec: the extent fitted into the
/// page's map area with a margin.
MapTransform map_transform(const spatial::District& district, const HeatmapSpec& spec);

/// The longest "nice" length (1, 2 or 5 times a power of ten, in metres) not above `max_m`.
/// Returns 0 when max_m <= 0.
double nice_length_m(double max_m);

}  // namespace riskgrid::render
