#include "riskgrid/engine/render/run_pictures.hpp"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/render/colour_scale.hpp"
#include "riskgrid/engine/render/multiples.hpp"
#include "riskgrid/engine/render/time_windows.hpp"
#include "riskgrid/engine/render/value_map.hpp"

namespace riskgrid::render {
namespace {

std::string path_in(const std::string& dir, const std::string& stem, ImageFormat format) {
  return (std::filesystem::path(dir) / fmt::format("{}.{}", stem, extension_of(format))).string();
}

HeatmapSpec page(const results::ScenarioResults& r, const RunPictureOptions& o, const std::string& what) {
  HeatmapSpec spec;
  spec.title = r.title.empty() ? r.name : r.title;
  spec.subtitle = fmt::format("{} ({}) \u00b7 {} replicas \u00b7 {}", span_text(r.time),
                              duration_text(r.time.end() - r.time.start, r.time.bin_length), r.replicas, what);
  spec.footnote = o.footnote;
  spec.width_px = o.width_px;
  spec.height_px = o.height_px;
  return spec;
}

std::string multiples_what(const results::ScenarioResults& r, Measure m, std::size_t panels) {
  const std::string bins = r.time.bin_length == time::kHour  ? "hourly"
                           : r.time.bin_length == time::kDay ? "daily"
                                                             : "per-bin";
  const std::string windows = fmt::format("{} windows", panels);
  switch (m) {
    case Measure::level:
      return fmt::format("highest {} risk level in each of {}", bins, windows);
    case Measure::mean:
      return "expected incidents in each of " + windows;
    case Measure::p95:
      return fmt::format("peak {} 95th percentile in each of {}", bins, windows);
    case Measure::ratio_to_normal:
      return "average ratio to normal in each of " + windows;
    case Measure::excess:
      return "excess over normal in each of " + windows;
    case Measure::on_time:
      return "on-time share of the cases closed in each of " + windows;
  }
  return windows;
}

}  // namespace

std::vector<std::string> write_run_pictures(const std::string& dir, const spatial::District& district,
                                            const results::ScenarioResults& r, const RunPictureOptions& o) {
  std::vector<std::string> written;
  const std::string span = duration_text(r.time.end() - r.time.start, r.time.bin_length);
  HeatmapSpec level = page(r, o, "risk level over the horizon");
  level.label_note = fmt::format("Numbers: expected {} per grid over {}", o.count_units, span);
  for (const ImageFormat f : o.formats) {
    written.push_back(path_in(dir, "heatmap", f));
    write_level_map(written.back(), district, r.horizon_risk_level, r.horizon.mean, r.levels, level);
  }
  if (o.measure != Measure::level) {
    const std::vector<double> values = horizon_values(r, o.measure);
    const ColourScale scale = lower_is_worse(o.measure) ? ColourScale::sequential_for(values).reversed()
                                                        : ColourScale::sequential_for(values);
    const MeasureText text = measure_text(o.measure, o.count_units, "over " + span);
    std::string what = text.title + " over the horizon";
    what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    const HeatmapSpec spec = page(r, o, what);
    for (const ImageFormat f : o.formats) {
      written.push_back(path_in(dir, std::string(measure_name(o.measure)), f));
      write_value_map(written.back(), district, values, scale, text, spec);
    }
  }
  const std::size_t panels = o.panels.value_or(default_panel_count(r.time));
  if (panels == 0) return written;
  MultiplesSpec multiples{page(r, o, ""), o.measure, panels, o.count_units};
  multiples.page.subtitle = page(r, o, multiples_what(r, o.measure, std::min(panels, r.time.bins))).subtitle;
  for (const ImageFormat f : o.multiples_formats) {
    written.push_back(path_in(dir, "multiples", f));
    write_multiples(written.back(), district, r, multiples);
  }
  return written;
}

}  // namespace riskgrid::render
