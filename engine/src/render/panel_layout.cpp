#include "riskgrid/engine/render/panel_layout.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace riskgrid::render {
namespace {

// Sizes in layout units (pixels at 1600 x 1200), as in map_frame.cpp.
constexpr double kPanelGap = 24;
constexpr double kTitleHeight = 34;
constexpr double kStripHeight = 190;
constexpr double kMapPadding = 8;

double fit_scale(const geo::Box& extent, double w, double h) {
  const double ew = extent.max_corner().x() - extent.min_corner().x();
  const double eh = extent.max_corner().y() - extent.min_corner().y();
  if (w <= 0 || h <= 0) return 0;
  const double inf = std::numeric_limits<double>::infinity();
  return std::min(ew > 0 ? w / ew : inf, eh > 0 ? h / eh : inf);
}

}  // namespace

PanelLayout panel_layout(const HeatmapSpec& spec, const geo::Box& extent, std::size_t panels) {
  if (panels == 0) throw std::invalid_argument("panel page: expected at least 1 panel");
  // The single-map layout checks the page size and gives the header, footer and unit.
  const PageLayout page = page_layout(spec, extent);
  PanelLayout out;
  out.unit = page.unit;
  const double u = page.unit;
  out.header = page.header;
  out.footer = page.footer;
  const double body_top = page.header.bottom();
  const double strip_h = kStripHeight * u;
  out.strip = {page.header.x, page.footer.y - strip_h, page.header.w, strip_h};
  const PixelRect body{page.header.x, body_top, page.header.w, out.strip.y - kPanelGap * u - body_top};

  const double gap = kPanelGap * u;
  double best = -1;
  for (std::size_t c = 1; c <= panels; ++c) {
    const std::size_t r = (panels + c - 1) / c;
    const double w = (body.w - gap * static_cast<double>(c - 1)) / static_cast<double>(c);
    const double h = (body.h - gap * static_cast<double>(r - 1)) / static_cast<double>(r);
    const double scale = fit_scale(extent, w - 2 * kMapPadding * u, h - kTitleHeight * u - 2 * kMapPadding * u);
    if (scale > best * 1.0001) best = scale, out.columns = c, out.rows = r;
  }
  const double cell_w = (body.w - gap * static_cast<double>(out.columns - 1)) / static_cast<double>(out.columns);
  const double cell_h = (body.h - gap * static_cast<double>(out.rows - 1)) / static_cast<double>(out.rows);
  for (std::size_t i = 0; i < panels; ++i) {
    const double x = body.x + static_cast<double>(i % out.columns) * (cell_w + gap);
    const double y = body.y + static_cast<double>(i / out.columns) * (cell_h + gap);
    out.titles.push_back({x, y, cell_w, kTitleHeight * u});
    out.maps.push_back({x, y + kTitleHeight * u, cell_w, cell_h - kTitleHeight * u});
  }
  return out;
}

std::vector<MapTransform> panel_transforms(const spatial::District& district, const HeatmapSpec& spec,
                                           std::size_t panels) {
  const geo::Box extent = district_extent(district);
  const PanelLayout layout = panel_layout(spec, extent, panels);
  const double pad = kMapPadding * layout.unit;
  std::vector<MapTransform> out;
  for (const PixelRect& m : layout.maps) {
    out.emplace_back(extent, PixelRect{m.x + pad, m.y + pad, m.w - 2 * pad, m.h - 2 * pad});
  }
  return out;
}

}  // namespace riskgrid::render
