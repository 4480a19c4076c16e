#include "riskgrid/engine/render/heatmap.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "decorations.hpp"
#include "legends.hpp"
#include "map_layer.hpp"
#include "page_file.hpp"
#include "painter.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render {
namespace {

void validate(const spatial::District& district, std::span<const std::int8_t> level, std::span<const double> value,
              const std::vector<results::LevelBand>& levels) {
  const std::size_t n = district.grids.size();
  if (level.size() != n || value.size() != n) {
    throw std::invalid_argument(fmt::format("heat map of '{}': {} grids but {} levels and {} values", district.name, n,
                                            level.size(), value.size()));
  }
  if (levels.empty()) throw std::invalid_argument("heat map: no level bands to colour by");
  for (std::size_t g = 0; g < n; ++g) {
    if (level[g] < 0 || static_cast<std::size_t>(level[g]) >= levels.size()) {
      throw std::invalid_argument(fmt::format("heat map: grid '{}' has level {}, expected 0..{}", district.grids[g].id,
                                              static_cast<int>(level[g]), levels.size() - 1));
    }
  }
}

}  // namespace

ImageFormat image_format_of(const std::string& path) {
  const std::size_t dot = path.find_last_of('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "png") return ImageFormat::png;
  if (ext == "svg") return ImageFormat::svg;
  throw std::invalid_argument(
      fmt::format("{}: cannot tell the picture format: expected a name ending .png or .svg", path));
}

std::string_view extension_of(ImageFormat format) { return format == ImageFormat::png ? "png" : "svg"; }

void write_level_map(const std::string& path, const spatial::District& district, std::span<const std::int8_t> level,
                     std::span<const double> value, const std::vector<results::LevelBand>& levels,
                     const HeatmapSpec& spec) {
  validate(district, level, value, levels);
  const ImageFormat format = image_format_of(path);
  const PageLayout page = page_layout(district, spec);
  const MapTransform transform = map_transform(district, spec);
  std::vector<std::size_t> per_level(levels.size(), 0);
  std::vector<std::uint32_t> fill;
  std::vector<std::string> labels;
  for (std::size_t g = 0; g < level.size(); ++g) {
    const auto l = static_cast<std::size_t>(level[g]);
    ++per_level[l];
    fill.push_back(levels[l].rgb);
    labels.push_back(detail::format_value(value[g]));
  }

  detail::Painter painter(spec.width_px, spec.height_px, format);
  detail::draw_map(painter, district, {fill, labels}, transform, page.unit);
  detail::draw_header(painter, page.header, page.unit, spec);
  const detail::LevelLegend legend{"Risk level", levels, per_level, spec.label_note};
  detail::draw_panel(
      painter, page, [&](const PixelRect& room) { return detail::draw_level_legend(painter, room, page.unit, legend); },
      transform.scale());
  detail::draw_footer(painter, page.footer, page.unit, spec.footnote);
  detail::save_page(painter, path);
}

void write_level_map_png(const std::string& path, const spatial::District& district, std::span<const std::int8_t> level,
                         std::span<const double> value, const std::vector<results::LevelBand>& levels,
                         const HeatmapSpec& spec) {
  write_level_map(path, district, level, value, levels, spec);
}

}  // namespace riskgrid::render
