#include "panel_page.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "decorations.hpp"
#include "map_layer.hpp"
#include "page_file.hpp"
#include "riskgrid/engine/render/panel_layout.hpp"

namespace riskgrid::render::detail {
namespace {

// Room at the right of the strip for the north arrow and the scale bar, in layout units.
constexpr double kCompassRoom = 360;

void validate(const spatial::District& district, const PanelPage& page) {
  if (page.panels.empty()) throw std::invalid_argument("panel page: no panels to draw");
  for (const PanelContent& panel : page.panels) {
    const std::size_t n = district.grids.size();
    if (panel.fill.size() != n || (!panel.labels.empty() && panel.labels.size() != n)) {
      throw std::invalid_argument(fmt::format("panel '{}': {} grids but {} fills and {} labels", panel.title, n,
                                              panel.fill.size(), panel.labels.size()));
    }
  }
}

void draw_panel_title(const Painter& p, const PixelRect& band, const std::string& title, double u) {
  TextStyle style{20 * u, true, kInk};
  style.size = p.fitted_size(title, style, band.w - 8 * u);
  const TextBox box = p.measure(title, style);
  p.text(band.x + (band.w - box.advance) / 2, band.bottom() - 8 * u, title, style);
}

void draw_strip(const Painter& p, const PanelLayout& layout, const PanelPage& page, double px_per_m) {
  const double u = layout.unit;
  const PixelRect& s = layout.strip;
  const double compass = kCompassRoom * u;
  if (page.legend) page.legend(p, PixelRect{s.x, s.y, s.w - compass, s.h}, u);
  const double x = s.right() - compass + 40 * u;
  draw_north_arrow(p, x + 15 * u, s.y + 10 * u, u);
  draw_scale_bar(p, x + 60 * u, s.y + 50 * u, compass - 160 * u, px_per_m, u);
}

}  // namespace

void write_panel_page(const std::string& path, const spatial::District& district, const PanelPage& page) {
  validate(district, page);
  const ImageFormat format = image_format_of(path);
  const PanelLayout layout = panel_layout(page.spec, district_extent(district), page.panels.size());
  const std::vector<MapTransform> transforms = panel_transforms(district, page.spec, page.panels.size());
  const double u = layout.unit;
  Painter painter(page.spec.width_px, page.spec.height_px, format);
  for (std::size_t i = 0; i < page.panels.size(); ++i) {
    const PanelContent& panel = page.panels[i];
    MapLayer layer{panel.fill, panel.labels, page.label_size, page.town_size, 0.6};
    draw_map(painter, district, layer, transforms[i], u);
    draw_panel_title(painter, layout.titles[i], panel.title, u);
  }
  draw_header(painter, layout.header, u, page.spec);
  draw_strip(painter, layout, page, transforms.front().scale());
  draw_footer(painter, layout.footer, u, page.spec.footnote);
  save_page(painter, path);
}

}  // namespace riskgrid::render::detail
