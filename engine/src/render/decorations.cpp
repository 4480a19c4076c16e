#include "decorations.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "dev"
#endif

namespace riskgrid::render::detail {
namespace {

// Sizes in layout units (pixels at 1600 x 1200).
constexpr double kPanelPad = 20;
constexpr double kLegendWidth = 320;

double contrast(double l1, double l2) { return (std::max(l1, l2) + 0.05) / (std::min(l1, l2) + 0.05); }

}  // namespace

void draw_north_arrow(const Painter& p, double cx, double top, double u) {
  p.text_centred(cx, top + 9 * u, "N", {18 * u, true, kInk});
  const double tip = top + 24 * u;
  const double base = top + 72 * u;
  const double notch = top + 60 * u;
  const double half = 15 * u;
  // Left half dark, right half light: the classic arrow reads as "north" even when small.
  cairo_move_to(p.cr(), cx, tip);
  cairo_line_to(p.cr(), cx - half, base);
  cairo_line_to(p.cr(), cx, notch);
  cairo_close_path(p.cr());
  p.set_colour(kInk);
  cairo_fill(p.cr());
  cairo_move_to(p.cr(), cx, tip);
  cairo_line_to(p.cr(), cx + half, base);
  cairo_line_to(p.cr(), cx, notch);
  cairo_close_path(p.cr());
  p.set_colour(kWhite);
  cairo_fill_preserve(p.cr());
  p.set_colour(kInk);
  cairo_set_line_width(p.cr(), 1.5 * u);
  cairo_stroke(p.cr());
}

void draw_scale_bar(const Painter& p, double x, double top, double max_w, double px_per_m, double u) {
  const double length_m = nice_length_m(max_w / px_per_m);
  if (length_m <= 0) return;
  const double bar_w = length_m * px_per_m;
  const double leading = length_m / std::pow(10.0, std::floor(std::log10(length_m) + 1e-9));
  const int segments = leading > 4.5 ? 5 : 4;  // 5 km as 5 x 1 km, 2 km as 4 x 500 m
  const double seg_w = bar_w / segments;
  const double bar_h = 8 * u;
  for (int s = 0; s < segments; ++s) {
    p.rectangle({x + s * seg_w, top, seg_w, bar_h});
    p.set_colour(s % 2 == 0 ? kInk : kWhite);
    cairo_fill(p.cr());
  }
  p.rectangle({x, top, bar_w, bar_h});
  p.set_colour(kInk);
  cairo_set_line_width(p.cr(), 1.2 * u);
  cairo_stroke(p.cr());

  const TextStyle style{14 * u, false, kInk};
  const double baseline = top + bar_h + 20 * u;
  const bool km = length_m >= 1000;
  auto tick_label = [&](double metres) {
    return km ? fmt::format("{:g}", metres / 1000) : fmt::format("{:g}", metres);
  };
  p.text(x - p.measure("0", style).advance / 2, baseline, "0", style);
  if (segments % 2 == 0) {
    const std::string mid = tick_label(length_m / 2);
    p.text(x + bar_w / 2 - p.measure(mid, style).advance / 2, baseline, mid, style);
  }
  const std::string end = tick_label(length_m);
  p.text(x + bar_w - p.measure(end, style).advance / 2, baseline, end, style);
  const std::string unit_label = km ? " km" : " m";
  p.text(x + bar_w + p.measure(end, style).advance / 2, baseline, unit_label, style);
}

std::uint32_t text_colour_on(std::uint32_t rgb) {
  const double l = luminance(rgb);
  return contrast(l, luminance(kWhite)) >= contrast(l, luminance(kInk)) ? kWhite : kInk;
}

void draw_header(const Painter& p, const PixelRect& h, double u, const HeatmapSpec& spec) {
  TextStyle title{36 * u, true, kInk};
  title.size = p.fitted_size(spec.title, title, h.w);
  p.text(h.x, h.y + 38 * u, spec.title, title);
  TextStyle subtitle{20 * u, false, kMutedInk};
  subtitle.size = p.fitted_size(spec.subtitle, subtitle, h.w);
  p.text(h.x, h.y + 72 * u, spec.subtitle, subtitle);
  p.set_colour(kRule);
  cairo_set_line_width(p.cr(), 1 * u);
  cairo_move_to(p.cr(), h.x, h.bottom() - 8 * u);
  cairo_line_to(p.cr(), h.right(), h.bottom() - 8 * u);
  cairo_stroke(p.cr());
}

void draw_footer(const Painter& p, const PixelRect& f, double u, const std::string& footnote) {
  const TextStyle credit_style{13 * u, false, kMutedInk};
  const std::string credit = "riskgrid " RISKGRID_VERSION;
  const double credit_w = p.measure(credit, credit_style).advance;
  const double baseline = f.bottom() - 10 * u;
  p.text(f.right() - credit_w, baseline, credit, credit_style);
  TextStyle note{15 * u, false, kMutedInk};
  note.size = p.fitted_size(footnote, note, f.w - credit_w - 24 * u);
  p.text(f.x, baseline, footnote, note);
}

void draw_panel(const Painter& p, const PageLayout& page, const LegendDrawer& legend, double pixels_per_metre) {
  const double u = page.unit;
  const PixelRect& panel = page.panel;
  const double pad = kPanelPad * u;
  const double card_w = std::min(panel.w, kLegendWidth * u);
  // A panel much wider than the legend is the strip below the map: the north arrow and scale
  // bar then go beside the legend instead of under it.
  const bool strip = panel.w > 1.5 * card_w;
  const PixelRect room{panel.x, panel.y, card_w, strip ? panel.h : panel.h * 0.62};
  const PixelRect card = legend(room);
  const double x = strip ? card.right() + 2 * pad : panel.x + pad;
  const double top = strip ? panel.y + 10 * u : card.bottom() + 36 * u;
  // Leave room after the bar for the end tick's label and the unit.
  const double bar_room =
      strip ? std::min(panel.right() - x - 60 * u, card_w - 2 * pad - 60 * u) : panel.w - 2 * pad - 60 * u;
  draw_north_arrow(p, x + 15 * u, top, u);
  draw_scale_bar(p, x, top + 110 * u, bar_room, pixels_per_metre, u);
}

}  // namespace riskgrid::render::detail
