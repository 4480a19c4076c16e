#pragma once
// A choropleth of a district's grids drawn with cairo: grids filled by risk level, town borders,
// legend, title, scale bar and north arrow.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

struct HeatmapSpec {
  std::string title;
  std::string subtitle;
  std::string footnote;  ///< e.g. "Internal borders are synthetic"
  int width_px = 1600;
  int height_px = 1200;
};

/// Draws `level[g]` (index into `levels`) for every grid g, labelled with `value[g]`, into a PNG file,
/// written atomically.
void write_level_map_png(const std::string& path, const spatial::District& district,
                         std::span<const std::int8_t> level, std::span<const double> value,
                         const std::vector<results::LevelBand>& levels, const HeatmapSpec& spec);

}  // namespace riskgrid::render
