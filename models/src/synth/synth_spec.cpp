// Reading and checking a synthetic-history spec (synth.yaml).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/grid_attributes.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {

namespace {

std::vector<std::string> category_ids(const catalog::CategoryCatalog& catalog) {
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) ids.push_back(c.id);
  return ids;
}

// A positive number held by `node` (an element of a list or a value of a map under `key`).
double positive_at(const io::Fields& f, const YAML::Node& node, const std::string& key) {
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !(value > 0) || !std::isfinite(value))
    f.fail_at(
        node, key,
        fmt::format("expected a positive number, got \"{}\"", node.IsScalar() ? node.Scalar() : "a list or mapping"));
  return value;
}

template <std::size_t N>
std::array<double, N> weights(const io::Fields& f, const std::string& key, const std::array<double, N>& fallback) {
  if (!f.has(key)) return fallback;
  const YAML::Node list = f.node(key);
  if (!list.IsSequence() || list.size() != N) f.fail(key, fmt::format("a list of {} positive numbers", N));
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = positive_at(f, list[i], key);
  return out;
}

std::size_t category_at(const io::Fields& f, const YAML::Node& name, const std::string& key,
                        const catalog::CategoryCatalog& catalog) {
  const std::string& id = name.Scalar();
  if (const auto index = catalog.index_of(id)) return *index;
  const std::string hint = io::closest_match(id, category_ids(catalog));
  f.fail_at(name, key, fmt::format("unknown category \"{}\"{}", id, io::did_you_mean(hint)));
}

time::Seconds date_time(const io::Fields& f, const std::string& key) {
  const std::string text = f.text(key);
  const auto t = time::parse_iso(text);
  if (!t) f.fail(key, "a date like 2025-11-01 or a time like 2025-11-01 08:00");
  return *t;
}

void read_sources(const io::Fields& f, SynthSpec& spec) {
  if (!f.has("sources")) return;
  const YAML::Node map = f.node("sources");
  if (!map.IsMap() || map.size() == 0) f.fail("sources", "a mapping of source name to weight");
  spec.sources.clear();
  spec.source_weight.clear();
  for (const auto& entry : map) {
    spec.sources.push_back(entry.first.Scalar());
    spec.source_weight.push_back(positive_at(f, entry.second, "sources." + entry.first.Scalar()));
  }
}

// dispersion: {default: k, <category>: k, ...}
void read_dispersion(const io::Fields& f, SynthSpec& spec, const catalog::CategoryCatalog& catalog) {
  if (!f.has("dispersion")) return;
  const YAML::Node map = f.node("dispersion");  // const: operator[] must not insert
  if (!map.IsMap()) f.fail("dispersion", "a mapping of category id (or 'default') to NB size k");
  if (map["default"]) spec.dispersion.assign(catalog.size(), positive_at(f, map["default"], "dispersion.default"));
  for (const auto& entry : map) {
    if (entry.first.Scalar() == "default") continue;
    const std::size_t c = category_at(f, entry.first, "dispersion", catalog);
    spec.dispersion[c] = positive_at(f, entry.second, "dispersion." + entry.first.Scalar());
  }
}

SynthEpisode read_episode(const io::Fields& e, const catalog::CategoryCatalog& catalog) {
  SynthEpisode episode;
  episode.name = e.text("name");
  episode.start = date_time(e, "start");
  episode.end = episode.start + static_cast<time::Seconds>(std::llround(e.positive("hours") * 3600));
  episode.category_factor.assign(catalog.size(), e.positive_or("factor", 1.0));
  if (e.has("categories")) {
    const YAML::Node map = e.node("categories");
    if (!map.IsMap()) e.fail("categories", "a mapping of category id to factor");
    for (const auto& entry : map) {
      const std::size_t c = category_at(e, entry.first, "categories", catalog);
      episode.category_factor[c] = positive_at(e, entry.second, "categories." + entry.first.Scalar());
    }
  }
  e.reject_unknown();
  return episode;
}

bool is_grid_kind(const std::string& name) {
  return std::find(spatial::kGridKinds.begin(), spatial::kGridKinds.end(), name) != spatial::kGridKinds.end();
}

// <kind>: {rate: r, categories: {<category>: factor, ...}}
SynthKind read_kind(const io::Fields& f, const YAML::Node& name, const YAML::Node& body,
                    const catalog::CategoryCatalog& catalog) {
  const std::string& id = name.Scalar();
  if (!is_grid_kind(id))
    f.fail_at(name, "kinds",
              fmt::format("unknown grid kind \"{}\"{}; expected one of {}", id,
                          io::did_you_mean(io::closest_match(id, spatial::kGridKinds)),
                          fmt::join(spatial::kGridKinds, ", ")));
  if (!body.IsMap()) f.fail_at(body, "kinds." + id, "expected a mapping with rate and categories");
  const io::Fields k(body, f.file(), "kinds." + id);
  SynthKind kind{id, k.positive_or("rate", 1.0), std::vector<double>(catalog.size(), 1.0)};
  if (k.has("categories")) {
    const YAML::Node map = k.node("categories");
    if (!map.IsMap()) k.fail("categories", "a mapping of category id to factor");
    for (const auto& entry : map) {
      const std::size_t c = category_at(k, entry.first, "categories", catalog);
      kind.category_factor[c] = positive_at(k, entry.second, "categories." + entry.first.Scalar());
    }
  }
  k.reject_unknown();
  return kind;
}

// kinds: one entry per grid kind (spatial::kGridKinds); kinds not listed keep factor 1.
void read_kinds(const io::Fields& f, SynthSpec& spec, const catalog::CategoryCatalog& catalog) {
  if (!f.has("kinds")) return;
  const YAML::Node map = f.node("kinds");
  if (!map.IsMap()) f.fail("kinds", "a mapping of grid kind to {rate, categories}");
  for (const auto& entry : map) {
    SynthKind kind = read_kind(f, entry.first, entry.second, catalog);
    for (const SynthKind& earlier : spec.kinds)
      if (earlier.name == kind.name)
        f.fail_at(entry.first, "kinds", fmt::format("expected each kind once, got \"{}\" again", kind.name));
    spec.kinds.push_back(std::move(kind));
  }
}

void read_repeats(const io::Fields& f, SynthSpec& spec) {
  if (!f.has("repeats")) return;
  const io::Fields r(f.node("repeats"), f.file(), "repeats");
  spec.branching_ratio = r.number_or("branching_ratio", spec.branching_ratio);
  if (spec.branching_ratio < 0 || spec.branching_ratio >= 0.9)
    r.fail("branching_ratio", "a branching ratio from 0 to 0.9 (each incident's expected repeats)");
  spec.repeat_radius_m = r.positive_or("radius_m", spec.repeat_radius_m);
  spec.repeat_mean_delay_days = r.positive_or("mean_delay_days", spec.repeat_mean_delay_days);
  if (spec.repeat_mean_delay_days < 1) r.fail("mean_delay_days", "a mean delay of at least 1 day");
  r.reject_unknown();
}

void read_seasonality(const io::Fields& f, SynthSpec& spec) {
  if (!f.has("seasonality")) return;
  const io::Fields s(f.node("seasonality"), f.file(), "seasonality");
  spec.season_amplitude = s.fraction_or("amplitude", spec.season_amplitude);
  if (spec.season_amplitude >= 1) s.fail("amplitude", "an amplitude below 1");
  spec.season_peak_day = static_cast<double>(s.integer_or("peak_day", 200, 1, 366));
  s.reject_unknown();
}

// handling: {scenario: <file>}: closing times from the case handling of that scenario's `response:` block
// (relative to this file), in forecast mode: a replay of the history cannot make the history.
void read_handling(const io::Fields& f, SynthSpec& spec) {
  if (!f.has("handling")) return;
  if (!f.node("handling").IsMap()) f.fail("handling", "a mapping {scenario: <scenario file with a response: block>}");
  const io::Fields h = f.child("handling");
  std::filesystem::path path = h.text("scenario");
  h.reject_unknown();
  if (path.is_relative()) path = std::filesystem::path(f.file()).parent_path() / path;
  if (!std::filesystem::exists(path))
    h.fail("scenario", fmt::format("an existing scenario file, not {}", path.string()));
  const scenario::ScenarioSpec scenario = scenario::load_scenario(path.string());
  if (scenario.response.model != "des")
    h.fail("scenario", fmt::format("a scenario whose response: block uses the des model; {} has {}", path.string(),
                                   scenario.response.model.empty() ? "none" : scenario.response.model));
  response::DesSettings settings = response::read_des_settings(scenario.response);
  if (settings.replay)
    h.fail("scenario", "a scenario in response mode forecast (a replay cannot make its own history)");
  spec.handling = std::move(settings);
  spec.handling_source = path.lexically_normal().string();
}

}  // namespace

SynthSpec default_synth_spec(const catalog::CategoryCatalog& catalog) {
  SynthSpec spec;
  spec.start = *time::parse_iso("2025-11-01");
  spec.sources = {"hotline"};
  spec.source_weight = {1};
  spec.dispersion.assign(catalog.size(), 10.0);
  spec.hour_weight.fill(1.0);
  return spec;
}

SynthSpec load_synth_spec(const std::string& path, const catalog::CategoryCatalog& catalog) {
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields f(root, path, "");
  SynthSpec spec = default_synth_spec(catalog);
  spec.file = path;
  spec.start = date_time(f, "start");
  if (spec.start % time::kDay != 0) f.fail("start", "a date (the history starts at midnight)");
  spec.days = static_cast<int>(f.integer_or("days", 365, 1, 100 * 366));
  spec.seed = static_cast<std::uint64_t>(f.integer_or("seed", 1, 0, (1LL << 62)));
  spec.id_prefix = f.text_or("id_prefix", spec.id_prefix);
  spec.daily_total = f.positive_or("daily_total", spec.daily_total);
  read_sources(f, spec);
  read_dispersion(f, spec, catalog);
  spec.weekday_weight = weights(f, "weekday_factors", spec.weekday_weight);
  read_seasonality(f, spec);
  spec.hour_weight = weights(f, "hour_profile", spec.hour_weight);
  read_repeats(f, spec);
  spec.burn_in_days = static_cast<int>(f.integer_or("burn_in_days", -1, -1, 3660));
  read_kinds(f, spec, catalog);
  spec.grid_spread = f.fraction_or("grid_spread", 0.0);
  read_handling(f, spec);
  if (f.has("episodes")) {
    const YAML::Node list = f.node("episodes");
    if (!list.IsSequence()) f.fail("episodes", "a list of episodes");
    for (std::size_t i = 0; i < list.size(); ++i)
      spec.episodes.push_back(read_episode(io::Fields(list[i], path, fmt::format("episodes[{}]", i)), catalog));
  }
  f.reject_unknown();
  check_synth_spec(spec, catalog);
  return spec;
}

void check_synth_spec(const SynthSpec& spec, const catalog::CategoryCatalog& catalog) {
  const std::string where = spec.file.empty() ? std::string("synthetic history spec") : spec.file;
  auto fail = [&](const std::string& what) { throw ScenarioError(fmt::format("{}: {}", where, what)); };
  if (catalog.size() == 0) fail("the catalog has no categories");
  if (spec.days < 1) fail("days: expected at least 1 day");
  if (spec.start % time::kDay != 0) fail("start: expected midnight");
  if (!(spec.daily_total > 0)) fail("daily_total: expected a positive number");
  if (spec.sources.empty() || spec.sources.size() != spec.source_weight.size())
    fail("sources: expected at least one source, each with a weight");
  if (spec.dispersion.size() != catalog.size())
    fail(fmt::format("dispersion: expected {} values (one per category)", catalog.size()));
  for (const double k : spec.dispersion)
    if (!(k > 0)) fail("dispersion: expected positive sizes k");
  double hours = 0;
  for (const double w : spec.hour_weight) hours += w;
  if (!(hours > 0)) fail("hour_profile: expected positive weights");
  if (spec.branching_ratio < 0 || spec.branching_ratio >= 0.9) fail("repeats.branching_ratio: expected 0 <= eta < 0.9");
  if (spec.repeat_mean_delay_days < 1) fail("repeats.mean_delay_days: expected at least 1");
  for (const auto& e : spec.episodes)
    if (e.end <= e.start || e.category_factor.size() != catalog.size())
      fail(fmt::format("episode '{}': expected an end after the start and one factor per category", e.name));
  for (const auto& k : spec.kinds) {
    if (!is_grid_kind(k.name))
      fail(fmt::format("kinds: expected one of {}, got \"{}\"", fmt::join(spatial::kGridKinds, ", "), k.name));
    const bool positive = k.rate > 0 && std::all_of(k.category_factor.begin(), k.category_factor.end(),
                                                    [](double v) { return v > 0 && std::isfinite(v); });
    if (!positive || !std::isfinite(k.rate) || k.category_factor.size() != catalog.size())
      fail(fmt::format("kinds.{}: expected a positive rate and one positive factor per category", k.name));
  }
  if (!(spec.grid_spread >= 0 && spec.grid_spread <= 1)) fail("grid_spread: expected a number from 0 to 1");
}

}  // namespace riskgrid::models
