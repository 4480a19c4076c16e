#include "legends.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "decorations.hpp"

namespace riskgrid::render::detail {
namespace {

// Sizes in layout units (pixels at 1600 x 1200).
constexpr double kPad = 20;
constexpr double kRowHeight = 44;
constexpr double kSwatchW = 40;
constexpr double kSwatchH = 28;
constexpr double kBarH = 24;

void draw_card(const Painter& p, const PixelRect& card, double u) {
  p.set_colour(kCard);
  p.rounded_rectangle(card, 8 * u);
  cairo_fill_preserve(p.cr());
  p.set_colour(kRule);
  cairo_set_line_width(p.cr(), 1 * u);
  cairo_stroke(p.cr());
}

void draw_swatch(const Painter& p, const PixelRect& r, std::uint32_t rgb, double u) {
  p.rectangle(r);
  p.set_colour(rgb);
  cairo_fill_preserve(p.cr());
  p.set_colour(kInk, 0.35);
  cairo_set_line_width(p.cr(), 1 * u);
  cairo_stroke(p.cr());
}

/// `text` broken at spaces into lines at most `max_w` wide (a word longer than that stays whole).
std::vector<std::string> wrap(const Painter& p, const std::string& text, const TextStyle& style, double max_w) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    const std::string word = text.substr(at, space - at);
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && p.measure(longer, style).advance > max_w) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
    at = space + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

constexpr double kNoteLine = 20;

double note_height(const Painter& p, const std::string& note, double w, double u) {
  if (note.empty()) return 0;
  return 8 * u + kNoteLine * u * static_cast<double>(wrap(p, note, {15 * u}, w).size());
}

void draw_note(const Painter& p, double x, double top, double w, const std::string& note, double u) {
  const TextStyle style{15 * u, false, kMutedInk};
  double baseline = top + 8 * u + 15 * u;
  for (const std::string& line : wrap(p, note, style, w)) {
    p.text(x, baseline, line, style);
    baseline += kNoteLine * u;
  }
}

}  // namespace

PixelRect draw_level_legend(const Painter& p, const PixelRect& room, double u, const LevelLegend& legend) {
  const double pad = kPad * u;
  const double title_h = 44 * u;
  const double n = static_cast<double>(legend.levels.size());
  const double note_h = note_height(p, legend.note, room.w - 2 * pad, u);
  // Many levels must still fit in the room, so rows shrink if needed.
  const double row_h = std::min(kRowHeight * u, (room.h - 2 * pad - title_h - note_h) / n);
  const double swatch_h = std::min(kSwatchH * u, row_h * 0.8);
  const double rows_h = n * row_h - (row_h - swatch_h);
  const PixelRect card{room.x, room.y, room.w, 2 * pad + title_h + rows_h + note_h};
  draw_card(p, card, u);

  const double x = card.x + pad;
  p.text(x, card.y + pad + 22 * u, legend.title, {22 * u, true, kInk});
  const double label_x = x + (kSwatchW + 14) * u;
  const double right = card.right() - pad;
  for (std::size_t row = 0; row < legend.levels.size(); ++row) {
    const std::size_t lvl = legend.levels.size() - 1 - row;
    const double y = card.y + pad + title_h + static_cast<double>(row) * row_h;
    draw_swatch(p, {x, y, kSwatchW * u, swatch_h}, legend.levels[lvl].rgb, u);
    const double baseline = y + swatch_h / 2 + 6.5 * u;
    double label_right = right;
    if (!legend.counts.empty()) {
      const std::size_t c = legend.counts[lvl];
      const std::string count = fmt::format("{} grid{}", c, c == 1 ? "" : "s");
      const TextStyle count_style{15 * u, false, kMutedInk};
      const double count_w = p.measure(count, count_style).advance;
      p.text(right - count_w, baseline, count, count_style);
      label_right = right - count_w - 10 * u;
    }
    TextStyle label_style{18 * u, false, kInk};
    label_style.size = p.fitted_size(legend.levels[lvl].label, label_style, label_right - label_x);
    p.text(label_x, baseline, legend.levels[lvl].label, label_style);
  }
  if (note_h > 0) draw_note(p, x, card.y + pad + title_h + rows_h, card.w - 2 * pad, legend.note, u);
  return card;
}

PixelRect draw_level_legend_row(const Painter& p, const PixelRect& room, double u, const LevelLegend& legend) {
  const double pad = kPad * u;
  const TextStyle title{20 * u, true, kInk};
  TextStyle label{17 * u, false, kInk};
  const double swatch_w = 34 * u;
  const double gap = 12 * u;
  // Shrink the labels together until the row fits the room.
  auto row_width = [&](const TextStyle& style) {
    double w = 0;
    for (const auto& band : legend.levels) {
      w += swatch_w + 8 * u + p.measure(band.label, style).advance + 2 * gap;
    }
    return w;
  };
  const double room_for_items = room.w - 2 * pad;
  if (const double w = row_width(label); w > room_for_items) label.size *= room_for_items / w;
  const double note_h = note_height(p, legend.note, room_for_items, u);
  const PixelRect card{room.x, room.y, std::min(room.w, row_width(label) + 2 * pad),
                       2 * pad + 30 * u + 40 * u + note_h};
  draw_card(p, card, u);
  p.text(card.x + pad, card.y + pad + 20 * u, legend.title, title);
  double x = card.x + pad;
  const double y = card.y + pad + 36 * u;
  for (const auto& band : legend.levels) {
    draw_swatch(p, {x, y, swatch_w, kSwatchH * u}, band.rgb, u);
    x += swatch_w + 8 * u;
    p.text(x, y + kSwatchH * u / 2 + 6 * u, band.label, label);
    x += p.measure(band.label, label).advance + 2 * gap;
  }
  if (note_h > 0) draw_note(p, card.x + pad, y + kSwatchH * u, room_for_items, legend.note, u);
  return card;
}

std::string format_tick(double value, double step, bool sign) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  std::string text = fmt::format("{:.{}f}", std::fabs(value), decimals);
  if (std::fabs(value) < step * 1e-6) return decimals == 0 ? "0" : text;
  if (value < 0) return "\u2212" + text;
  return sign ? "+" + text : text;
}

PixelRect draw_colour_bar(const Painter& p, const PixelRect& room, double u, const BarLegend& legend) {
  const double pad = kPad * u;
  const ColourScale& scale = *legend.scale;
  const bool notes = !legend.low_note.empty() || !legend.high_note.empty();
  const double units_h = legend.units.empty() ? 0 : 24 * u;
  const PixelRect card{room.x, room.y, room.w,
                       2 * pad + 30 * u + units_h + 12 * u + kBarH * u + 30 * u + (notes ? 22 * u : 0)};
  draw_card(p, card, u);
  TextStyle title{20 * u, true, kInk};
  title.size = p.fitted_size(legend.title, title, card.w - 2 * pad);
  p.text(card.x + pad, card.y + pad + 20 * u, legend.title, title);
  TextStyle units{15 * u, false, kMutedInk};
  units.size = p.fitted_size(legend.units, units, card.w - 2 * pad);
  if (units_h > 0) p.text(card.x + pad, card.y + pad + 20 * u + units_h, legend.units, units);

  // Inset so the end tick labels stay inside the card.
  const PixelRect bar{card.x + pad + 12 * u, card.y + pad + 30 * u + units_h + 12 * u, card.w - 2 * pad - 24 * u,
                      kBarH * u};
  cairo_pattern_t* gradient = cairo_pattern_create_linear(bar.x, 0, bar.right(), 0);
  for (const ColourStop& stop : scale.stops()) {
    cairo_pattern_add_color_stop_rgb(gradient, stop.at, ((stop.rgb >> 16) & 0xffu) / 255.0,
                                     ((stop.rgb >> 8) & 0xffu) / 255.0, (stop.rgb & 0xffu) / 255.0);
  }
  p.rectangle(bar);
  cairo_set_source(p.cr(), gradient);
  cairo_fill_preserve(p.cr());
  cairo_pattern_destroy(gradient);
  p.set_colour(kInk, 0.35);
  cairo_set_line_width(p.cr(), 1 * u);
  cairo_stroke(p.cr());

  const TextStyle tick_style{14 * u, false, kInk};
  std::vector<double> ticks;
  double step = 1;
  // As many ticks as fit with their labels apart: fewer on a narrow bar.
  for (int target = 6; target >= 2; --target) {
    ticks = scale.ticks(target);
    step = ticks.size() > 1 ? ticks[1] - ticks[0] : scale.hi() - scale.lo();
    double widest = 0;
    for (const double v : ticks) {
      widest = std::max(widest, p.measure(format_tick(v, step, scale.is_diverging()), tick_style).advance);
    }
    if (step / (scale.hi() - scale.lo()) * bar.w >= widest + 14 * u) break;
  }
  for (const double v : ticks) {
    const double tx = bar.x + (v - scale.lo()) / (scale.hi() - scale.lo()) * bar.w;
    p.set_colour(kInk);
    cairo_move_to(p.cr(), tx, bar.bottom());
    cairo_line_to(p.cr(), tx, bar.bottom() + 5 * u);
    cairo_stroke(p.cr());
    const std::string text = format_tick(v, step, scale.is_diverging());
    p.text(tx - p.measure(text, tick_style).advance / 2, bar.bottom() + 22 * u, text, tick_style);
  }
  if (notes) {
    const TextStyle note{14 * u, false, kMutedInk};
    const double baseline = bar.bottom() + 44 * u;
    p.text(bar.x, baseline, legend.low_note, note);
    p.text(bar.right() - p.measure(legend.high_note, note).advance, baseline, legend.high_note, note);
  }
  return card;
}

}  // namespace riskgrid::render::detail
