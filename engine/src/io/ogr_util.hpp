#pragma once
// Private helpers shared by the GDAL/OGR readers and writers in engine/src/io (district_io.cpp,
// gis_export.cpp): driver registration, dataset ownership, quiet error capture and the geometry
// and CRS our files use on disk (WGS84 lon/lat).
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>

#include "riskgrid/engine/geo/geometry.hpp"

namespace riskgrid::io::ogr {

/// Registers GDAL's drivers once per process (thread-safe).
void register_drivers();

struct DatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
/// Owns an open dataset; closing it is what flushes a file being written.
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// GDAL reports problems through a global handler that prints to stderr; while we turn them into
/// exceptions with the file name, keep it quiet and read the last message instead.
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  /// ": <last GDAL message>", or "" when there is none (ready to append to our own message).
  static std::string last();
};

/// WGS84 lon/lat (EPSG:4326) with x = lon, y = lat, the order GeoJSON and QGIS expect.
OGRSpatialReference lonlat_srs();

/// A lon/lat MultiPolygon as an OGR geometry (rings as they are; no reprojection).
std::unique_ptr<OGRMultiPolygon> to_ogr(const geo::MultiPolygon& lonlat);

}  // namespace riskgrid::io::ogr
