#include "riskgrid/engine/results/results_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "results/read_shaped.hpp"
#include "results/results_loader_response.hpp"
#include "riskgrid/engine/error.hpp"

namespace riskgrid::results {
namespace {

using results::ScenarioResults;

/// A [time][unit][category] dataset of `shape`.
cube::Cube<double> read_cube(const ResultsReader& reader, const std::string& dataset, const cube::Shape& shape) {
  return {shape, read_shaped<double>(reader, dataset, {shape.bins, shape.units, shape.categories})};
}

std::vector<std::string> read_strings_of(const ResultsReader& reader, const std::string& dataset, std::size_t count) {
  std::vector<std::string> values = reader.read_strings(dataset);
  if (values.size() != count) {
    throw InputError(fmt::format("{}: {} has {} values, expected {}", reader.path(), dataset, values.size(), count));
  }
  return values;
}

/// A MULTIPOLYGON in lon/lat, projected to metres.
geo::MultiPolygon parse_shape(const ResultsReader& reader, const std::string& where, const std::string& wkt,
                              const geo::LocalProjection& projection) {
  if (wkt.empty() || wkt.find("EMPTY") != std::string::npos) return {};
  geo::MultiPolygon lonlat;
  try {
    geo::bg::read_wkt(wkt, lonlat);
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: {}: geometry_wkt is not a WKT MULTIPOLYGON: {}", reader.path(), where, e.what()));
  }
  geo::MultiPolygon metric = projection.to_metric(lonlat);
  geo::bg::correct(metric);
  return metric;
}

/// The units under `group` ("units" or "towns").
std::vector<spatial::Unit> read_units(const ResultsReader& reader, const std::string& group,
                                      const geo::LocalProjection& projection) {
  const std::vector<std::string> ids = reader.read_strings(group + "/id");
  const std::size_t n = ids.size();
  const auto strings = [&](const char* name) { return read_strings_of(reader, group + "/" + name, n); };
  const auto numbers = [&](const char* name) { return read_shaped<double>(reader, group + "/" + name, {n}); };
  const auto name = strings("name"), name_local = strings("name_local"), parent = strings("parent");
  const auto type = strings("type"), wkt = strings("geometry_wkt");
  const auto population = numbers("population"), area = numbers("area_m2");
  const auto lon = numbers("centroid_lon"), lat = numbers("centroid_lat");
  const auto staff = read_shaped<std::int32_t>(reader, group + "/staff", {n});
  std::vector<spatial::Unit> units(n);
  for (std::size_t i = 0; i < n; ++i) {
    spatial::Unit& u = units[i];
    u.id = ids[i];
    u.name = name[i];
    u.name_local = name_local[i];
    u.parent = parent[i];
    u.type = type[i];
    u.population = population[i];
    u.staff = staff[i];
    u.shape = parse_shape(reader, fmt::format("{} '{}'", group, u.id), wkt[i], projection);
    u.area_m2 = area[i];
    u.centroid = projection.to_metric(lon[i], lat[i]);
  }
  return units;
}

/// The union of `units`' shapes; empty when Boost.Geometry cannot form it (the map then simply
/// draws no outline, which costs a border line and nothing else).
geo::MultiPolygon union_of(const std::vector<spatial::Unit>& units) {
  geo::MultiPolygon all;
  try {
    for (const spatial::Unit& unit : units) {
      geo::MultiPolygon merged;
      geo::bg::union_(all, unit.shape, merged);
      all = std::move(merged);
    }
  } catch (const std::exception&) {
    return {};
  }
  return all;
}

time::TimeGrid read_time(const ResultsReader& reader) {
  const Array<std::int64_t> starts = reader.read<std::int64_t>("time");
  time::TimeGrid grid;
  grid.bins = starts.values.size();
  grid.bin_length = reader.number_attribute<std::int64_t>("time", "bin_length_seconds");
  grid.start = starts.values.empty() ? 0 : starts.values.front();
  if (grid.bin_length <= 0) {
    throw InputError(
        fmt::format("{}: attribute bin_length_seconds of /time is {}, expected > 0", reader.path(), grid.bin_length));
  }
  return grid;
}

std::vector<results::LevelBand> read_levels(const ResultsReader& reader, const std::string& group) {
  const std::vector<std::string> names = reader.read_strings(group + "/name");
  const auto labels = read_strings_of(reader, group + "/label", names.size());
  const auto rgb = read_shaped<std::uint32_t>(reader, group + "/rgb", {names.size()});
  std::vector<results::LevelBand> levels;
  for (std::size_t i = 0; i < names.size(); ++i) levels.push_back({names[i], labels[i], rgb[i]});
  return levels;
}

results::Quantiles read_quantiles(const ResultsReader& reader, const std::string& group,
                                  const std::vector<std::size_t>& dims) {
  results::Quantiles q;
  q.mean = read_shaped<double>(reader, group + "/mean", dims);
  q.p05 = read_shaped<double>(reader, group + "/p05", dims);
  q.p50 = read_shaped<double>(reader, group + "/p50", dims);
  q.p95 = read_shaped<double>(reader, group + "/p95", dims);
  q.exceedance = read_shaped<double>(reader, group + "/exceedance_probability", dims);
  q.above_double_normal = read_shaped<double>(reader, group + "/above_double_normal_probability", dims);
  return q;
}

void check_levels(const ResultsReader& reader, const std::string& dataset, const std::vector<std::int8_t>& level,
                  std::size_t bands) {
  for (const std::int8_t l : level) {
    if (l < 0 || static_cast<std::size_t>(l) >= bands) {
      throw InputError(
          fmt::format("{}: {} holds level {}, expected 0..{}", reader.path(), dataset, static_cast<int>(l), bands - 1));
    }
  }
}

/// The risk measures (docs/risk.md) per bin and over the horizon.
void read_risk(const ResultsReader& reader, const std::string& g, ScenarioResults& r) {
  const std::vector<std::size_t> per_bin{r.time.bins, r.units}, per_unit{r.units};
  r.normal_source = reader.string_attribute(g, "normal_source");
  r.normal = read_shaped<double>(reader, g + "/normal", per_bin);
  r.normal_by_category = read_cube(reader, g + "/normal_by_category", {r.time.bins, r.units, r.categories});
  r.ratio_to_normal = read_shaped<double>(reader, g + "/ratio_to_normal", per_bin);
  r.excess = read_shaped<double>(reader, g + "/excess", per_bin);
  r.risk_level = read_shaped<std::int8_t>(reader, g + "/risk_level", per_bin);
  r.horizon = read_quantiles(reader, g + "/horizon", per_unit);
  r.horizon_threshold = read_shaped<double>(reader, g + "/horizon/exceedance_threshold", per_unit);
  r.horizon_normal = read_shaped<double>(reader, g + "/horizon/normal", per_unit);
  r.horizon_ratio_to_normal = read_shaped<double>(reader, g + "/horizon/ratio_to_normal", per_unit);
  r.horizon_excess = read_shaped<double>(reader, g + "/horizon/excess", per_unit);
  r.horizon_risk_level = read_shaped<std::int8_t>(reader, g + "/horizon/risk_level", per_unit);
  r.level_reason = read_strings_of(reader, g + "/horizon/level_reason", r.units);
  r.rank = read_shaped<std::int32_t>(reader, g + "/horizon/rank", per_unit);
  r.rank_value = read_shaped<double>(reader, g + "/horizon/rank_value", per_unit);
  r.rank_measure = reader.string_attribute(g + "/horizon/rank_value", "rank_measure");
}

void read_drivers(const ResultsReader& reader, const std::string& group, ScenarioResults& r) {
  r.category_excess = read_shaped<double>(reader, group + "/category_excess", {r.units, r.categories});
  r.drill_names = reader.read_strings(group + "/drill");
  r.drill_added = read_shaped<double>(reader, group + "/drill_added", {r.units, r.drill_names.size()});
}

}  // namespace

spatial::District read_district(const ResultsReader& reader) {
  spatial::District district;
  district.name = reader.string_attribute("/", "district");
  district.projection = geo::LocalProjection(reader.number_attribute<double>("units", "projection_lon0"),
                                             reader.number_attribute<double>("units", "projection_lat0"));
  district.grids = read_units(reader, "units", district.projection);
  if (reader.exists("towns")) district.towns = read_units(reader, "towns", district.projection);
  district.outline = union_of(district.towns.empty() ? district.grids : district.towns);
  return district;
}

catalog::CategoryCatalog read_catalog(const ResultsReader& reader) {
  const std::vector<std::string> ids = reader.read_strings("categories/id");
  const std::size_t n = ids.size();
  const auto name = read_strings_of(reader, "categories/name", n);
  const auto name_local = read_strings_of(reader, "categories/name_local", n);
  const auto department = read_strings_of(reader, "categories/department", n);
  const auto weight = read_shaped<double>(reader, "categories/weight", {n});
  const auto share = read_shaped<double>(reader, "categories/share", {n});
  catalog::CategoryCatalog catalog;
  for (std::size_t i = 0; i < n; ++i) {
    catalog::Category c;
    c.id = ids[i];
    c.name = name[i];
    c.name_local = name_local[i];
    c.department = department[i];
    c.weight = weight[i];
    c.share = share[i];
    catalog.categories.push_back(std::move(c));
  }
  return catalog;
}

results::ScenarioResults read_scenario(const ResultsReader& reader, const std::string& name) {
  const std::string g = "scenarios/" + name;
  ScenarioResults r;
  r.name = name;
  r.title = reader.string_attribute(g, "title");
  r.replicas = reader.number_attribute<std::uint64_t>(g, "replicas");
  r.time = read_time(reader);
  r.units = reader.read_strings("units/id").size();
  r.categories = reader.read_strings("categories/id").size();
  const std::vector<std::size_t> per_bin{r.time.bins, r.units};
  const std::vector<std::size_t> per_unit{r.units};
  r.per_bin = read_quantiles(reader, g, per_bin);
  r.exceedance_threshold = read_shaped<double>(reader, g + "/exceedance_threshold", per_unit);
  r.mean_by_category = read_cube(reader, g + "/mean_by_category", {r.time.bins, r.units, r.categories});
  read_risk(reader, g, r);
  r.levels = read_levels(reader, g + "/levels");
  if (r.levels.empty()) throw InputError(fmt::format("{}: {}/levels is empty", reader.path(), g));
  check_levels(reader, g + "/risk_level", r.risk_level, r.levels.size());
  check_levels(reader, g + "/horizon/risk_level", r.horizon_risk_level, r.levels.size());
  read_drivers(reader, g + "/drivers", r);
  read_response(reader, g, r);
  return r;
}

LoadedResults load_results(const std::string& path) {
  const ResultsReader reader(path);
  LoadedResults out;
  out.path = path;
  out.riskgrid_version = reader.string_attribute("/", "riskgrid_version");
  out.scenario_text = reader.string_attribute("/", "scenario");
  out.scenario_sha256 = reader.string_attribute("/", "scenario_sha256");
  out.seed = reader.number_attribute<std::uint64_t>("/", "seed");
  out.replicas = reader.number_attribute<std::uint64_t>("/", "replicas");
  out.created = reader.string_attribute("/", "created");
  try {
    out.district_note = reader.string_attribute("/", "district_note");
  } catch (const IoError&) {
    // optional: writers of format version 1 need not store it
  }
  out.district = read_district(reader);
  out.catalog = read_catalog(reader);
  for (const std::string& name : reader.members("scenarios")) {
    out.scenarios.push_back(read_scenario(reader, name));
    out.count_units.push_back(reader.string_attribute("scenarios/" + name + "/mean", "units"));
  }
  if (out.scenarios.empty()) throw InputError(fmt::format("{}: no scenario under /scenarios", path));
  return out;
}

std::size_t LoadedResults::scenario_index(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& s : scenarios) names.push_back(s.name);
  if (name.empty() && scenarios.size() == 1) return 0;
  const auto it = std::find(names.begin(), names.end(), name);
  if (!name.empty() && it != names.end()) return static_cast<std::size_t>(it - names.begin());
  throw InputError(fmt::format("{}: {}; the file holds {}", path,
                               name.empty() ? "several scenarios, choose one" : fmt::format("no scenario '{}'", name),
                               fmt::join(names, ", ")));
}

results::RunRecord LoadedResults::record(std::size_t index) const {
  return {scenario_text, scenario_sha256, seed, replicas, created, district_note, scenarios.at(index)};
}

}  // namespace riskgrid::results
