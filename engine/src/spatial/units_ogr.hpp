#pragma once
// Private helpers of units_io.cpp and square_grid.cpp: opening a layer of any vector file, the
// transformation of its CRS to lon/lat, and polygon geometry between OGR (GEOS) and geo::.
#include <memory>
#include <string>
#include <vector>

#include "io/ogr_util.hpp"
#include "riskgrid/engine/geo/geometry.hpp"

namespace riskgrid::spatial::units_ogr {
namespace ogr = io::ogr;

struct OpenLayer {
  ogr::DatasetPtr dataset;
  OGRLayer* layer = nullptr;
  std::string name;  ///< "file (layer 'x')", for messages
};

/// Opens `layer` of `path` (the first layer when empty). IoError when the file does not exist,
/// InputError when GDAL cannot read it as vector data or the layer is not there (naming the
/// layers).
OpenLayer open_layer(const std::string& path, const std::string& layer);

/// From the layer's CRS (or `crs_override` when not empty) to WGS84 lon/lat, axis order x = lon.
/// nullptr when the layer is in WGS84 lon/lat already. InputError when the layer has no CRS and no
/// override was given.
std::unique_ptr<OGRCoordinateTransformation> lonlat_transform(const OpenLayer& open, const std::string& crs_override);

/// The polygons of a Polygon, MultiPolygon or a collection holding them, flattened to 2D; nullptr
/// when the geometry has no polygon (a point, a line) or only empty ones.
std::unique_ptr<OGRMultiPolygon> polygonal(const OGRGeometry& geometry);

/// Union of polygonal geometries (GEOS), as a MultiPolygon; nullptr when empty or GEOS fails.
std::unique_ptr<OGRMultiPolygon> union_of(const std::vector<const OGRGeometry*>& parts);

/// OGR polygons to geo:: (rings put in geo::'s orientation).
geo::MultiPolygon to_geo(const OGRMultiPolygon& polygons);

/// geo:: polygons (any coordinates) to OGR.
std::unique_ptr<OGRMultiPolygon> to_ogr(const geo::MultiPolygon& shape);

}  // namespace riskgrid::spatial::units_ogr
