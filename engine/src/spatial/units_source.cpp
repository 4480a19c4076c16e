#include "riskgrid/engine/spatial/units_source.hpp"

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include <filesystem>

#include "io/ogr_util.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/input_file.hpp"

namespace riskgrid::spatial {
namespace ogr = io::ogr;

namespace fs = std::filesystem;

namespace {

constexpr const char* kDataVariable = "${data}";

// A CRS PROJ cannot read is caught while reading the district file, where the message can point at
// the key, rather than when the units file is opened.
void check_crs(const io::Fields& units) {
  if (!units.has("crs")) return;
  const std::string crs = units.text("crs");
  OGRSpatialReference srs;
  ogr::QuietErrors quiet;  // PROJ's own message goes to stderr otherwise; ours names the key
  if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
    units.fail("crs", "a CRS PROJ knows, like EPSG:2913 or EPSG:4326");
}

// [lo, hi] of one axis of `extent:`, inside [-limit, limit] and increasing.
std::array<double, 2> read_range(const io::Fields& extent, const char* key, double limit) {
  const YAML::Node n = extent.required_node(key);
  const std::string expected = fmt::format("two increasing numbers within [-{0}, {0}], like [lo, hi]", limit);
  if (!n.IsSequence() || n.size() != 2) extent.fail(key, expected);
  std::array<double, 2> out{};
  for (std::size_t i = 0; i < 2; ++i) {
    try {
      out[i] = n[i].as<double>();
    } catch (const YAML::Exception&) {
      extent.fail(key, expected);
    }
  }
  if (!(out[0] < out[1]) || out[0] < -limit || out[1] > limit) extent.fail(key, expected);
  return out;
}

SquareGridSpec read_square(const io::Fields& square, const std::string& dir, const std::string& data_dir) {
  SquareGridSpec spec;
  spec.cell_m = square.positive("cell_m");
  if (square.has("boundary") == square.has("extent"))
    square.fail(square.has("boundary") ? "extent" : "boundary",
                "exactly one of boundary (a polygon file) and extent ({lon: [lo, hi], lat: [lo, hi]})");
  if (square.has("boundary")) {
    spec.boundary = resolve_data_path(square.text("boundary"), dir, data_dir,
                                      io::where(square.file_of("boundary"), square.node("boundary")));
  } else {
    if (!square.node("extent").IsMap()) square.fail("extent", "{lon: [lo, hi], lat: [lo, hi]}");
    const io::Fields extent = square.child("extent");
    const auto lon = read_range(extent, "lon", 180);
    const auto lat = read_range(extent, "lat", 90);
    extent.reject_unknown();
    spec.extent_lonlat = std::array<double, 4>{lon[0], lat[0], lon[1], lat[1]};
  }
  square.reject_unknown();
  return spec;
}

// Attribute names: optional, but when written they must be a non-empty string.
std::string attribute(const io::Fields& units, const char* key) {
  if (!units.has(key)) return {};
  const std::string name = units.text(key);
  if (name.empty()) units.fail(key, "the name of an attribute of the units file");
  return name;
}

}  // namespace

std::string resolve_data_path(const std::string& text, const std::string& dir, const std::string& data_dir,
                              const std::string& where);

namespace {

std::string path_key(const io::Fields& f, const char* key, const std::string& dir, const std::string& data_dir) {
  const std::string where = io::where(f.file_of(key), f.node(key));
  const std::string path = resolve_data_path(f.text(key), dir, data_dir, where);
  if (!fs::is_directory(path)) io::check_input_file(path, fmt::format("{}: {}", where, f.child_path(key)));
  return path;
}

TownLayerSpec read_town_layer(const io::Fields& units, const std::string& dir, const std::string& data_dir) {
  if (!units.node("towns").IsMap()) units.fail("towns", "a mapping: {path: towns.geojson, id: attribute}");
  const io::Fields t = units.child("towns");
  TownLayerSpec spec;
  spec.where = io::where(units.file_of("towns"), units.node("towns"));
  spec.path = path_key(t, "path", dir, data_dir);
  spec.id_field = t.text("id");
  if (spec.id_field.empty()) t.fail("id", "the name of the attribute that identifies a town");
  spec.name_field = attribute(t, "name");
  spec.layer = attribute(t, "layer");
  check_crs(t);
  spec.crs = t.text_or("crs", "");
  t.reject_unknown();
  return spec;
}

PopulationTableSpec read_population_table(const io::Fields& units, const std::string& dir,
                                          const std::string& data_dir) {
  const io::Fields p = units.child("population");
  PopulationTableSpec spec;
  spec.where = io::where(units.file_of("population"), units.node("population"));
  spec.path = path_key(p, "table", dir, data_dir);
  spec.id_column = p.text("id");
  spec.value_column = p.text("value");
  if (spec.id_column.empty()) p.fail("id", "the column of the table holding unit ids");
  if (spec.value_column.empty()) p.fail("value", "the column of the table holding the population");
  p.reject_unknown();
  return spec;
}

}  // namespace

std::string resolve_data_path(const std::string& text, const std::string& dir, const std::string& data_dir,
                              const std::string& where) {
  std::string path = text;
  const std::size_t at = path.find(kDataVariable);
  if (at != std::string::npos) {
    if (data_dir.empty())
      throw ScenarioError(
          fmt::format("{}: {} needs a data folder: set data_dir: in the district file, RISKGRID_DATA_DIR, or "
                      "--data-dir",
                      where, kDataVariable));
    path.replace(at, std::string(kDataVariable).size(), data_dir);
  }
  if (const std::size_t other = path.find("${"); other != std::string::npos)
    throw ScenarioError(fmt::format("{}: expected {} as the only variable, got \"{}\"", where, kDataVariable, text));
  if (path.empty()) throw ScenarioError(fmt::format("{}: expected a path, got \"\"", where));
  const fs::path p(path);
  return io::canonical_path((p.is_absolute() ? p : fs::path(dir) / p).string(), where);
}

UnitsSource parse_units_source(const io::Fields& units, const std::string& dir, const std::string& data_dir) {
  UnitsSource s;
  s.where = io::where(units.file(), units.yaml());
  if (units.has("path") == units.has("square"))
    units.fail(units.has("path") ? "square" : "path",
               "exactly one of path (a polygon file) and square (a regular grid)");
  s.layer = attribute(units, "layer");
  check_crs(units);
  s.crs = units.text_or("crs", "");
  if (units.has("square")) {
    if (!units.node("square").IsMap()) units.fail("square", "a mapping with cell_m and boundary or extent");
    s.square = read_square(units.child("square"), dir, data_dir);
    s.path = s.square->boundary;
  } else {
    s.path = resolve_data_path(units.text("path"), dir, data_dir, io::where(units.file_of("path"), units.node("path")));
    // A folder is fine (GDAL reads a folder of shapefiles); a device or FIFO would hang the reader.
    if (!fs::is_directory(s.path))
      io::check_input_file(s.path, fmt::format("{}: {}", io::where(units.file_of("path"), units.node("path")),
                                               units.child_path("path")));
    s.id_field = units.text("id");
    if (s.id_field.empty()) units.fail("id", "the name of the attribute that identifies a unit");
    s.name_field = attribute(units, "name");
    s.town_field = attribute(units, "town");
    if (units.has("towns")) {
      if (units.has("town")) units.fail("towns", "either town: (an attribute) or towns: (a file of towns), not both");
      s.towns = read_town_layer(units, dir, data_dir);
    }
    if (units.has("population") && units.node("population").IsMap())
      s.population_table = read_population_table(units, dir, data_dir);
    else
      s.population_field = attribute(units, "population");
    s.staff_field = attribute(units, "staff");
  }
  // With square:, id/name/town/population/staff are never asked for, so reject_unknown names them.
  units.reject_unknown();
  return s;
}

}  // namespace riskgrid::spatial
