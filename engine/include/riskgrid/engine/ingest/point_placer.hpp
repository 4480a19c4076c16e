#pragma once
// The points of a chunk of converted rows: from the source CRS to lon/lat (WGS84) and the district's
// metric CRS in batches (PROJ is far faster on arrays than point by point), then onto units. One
// placer per thread: OGR coordinate transformations are not thread-safe.
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/engine/geo/projection.hpp"
#include "riskgrid/engine/ingest/row_convert.hpp"
#include "riskgrid/engine/spatial/unit_locator.hpp"

class OGRCoordinateTransformation;

namespace riskgrid::ingest {

class PointPlacer {
 public:
  /// Throws ScenarioError when `crs` cannot be transformed to WGS84.
  PointPlacer(const std::string& crs, const geo::LocalProjection& projection, const spatial::UnitLocator& locator);
  ~PointPlacer();
  PointPlacer(const PointPlacer&) = delete;
  PointPlacer& operator=(const PointPlacer&) = delete;

  /// Replaces rows' x/y by lon/lat, fills `unit`, and moves rows that cannot be placed to the
  /// quarantine (bad_coordinates, outside_units) with the raw text from `chunk`.
  void place(const io::CsvChunk& chunk, Converted& rows);

 private:
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat_;  // null when the source is lon/lat WGS84
  geo::LocalProjection projection_;
  const spatial::UnitLocator& locator_;
  std::vector<double> mx_, my_;
  std::vector<int> ok_, ok_metric_;
  std::vector<std::uint8_t> keep_;
};

}  // namespace riskgrid::ingest
