#pragma once
// Builds a district from a `units:` block (spatial::UnitsSource): the polygons of a vector file any GDAL
// driver reads, in any CRS, or a square grid clipped to a boundary. Everything is reprojected to
// lon/lat and then to the district's local projection (centred on the outline, as load_district
// does), so distances and areas are in metres. What the file format means for each key:
// docs/units.md.
#include <cstddef>
#include <string>
#include <vector>

#include "riskgrid/engine/spatial/units_source.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

/// A district and what loading it noticed (features skipped or repaired), for the command to print.
struct UnitsLoad {
  spatial::District district;
  std::size_t features = 0;           ///< features read from the file (0 for a square grid on an extent)
  std::size_t skipped_empty_id = 0;   ///< features whose id attribute is empty or null: not units
  std::size_t merged_features = 0;    ///< features folded into an earlier feature with the same id
  std::size_t repaired = 0;           ///< invalid geometries made valid (GEOS MakeValid)
  std::vector<std::string> warnings;  ///< one line each, naming the file and feature numbers
};

/// Loads the units (grids) and groups them into towns: by the `town` attribute (a town's shape is
/// the union of its units, its population and staff their sums) or one town that is the whole
/// district. The outline is the union of the units, or the square grid's boundary/extent. Throws
/// IoError when a file cannot be read, InputError naming file, layer, feature number and attribute
/// when the data cannot be used, ScenarioError for a bad `crs:`.
UnitsLoad load_units(const UnitsSource& source, const std::string& name);

/// load_units(...).district, for callers that do not report warnings.
spatial::District load_units_district(const UnitsSource& source, const std::string& name);

/// The id of the single town of a district whose units file has no `town` attribute.
inline constexpr const char* kWholeDistrictTown = "district";

}  // namespace riskgrid::spatial
