#pragma once
// The parts of a picture around the maps: title block, footnote, north arrow, scale bar and the
// side panel that holds a legend with them. Private to engine/src/render.
#include <cstdint>
#include <functional>
#include <string>

#include "painter.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render::detail {

// The page's inks, shared by every part.
inline constexpr std::uint32_t kInk = 0x1f2328;
inline constexpr std::uint32_t kMutedInk = 0x57606a;
inline constexpr std::uint32_t kRule = 0xd0d7de;
inline constexpr std::uint32_t kCard = 0xf6f8fa;
inline constexpr std::uint32_t kWhite = 0xffffff;

/// Text colour with the better contrast on a fill of colour `rgb` (near-black or white).
std::uint32_t text_colour_on(std::uint32_t rgb);

/// Title and subtitle in the header band `header`, shrunk to fit its width; `u` is pixels per
/// layout unit.
void draw_header(const Painter& painter, const PixelRect& header, double u, const HeatmapSpec& spec);

/// The footnote at the bottom left of `footer` and the program's name and version at its right.
void draw_footer(const Painter& painter, const PixelRect& footer, double u, const std::string& footnote);

/// A north arrow 72 layout units tall, centred on `cx`, from `top` down.
void draw_north_arrow(const Painter& painter, double cx, double top, double u);

/// A scale bar of a round length at most `max_w` pixels wide for `px_per_m`, its bar's top at
/// `top`, with tick labels below (about 40 layout units in all).
void draw_scale_bar(const Painter& painter, double x, double top, double max_w, double px_per_m, double u);

/// Draws a legend in the top left of the room it is given and returns the card it drew.
using LegendDrawer = std::function<PixelRect(const PixelRect& room)>;

/// The side panel of a single-map page: the legend, then the north arrow and a scale bar of a
/// round length for `pixels_per_metre`.
void draw_panel(const Painter& painter, const PageLayout& page, const LegendDrawer& legend, double pixels_per_metre);

}  // namespace riskgrid::render::detail
