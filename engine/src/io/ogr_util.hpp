#pragma once
// Private helpers shared by the GDAL/OGR readers and writers in engine/src/io (district_io.cpp,
// gis_export.cpp): driver registration, dataset ownership, quiet error capture and the geometry
// and CRS our files use on disk (WGS84 lon/lat).
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <string_view>

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

/// A file GDAL writes in memory (/vsimem/), removed with the side files SQLite makes beside it. Our
/// writers let GDAL write there and put the bytes on the disk themselves (io::write_file): some
/// drivers ignore a failed write, so a full disk would otherwise leave a layer cut off mid-object
/// under its final name, and the error would not say why.
class MemoryFile {
 public:
  /// `filename` keeps its extension, which some drivers check (GeoPackage); no one else sees it.
  explicit MemoryFile(std::string_view filename);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }
  /// What GDAL wrote (valid until destruction); empty when it wrote nothing.
  std::string_view bytes() const;

 private:
  std::string path_;
};

/// WGS84 lon/lat (EPSG:4326) with x = lon, y = lat, the order GeoJSON and QGIS expect.
OGRSpatialReference lonlat_srs();

/// A lon/lat MultiPolygon as an OGR geometry (rings as they are; no reprojection).
std::unique_ptr<OGRMultiPolygon> to_ogr(const geo::MultiPolygon& lonlat);

}  // namespace riskgrid::io::ogr
