#pragma once
// Incidents as columns (structure of arrays), each row mapped to a grid and a category of the district.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::incidents {

struct IncidentTable {
  std::vector<std::string> id;
  std::vector<time::Seconds> created;
  std::vector<time::Seconds> closed;  ///< -1 when still open
  std::vector<std::uint16_t> category;  ///< index into the catalog
  std::vector<std::uint32_t> grid;      ///< index into District::grids
  std::vector<std::string> source;      ///< e.g. hotline, grid_patrol, petition; empty = none known
  std::vector<double> lon;
  std::vector<double> lat;
  std::vector<std::string> status;      ///< empty = derived from closed ("open" / "closed")
  /// As the source wrote it; empty = none known. Ingest leaves source, status and department empty
  /// unless the data has them, so that a city's decade of rows costs only the columns it has.
  std::vector<std::string> department;

  std::size_t size() const { return created.size(); }
};

}  // namespace riskgrid::incidents
