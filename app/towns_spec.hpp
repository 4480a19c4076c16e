#pragma once
// The default district's description (scenarios/putuo/towns.yaml): its towns with their published
// figures and seed points, the urban core that shapes the density field, and landmarks that give
// grids their type. Plain values, validated once on load.
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
};

struct LandmarkSpec {
  std::string name;
  std::string name_local;
  LonLat at;
  std::string type;  ///< one of kGridTypes
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
};

inline const std::vector<std::string> kGridTypes{"residential", "commercial", "mixed", "campus"};

/// Reads and validates a towns file. Throws ScenarioError "file:line:column: key: expected ..." for
/// bad content (unknown keys with a did-you-mean, duplicate ids, out-of-range numbers) and IoError
/// when the file cannot be read.
TownsSpec load_towns_spec(const std::string& path);

}  // namespace riskgrid::app
