#include "riskgrid/engine/render/value_map.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "decorations.hpp"
#include "legends.hpp"
#include "map_layer.hpp"
#include "page_file.hpp"
#include "painter.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render {

void write_value_map(const std::string& path, const spatial::District& district, std::span<const double> value,
                     const ColourScale& scale, const MeasureText& legend, const HeatmapSpec& spec) {
  if (value.size() != district.grids.size()) {
    throw std::invalid_argument(
        fmt::format("value map of '{}': {} grids but {} values", district.name, district.grids.size(), value.size()));
  }
  const ImageFormat format = image_format_of(path);
  const PageLayout page = page_layout(district, spec);
  const MapTransform transform = map_transform(district, spec);
  std::vector<std::uint32_t> fill;
  std::vector<std::string> labels;
  for (const double v : value) {
    fill.push_back(scale.colour(v));
    labels.push_back(legend.percent         ? detail::format_percent(v)
                     : scale.is_diverging() ? detail::format_signed(v)
                                            : detail::format_value(v));
  }
  detail::Painter painter(spec.width_px, spec.height_px, format);
  detail::draw_map(painter, district, {fill, labels}, transform, page.unit);
  detail::draw_header(painter, page.header, page.unit, spec);
  const detail::BarLegend bar{legend.title, legend.units, &scale, "", ""};
  detail::draw_panel(
      painter, page, [&](const PixelRect& room) { return detail::draw_colour_bar(painter, room, page.unit, bar); },
      transform.scale());
  detail::draw_footer(painter, page.footer, page.unit, spec.footnote);
  detail::save_page(painter, path);
}

}  // namespace riskgrid::render
