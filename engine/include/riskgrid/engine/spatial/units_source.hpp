#pragma once
// The `units:` block of a district.yaml: where a district's units come from when they are not
// riskgrid's own outline/towns/grids files. Either a vector file any GDAL driver reads (GeoJSON,
// ESRI Shapefile, GeoPackage, KML, ...) with the attribute that names a unit, or a regular square
// grid clipped to a boundary. Keys and defaults: docs/units.md.
#include <array>
#include <optional>
#include <string>

#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::spatial {

/// `units: square:` — cells of cell_m metres, clipped to a boundary file (the union of all its
/// features) or to a lon/lat extent.
struct SquareGridSpec {
  double cell_m = 0;
  std::string boundary;                                ///< resolved path, or empty with extent_lonlat
  std::optional<std::array<double, 4>> extent_lonlat;  ///< lon0, lat0, lon1, lat1
};

/// `towns: {path, id, name, layer, crs}` under units: towns from a second polygon file. Each unit's
/// town is the town polygon holding its centroid, else the one it overlaps most (a spatial join).
struct TownLayerSpec {
  std::string path;      ///< resolved
  std::string layer;     ///< empty: the first layer
  std::string id_field;  ///< required: the attribute naming a town
  std::string name_field;
  std::string crs;    ///< empty: the file's own
  std::string where;  ///< "file:line:col" of towns:
};

/// `population: {table: pop.csv, id: code, value: residents}`: each unit's population from a CSV
/// table, joined by unit id.
struct PopulationTableSpec {
  std::string path;  ///< resolved
  std::string id_column, value_column;
  std::string where;  ///< "file:line:col" of population:
};

struct UnitsSource {
  std::string path;              ///< resolved; empty for a square grid on an extent
  std::string layer;             ///< empty: the first layer
  std::string id_field;          ///< required with path
  std::string name_field;        ///< empty: the id
  std::string town_field;        ///< empty: one town, the whole district
  std::string population_field;  ///< empty: every unit 1
  std::string staff_field;       ///< empty: every unit 0
  std::string crs;               ///< empty: the file's own CRS (required when the file has none)
  std::optional<SquareGridSpec> square;
  std::optional<TownLayerSpec> towns;                   ///< instead of town_field
  std::optional<PopulationTableSpec> population_table;  ///< instead of population_field
  std::string where;                                    ///< "file:line:col" of the units: key, for messages
};

/// Reads a `units:` mapping. `dir` is the district file's folder; `data_dir` what `${data}` stands
/// for (empty when none was given: then `${data}` is an error). Every key is checked, unknown keys
/// get a did-you-mean, and a `crs:` PROJ cannot read is an error here. Throws ScenarioError.
UnitsSource parse_units_source(const io::Fields& units, const std::string& dir, const std::string& data_dir);

/// A path as written in a district file: `${data}` replaced by data_dir, then resolved against dir
/// unless absolute. Throws ScenarioError (naming `where`) for `${data}` without a data_dir or an
/// unknown `${...}` variable.
std::string resolve_data_path(const std::string& text, const std::string& dir, const std::string& data_dir,
                              const std::string& where);

}  // namespace riskgrid::spatial
