#include "riskgrid/engine/render/comparison.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "legends.hpp"
#include "map_layer.hpp"
#include "panel_page.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/time_windows.hpp"

namespace riskgrid::render {
namespace {

time::Seconds horizon_length(const results::ScenarioResults& r) {
  return static_cast<time::Seconds>(r.time.bins) * r.time.bin_length;
}

/// For each grid of `drill`, its index among `baseline`'s grids.
std::vector<std::size_t> match_grids(const ComparedRun& baseline, const ComparedRun& drill) {
  std::map<std::string, std::size_t> index;
  for (std::size_t g = 0; g < baseline.district->grids.size(); ++g) {
    index.emplace(baseline.district->grids[g].id, g);
  }
  std::vector<std::size_t> out;
  for (const spatial::Unit& grid : drill.district->grids) {
    const auto it = index.find(grid.id);
    if (it == index.end()) {
      throw InputError(
          fmt::format("cannot compare {} with {}: grid '{}' of the first is not in the "
                      "second (the runs must share their grids)",
                      drill.file, baseline.file, grid.id));
    }
    out.push_back(it->second);
  }
  if (out.size() != baseline.district->grids.size()) {
    throw InputError(
        fmt::format("cannot compare {} ({} grids) with {} ({} grids): the runs must "
                    "share their grids",
                    drill.file, out.size(), baseline.file, baseline.district->grids.size()));
  }
  return out;
}

std::vector<std::uint32_t> fills(const std::vector<double>& values, const ColourScale& scale) {
  std::vector<std::uint32_t> out;
  for (const double v : values) out.push_back(scale.colour(v));
  return out;
}

std::vector<std::string> labels(const std::vector<double>& values, bool sign) {
  std::vector<std::string> out;
  for (const double v : values) {
    out.push_back(sign ? detail::format_signed(v) : detail::format_value(v));
  }
  return out;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

void fill_texts(HeatmapSpec& spec, const Comparison& c) {
  if (spec.title.empty()) {
    spec.title = fmt::format("{} vs {}", c.drill_title, c.baseline_title);
  }
  if (spec.subtitle.empty()) {
    const std::string what =
        c.measure == Measure::ratio_to_normal ? "Ratio to normal over the horizon" : capitalised(c.units);
    if (c.same_length) {
      spec.subtitle = fmt::format("{} \u00b7 both horizons {}", what, c.drill_span);
    } else if (c.per_day) {
      spec.subtitle = fmt::format("{} (horizon total \u00f7 days: the horizons differ, {} vs {})", what, c.drill_span,
                                  c.baseline_span);
    } else {
      spec.subtitle =
          fmt::format("{} ({} vs {}; each ratio is to the grid's normal over the same horizon, so it compares as is)",
                      what, c.drill_span, c.baseline_span);
    }
  }
}

}  // namespace

Comparison compare_runs(const ComparedRun& baseline, const ComparedRun& drill, Measure measure) {
  if (!baseline.district || !baseline.results || !drill.district || !drill.results) {
    throw std::invalid_argument("compare_runs: a run without district or results");
  }
  if (baseline.count_units != drill.count_units) {
    throw InputError(
        fmt::format("cannot compare {} with {}: counts are in '{}' in the first but "
                    "'{}' in the second",
                    drill.file, baseline.file, drill.count_units, baseline.count_units));
  }
  const std::vector<std::size_t> match = match_grids(baseline, drill);
  Comparison c;
  // Levels and on-time shares are compared as expected incidents: the change of the on-time share is
  // in the batch comparison (comparison.csv) and the report's handling table.
  c.measure = measure == Measure::level || measure == Measure::on_time ? Measure::mean : measure;
  const std::vector<double> base = horizon_values(*baseline.results, c.measure);
  c.drill = horizon_values(*drill.results, c.measure);
  for (const std::size_t g : match) c.baseline.push_back(base[g]);
  const time::Seconds base_length = horizon_length(*baseline.results);
  const time::Seconds drill_length = horizon_length(*drill.results);
  c.baseline_span = duration_text(base_length, baseline.results->time.bin_length);
  c.drill_span = duration_text(drill_length, drill.results->time.bin_length);
  c.same_length = base_length == drill_length;
  c.per_day = c.measure != Measure::ratio_to_normal && !c.same_length;
  if (c.per_day) {
    for (double& v : c.baseline) v /= static_cast<double>(base_length) / time::kDay;
    for (double& v : c.drill) v /= static_cast<double>(drill_length) / time::kDay;
  }
  for (std::size_t g = 0; g < c.drill.size(); ++g) c.difference.push_back(c.drill[g] - c.baseline[g]);
  const std::string counts = c.measure == Measure::p95      ? "95th percentile of " + drill.count_units
                             : c.measure == Measure::excess ? "weighted " + drill.count_units + " above normal"
                                                            : "expected " + drill.count_units;
  c.units = c.measure == Measure::ratio_to_normal
                ? "1 = the grid's normal"
                : fmt::format("{} per grid {}", counts, c.per_day ? "per day" : "over " + c.drill_span);
  c.count_units = drill.count_units;
  c.baseline_title = baseline.results->title;
  c.drill_title = drill.results->title;
  return c;
}

void write_comparison(const std::string& path, const spatial::District& district, const Comparison& c,
                      HeatmapSpec spec) {
  fill_texts(spec, c);
  std::vector<double> both = c.baseline;
  both.insert(both.end(), c.drill.begin(), c.drill.end());
  const ColourScale scale = ColourScale::sequential_for(both);
  const ColourScale diff = ColourScale::diverging_for(c.difference);
  detail::PanelPage page{spec, {}, 15, 16, {}};
  page.panels.push_back({fmt::format("Baseline: {} ({})", c.baseline_title, c.baseline_span), fills(c.baseline, scale),
                         labels(c.baseline, false)});
  page.panels.push_back(
      {fmt::format("Drill: {} ({})", c.drill_title, c.drill_span), fills(c.drill, scale), labels(c.drill, false)});
  page.panels.push_back({"Difference: drill \u2212 baseline", fills(c.difference, diff), labels(c.difference, true)});
  const MeasureText text =
      c.measure == Measure::ratio_to_normal ? MeasureText{"Ratio to normal", c.units}
      : c.measure == Measure::excess
          ? MeasureText{"Excess over normal", c.units}
          : MeasureText{(c.measure == Measure::p95 ? "95th percentile of " : "Expected ") + c.count_units, c.units};
  page.legend = [&](const detail::Painter& p, const PixelRect& room, double u) {
    const double gap = 24 * u;
    const double w = std::min((room.w - gap) / 2, 600 * u);
    detail::draw_colour_bar(p, {room.x, room.y, w, room.h}, u,
                            {text.title + ": baseline and drill", text.units, &scale, "", ""});
    detail::draw_colour_bar(
        p, {room.x + w + gap, room.y, w, room.h}, u,
        {"Difference: drill \u2212 baseline", text.units, &diff, "lower in the drill", "higher in the drill"});
  };
  detail::write_panel_page(path, district, page);
}

}  // namespace riskgrid::render
