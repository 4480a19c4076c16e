#include "riskgrid/engine/results/results_h5.hpp"

#include <fmt/format.h>

#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "io/h5_handles.hpp"
#include "io/h5_write.hpp"
#include "ingest/summary_h5.hpp"
#include "results/results_h5_response.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace riskgrid::results {
namespace h5 = io::h5;
namespace {

using h5::Axis;
using h5::Meta;
using results::RunRecord;
using results::ScenarioResults;

constexpr const char* kFormat = "riskgrid-results";
constexpr const char* kIncidents = "incidents";
/// CF time units of the time coordinate: the clock is the district's local civil time (no zone).
constexpr const char* kTimeUnits = "seconds since 1970-01-01 00:00:00";
/// Significant digits of WKT coordinates: 1e-7 degrees (about a centimetre) at longitudes > 100.
constexpr int kWktDigits = 10;

void expect_size(std::string_view array, std::size_t got, std::size_t want, std::string_view shape) {
  if (got != want) {
    throw std::invalid_argument(
        fmt::format("results file: {} has {} values, expected {} ({})", array, got, want, shape));
  }
}

void validate(const RunRecord& record, const spatial::District& district, const catalog::CategoryCatalog& catalog) {
  const ScenarioResults& r = record.results;
  if (r.name.empty() || r.name.find('/') != std::string::npos || r.name == "." || r.name == "..") {
    throw std::invalid_argument(
        fmt::format("results file: scenario name \"{}\" cannot name an HDF5 group (empty, '/', '.')", r.name));
  }
  if (r.units != district.grids.size()) {
    throw std::invalid_argument(fmt::format("results file: results.units is {} but district '{}' has {} grids", r.units,
                                            district.name, district.grids.size()));
  }
  if (r.categories != catalog.size()) {
    throw std::invalid_argument(
        fmt::format("results file: results.categories is {} but the catalog has {}", r.categories, catalog.size()));
  }
  const std::size_t bins = r.time.bins;
  const std::string bin_unit = fmt::format("[time {} x unit {}]", bins, r.units);
  const std::string unit = fmt::format("[unit {}]", r.units);
  const std::pair<const char*, std::size_t> per_bin[] = {
      {"per_bin.mean", r.per_bin.mean.size()},
      {"per_bin.p05", r.per_bin.p05.size()},
      {"per_bin.p50", r.per_bin.p50.size()},
      {"per_bin.p95", r.per_bin.p95.size()},
      {"per_bin.exceedance", r.per_bin.exceedance.size()},
      {"per_bin.above_double_normal", r.per_bin.above_double_normal.size()},
      {"normal", r.normal.size()},
      {"ratio_to_normal", r.ratio_to_normal.size()},
      {"excess", r.excess.size()},
      {"risk_level", r.risk_level.size()}};
  for (const auto& [name, size] : per_bin) expect_size(name, size, bins * r.units, bin_unit);
  const std::pair<const char*, std::size_t> per_unit[] = {
      {"exceedance_threshold", r.exceedance_threshold.size()},
      {"horizon.mean", r.horizon.mean.size()},
      {"horizon.p05", r.horizon.p05.size()},
      {"horizon.p50", r.horizon.p50.size()},
      {"horizon.p95", r.horizon.p95.size()},
      {"horizon.exceedance", r.horizon.exceedance.size()},
      {"horizon.above_double_normal", r.horizon.above_double_normal.size()},
      {"horizon_threshold", r.horizon_threshold.size()},
      {"horizon_normal", r.horizon_normal.size()},
      {"horizon_ratio_to_normal", r.horizon_ratio_to_normal.size()},
      {"horizon_excess", r.horizon_excess.size()},
      {"horizon_risk_level", r.horizon_risk_level.size()},
      {"level_reason", r.level_reason.size()},
      {"rank_value", r.rank_value.size()},
      {"rank", r.rank.size()}};
  for (const auto& [name, size] : per_unit) expect_size(name, size, r.units, unit);
  expect_size("category_excess", r.category_excess.size(), r.units * r.categories,
              fmt::format("[unit {} x category {}]", r.units, r.categories));
  expect_size("drill_added", r.drill_added.size(), r.units * r.drill_names.size(),
              fmt::format("[unit {} x drill {}]", r.units, r.drill_names.size()));
  const cube::Shape shape{bins, r.units, r.categories};
  for (const auto* cube : {&r.mean_by_category, &r.normal_by_category})
    if (cube->shape() != shape)
      throw std::invalid_argument(
          fmt::format("results: {} is [time {} x unit {} x category {}], expected [time {} x unit {} x category {}]",
                      cube == &r.mean_by_category ? "mean_by_category" : "normal_by_category", cube->shape().bins,
                      cube->shape().units, cube->shape().categories, bins, r.units, r.categories));
}

std::string lonlat_wkt(const geo::MultiPolygon& metric, const geo::LocalProjection& projection) {
  if (metric.empty()) return "MULTIPOLYGON EMPTY";
  std::ostringstream out;
  out << std::setprecision(kWktDigits) << geo::bg::wkt(projection.to_lonlat(metric));
  return out.str();
}

void write_root_attributes(hid_t file, const RunRecord& record, const spatial::District& district) {
  h5::write_attribute(file, "format", kFormat);
  h5::write_attribute(file, "Conventions", "CF-1.8");  // netCDF tools read the coordinates by these rules
  h5::write_attribute(file, "format_version", std::int32_t{kResultsFormatVersion});
  h5::write_attribute(file, "riskgrid_version", RISKGRID_VERSION);
  h5::write_attribute(file, "scenario", record.scenario_text);
  h5::write_attribute(file, "scenario_sha256", record.scenario_sha256);
  h5::write_attribute(file, "seed", std::uint64_t{record.seed});
  h5::write_attribute(file, "replicas", std::uint64_t{record.replicas});
  h5::write_attribute(file, "district", district.name);
  if (!record.district_note.empty()) h5::write_attribute(file, "district_note", record.district_note);
  h5::write_attribute(file, "created", record.created);
}

/// Column views of a list of units, as the datasets store them.
struct UnitColumns {
  std::vector<std::string> id, name, name_local, parent, type, wkt;
  std::vector<double> population, area_m2, lon, lat;
  std::vector<std::int32_t> staff;
};

UnitColumns columns_of(const std::vector<spatial::Unit>& units, const geo::LocalProjection& projection) {
  UnitColumns c;
  for (const spatial::Unit& unit : units) {
    c.id.push_back(unit.id);
    c.name.push_back(unit.name);
    c.name_local.push_back(unit.name_local);
    c.parent.push_back(unit.parent);
    c.type.push_back(unit.type);
    c.wkt.push_back(lonlat_wkt(unit.shape, projection));
    c.population.push_back(unit.population);
    c.area_m2.push_back(unit.area_m2);
    const geo::Point centroid = projection.to_lonlat(unit.centroid);
    c.lon.push_back(centroid.x());
    c.lat.push_back(centroid.y());
    c.staff.push_back(static_cast<std::int32_t>(unit.staff));
  }
  return c;
}

/// Writes units/ or towns/ and the root coordinate `dimension` (the ids); returns that coordinate.
h5::Dataset write_units(hid_t file, const char* group_name, const char* dimension,
                        const std::vector<spatial::Unit>& units, const geo::LocalProjection& projection) {
  const h5::Group group = h5::create_group(file, group_name);
  h5::write_attribute(group.get(), "projection_lon0", projection.lon0());
  h5::write_attribute(group.get(), "projection_lat0", projection.lat0());
  const UnitColumns c = columns_of(units, projection);
  // netCDF-4 and xarray name a dimension after the dataset that is its scale and look for it only in
  // the same or an enclosing group, so the scale is the root dataset called like the dimension.
  h5::Dataset id = h5::write_strings(file, dimension, c.id, {"unit identifier (the key in scenarios and GIS exports)"});
  h5::make_scale(id.get(), dimension);
  const Axis axis{id.get(), dimension, units.size()};
  h5::write_on_axis(group.get(), "id", c.id, axis, {"unit identifier (a copy of the coordinate, for h5py readers)"});
  h5::write_on_axis(group.get(), "name", c.name, axis, {"display name"});
  h5::write_on_axis(group.get(), "name_local", c.name_local, axis, {"name in the local language (may be empty)"});
  h5::write_on_axis(group.get(), "parent", c.parent, axis,
                    {"id of the enclosing unit (a grid's town); empty at the top"});
  h5::write_on_axis(group.get(), "type", c.type, axis, {"kind of area, e.g. residential, commercial"});
  h5::write_on_axes(group.get(), "population", c.population, {axis}, {"resident population", "people"});
  h5::write_on_axes(group.get(), "staff", c.staff, {axis}, {"grid staff assigned", "people"});
  h5::write_on_axes(group.get(), "area_m2", c.area_m2, {axis}, {"area of the shape", "m2"});
  h5::write_on_axes(group.get(), "centroid_lon", c.lon, {axis}, {"centroid longitude (WGS84)", "degrees_east"});
  h5::write_on_axes(group.get(), "centroid_lat", c.lat, {axis}, {"centroid latitude (WGS84)", "degrees_north"});
  h5::write_on_axis(group.get(), "geometry_wkt", c.wkt, axis,
                    {"shape as WKT MULTIPOLYGON, lon/lat degrees (WGS84, x = lon)"});
  return id;
}

h5::Dataset write_time(hid_t file, const time::TimeGrid& grid) {
  std::vector<std::int64_t> starts;
  std::vector<std::string> iso;
  for (std::size_t bin = 0; bin < grid.bins; ++bin) {
    starts.push_back(grid.bin_start(bin));
    iso.push_back(time::format_iso(grid.bin_start(bin)));
  }
  // The CF time coordinate: xarray and netCDF tools decode it to (zone-less) date-times by itself.
  h5::Dataset start =
      h5::write_dataset(file, "time", starts, {grid.bins}, {"start of each time bin, local civil time", kTimeUnits});
  h5::write_attribute(start.get(), "calendar", "proleptic_gregorian");
  h5::write_attribute(start.get(), "standard_name", "time");
  h5::write_attribute(start.get(), "bin_length_seconds", std::int64_t{grid.bin_length});
  h5::make_scale(start.get(), "time");
  h5::write_on_axis(file, "time_iso", iso, {start.get(), "time", grid.bins},
                    {"start of each time bin as YYYY-MM-DD hh:mm:ss, local civil time"});
  return start;
}

h5::Dataset write_categories(hid_t file, const catalog::CategoryCatalog& catalog) {
  const h5::Group group = h5::create_group(file, "categories");
  std::vector<std::string> id, name, name_local, department;
  std::vector<double> weight, share;
  for (const catalog::Category& category : catalog.categories) {
    id.push_back(category.id);
    name.push_back(category.name);
    name_local.push_back(category.name_local);
    department.push_back(category.department);
    weight.push_back(category.weight);
    share.push_back(category.share);
  }
  h5::Dataset scale = h5::write_strings(file, "category", id, {"category identifier"});
  h5::make_scale(scale.get(), "category");
  const Axis axis{scale.get(), "category", catalog.size()};
  h5::write_on_axis(group.get(), "id", id, axis, {"category identifier (a copy of the coordinate)"});
  h5::write_on_axis(group.get(), "name", name, axis, {"English label"});
  h5::write_on_axis(group.get(), "name_local", name_local, axis, {"label in the district's language (may be empty)"});
  h5::write_on_axis(group.get(), "department", department, axis, {"department that handles the category"});
  h5::write_on_axes(group.get(), "weight", weight, {axis}, {"consequence weight in the risk index"});
  h5::write_on_axes(group.get(), "share", share, {axis}, {"expected fraction of all incidents", "1"});
  return scale;
}

void write_levels(hid_t scenario, const std::vector<results::LevelBand>& levels) {
  const h5::Group group = h5::create_group(scenario, "levels");
  std::vector<std::string> name, label;
  std::vector<std::uint32_t> rgb;
  for (const results::LevelBand& level : levels) {
    name.push_back(level.name);
    label.push_back(level.label);
    rgb.push_back(level.rgb);
  }
  // The scale is named like its dimension (netCDF-4 reads the dataset's name as the dimension's).
  const h5::Dataset scale =
      h5::write_strings(group.get(), "level", name, {"risk level name; risk_level indexes this list"});
  h5::make_scale(scale.get(), "level");
  const Axis axis{scale.get(), "level", levels.size()};
  h5::write_on_axis(group.get(), "name", name, axis, {"risk level name (a copy of the coordinate)"});
  h5::write_on_axis(group.get(), "label", label, axis, {"risk level label for legends"});
  h5::write_on_axes(group.get(), "rgb", rgb, {axis}, {"risk level colour as 0xRRGGBB"});
}

void write_horizon(hid_t scenario, const ScenarioResults& r, const Axis& unit) {
  const h5::Group group = h5::create_group(scenario, "horizon");
  const hid_t g = group.get();
  h5::write_on_axes(g, "mean", r.horizon.mean, {unit}, {"ensemble mean of incidents over the horizon", kIncidents});
  h5::write_on_axes(g, "p05", r.horizon.p05, {unit},
                    {"5th percentile over replicas of incidents over the horizon", kIncidents});
  h5::write_on_axes(g, "p50", r.horizon.p50, {unit},
                    {"median over replicas of incidents over the horizon", kIncidents});
  h5::write_on_axes(g, "p95", r.horizon.p95, {unit},
                    {"95th percentile over replicas of incidents over the horizon", kIncidents});
  h5::write_on_axes(g, "exceedance_probability", r.horizon.exceedance, {unit},
                    {"fraction of replicas whose horizon total exceeds exceedance_threshold", "1"});
  h5::write_on_axes(g, "exceedance_threshold", r.horizon_threshold, {unit},
                    {"a horizon total above this counts as exceedance", kIncidents});
  h5::write_on_axes(g, "above_double_normal_probability", r.horizon.above_double_normal, {unit},
                    {"fraction of replicas whose horizon total is above twice the grid's normal", "1"});
  h5::write_on_axes(g, "normal", r.horizon_normal, {unit}, {"the grid's normal over the horizon", kIncidents});
  h5::write_on_axes(g, "ratio_to_normal", r.horizon_ratio_to_normal, {unit},
                    {"consequence-weighted ratio of the forecast to normal over the horizon", "1"});
  h5::write_on_axes(g, "excess", r.horizon_excess, {unit},
                    {"consequence-weighted incidents above normal over the horizon", "weighted incidents"});
  h5::write_on_axes(g, "risk_level", r.horizon_risk_level, {unit},
                    {"risk level over the horizon: index into levels/ (0 = lowest)"});
  h5::write_on_axis(g, "level_reason", r.level_reason, unit, {"why the grid has its level, in words"});
  h5::write_on_axes(g, "rank", r.rank, {unit}, {"where is it worst: 1 = the largest excess (rank_measure)"});
  const h5::Dataset value = h5::write_dataset(g, "rank_value", r.rank_value, {r.units}, {"what rank sorts by"});
  h5::attach_scale(value.get(), unit, 0);
  h5::write_attribute(value.get(), "rank_measure", r.rank_measure);
}

struct Scales {
  Axis time, unit, category;
};

/// drivers/: which categories and which drills make a grid's risk what it is.
void write_drivers(hid_t scenario, const ScenarioResults& r, const Scales& s) {
  const h5::Group group = h5::create_group(scenario, "drivers");
  const hid_t g = group.get();
  h5::write_on_axes(g, "category_excess", r.category_excess, {s.unit, s.category},
                    {"each category's consequence-weighted excess over normal over the horizon (they add up to "
                     "horizon/excess)",
                     "weighted incidents"});
  const h5::Dataset names = h5::write_strings(g, "drill", r.drill_names, {"drill names, in scenario order"});
  h5::make_scale(names.get(), "drill");
  h5::write_on_axes(
      g, "drill_added", r.drill_added, {s.unit, Axis{names.get(), "drill", r.drill_names.size()}},
      {"expected incidents over the horizon that the drill adds (all drills minus all but it)", kIncidents});
}

void write_scenario(hid_t file, const ScenarioResults& r, const Scales& s) {
  const h5::Group scenarios = h5::create_group(file, "scenarios");
  const h5::Group group = h5::create_group(scenarios.get(), r.name);
  const hid_t g = group.get();
  h5::write_attribute(g, "title", r.title);
  h5::write_attribute(g, "replicas", std::uint64_t{r.replicas});
  h5::write_attribute(g, "bin_length_seconds", std::int64_t{r.time.bin_length});
  h5::write_on_axes(g, "mean", r.per_bin.mean, {s.time, s.unit}, {"ensemble mean of incidents per bin", kIncidents});
  h5::write_on_axes(g, "p05", r.per_bin.p05, {s.time, s.unit},
                    {"5th percentile over replicas of incidents per bin", kIncidents});
  h5::write_on_axes(g, "p50", r.per_bin.p50, {s.time, s.unit},
                    {"median over replicas of incidents per bin", kIncidents});
  h5::write_on_axes(g, "p95", r.per_bin.p95, {s.time, s.unit},
                    {"95th percentile over replicas of incidents per bin", kIncidents});
  h5::write_on_axes(g, "exceedance_probability", r.per_bin.exceedance, {s.time, s.unit},
                    {"fraction of replicas whose bin count exceeds exceedance_threshold", "1"});
  h5::write_on_axes(g, "above_double_normal_probability", r.per_bin.above_double_normal, {s.time, s.unit},
                    {"fraction of replicas whose bin count is above twice the grid's normal", "1"});
  h5::write_attribute(g, "normal_source", r.normal_source);
  h5::write_attribute(g, "model_fit", r.model_fit);
  h5::write_on_axes(g, "normal", r.normal, {s.time, s.unit}, {"the grid's normal per bin (docs/risk.md)", kIncidents});
  h5::write_on_axes(g, "normal_by_category", r.normal_by_category.values(), {s.time, s.unit, s.category},
                    {"the grid's normal per bin and category", kIncidents});
  h5::write_on_axes(g, "ratio_to_normal", r.ratio_to_normal, {s.time, s.unit},
                    {"consequence-weighted ratio of the forecast to normal per bin", "1"});
  h5::write_on_axes(g, "excess", r.excess, {s.time, s.unit},
                    {"consequence-weighted incidents above normal per bin", "weighted incidents"});
  h5::write_on_axes(g, "risk_level", r.risk_level, {s.time, s.unit},
                    {"risk level per bin: index into levels/ (0 = lowest)"});
  h5::write_on_axes(g, "mean_by_category", r.mean_by_category.values(), {s.time, s.unit, s.category},
                    {"ensemble mean of incidents per bin and category", kIncidents});
  h5::write_on_axes(g, "exceedance_threshold", r.exceedance_threshold, {s.unit},
                    {"a bin count above this counts as exceedance", kIncidents});
  write_horizon(g, r, s.unit);
  write_levels(g, r.levels);
  write_drivers(g, r, s);
  if (r.response.present) write_response(g, r.response, s.time, s.unit);
}

void write_file(hid_t file, const RunRecord& record, const spatial::District& district,
                const catalog::CategoryCatalog& catalog) {
  write_root_attributes(file, record, district);
  if (record.ingest) {  // docs/ingest.md: what became of every row of the history
    const h5::Group group = h5::create_group(file, "ingest");
    ingest::write_summary_attributes(group.get(), *record.ingest);
  }
  {
    const ScenarioResults& r = record.results;
    const h5::Dataset time = write_time(file, r.time);
    const h5::Dataset unit = write_units(file, "units", "unit", district.grids, district.projection);
    write_units(file, "towns", "town", district.towns, district.projection);
    const h5::Dataset category = write_categories(file, catalog);
    write_scenario(
        file, r,
        {{time.get(), "time", r.time.bins}, {unit.get(), "unit", r.units}, {category.get(), "category", r.categories}});
  }
}

}  // namespace

void write_results_h5(const std::string& path, const results::RunRecord& record, const spatial::District& district,
                      const catalog::CategoryCatalog& catalog) {
  validate(record, district, catalog);
  h5::write_file_atomically(path, "results", [&](hid_t file) { write_file(file, record, district, catalog); });
}

}  // namespace riskgrid::results
