#include "default_district.hpp"

#include <algorithm>
#include <string_view>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/spatial/grid_attributes.hpp"

namespace riskgrid::app {

namespace {

namespace bg = geo::bg;

spatial::PartitionOptions partition_options(const TownsSpec& spec, const geo::LocalProjection& proj) {
  spatial::PartitionOptions options;
  options.density.centre = proj.to_metric(spec.core.at.lon, spec.core.at.lat);
  options.density.peak = spec.core.peak;
  options.density.scale_m = spec.core.scale_km * 1000.0;
  return options;
}

std::vector<spatial::RegionSpec> region_specs(const TownsSpec& spec, const spatial::District& d,
                                              const std::string& outline_path) {
  std::vector<spatial::RegionSpec> regions;
  for (const TownSpec& town : spec.towns) {
    spatial::RegionSpec r;
    r.id = town.id;
    r.area_share = town.area_km2;
    r.seed = d.projection.to_metric(town.seed.lon, town.seed.lat);
    if (!bg::covered_by(r.seed, d.outline)) {
      throw InputError(fmt::format("{}: town '{}': seed ({}, {}) lies outside the outline {}", town.seed_where, town.id,
                                   town.seed.lon, town.seed.lat, outline_path));
    }
    r.sub_units = town.grids;
    r.population = town.population;
    r.quota = town.staff;
    regions.push_back(std::move(r));
  }
  return regions;
}

spatial::Unit make_grid(const TownSpec& town, std::size_t number, spatial::SubUnitCell&& cell) {
  spatial::Unit grid;
  grid.id = fmt::format("{}-{:02}", town.id, number);
  grid.name = fmt::format("{} {}", town.short_name, number);
  grid.name_local = fmt::format("{} 第{}网格", town.short_local, number);
  grid.parent = town.id;
  grid.population = cell.population;
  grid.staff = cell.quota;
  grid.shape = std::move(cell.shape);
  spatial::update_derived(grid);
  return grid;
}

void set_attribute(spatial::Unit& grid, std::string_view key, const std::string& value) {
  if (!value.empty()) grid.attributes[std::string(key)] = value;
}

// Landmarks first (earlier ones win), then the densest untyped grid of each town is mixed, and
// everything else residential: a fixed order, so the same inputs give the same types. A landmark's
// kind and crowd place, and a town's core kind, go with the type they give.
void assign_types(const TownsSpec& spec, DefaultDistrict& out) {
  auto& grids = out.district.grids;
  for (const LandmarkSpec& landmark : spec.landmarks) {
    const geo::Point at = out.district.projection.to_metric(landmark.at.lon, landmark.at.lat);
    bool placed = false;
    for (auto& grid : grids) {
      if (!bg::covered_by(at, grid.shape)) continue;
      if (grid.type.empty()) {
        grid.type = landmark.type;
        set_attribute(grid, spatial::kKindAttribute, landmark.kind);
        set_attribute(grid, spatial::kCrowdPlaceAttribute, landmark.crowd_place);
        placed = true;
      }
      break;
    }
    if (!placed)
      out.notes.push_back(
          fmt::format("landmark '{}' lies outside the district or in a grid typed "
                      "by an earlier landmark; ignored",
                      landmark.name));
  }
  for (const TownSpec& town : spec.towns) {
    spatial::Unit* densest = nullptr;
    for (auto& grid : grids) {
      if (grid.parent != town.id || !grid.type.empty()) continue;
      if (densest == nullptr || grid.population / grid.area_m2 > densest->population / densest->area_m2)
        densest = &grid;
    }
    if (densest != nullptr) {
      densest->type = "mixed";
      if (!densest->attributes.contains(std::string(spatial::kKindAttribute)))
        set_attribute(*densest, spatial::kKindAttribute, town.core_kind);
    }
  }
  for (auto& grid : grids) {
    if (grid.type.empty()) grid.type = "residential";
  }
}

bool within_river_band(const spatial::Unit& grid, const geo::bg::model::linestring<geo::Point>& river,
                       double distance_m) {
  return !river.empty() && bg::distance(grid.shape, river) <= distance_m;
}

// Kind and low_lying from the grid's town (where no landmark set the kind), riverside from the
// distance to the river line; written only when the towns file describes them, so a towns file
// without kinds or river gives grids without these attributes.
void assign_attributes(const TownsSpec& spec, DefaultDistrict& out) {
  geo::bg::model::linestring<geo::Point> river;
  for (const LonLat& p : spec.river.line) river.push_back(out.district.projection.to_metric(p.lon, p.lat));
  for (auto& grid : out.district.grids) {
    const auto town =
        std::find_if(spec.towns.begin(), spec.towns.end(), [&](const TownSpec& t) { return t.id == grid.parent; });
    if (town != spec.towns.end() && !town->kind.empty()) {
      grid.attributes.try_emplace(std::string(spatial::kKindAttribute), town->kind);
      grid.attributes[std::string(spatial::kLowLyingAttribute)] = town->low_lying ? "true" : "false";
    }
    if (!river.empty())
      grid.attributes[std::string(spatial::kRiversideAttribute)] =
          within_river_band(grid, river, spec.river.distance_m) ? "true" : "false";
  }
}

/// Shares `staff` among `weights` by largest remainder (ties: the earlier grid), so they add up exactly.
std::vector<int> apportion(int staff, const std::vector<double>& weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int> out(weights.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainder;
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = total > 0 ? staff * weights[i] / total : 0.0;
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    remainder.emplace_back(-(exact - out[i]), i);
  }
  std::sort(remainder.begin(), remainder.end());
  for (std::size_t k = 0; given < staff && k < remainder.size(); ++k, ++given) ++out[remainder[k].second];
  return out;
}

// A town's staff follow the work [E]: shared among its grids by population x the workload of the grid's
// kind (towns.yaml `workload_by_kind`), as grids are drawn by workload, not by residents alone.
void assign_staff_by_workload(const TownsSpec& spec, DefaultDistrict& out) {
  if (spec.workload_by_kind.empty()) return;
  for (const TownSpec& town : spec.towns) {
    std::vector<spatial::Unit*> grids;
    std::vector<double> weights;
    for (auto& grid : out.district.grids) {
      if (grid.parent != town.id) continue;
      const auto kind = grid.attributes.find(std::string(spatial::kKindAttribute));
      const auto w =
          kind == grid.attributes.end() ? spec.workload_by_kind.end() : spec.workload_by_kind.find(kind->second);
      grids.push_back(&grid);
      weights.push_back(grid.population * (w == spec.workload_by_kind.end() ? 1.0 : w->second));
    }
    const std::vector<int> staff = apportion(town.staff, weights);
    for (std::size_t i = 0; i < grids.size(); ++i) grids[i]->staff = staff[i];
  }
}

}  // namespace

DefaultDistrict build_default_district(const std::string& outline_path, const TownsSpec& spec) {
  const geo::MultiPolygon outline_lonlat = spatial::read_outline_lonlat(outline_path);
  DefaultDistrict out;
  spatial::District& d = out.district;
  d.name = spec.district;
  d.projection = geo::projection_centred_on(outline_lonlat);
  d.outline = d.projection.to_metric(outline_lonlat);
  bg::correct(d.outline);

  spatial::Partition partition =
      spatial::partition_outline(d.outline, region_specs(spec, d, outline_path), partition_options(spec, d.projection));
  out.max_area_error = partition.max_area_error;
  for (std::size_t t = 0; t < spec.towns.size(); ++t) {
    const TownSpec& town = spec.towns[t];
    spatial::RegionCell& region = partition.regions[t];
    spatial::Unit unit;
    unit.id = town.id;
    unit.name = town.name;
    unit.name_local = town.name_local;
    unit.population = town.population;
    unit.staff = town.staff;
    unit.shape = std::move(region.shape);
    spatial::update_derived(unit);
    d.towns.push_back(std::move(unit));
    out.town_target_m2.push_back(region.target_area_m2);
    for (std::size_t g = 0; g < region.sub_units.size(); ++g)
      d.grids.push_back(make_grid(town, g + 1, std::move(region.sub_units[g])));
  }
  assign_types(spec, out);
  assign_attributes(spec, out);
  assign_staff_by_workload(spec, out);
  return out;
}

}  // namespace riskgrid::app
