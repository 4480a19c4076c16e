#pragma once
// A choropleth of a number per grid (expected incidents, a percentile, the risk index) on a colour
// scale, with a colour-bar legend that names the units.
#include <span>
#include <string>

#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/measures.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

/// Draws `value[g]` for every grid g coloured by `scale` and written in the grid where it fits,
/// with the legend `legend`; PNG or SVG by the extension of `path`, written atomically.
/// @throws std::invalid_argument when the sizes disagree; otherwise as write_level_map.
void write_value_map(const std::string& path, const spatial::District& district, std::span<const double> value,
                     const ColourScale& scale, const MeasureText& legend, const HeatmapSpec& spec);

}  // namespace riskgrid::render
