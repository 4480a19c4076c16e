#pragma once
// An incident history as a 12345-style CSV file, one incident per row:
//   id,created,closed,category,source,lon,lat,grid,town,department,status
// Times are local civil time "YYYY-MM-DD hh:mm:ss"; `closed` is empty while a case is open. `category`
// is a catalog id, `grid` a grid id of the district; `town` and `department` are written for people
// reading the file and are not read back (the grid and the catalog decide them).
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::incidents {

/// Writes `table` atomically (temporary file, then rename). lon/lat with 6 decimals (~0.1 m).
/// Throws IoError when the file cannot be written; InputError when a row's grid or category index is
/// outside the district or catalog.
void write_history_csv(const std::string& path, const IncidentTable& table, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog);

/// Reads a history, mapping columns by their header name (any order; unknown columns are ignored).
/// Required columns: id, created, category, grid, lon, lat; optional: closed, source, status (derived
/// from `closed` when absent). A bad row fails the whole read with InputError naming file, line and
/// column, e.g. "h.csv:7: column 'created': expected a time like 2025-01-31 08:00:00, got 'xyz'".
/// Throws IoError when the file cannot be opened.
IncidentTable read_history_csv(const std::string& path, const spatial::District& district,
                               const catalog::CategoryCatalog& catalog);

}  // namespace riskgrid::incidents
