#include "towns_spec.hpp"

#include <set>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

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
  top.reject_unknown();
  return spec;
}

}  // namespace riskgrid::app
