#include "towns_spec.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/spatial/grid_attributes.hpp"

namespace riskgrid::app {

namespace {

using io::Fields;

LonLat read_lonlat(const Fields& parent, const std::string& key) {
  const Fields f(parent.required_node(key), parent.file(), parent.child_path(key));
  LonLat p{f.number("lon"), f.number("lat")};
  if (p.lon < -180 || p.lon > 180) f.fail("lon", "a longitude in degrees (-180 to 180)");
  if (p.lat < -90 || p.lat > 90) f.fail("lat", "a latitude in degrees (-90 to 90)");
  f.reject_unknown();
  return p;
}

// A key's value as a sequence of mappings, or a ScenarioError pointing at it.
YAML::Node required_list(const Fields& f, const std::string& key) {
  const YAML::Node list = f.required_node(key);
  if (!list.IsSequence() || list.size() == 0) f.fail(key, "a non-empty list");
  return list;
}

TownSpec read_town(const Fields& f) {
  TownSpec t;
  t.id = f.text("id");
  t.name = f.text("name");
  t.name_local = f.text_or("name_local", "");
  t.short_name = f.text_or("short", t.name);
  t.short_local = f.text_or("short_local", t.name_local);
  f.required_node("population");
  t.population = static_cast<double>(f.integer_or("population", 0, 0, 100'000'000));
  t.area_km2 = f.positive("area_km2");
  f.required_node("grids");
  t.grids = static_cast<int>(f.integer_or("grids", 1, 1, 1000));
  f.required_node("staff");
  t.staff = static_cast<int>(f.integer_or("staff", 0, 0, 1'000'000));
  t.seed = read_lonlat(f, "seed");
  t.seed_where = io::where(f.file(), f.node("seed"));
  t.kind = f.choice_or("kind", spatial::kGridKinds, "");
  t.core_kind = f.choice_or("core_kind", spatial::kGridKinds, t.kind);
  if (!t.core_kind.empty() && t.kind.empty()) f.fail("kind", "a kind for the town when core_kind is given");
  t.low_lying = f.flag_or("low_lying", false);
  f.reject_unknown();
  return t;
}

LandmarkSpec read_landmark(const Fields& f) {
  LandmarkSpec l;
  l.name = f.text("name");
  l.name_local = f.text_or("name_local", "");
  l.at = LonLat{f.number("lon"), f.number("lat")};
  f.required_node("type");
  l.type = f.choice_or("type", kGridTypes, "");
  l.kind = f.choice_or("kind", spatial::kGridKinds, "");
  l.crowd_place = f.text_or("crowd_place", "");
  f.reject_unknown();
  return l;
}

UrbanCore read_core(const Fields& top) {
  const Fields f(top.required_node("urban_core"), top.file(), "urban_core");
  UrbanCore c;
  c.at = LonLat{f.number("lon"), f.number("lat")};
  c.peak = f.positive("peak");
  c.scale_km = f.positive("scale_km");
  f.reject_unknown();
  return c;
}

// river: {distance_m: 200, line: [[lon, lat], ...]}
River read_river(const Fields& top) {
  River r;
  if (!top.has("river")) return r;
  const Fields f(top.node("river"), top.file(), "river");
  r.distance_m = f.positive_or("distance_m", r.distance_m);
  const YAML::Node line = f.required_node("line");
  if (!line.IsSequence() || line.size() < 2) f.fail("line", "a list of at least two [lon, lat] points");
  for (const YAML::Node& point : line) {
    LonLat p;
    if (!point.IsSequence() || point.size() != 2 || !YAML::convert<double>::decode(point[0], p.lon) ||
        !YAML::convert<double>::decode(point[1], p.lat) || p.lon < -180 || p.lon > 180 || p.lat < -90 || p.lat > 90)
      f.fail_at(point, "line", "expected a point [lon, lat] in degrees");
    r.line.push_back(p);
  }
  f.reject_unknown();
  return r;
}

}  // namespace

TownsSpec load_towns_spec(const std::string& path) {
  const YAML::Node root = io::load_yaml_file(path);
  const Fields top(root, path, "");
  TownsSpec spec;
  spec.district = top.text("district");
  spec.note = top.text("note");
  spec.core = read_core(top);
  std::set<std::string> ids;
  const YAML::Node towns = required_list(top, "towns");
  for (std::size_t i = 0; i < towns.size(); ++i) {
    const Fields f(towns[i], path, fmt::format("towns[{}]", i));
    TownSpec town = read_town(f);
    if (!ids.insert(town.id).second)
      f.fail_at(f.node("id"), "id", fmt::format("expected a unique town id, got \"{}\" again", town.id));
    spec.towns.push_back(std::move(town));
  }
  if (top.has("landmarks")) {
    const YAML::Node landmarks = required_list(top, "landmarks");
    for (std::size_t i = 0; i < landmarks.size(); ++i)
      spec.landmarks.push_back(read_landmark(Fields(landmarks[i], path, fmt::format("landmarks[{}]", i))));
  }
  spec.river = read_river(top);
  if (top.has("workload_by_kind")) {
    const Fields w(top.node("workload_by_kind"), path, "workload_by_kind");
    for (const auto& entry : w.yaml()) {
      const std::string kind = entry.first.Scalar();
      if (std::find(spatial::kGridKinds.begin(), spatial::kGridKinds.end(), kind) == spatial::kGridKinds.end())
        w.fail_at(entry.first, kind, fmt::format("expected a grid kind ({})", fmt::join(spatial::kGridKinds, ", ")));
      spec.workload_by_kind[kind] = w.positive(kind);
    }
  }
  top.reject_unknown();
  return spec;
}

}  // namespace riskgrid::app
