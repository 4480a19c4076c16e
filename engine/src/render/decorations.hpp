#pragma once
// The parts of a heat-map page around the map itself: title block, footnote, legend, north arrow
// and scale bar. Private to engine/src/render.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "painter.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"
#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::render::detail {

/// Text colour with the better contrast on a fill of colour `rgb` (near-black or white).
std::uint32_t text_colour_on(std::uint32_t rgb);

/// Title and subtitle in the header band, shrunk to fit its width.
void draw_header(const Painter& painter, const PageLayout& page, const HeatmapSpec& spec);

/// The footnote at the bottom left and the program's name and version at the bottom right.
void draw_footer(const Painter& painter, const PageLayout& page, const std::string& footnote);

/// The side panel: the legend (highest level first, with how many grids have each level), then the
/// north arrow and a scale bar of a round length for `pixels_per_metre`.
void draw_panel(const Painter& painter, const PageLayout& page,
                const std::vector<results::LevelBand>& levels,
                std::span<const std::size_t> grids_per_level, double pixels_per_metre);

}  // namespace riskgrid::render::detail
