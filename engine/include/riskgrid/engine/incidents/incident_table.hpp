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
  std::vector<std::string> source;      ///< e.g. hotline, grid_patrol, petition
  std::vector<double> lon;
  std::vector<double> lat;
  std::vector<std::string> status;
  std::vector<std::string> department;  ///< as the source wrote it; may be empty (not every reader fills it)

  std::size_t size() const { return created.size(); }
};

}  // namespace riskgrid::incidents
