#pragma once
// The results of one scenario as a GIS layer (GeoJSON or GeoPackage through GDAL/OGR): one feature
// per grid in WGS84 lon/lat with the horizon totals, the risk level and what drives it, named so a
// QGIS user can style and filter without a key. Attributes: docs/gis-layers.md.
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::results {

/// Writes `results` for every grid of `district` as one layer named after the scenario, atomically
/// (a temporary file with the same extension beside `path`, renamed when complete).
/// The format follows the extension, case-insensitively: `.geojson` (GeoJSON, coordinates to 6
/// decimals) or `.gpkg` (GeoPackage). Geometry is the grid's shape projected to lon/lat (EPSG:4326,
/// x = lon) as a MultiPolygon; the layer's description carries the scenario title and the units.
/// @throws ScenarioError when the extension is neither (the message lists the known ones);
///         std::invalid_argument when an array's size does not match the district or catalog, or a
///         risk level has no band; IoError when the file cannot be written (nothing is left
///         behind).
void write_results_layer(const std::string& path, const spatial::District& district,
                         const results::ScenarioResults& results, const catalog::CategoryCatalog& catalog);

}  // namespace riskgrid::results
