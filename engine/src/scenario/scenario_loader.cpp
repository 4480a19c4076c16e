#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/units_source.hpp"
#include "riskgrid/engine/io/input_file.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/scenario_document.hpp"
#include "riskgrid/engine/scenario/model_choice.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/scenario/scenario_sweep.hpp"
#include "riskgrid/engine/scenario/time_window.hpp"

namespace riskgrid::scenario {
namespace fs = std::filesystem;

namespace {

std::string resolve(const fs::path& base_dir, const std::string& relative) {
  return io::canonical_path((base_dir / relative).string(), base_dir.string());
}

/// The path under `key`, resolved against `dir` and checked to be a readable file if it exists (a
/// directory, device or FIFO is refused naming this line; a missing file is left to its reader).
std::string input_path(const io::Fields& f, const std::string& key, const fs::path& dir,
                       io::IfMissing missing = io::IfMissing::allowed) {
  const std::string path = resolve(dir, f.text(key));
  io::check_input_file(path, fmt::format("{}: {}", io::where(f.file_of(key), f.node(key)), f.child_path(key)), missing);
  return path;
}

time::TimeGrid read_horizon(const io::Fields& top) {
  top.required_node("horizon");
  const io::Fields f = top.child("horizon");
  if (!f.has("start")) f.required_node("start");
  const std::string bin = f.choice_or("bin", {"hour", "day"}, "day");
  const auto [start, end] = read_window(f, 0, 0);
  if (end == 0) f.fail("hours", "the horizon's length as hours or days");
  f.reject_unknown();
  time::TimeGrid grid;
  grid.start = start;
  grid.bin_length = bin == "hour" ? time::kHour : time::kDay;
  if ((end - start) % grid.bin_length != 0 || (bin == "day" && start % time::kDay != 0))
    f.fail(bin == "day" ? "days" : "hours", "a horizon of whole bins starting at a bin boundary");
  if (end - start > kMaxHorizonDays * time::kDay)
    f.fail("end", fmt::format("a horizon of at most {} days (ten years)", kMaxHorizonDays));
  grid.bins = static_cast<std::size_t>((end - start) / grid.bin_length);
  if (grid.bins > kMaxHorizonBins) {
    const std::string length = f.has("days") ? "days" : f.has("hours") ? "hours" : "end";  // the key written
    f.fail(length, fmt::format("at most {} bins (this horizon has {} {}s; use bin: day or a shorter horizon)",
                               kMaxHorizonBins, grid.bins, bin));
  }
  return grid;
}

void read_training(const io::Fields& top, ScenarioSpec& spec) {
  spec.train_end = time::day_number(spec.horizon.start) * time::kDay;
  spec.train_start = spec.train_end - 12 * 7 * time::kDay;
  if (!top.has("training")) return;
  const io::Fields f = top.child("training");
  if (f.has("weeks")) {
    spec.train_start = spec.train_end - f.integer_or("weeks", 12, 1, 520) * 7 * time::kDay;
  } else if (f.has("start")) {
    spec.train_start = read_time(f, "start");
    spec.train_end = f.has("end") ? read_time(f, "end") : spec.train_end;
  }
  // `end:` is the first day not trained on, as the horizon's end; `last:` names the last day trained
  // on, so a window can be written with both ends included (docs/scenarios.md, "training").
  if (f.has("last")) {
    if (f.has("end")) f.fail("last", "either end: (the day after the window) or last: (its last day), not both");
    spec.train_end = read_time(f, "last") + time::kDay;
  }
  spec.train_spread = f.choice_or("spread", {"none", "uniform"}, "none") == "uniform";
  if (spec.train_start % time::kDay != 0 || spec.train_end % time::kDay != 0 || spec.train_end <= spec.train_start)
    f.fail("start", "a training window of whole days, start before end");
  if (spec.train_end > spec.horizon.start) f.fail("end", "a training window ending before the horizon");
  f.reject_unknown();
}

/// `new_category:` with `per_day:` and `spread:`, in place of `factor:` and `categories:`.
void read_new_category(const io::Fields& f, Drill& d) {
  if (f.has("factor")) f.fail("factor", "no factor in a drill with new_category (it adds per_day incidents)");
  if (f.has("categories"))
    f.fail("categories", "no categories in a drill with new_category (other drills may name the new one)");
  const io::Fields c = f.child("new_category");
  d.new_category = catalog::read_category(c, false);
  if (d.new_category->id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    c.fail("id", "an id of lower-case letters, digits and '_'");
  d.new_category->added_by = d.name;
  d.new_category_where = io::where(c.file_of("id"), c.node("id"));
  d.per_day = f.positive("per_day");
  if (d.per_day > kMaxPerDay) f.fail("per_day", fmt::format("incidents a day up to {}", kMaxPerDay));
  const std::string spread = f.choice_or("spread", {"population", "area", "even"}, "population");
  d.spread = spread == "area"   ? Drill::Spread::area
             : spread == "even" ? Drill::Spread::even
                                : Drill::Spread::population;
}

/// `where: {kind: old_housing, low_lying: true}`: each key a grid attribute (or `type`), each value a
/// string or a list of strings (any of them). Whether grids have them is checked against the district.
std::vector<AttributeTest> read_attribute_tests(const io::Fields& f) {
  if (!f.node("where").IsMap() || f.node("where").size() == 0)
    f.fail("where", "a mapping of grid attributes to values, like {kind: old_housing, low_lying: true}");
  const io::Fields w = f.child("where");
  std::vector<AttributeTest> tests;
  for (const auto& entry : w.yaml()) {
    const std::string key = entry.first.Scalar();
    tests.push_back({key, w.texts_or_empty(key), io::where(w.file_of(key), entry.first)});
    if (tests.back().values.empty()) w.fail(key, "a value or a list of values");
  }
  return tests;
}

/// `profile: [[hours, factor], ...]`: hours from the window's start, rising strictly, from 0; factors
/// from 0 to kMaxDrillFactor.
std::vector<ProfilePoint> read_profile(const io::Fields& f) {
  const YAML::Node list = f.node("profile");
  if (!list.IsSequence() || list.size() == 0) f.fail("profile", "a list of [hours, factor] points");
  std::vector<ProfilePoint> points;
  for (const auto& item : list) {
    ProfilePoint p;
    if (!item.IsSequence() || item.size() != 2 || !YAML::convert<double>::decode(item[0], p.hours) ||
        !YAML::convert<double>::decode(item[1], p.factor) || !std::isfinite(p.hours) || !std::isfinite(p.factor))
      f.fail_at(item, "profile", "expected a point [hours from the window's start, factor], like [24, 16.7]");
    if (p.hours < 0 || (!points.empty() && p.hours <= points.back().hours))
      f.fail_at(item, "profile",
                fmt::format("expected hours >= 0 that rise from point to point, got {} after {}", p.hours,
                            points.empty() ? 0.0 : points.back().hours));
    if (p.factor < 0 || p.factor > kMaxDrillFactor)
      f.fail_at(item, "profile", fmt::format("expected a factor from 0 to {}, got {}", kMaxDrillFactor, p.factor));
    points.push_back(p);
  }
  return points;
}

/// `daily_hours: [19, 21]`: the hours of each day the drill acts in, from the first (0-23) to the
/// second (1-24, exclusive); a second below the first runs past midnight ([22, 2]).
void read_daily_hours(const io::Fields& f, Drill& d) {
  const YAML::Node n = f.node("daily_hours");
  int from = -1, to = -1;
  if (!n.IsSequence() || n.size() != 2 || !YAML::convert<int>::decode(n[0], from) ||
      !YAML::convert<int>::decode(n[1], to) || from < 0 || from > 23 || to < 1 || to > 24 || from == to)
    f.fail("daily_hours", "[first hour, end hour] of each day, whole hours from 0 to 24, like [19, 21]");
  d.daily_from_hour = from;
  d.daily_to_hour = to;
}

/// The factor: flat (`factor:`, with ramp and half-life) or a time profile (`profile:`).
void read_factor(const io::Fields& f, Drill& d) {
  if (!f.has("profile")) {
    d.factor = f.positive("factor");
    if (d.factor > kMaxDrillFactor) f.fail("factor", fmt::format("a factor up to {}", kMaxDrillFactor));
    return;
  }
  for (const char* key : {"factor", "ramp_hours", "half_life_days"})
    if (f.has(key))
      f.fail(key, "no factor, ramp_hours or half_life_days beside profile (the profile gives the factor)");
  d.profile = read_profile(f);
  d.factor = d.profile.front().factor;
  for (const auto& p : d.profile) d.factor = std::max(d.factor, p.factor);  // the peak, for messages
}

Drill read_drill(const io::Fields& f, const time::TimeGrid& horizon) {
  Drill d;
  d.where = io::where(f.file(), f.yaml());
  d.name = f.text("name");
  if (f.has("new_category")) {
    if (f.has("profile")) f.fail("profile", "ramp_hours and half_life_days in a drill with new_category");
    read_new_category(f, d);
  } else {
    for (const char* key : {"per_day", "spread"})
      if (f.has(key)) f.fail(key, "new_category: with it (per_day and spread shape an added category)");
    read_factor(f, d);
    d.categories = f.texts_or_empty("categories");
  }
  d.towns = f.texts_or_empty("towns");
  d.grids = f.texts_or_empty("grids");
  if (f.has("where")) d.attributes = read_attribute_tests(f);
  d.neighbours = f.flag_or("neighbours", false);
  d.start = horizon.start;
  d.end = horizon.end();
  if (f.has("window")) {
    const io::Fields w = f.child("window");
    std::tie(d.start, d.end) = read_window(w, horizon.start, horizon.end());
    w.reject_unknown();
    // A window that misses the horizon would leave the drill doing nothing, and the run looking fine.
    if (d.end <= horizon.start || d.start >= horizon.end())
      f.fail_at(f.node("window"), "window",
                fmt::format("expected a window that overlaps the horizon {} .. {}, got {} .. {}",
                            time::format_iso(horizon.start), time::format_iso(horizon.end()), time::format_iso(d.start),
                            time::format_iso(d.end)));
  }
  d.ramp_hours = f.number_or("ramp_hours", 0);
  if (d.ramp_hours < 0) f.fail("ramp_hours", "hours >= 0");
  // 0 is refused rather than read as "no decay": leaving the key out says that.
  if (f.has("half_life_days")) d.half_life_days = f.positive("half_life_days");
  if (f.has("daily_hours")) read_daily_hours(f, d);
  f.reject_unknown();
  return d;
}

/// The default bands, labelled in the district's `language`: English everywhere, with the Chinese
/// warning colours added in a zh district (a UK city should not read "Red (major) 红").
std::vector<results::LevelBand> default_levels(std::string_view language = "en") {
  if (language == "zh") {
    return {{"blue", "Blue (low) 蓝", 0x3B7DD8},
            {"yellow", "Yellow 黄", 0xF2D43D},
            {"orange", "Orange 橙", 0xF08C2E},
            {"red", "Red (major) 红", 0xD7263D}};
  }
  return {{"blue", "Blue (low)", 0x3B7DD8},
          {"yellow", "Yellow", 0xF2D43D},
          {"orange", "Orange", 0xF08C2E},
          {"red", "Red (major)", 0xD7263D}};
}

/// Default labels follow the district, which read_risk does not know: swaps them after the fact
/// unless the scenario's risk.levels set its own.
void label_default_levels(std::vector<results::LevelBand>& levels, std::string_view language) {
  const std::vector<results::LevelBand> english = default_levels();
  const auto same = [](const results::LevelBand& a, const results::LevelBand& b) {
    return a.name == b.name && a.label == b.label && a.rgb == b.rgb;
  };
  if (std::equal(levels.begin(), levels.end(), english.begin(), english.end(), same)) levels = default_levels(language);
}

std::uint32_t parse_colour(const io::Fields& f, const std::string& key) {
  const std::string text = f.text(key);
  if (text.size() != 7 || text[0] != '#' || text.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
    f.fail(key, "a colour like \"#D7263D\"");
  return static_cast<std::uint32_t>(std::stoul(text.substr(1), nullptr, 16));
}

void read_levels(const io::Fields& risk, RiskSpec& spec) {
  spec.levels = default_levels();
  if (!risk.has("levels")) return;
  const YAML::Node list = risk.node("levels");
  if (!list.IsSequence() || list.size() != 4) risk.fail("levels", "a list of four levels, lowest first");
  for (std::size_t i = 0; i < 4; ++i) {
    const io::Fields f = risk.element("levels", i);
    spec.levels[i].name = f.text("name");
    spec.levels[i].label = f.text_or("label", spec.levels[i].name);
    spec.levels[i].rgb = parse_colour(f, "color");
    f.reject_unknown();
  }
}

// Keys of the rank-based levels riskgrid had before absolute bands: name what replaced them.
void reject_rank_bands(const io::Fields& f) {
  if (f.has("exposure"))
    f.fail_at(f.node("exposure"), "exposure",
              "no such key any more: population enters once, through rank_by: per_capita | count (docs/risk.md)");
  if (f.has("bands_from"))
    f.fail_at(f.node("bands_from"), "bands_from",
              "no such key any more: levels are absolute bands of the ratio to normal (docs/risk.md)");
}

void read_bands(const io::Fields& f, RiskSpec& spec) {
  if (!f.has("bands")) return;
  const io::Fields b = f.child("bands");
  const char* names[] = {"yellow", "orange", "red"};
  for (std::size_t i = 0; i < 3; ++i) {
    spec.ratio_bands[i] = b.number_or(names[i], spec.ratio_bands[i]);
    if (!(spec.ratio_bands[i] > 1 && spec.ratio_bands[i] <= 1000))
      b.fail(names[i], "a ratio to normal above 1 and at most 1000 (levels are absolute: docs/risk.md)");
    if (i > 0 && spec.ratio_bands[i] < spec.ratio_bands[i - 1])
      b.fail(names[i], fmt::format("a ratio at least {}'s ({})", names[i - 1], spec.ratio_bands[i - 1]));
  }
  b.reject_unknown();
}

void read_on_time_bands(const io::Fields& f, RiskSpec& spec) {
  if (!f.has("on_time_bands")) return;
  const io::Fields b = f.child("on_time_bands");
  const char* names[] = {"yellow", "orange", "red"};
  for (std::size_t i = 0; i < 3; ++i) {
    spec.on_time_bands[i] = b.fraction_or(names[i], spec.on_time_bands[i]);
    if (i > 0 && spec.on_time_bands[i] > spec.on_time_bands[i - 1])
      b.fail(names[i], fmt::format("an on-time share at most {}'s ({})", names[i - 1], spec.on_time_bands[i - 1]));
  }
  b.reject_unknown();
}

RiskSpec read_risk(const io::Fields& top) {
  RiskSpec spec;
  spec.levels = default_levels();
  if (!top.has("risk")) return spec;
  const io::Fields f = top.child("risk");
  reject_rank_bands(f);
  if (f.has("weights")) {
    const io::Fields w = f.child("weights");
    for (const auto& entry : w.yaml()) spec.weights[entry.first.Scalar()] = w.number(entry.first.Scalar());
  }
  const std::string normal = f.choice_or("normal", {"auto", "forecast", "history"}, "auto");
  spec.normal = normal == "forecast"  ? RiskSpec::Normal::forecast
                : normal == "history" ? RiskSpec::Normal::history
                                      : RiskSpec::Normal::automatic;
  spec.season_days = static_cast<int>(f.number_or("season_days", spec.season_days));
  if (spec.season_days < 7 || spec.season_days > 183) f.fail("season_days", "days from 7 to 183");
  spec.rank_by = f.choice_or("rank_by", {"per_capita", "count"}, "per_capita") == "count"
                     ? RiskSpec::RankBy::count
                     : RiskSpec::RankBy::per_capita;
  read_bands(f, spec);
  read_on_time_bands(f, spec);
  spec.pseudo_count = f.number_or("pseudo_count", spec.pseudo_count);
  if (!(spec.pseudo_count >= 0 && spec.pseudo_count <= 1e6)) f.fail("pseudo_count", "incidents from 0 to 1e6");
  read_levels(f, spec);
  spec.exceedance_quantile = f.fraction_or("exceedance_quantile", spec.exceedance_quantile);
  f.reject_unknown();
  return spec;
}

// ${data}: the caller's data folder (--data-dir, RISKGRID_DATA_DIR) over the file's data_dir: (relative
// to the file).
std::string district_data_dir(const io::Fields& f, const fs::path& dir, const std::string& override_dir) {
  if (f.has("data_dir")) {
    const std::string written = resolve(dir, f.text("data_dir"));
    if (override_dir.empty()) return written;
  }
  return override_dir.empty() ? "" : fs::weakly_canonical(fs::absolute(override_dir)).string();
}

}  // namespace

namespace {

/// utc_offset of a district file: the local civil time zoned timestamps are moved to.
void read_utc_offset(const io::Fields& f, DistrictSpec& d) {
  d.utc_offset = f.text_or("utc_offset", d.utc_offset);
  if (!ingest::parse_utc_offset(d.utc_offset)) f.fail("utc_offset", "a UTC offset like \"-06:00\" or \"+05:30\"");
}

DistrictSpec finish_district(const io::Fields& f, DistrictSpec& d) {
  f.reject_unknown();
  return d;
}

}  // namespace

DistrictSpec load_district_spec(const std::string& path, const LoadOptions& options) {
  const YAML::Node root = io::load_yaml_file(path);
  const io::Fields f(root, path, "");
  const fs::path dir = fs::path(path).parent_path();
  DistrictSpec d;
  d.name = f.text("name");
  d.data_dir = district_data_dir(f, dir, options.data_dir);
  if (f.has("units")) {
    d.units = spatial::parse_units_source(f.child("units"), dir.string(), d.data_dir);
  } else {
    d.outline = input_path(f, "outline", dir);
    d.towns = input_path(f, "towns", dir);
    d.grids = input_path(f, "grids", dir);
  }
  d.categories = input_path(f, "categories", dir);
  d.note = f.text_or("note", "");
  d.language = f.choice_or("language", {"en", "zh"}, "en");
  read_utc_offset(f, d);
  const io::Fields h(f.required_node("history"), path, "history");
  if (ingest::is_mapped_source(h)) {  // a city's own export (docs/ingest.md)
    d.history_source = ingest::parse_history_source(h, dir.string(), d.data_dir);
    d.history_source->utc_offset_seconds = *ingest::parse_utc_offset(d.utc_offset);
    d.history = d.history_source->label();
    return finish_district(f, d);
  }
  d.history = input_path(h, "path", dir);  // may be missing: made from `synth`
  d.history_synth = h.has("synth") ? input_path(h, "synth", dir) : "";
  h.reject_unknown();
  f.reject_unknown();
  return d;
}

namespace {

/// `response:` is read by the response model it names; here only its name (default "des").
ResponseBlock read_response_block(const io::Fields& f, const ScenarioDocument& doc) {
  ResponseBlock block;
  block.node = f.node("response");
  if (!block.node.IsMap()) f.fail("response", "a mapping such as {model: des}");
  const YAML::Node model = block.node["model"];
  block.model = model && model.IsScalar() ? model.Scalar() : "des";
  block.where = io::where(f.file_of("response"), model ? model : block.node);
  block.sources = doc.sources;
  return block;
}

/// The scenario's values from a resolved document (its `sweep:` already applied or absent).
ScenarioSpec read_spec(const ScenarioDocument& doc, const LoadOptions& options) {
  ScenarioSpec spec;
  spec.file = fs::weakly_canonical(doc.file).string();
  const io::Fields f(doc.root, doc.sources, "");
  spec.name = f.text("name");
  if (spec.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
    f.fail("name", "a name of lower-case letters, digits, '-' and '_' (it names the output folder)");
  spec.title = f.text_or("title", spec.name);
  spec.description = f.text_or("description", "");
  // Relative to the file that wrote `district:`, which may be a base in another folder.
  const fs::path district_dir = fs::path(f.file_of("district")).parent_path();
  spec.district = load_district_spec(input_path(f, "district", district_dir, io::IfMissing::error), options);
  spec.seed = static_cast<std::uint64_t>(f.integer_or("seed", 1, 0, (1LL << 62)));
  spec.replicas = static_cast<std::uint64_t>(f.integer_or("replicas", 1000, 1, 10'000'000));
  spec.horizon = read_horizon(f);
  spec.horizon_where = io::where(f.file_of("horizon"), f.node("horizon"));
  read_training(f, spec);
  if (f.has("model")) {
    const ModelChoice choice = read_model_choice(f.node("model"), f.file_of("model"), "model");
    spec.arrival_model = choice.name;
    spec.arrival_model_stated = true;
    spec.arrival_model_settings = choice.settings;
    spec.arrival_model_lists = choice.lists;
    spec.arrival_model_where = choice.where;
  }
  if (f.has("drills")) {
    const YAML::Node list = f.node("drills");
    if (!list.IsSequence()) f.fail("drills", "a list of drills");
    for (std::size_t i = 0; i < list.size(); ++i)
      spec.drills.push_back(read_drill(f.element("drills", i), spec.horizon));
  }
  spec.risk = read_risk(f);
  label_default_levels(spec.risk.levels, spec.district.language);
  (void)f.node("backtest");  // read by `riskgrid backtest` (app/backtest_spec.cpp)
  (void)f.node("monitor");   // read by `riskgrid monitor` (run/src/monitor_settings.cpp)
  if (f.has("response")) spec.response = read_response_block(f, doc);
  f.reject_unknown();
  return spec;
}

/// Whether a sweep changes nodes a spec keeps: the response block is read by its model after loading,
/// from the document's own nodes, so a run applied to a document shared with the next would change it.
bool sweeps_kept_nodes(const std::vector<SweepAxis>& axes) {
  return std::any_of(axes.begin(), axes.end(), [](const SweepAxis& axis) {
    return axis.path == "response" || axis.path.starts_with("response.") || axis.path.starts_with("response[");
  });
}

/// Applies runs of a sweep one after another: to one document, or, when the specs keep nodes the sweep
/// changes, each to a document of its own, read afresh with its own sweep lists (sharing no nodes, or
/// yaml-cpp's node memory, with another run's).
class SweepRuns {
 public:
  SweepRuns(std::string path, ScenarioDocument doc, std::vector<SweepAxis> axes)
      : path_(std::move(path)), doc_(std::move(doc)), axes_(std::move(axes)), fresh_(sweeps_kept_nodes(axes_)) {
    doc_.root.remove("sweep");
  }
  const ScenarioDocument& apply(std::size_t run, const std::string& name) {
    if (fresh_) {
      doc_ = load_scenario_document(path_);
      axes_ = read_sweep(doc_);
      doc_.root.remove("sweep");
    }
    apply_sweep_run(doc_, axes_, run, name);
    return doc_;
  }

 private:
  std::string path_;
  ScenarioDocument doc_;
  std::vector<SweepAxis> axes_;
  bool fresh_;
};

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const LoadOptions& options) {
  const ScenarioDocument doc = load_scenario_document(path);
  const std::vector<SweepAxis> axes = read_sweep(doc);
  if (!axes.empty())
    throw ScenarioError(
        fmt::format("{}: sweep: this file sweeps {} runs: riskgrid batch runs them all, or "
                    "pick one with --sweep-index K",
                    io::where(doc.sources->file_of("sweep"), doc.root["sweep"]), sweep_size(axes)));
  ScenarioSpec spec = read_spec(doc, options);
  spec.text = document_text(doc);
  return spec;
}

std::vector<ScenarioSpec> load_scenarios(const std::string& path, const LoadOptions& options) {
  ScenarioDocument doc = load_scenario_document(path);
  const std::vector<SweepAxis> axes = read_sweep(doc);
  if (axes.empty()) {
    ScenarioSpec spec = read_spec(doc, options);
    spec.text = document_text(doc);
    return {spec};
  }
  std::vector<ScenarioSpec> specs;
  const std::vector<std::string> names = sweep_run_names(doc, axes);
  SweepRuns runs(path, std::move(doc), axes);
  for (std::size_t run = 0; run < names.size(); ++run) {
    const ScenarioDocument& one = runs.apply(run, names[run]);
    specs.push_back(read_spec(one, options));
    specs.back().text = sweep_run_text(one, run, names.size());
  }
  return specs;
}

SweepCheck load_scenarios_to_check(const std::string& path, const LoadOptions& options) {
  ScenarioDocument doc = load_scenario_document(path);
  const std::vector<SweepAxis> axes = read_sweep(doc);
  if (axes.empty()) return {{read_spec(doc, options)}, 1};
  const std::vector<std::string> names = sweep_run_names(doc, axes);  // every name: two runs may collide
  SweepCheck check{{}, names.size()};
  SweepRuns runs(path, std::move(doc), axes);
  for (const std::size_t run : sweep_runs_to_check(axes))
    check.specs.push_back(read_spec(runs.apply(run, names[run]), options));
  return check;
}

}  // namespace riskgrid::scenario
