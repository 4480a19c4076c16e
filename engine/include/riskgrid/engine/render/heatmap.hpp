#pragma once
// A choropleth of a district's grids drawn with cairo: grids filled by risk level, town borders
// and names, numbers in the grids where they fit, legend, title, scale bar and north arrow, as a
// PNG or an SVG file (chosen by the file's extension) written atomically.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

enum class ImageFormat { png, svg };

/// PNG for a path ending ".png", SVG for ".svg" (any letter case).
/// @throws std::invalid_argument naming the path for any other extension.
ImageFormat image_format_of(const std::string& path);
/// "png" or "svg".
std::string_view extension_of(ImageFormat format);

/// The page every picture is drawn on: its texts and size.
struct HeatmapSpec {
  std::string title;
  std::string subtitle;
  std::string footnote;    ///< e.g. "Internal borders are synthetic"
  std::string label_note;  ///< what the numbers in the grids are, under the legend; empty = none
  int width_px = 1600;
  int height_px = 1200;
};

/// Draws `level[g]` (index into `levels`) for every grid g, labelled with `value[g]` where the
/// label fits; PNG or SVG by the extension of `path`, written atomically.
/// @throws std::invalid_argument when the sizes disagree, a level is out of range, the page size
///         is out of bounds or the extension unknown; InputError when a name or title is not
///         UTF-8; IoError naming `path` when it cannot be written.
void write_level_map(const std::string& path, const spatial::District& district, std::span<const std::int8_t> level,
                     std::span<const double> value, const std::vector<results::LevelBand>& levels,
                     const HeatmapSpec& spec);

/// The same as write_level_map (kept for callers that predate SVG; the extension still decides).
void write_level_map_png(const std::string& path, const spatial::District& district, std::span<const std::int8_t> level,
                         std::span<const double> value, const std::vector<results::LevelBand>& levels,
                         const HeatmapSpec& spec);

}  // namespace riskgrid::render
