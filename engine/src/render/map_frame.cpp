#include "riskgrid/engine/render/map_frame.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace riskgrid::render {
namespace {

// The layout is designed at 1600 x 1200 (unit 1) and scaled; these are its sizes in layout units.
constexpr double kReferenceWidth = 1600;
constexpr double kReferenceHeight = 1200;
constexpr double kPageMargin = 28;
constexpr double kHeaderHeight = 104;
constexpr double kFooterHeight = 40;
constexpr double kPanelWidth = 320;
constexpr double kPanelGap = 24;
constexpr double kStripHeight = 250;  // the panel when it sits below the map
// Room between the district's extent and the map area's edge, so border strokes are not clipped.
constexpr double kMapPadding = 12;

constexpr int kMinWidth = 320;
constexpr int kMinHeight = 240;
constexpr int kMaxSide = 20000;

// Pixels per metre when `extent` is fitted into `area`; 0 when either is empty.
double fit_scale(const geo::Box& extent, const PixelRect& area) {
  const double ew = extent.max_corner().x() - extent.min_corner().x();
  const double eh = extent.max_corner().y() - extent.min_corner().y();
  if (area.w <= 0 || area.h <= 0) return 0;
  const double sx = ew > 0 ? area.w / ew : std::numeric_limits<double>::infinity();
  const double sy = eh > 0 ? area.h / eh : std::numeric_limits<double>::infinity();
  return std::min(sx, sy);
}

}  // namespace

PageLayout page_layout(const HeatmapSpec& spec, const geo::Box& extent) {
  if (spec.width_px < kMinWidth || spec.height_px < kMinHeight || spec.width_px > kMaxSide ||
      spec.height_px > kMaxSide) {
    throw std::invalid_argument(fmt::format("heat map size {}x{} px: expected at least {}x{} and at most {} px a side",
                                            spec.width_px, spec.height_px, kMinWidth, kMinHeight, kMaxSide));
  }
  const double w = spec.width_px;
  const double h = spec.height_px;
  PageLayout page;
  page.unit = std::min(w / kReferenceWidth, h / kReferenceHeight);
  const double u = page.unit;
  const double margin = kPageMargin * u;
  const double inner_w = w - 2 * margin;
  page.header = {margin, margin, inner_w, kHeaderHeight * u};
  page.footer = {margin, h - margin - kFooterHeight * u, inner_w, kFooterHeight * u};
  const double body_top = page.header.bottom();
  const double body_h = page.footer.y - body_top;

  const double panel_w = kPanelWidth * u;
  const PixelRect side_panel{w - margin - panel_w, body_top, panel_w, body_h};
  const PixelRect side_map{margin, body_top, side_panel.x - kPanelGap * u - margin, body_h};
  const double strip_h = kStripHeight * u;
  const PixelRect strip{margin, page.footer.y - strip_h, inner_w, strip_h};
  const PixelRect top_map{margin, body_top, inner_w, strip.y - kPanelGap * u - body_top};
  // The panel goes where it costs the map least: a wide district on a portrait page is drawn
  // larger with the panel below it. Ties keep the panel on the right, the usual place.
  const double top_scale = fit_scale(extent, top_map);
  if (top_scale > 1.05 * fit_scale(extent, side_map)) {
    // Map and strip as one block, centred in the body, so the legend stays next to the map.
    const double extent_h = extent.max_corner().y() - extent.min_corner().y();
    const double map_h = std::min(top_map.h, extent_h * top_scale + 2 * kMapPadding * u);
    const double slack = top_map.h - map_h;
    page.map = {top_map.x, top_map.y + slack / 2, top_map.w, map_h};
    page.panel = {strip.x, strip.y - slack / 2, strip.w, strip.h};
  } else {
    page.map = side_map;
    page.panel = side_panel;
  }
  return page;
}

MapTransform::MapTransform(const geo::Box& world, const PixelRect& area) {
  const double world_w = world.max_corner().x() - world.min_corner().x();
  const double world_h = world.max_corner().y() - world.min_corner().y();
  if (!(world_w >= 0 && world_h >= 0) || (world_w == 0 && world_h == 0)) {
    throw std::invalid_argument("map extent is empty: nothing to draw");
  }
  if (area.w <= 0 || area.h <= 0) throw std::invalid_argument("map area has no room");
  // A degenerate axis (a district one line thick) must not force the scale to infinity.
  const double inf = std::numeric_limits<double>::infinity();
  const double sx = world_w > 0 ? area.w / world_w : inf;
  const double sy = world_h > 0 ? area.h / world_h : inf;
  scale_ = std::min(sx, sy);
  placed_.w = world_w * scale_;
  placed_.h = world_h * scale_;
  placed_.x = area.x + (area.w - placed_.w) / 2;
  placed_.y = area.y + (area.h - placed_.h) / 2;
  min_x_ = world.min_corner().x();
  max_y_ = world.max_corner().y();
}

geo::Point MapTransform::to_pixel(const geo::Point& metric) const {
  // y is flipped: north (larger y) is up, pixel rows grow downwards.
  return {placed_.x + (metric.x() - min_x_) * scale_, placed_.y + (max_y_ - metric.y()) * scale_};
}

geo::Point MapTransform::to_metric(double px, double py) const {
  return {min_x_ + (px - placed_.x) / scale_, max_y_ - (py - placed_.y) / scale_};
}

geo::Box district_extent(const spatial::District& district) {
  geo::Box box;
  geo::bg::assign_inverse(box);  // min = +max, max = -max: expanding then works from nothing
  // Outer rings only, since holes lie inside them. Walked by hand: bg::envelope on a multi-polygon
  // trips GCC 12's -Wmaybe-uninitialized inside Boost.
  auto add = [&box](const geo::MultiPolygon& shape) {
    for (const auto& polygon : shape) {
      for (const auto& point : polygon.outer()) geo::bg::expand(box, point);
    }
  };
  add(district.outline);
  if (district.outline.empty()) {
    for (const auto& grid : district.grids) add(grid.shape);
    for (const auto& town : district.towns) add(town.shape);
  }
  if (box.min_corner().x() > box.max_corner().x()) {
    throw std::invalid_argument(
        fmt::format("district '{}' has no outline and no grid or town shapes: nothing to draw", district.name));
  }
  return box;
}

PageLayout page_layout(const spatial::District& district, const HeatmapSpec& spec) {
  return page_layout(spec, district_extent(district));
}

MapTransform map_transform(const spatial::District& district, const HeatmapSpec& spec) {
  const geo::Box extent = district_extent(district);
  const PageLayout page = page_layout(spec, extent);
  const double pad = kMapPadding * page.unit;
  const PixelRect area{page.map.x + pad, page.map.y + pad, page.map.w - 2 * pad, page.map.h - 2 * pad};
  return MapTransform(extent, area);
}

double nice_length_m(double max_m) {
  if (!(max_m > 0) || !std::isfinite(max_m)) return 0;
  double decade = std::pow(10.0, std::floor(std::log10(max_m)));
  if (decade * 10 <= max_m) decade *= 10;  // log10 may round 1000 down to 2.999...
  for (const double step : {5.0, 2.0, 1.0}) {
    if (step * decade <= max_m) return step * decade;
  }
  return decade / 10;  // only if log10 rounded up (e.g. 999.99... to 3)
}

}  // namespace riskgrid::render
