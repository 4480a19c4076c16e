// Reading back the params file written by write_synth_params.
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {

namespace {

std::vector<double> numbers_at(const io::Fields& f, const YAML::Node& list, const std::string& key, std::size_t size) {
  if (!list.IsSequence() || list.size() != size)
    f.fail_at(list, key, fmt::format("expected a list of {} numbers", size));
  std::vector<double> out;
  for (const auto& item : list) {
    double v = 0;
    if (!item.IsScalar() || !YAML::convert<double>::decode(item, v) || !std::isfinite(v))
      f.fail_at(item, key, "expected a number");
    out.push_back(v);
  }
  return out;
}

std::vector<double> numbers(const io::Fields& f, const std::string& key, std::size_t size) {
  return numbers_at(f, f.required_node(key), key, size);
}

template <std::size_t N>
std::array<double, N> fixed_numbers(const io::Fields& f, const std::string& key) {
  const std::vector<double> v = numbers(f, key, N);
  std::array<double, N> out{};
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

std::vector<std::string> texts(const io::Fields& f, const std::string& key) {
  const std::vector<std::string> out = f.texts_or_empty(key);
  if (out.empty()) f.fail(key, "a non-empty list of names");
  return out;
}

time::Seconds when(const io::Fields& f, const std::string& key) {
  const auto t = time::parse_iso(f.text(key));
  if (!t) f.fail(key, "a date or time like 2025-11-01 08:00:00");
  return *t;
}

std::vector<SynthParams::Window> windows(const io::Fields& f, const std::string& key) {
  std::vector<SynthParams::Window> out;
  const YAML::Node list = f.node(key);
  if (!list.IsDefined() || list.IsNull()) return out;
  if (!list.IsSequence()) f.fail(key, "a list of windows");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const io::Fields w(list[i], f.file(), fmt::format("{}[{}]", f.child_path(key), i));
    out.push_back({w.text("name"), when(w, "start"), when(w, "end")});
    w.reject_unknown();
  }
  return out;
}

void read_expected(const io::Fields& top, SynthParams& p) {
  const io::Fields e(top.required_node("expected"), top.file(), "expected");
  p.excluded_days = windows(e, "excluded_days");
  p.grids = texts(e, "grids");
  const std::size_t categories = p.categories.size();
  const YAML::Node rows = e.required_node("mean_daily");
  if (!rows.IsSequence() || rows.size() != p.grids.size())
    e.fail("mean_daily", fmt::format("a list of {} rows, one per grid", p.grids.size()));
  for (const auto& row : rows) {
    const auto v = numbers_at(e, row, "mean_daily", categories);
    p.expected_mean_daily.insert(p.expected_mean_daily.end(), v.begin(), v.end());
  }
  const YAML::Node weekdays = e.required_node("weekday_factors");
  if (!weekdays.IsSequence() || weekdays.size() != categories)
    e.fail("weekday_factors", fmt::format("a list of {} rows, one per category", categories));
  for (const auto& row : weekdays) {
    const auto v = numbers_at(e, row, "weekday_factors", 7);
    std::array<double, 7> w{};
    std::copy(v.begin(), v.end(), w.begin());
    p.expected_weekday_factor.push_back(w);
  }
  e.reject_unknown();
}

}  // namespace

SynthParams load_synth_params(const std::string& path) {
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields f(root, path, "");
  if (f.text("format") != "riskgrid-synth-params/1")
    f.fail("format", "riskgrid-synth-params/1 (a params file written by riskgrid synth)");
  SynthParams p;
  p.seed = static_cast<std::uint64_t>(f.integer_or("seed", 0, 0, (1LL << 62)));
  const io::Fields window(f.required_node("window"), path, "window");
  p.start = when(window, "start");
  p.days = static_cast<int>(window.integer_or("days", 0, 1, 100 * 366));
  window.reject_unknown();
  p.burn_in_days = static_cast<int>(f.integer_or("burn_in_days", 0, 0, 3660));
  p.daily_total = f.positive("daily_total");
  p.sources = texts(f, "sources");
  p.source_share = numbers(f, "source_shares", p.sources.size());
  const io::Fields repeats(f.required_node("repeats"), path, "repeats");
  p.branching_ratio = repeats.number("branching_ratio");
  p.repeat_radius_m = repeats.number("radius_m");
  p.repeat_mean_delay_days = repeats.number("mean_delay_days");
  repeats.reject_unknown();
  p.weekday_factor = fixed_numbers<7>(f, "weekday_factors");
  const io::Fields season(f.required_node("seasonality"), path, "seasonality");
  p.season_amplitude = season.number("amplitude");
  p.season_peak_day = season.number("peak_day");
  season.reject_unknown();
  p.hour_share = fixed_numbers<24>(f, "hour_shares");
  p.categories = texts(f, "categories");
  p.category_share = numbers(f, "category_shares", p.categories.size());
  p.dispersion = numbers(f, "dispersion", p.categories.size());
  p.episodes = windows(f, "episodes");
  read_expected(f, p);
  f.reject_unknown();
  return p;
}

}  // namespace riskgrid::models
