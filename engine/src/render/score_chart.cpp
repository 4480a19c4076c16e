#include "riskgrid/engine/render/score_chart.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "page_file.hpp"
#include "painter.hpp"
#include "riskgrid/engine/render/heatmap.hpp"

namespace riskgrid::render {

namespace {

constexpr std::uint32_t kBar = 0x9ab3cc, kBest = 0x1f4e79, kInk = 0x222222, kMuted = 0x777777, kLine = 0xc0392b;

// The index of the best finite value, or values.size() when none.
std::size_t best_of(const ScorePanel& p) {
  std::size_t best = p.values.size();
  auto badness = [&](double v) {
    if (p.closest_to_reference && std::isfinite(p.reference)) return std::abs(v - p.reference);
    return p.lower_is_better ? v : -v;
  };
  for (std::size_t i = 0; i < p.values.size(); ++i)
    if (std::isfinite(p.values[i]) && (best == p.values.size() || badness(p.values[i]) < badness(p.values[best])))
      best = i;
  return best;
}

std::string number(double v) {
  if (!std::isfinite(v)) return "n/a";
  const double a = std::abs(v);
  return a >= 100 ? fmt::format("{:.0f}", v) : a >= 10 ? fmt::format("{:.1f}", v) : fmt::format("{:.3f}", v);
}

void draw_panel(const detail::Painter& painter, const PixelRect& room, const ScoreChart& chart, const ScorePanel& p) {
  const detail::TextStyle title{15, true, kInk}, label{12, false, kInk}, value{11, false, kInk},
      note{11, false, kMuted};
  painter.text(room.x, room.y + 16, p.title, title);
  const double label_w = 150, top = room.y + 30, bottom = room.bottom() - 22;
  const double row = (bottom - top) / double(std::max<std::size_t>(chart.series.size(), 1));
  double high = std::isfinite(p.reference) ? p.reference : 0.0;
  for (const double v : p.values)
    if (std::isfinite(v)) high = std::max(high, v);
  if (!(high > 0)) high = 1;
  const double x0 = room.x + label_w, width = room.w - label_w - 50;
  const std::size_t best = best_of(p);
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const double y = top + double(i) * row;
    const double size = painter.fitted_size(chart.series[i], label, label_w - 8);
    detail::TextStyle fitted = label;
    fitted.size = size;
    fitted.bold = i == best;
    painter.text(room.x, y + row * 0.65, chart.series[i], fitted);
    const double v = p.values[i];
    if (std::isfinite(v) && v > 0) {
      painter.set_colour(i == best ? kBest : kBar);
      painter.rectangle({x0, y + row * 0.15, width * v / high, row * 0.7});
      cairo_fill(painter.cr());
    }
    painter.text(x0 + (std::isfinite(v) && v > 0 ? width * v / high : 0) + 4, y + row * 0.65, number(v), value);
  }
  if (std::isfinite(p.reference)) {
    const double x = x0 + width * p.reference / high;
    painter.set_colour(kLine);
    cairo_set_line_width(painter.cr(), 1.5);
    cairo_move_to(painter.cr(), x, top);
    cairo_line_to(painter.cr(), x, bottom);
    cairo_stroke(painter.cr());
    detail::TextStyle ref = note;
    ref.colour = kLine;
    painter.text(std::min(x, room.right() - 90), bottom + 14, p.reference_label, ref);
  }
  painter.text(room.x, bottom + 14,
               p.closest_to_reference ? "best: nearest the line"
               : p.lower_is_better    ? "lower is better"
                                      : "higher is better",
               note);
}

}  // namespace

void write_score_chart(const std::string& path, const ScoreChart& chart) {
  for (const auto& p : chart.panels)
    if (p.values.size() != chart.series.size())
      throw std::invalid_argument(fmt::format("score chart: panel '{}' has {} values for {} series", p.title,
                                              p.values.size(), chart.series.size()));
  const int columns = std::max(1, chart.columns);
  const int rows = static_cast<int>((chart.panels.size() + std::size_t(columns) - 1) / std::size_t(columns));
  const double panel_w = 460, panel_h = 70 + 26.0 * double(chart.series.size()), head = 70;
  const ImageFormat format = image_format_of(path);
  detail::Painter painter(static_cast<int>(panel_w * columns + 40), static_cast<int>(head + panel_h * rows + 20),
                          format);
  painter.text(20, 32, chart.title, {20, true, kInk});
  painter.text(20, 55, chart.subtitle, {13, false, kMuted});
  for (std::size_t i = 0; i < chart.panels.size(); ++i) {
    const double x = 20 + panel_w * double(i % std::size_t(columns));
    const double y = head + panel_h * double(i / std::size_t(columns));
    draw_panel(painter, {x, y, panel_w - 20, panel_h - 10}, chart, chart.panels[i]);
  }
  detail::save_page(painter, path);
}

}  // namespace riskgrid::render
