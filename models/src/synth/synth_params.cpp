// The generating parameters of a synthetic history and the figures a fit should recover: computed
// from the spec (no sampling), written beside the CSV as YAML, read back by tests and backtests.
#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "synth_intensity.hpp"

namespace riskgrid::models {

namespace {

constexpr const char* kFormat = "riskgrid-synth-params/1";

// Whole days touched by each episode, clipped to the window; marks them in `excluded`.
void exclude_episode_days(const SynthSpec& spec, SynthParams& p, std::vector<bool>& excluded) {
  const time::Seconds window_end = spec.start + spec.days * time::kDay;
  for (const auto& e : spec.episodes) {
    p.episodes.push_back({e.name, e.start, e.end});
    const time::Seconds first = std::max(spec.start, time::day_number(e.start) * time::kDay);
    const time::Seconds last = std::min(window_end, time::day_number(e.end - 1) * time::kDay + time::kDay);
    if (first >= last) continue;
    p.excluded_days.push_back({e.name, first, last});
    for (time::Seconds t = first; t < last; t += time::kDay)
      excluded[static_cast<std::size_t>((t - spec.start) / time::kDay)] = true;
  }
}

// Window mean and weekday factors of category c's expected counts over the days not excluded.
void expected_for_category(const SynthSpec& spec, const synth_detail::Intensity& in, std::size_t c,
                           const std::vector<bool>& excluded, double& mean, std::array<double, 7>& weekday) {
  const std::vector<double> level = synth_detail::expected_relative_counts(spec, in, c);
  std::array<double, 7> sum{}, days{};
  double total = 0, n = 0;
  for (std::size_t d = 0; d < static_cast<std::size_t>(spec.days); ++d) {
    if (excluded[d]) continue;
    const double v = level[d + static_cast<std::size_t>(in.burn_in_days)];
    const auto w = static_cast<std::size_t>(time::weekday(spec.start + static_cast<time::Seconds>(d) * time::kDay));
    sum[w] += v;
    days[w] += 1;
    total += v;
    n += 1;
  }
  mean = n > 0 ? total / n : 0;
  double mean_of_weekdays = 0;
  for (std::size_t w = 0; w < 7; ++w) {
    weekday[w] = days[w] > 0 ? sum[w] / days[w] : 0;
    mean_of_weekdays += weekday[w] / 7;
  }
  for (auto& v : weekday) v = mean_of_weekdays > 0 ? v / mean_of_weekdays : 1;
}

}  // namespace

SynthParams synth_params(const SynthSpec& spec, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog) {
  const synth_detail::Intensity in = synth_detail::make_intensity(spec, district, catalog);
  SynthParams p;
  p.seed = spec.seed;
  p.start = spec.start;
  p.days = spec.days;
  p.burn_in_days = in.burn_in_days;
  p.daily_total = spec.daily_total;
  p.sources = spec.sources;
  p.source_share = in.source_share;
  p.branching_ratio = spec.branching_ratio;
  p.repeat_radius_m = spec.repeat_radius_m;
  p.repeat_mean_delay_days = spec.repeat_mean_delay_days;
  p.weekday_factor = in.weekday;
  p.season_amplitude = spec.season_amplitude;
  p.season_peak_day = spec.season_peak_day;
  p.hour_share = in.hour_share;
  for (const auto& c : catalog.categories) p.categories.push_back(c.id);
  p.category_share = in.category_share;
  p.dispersion = spec.dispersion;
  for (const auto& g : district.grids) p.grids.push_back(g.id);

  std::vector<bool> excluded(static_cast<std::size_t>(spec.days), false);
  exclude_episode_days(spec, p, excluded);
  p.expected_mean_daily.assign(in.grids * in.categories, 0.0);
  p.expected_weekday_factor.resize(in.categories);
  for (std::size_t c = 0; c < in.categories; ++c) {
    double mean = 0;
    expected_for_category(spec, in, c, excluded, mean, p.expected_weekday_factor[c]);
    for (std::size_t g = 0; g < in.grids; ++g)
      p.expected_mean_daily[g * in.categories + c] = in.base(spec, g, c) * mean;
  }
  return p;
}

namespace {

template <class Range>
void emit_list(YAML::Emitter& y, const char* key, const Range& values) {
  y << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) y << v;
  y << YAML::EndSeq;
}

void emit_windows(YAML::Emitter& y, const char* key, const std::vector<SynthParams::Window>& windows, bool dates) {
  y << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const auto& w : windows)
    y << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << w.name << YAML::Key << "start"
      << YAML::Value << (dates ? time::format_date(w.start) : time::format_iso(w.start)) << YAML::Key << "end"
      << YAML::Value << (dates ? time::format_date(w.end) : time::format_iso(w.end)) << YAML::EndMap;
  y << YAML::EndSeq;
}

void emit_expected(YAML::Emitter& y, const SynthParams& p) {
  y << YAML::Key << "expected" << YAML::Value << YAML::BeginMap;
  emit_windows(y, "excluded_days", p.excluded_days, true);
  emit_list(y, "grids", p.grids);
  y << YAML::Key << "mean_daily" << YAML::Value
    << YAML::Comment("[grid][category], repeats included, episode days left out") << YAML::BeginSeq;
  for (std::size_t g = 0; g < p.grids.size(); ++g) {
    y << YAML::Flow << YAML::BeginSeq;
    for (std::size_t c = 0; c < p.categories.size(); ++c) y << p.expected(g, c);
    y << YAML::EndSeq;
  }
  y << YAML::EndSeq;
  y << YAML::Key << "weekday_factors" << YAML::Value << YAML::Comment("[category][Monday..Sunday]") << YAML::BeginSeq;
  for (const auto& w : p.expected_weekday_factor) {
    y << YAML::Flow << YAML::BeginSeq;
    for (const double v : w) y << v;
    y << YAML::EndSeq;
  }
  y << YAML::EndSeq << YAML::EndMap;
}

}  // namespace

void write_synth_params(const std::string& path, const SynthParams& p) {
  YAML::Emitter y;
  y.SetDoublePrecision(12);
  y << YAML::Comment(
           "Generating parameters of a synthetic history (riskgrid synth) and the expected figures a\n"
           "fit should recover. Written by riskgrid; edits have no effect on the history.")
    << YAML::BeginMap;
  y << YAML::Key << "format" << YAML::Value << kFormat;
  y << YAML::Key << "seed" << YAML::Value << p.seed;
  y << YAML::Key << "window" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "start" << YAML::Value
    << time::format_date(p.start) << YAML::Key << "days" << YAML::Value << p.days << YAML::EndMap;
  y << YAML::Key << "burn_in_days" << YAML::Value << p.burn_in_days;
  y << YAML::Key << "daily_total" << YAML::Value << p.daily_total;
  emit_list(y, "sources", p.sources);
  emit_list(y, "source_shares", p.source_share);
  y << YAML::Key << "repeats" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "branching_ratio"
    << YAML::Value << p.branching_ratio << YAML::Key << "radius_m" << YAML::Value << p.repeat_radius_m << YAML::Key
    << "mean_delay_days" << YAML::Value << p.repeat_mean_delay_days << YAML::EndMap;
  emit_list(y, "weekday_factors", p.weekday_factor);
  y << YAML::Key << "seasonality" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "amplitude"
    << YAML::Value << p.season_amplitude << YAML::Key << "peak_day" << YAML::Value << p.season_peak_day << YAML::EndMap;
  emit_list(y, "hour_shares", p.hour_share);
  emit_list(y, "categories", p.categories);
  emit_list(y, "category_shares", p.category_share);
  emit_list(y, "dispersion", p.dispersion);
  emit_windows(y, "episodes", p.episodes, false);
  emit_expected(y, p);
  y << YAML::EndMap;
  if (!y.good()) throw IoError(fmt::format("{}: cannot format the parameters: {}", path, y.GetLastError()));

  io::write_file(path, std::string(y.c_str()) + "\n", "the synthetic history's parameters");
}

std::string params_path_for(const std::string& csv_path) {
  const std::filesystem::path p(csv_path);
  return (p.parent_path() / (p.stem().string() + ".params.yaml")).string();
}

}  // namespace riskgrid::models
