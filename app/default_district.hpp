#pragma once
// Builds the embedded default district: partitions a real district outline into the towns of a
// towns file and their grids (spatial::partition_outline), then names and types the units.
#include <string>
#include <vector>

#include "riskgrid/engine/geo/projection.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/spatial/partition.hpp"
#include "towns_spec.hpp"

namespace riskgrid::app {

struct DefaultDistrict {
  spatial::District district;          ///< projection, outline, towns and grids (metric)
  std::vector<double> town_target_m2;  ///< per town, the area its share of the outline asks for
  double max_area_error = 0;           ///< max over towns of |area - target| / target
  std::vector<std::string> notes;      ///< e.g. landmarks that found no untyped grid
};

/// Reads the outline (lon/lat), projects it as load_district does, and partitions it.
/// Throws InputError for an unusable outline or a seed outside it, IoError when unreadable.
DefaultDistrict build_default_district(const std::string& outline_path, const TownsSpec& spec);

}  // namespace riskgrid::app
