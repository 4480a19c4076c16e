#pragma once
// Reading and writing a district's units as GeoJSON (through GDAL/OGR), with the attributes
// id, name, name_local (optional), town (a grid's parent), population, staff, type and area_km2
// (written for readers; recomputed on load), then the unit's other attributes (Unit::attributes: text,
// or GeoJSON true/false where every value is "true" or "false", which GDAL reads back as "1"/"0";
// spatial/grid_attributes.hpp flag_of reads both). Geometry on disk is lon/lat (axis order lon, lat),
// coordinates rounded to 6 decimals (about 0.1 m). Any GDAL vector format can be read.
#include <string>
#include <vector>

#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

/// Reads a polygon outline (first feature, Polygon or MultiPolygon) in lon/lat.
geo::MultiPolygon read_outline_lonlat(const std::string& path);

/// Loads a district: the outline, the towns and the grids files (GeoJSON written by write_units).
/// The projection is centred on the outline. Throws InputError naming the file and feature on bad data.
spatial::District load_district(const std::string& outline_path, const std::string& towns_path,
                                const std::string& grids_path, const std::string& name);

/// Writes units (metric, projected back to lon/lat with `projection`) as a GeoJSON FeatureCollection,
/// atomically. `note` is stored as a top-level "description" member (e.g. "internal borders are synthetic").
void write_units(const std::string& path, const std::vector<spatial::Unit>& units,
                 const geo::LocalProjection& projection, const std::string& note);

}  // namespace riskgrid::spatial
