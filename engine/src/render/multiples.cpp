#include "riskgrid/engine/render/multiples.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "legends.hpp"
#include "panel_page.hpp"
#include "riskgrid/engine/render/colour_scale.hpp"

namespace riskgrid::render {
namespace {

/// "hourly" or "daily" for the words in legends.
std::string bin_word(const time::TimeGrid& grid) {
  if (grid.bin_length == time::kHour) return "hourly";
  if (grid.bin_length == time::kDay) return "daily";
  return "per-bin";
}

/// "hour", "day" or the bin's length.
std::string bin_length_word(const time::TimeGrid& grid) {
  if (grid.bin_length == time::kHour) return "hour";
  if (grid.bin_length == time::kDay) return "day";
  return duration_text(grid.bin_length);
}

/// "12 h" when every window has that length, else empty.
std::string common_length(const std::vector<TimeWindow>& windows, time::Seconds bin_length) {
  for (const TimeWindow& w : windows) {
    if (w.end - w.start != windows.front().end - windows.front().start) return {};
  }
  return duration_text(windows.front().end - windows.front().start, bin_length);
}

detail::PanelPage level_page(const results::ScenarioResults& r, const std::vector<TimeWindow>& windows,
                             const MultiplesSpec& spec) {
  detail::PanelPage page{spec.page, {}, 13, 0, {}};
  for (const TimeWindow& w : windows) {
    detail::PanelContent panel{w.label, {}, {}};
    for (const std::int8_t l : window_levels(r, w.first_bin, w.end_bin)) {
      panel.fill.push_back(r.levels[static_cast<std::size_t>(l)].rgb);
    }
    page.panels.push_back(std::move(panel));
  }
  const std::string title = fmt::format("Highest {} risk level in each window", bin_word(r.time));
  page.legend = [title, &r](const detail::Painter& p, const PixelRect& room, double u) {
    detail::draw_level_legend_row(p, room, u, {title, r.levels, {}, ""});
  };
  return page;
}

MeasureText value_text(const results::ScenarioResults& r, const MultiplesSpec& spec, const std::string& length) {
  const std::string in_window = length.empty() ? "in each window" : "in each window of " + length;
  const std::string bin = bin_length_word(r.time);
  switch (spec.measure) {
    case Measure::p95:
      return {fmt::format("95th percentile on the busiest {} of each window", bin),
              fmt::format("{} per grid per {}", spec.count_units, bin)};
    case Measure::ratio_to_normal:
      return {"Ratio to normal, average " + in_window, "1 = the grid's normal, consequence-weighted"};
    case Measure::excess:
      return {"Excess over normal " + in_window,
              fmt::format("consequence-weighted {} above normal per grid", spec.count_units)};
    case Measure::on_time:
      return {"On-time share " + in_window, "closed cases handled within their limit / closed cases"};
    default:
      return {"Expected " + spec.count_units, fmt::format("{} per grid {}", spec.count_units, in_window)};
  }
}

detail::PanelPage value_page(const results::ScenarioResults& r, const std::vector<TimeWindow>& windows,
                             const MultiplesSpec& spec, ColourScale& scale) {
  std::vector<std::vector<double>> values;
  std::vector<double> all;
  for (const TimeWindow& w : windows) {
    values.push_back(window_values(r, spec.measure, w.first_bin, w.end_bin));
    all.insert(all.end(), values.back().begin(), values.back().end());
  }
  // One scale for every panel, or the panels could not be compared.
  scale = lower_is_worse(spec.measure) ? ColourScale::sequential_for(all).reversed() : ColourScale::sequential_for(all);
  detail::PanelPage page{spec.page, {}, 13, 0, {}};
  for (std::size_t i = 0; i < windows.size(); ++i) {
    detail::PanelContent panel{windows[i].label, {}, {}};
    for (const double v : values[i]) panel.fill.push_back(scale.colour(v));
    page.panels.push_back(std::move(panel));
  }
  const MeasureText text = value_text(r, spec, common_length(windows, r.time.bin_length));
  page.legend = [text, &scale](const detail::Painter& p, const PixelRect& room, double u) {
    detail::draw_colour_bar(p, PixelRect{room.x, room.y, std::min(room.w, 620 * u), room.h}, u,
                            {text.title, text.units, &scale, "", ""});
  };
  return page;
}

}  // namespace

std::vector<TimeWindow> write_multiples(const std::string& path, const spatial::District& district,
                                        const results::ScenarioResults& results, const MultiplesSpec& spec) {
  if (results.units != district.grids.size()) {
    throw std::invalid_argument(fmt::format("small multiples: results have {} grids, '{}' has {}", results.units,
                                            district.name, district.grids.size()));
  }
  const std::size_t panels = spec.panels == 0 ? default_panel_count(results.time) : spec.panels;
  const std::vector<TimeWindow> windows = time_windows(results.time, panels);
  ColourScale scale = ColourScale::sequential(0, 1);
  const detail::PanelPage page =
      spec.measure == Measure::level ? level_page(results, windows, spec) : value_page(results, windows, spec, scale);
  detail::write_panel_page(path, district, page);
  return windows;
}

}  // namespace riskgrid::render
