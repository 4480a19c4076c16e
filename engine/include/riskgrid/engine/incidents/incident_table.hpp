#pragma once
// Incidents as columns (structure of arrays), each row mapped to a grid and a category of the district.
// About 40 bytes a row plus the id's text: ids share one buffer, source/department/status are codes
// into their few values (text_columns.hpp), so ten million rows fit in ~0.5 GB.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "riskgrid/engine/incidents/text_columns.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::incidents {

struct IncidentTable {
  StringColumn id;
  std::vector<time::Seconds> created;
  std::vector<time::Seconds> closed;    ///< -1 when still open
  std::vector<std::uint16_t> category;  ///< index into the catalog
  std::vector<std::uint32_t> grid;      ///< index into District::grids
  CodedColumn source;                   ///< e.g. hotline, grid_patrol, petition; empty = none known
  std::vector<double> lon;
  std::vector<double> lat;
  CodedColumn status;  ///< empty = derived from closed ("open" / "closed")
  /// As the source wrote it; empty = none known. Ingest leaves source, status and department empty
  /// unless the data has them, so that a city's decade of rows costs only the columns it has.
  CodedColumn department;

  std::size_t size() const { return created.size(); }
};

}  // namespace riskgrid::incidents
