#pragma once
// The default district's description (scenarios/putuo/towns.yaml): its towns with their published
// figures and seed points, the urban core that shapes the density field, and landmarks that give
// grids their type, and what gives grids their other attributes (kind, low_lying, riverside,
// crowd_place: spatial/grid_attributes.hpp). Plain values, validated once on load.
#include <map>
#include <string>
#include <vector>

namespace riskgrid::app {

struct LonLat {
  double lon = 0;
  double lat = 0;
};

struct TownSpec {
  std::string id;           ///< e.g. changshou; grid ids are "<id>-01" ...
  std::string name;         ///< English, e.g. "Changshou Road Subdistrict"
  std::string name_local;   ///< e.g. 长寿路街道
  std::string short_name;   ///< grid names: "<short> 1"
  std::string short_local;  ///< grid local names: "<short_local> 第1网格"
  double population = 0;
  double area_km2 = 0;  ///< target area; shares of the outline follow these
  int grids = 0;
  int staff = 0;
  LonLat seed;
  std::string seed_where;  ///< "file:line:column" of the seed, for errors found later
  std::string kind;        ///< grid kind (spatial::kGridKinds) of its grids; empty: none written
  std::string core_kind;   ///< kind of its densest grid without a landmark (typed mixed); default kind
  bool low_lying = false;  ///< its grids flood easily
};

struct LandmarkSpec {
  std::string name;
  std::string name_local;
  LonLat at;
  std::string type;         ///< one of kGridTypes
  std::string kind;         ///< grid kind of the grid holding it; empty: the town's
  std::string crowd_place;  ///< name of the crowd place it is, if it draws crowds; empty: none
};

/// Suzhou Creek (or any river) as a line; grids within `distance_m` of it are riverside.
struct River {
  std::vector<LonLat> line;
  double distance_m = 200;
};

struct UrbanCore {
  LonLat at;
  double peak = 1;      ///< density at the core relative to far away
  double scale_km = 3;  ///< Gaussian width of the fall-off
};

struct TownsSpec {
  std::string district;  ///< e.g. "Putuo District"
  std::string note;      ///< stored in the output files: internal borders are synthetic
  UrbanCore core;
  std::vector<TownSpec> towns;
  std::vector<LandmarkSpec> landmarks;
  River river;  ///< empty line: no riverside attribute
  /// Work per resident by grid kind (relative; a kind not listed: 1): a town's staff are shared among its
  /// grids by population x this, so staff follow the work; empty: by population alone.
  std::map<std::string, double> workload_by_kind;
};

inline const std::vector<std::string> kGridTypes{"residential", "commercial", "mixed", "campus"};

/// Reads and validates a towns file. Throws ScenarioError "file:line:column: key: expected ..." for
/// bad content (unknown keys with a did-you-mean, duplicate ids, out-of-range numbers) and IoError
/// when the file cannot be read.
TownsSpec load_towns_spec(const std::string& path);

}  // namespace riskgrid::app
