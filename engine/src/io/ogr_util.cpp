#include "io/ogr_util.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

namespace riskgrid::io::ogr {

void register_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

QuietErrors::QuietErrors() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}

QuietErrors::~QuietErrors() { CPLPopErrorHandler(); }

std::string QuietErrors::last() {
  const std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? std::string() : ": " + msg;
}

MemoryFile::MemoryFile(std::string_view filename) {
  static std::atomic<unsigned> counter{0};
  path_ = fmt::format("/vsimem/riskgrid-{}-{}/{}", ::getpid(), counter++, filename);
}

MemoryFile::~MemoryFile() {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) VSIUnlink((path_ + suffix).c_str());
}

std::string_view MemoryFile::bytes() const {
  vsi_l_offset size = 0;
  const GByte* data = VSIGetMemFileBuffer(path_.c_str(), &size, /*bUnlinkAndSeize=*/FALSE);
  if (data == nullptr) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

OGRSpatialReference lonlat_srs() {
  OGRSpatialReference lonlat;
  lonlat.SetWellKnownGeogCS("WGS84");
  // GDAL 3 would otherwise use the authority's axis order (lat, lon) for EPSG:4326.
  lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return lonlat;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const geo::MultiPolygon& lonlat) {
  auto out = std::make_unique<OGRMultiPolygon>();
  auto ring = [](const geo::Ring& in) {
    auto r = std::make_unique<OGRLinearRing>();
    for (const geo::Point& p : in) r->addPoint(p.x(), p.y());
    return r;
  };
  for (const geo::Polygon& polygon : lonlat) {
    OGRPolygon p;
    p.addRingDirectly(ring(polygon.outer()).release());
    for (const geo::Ring& hole : polygon.inners()) p.addRingDirectly(ring(hole).release());
    out->addGeometry(&p);
  }
  return out;
}

}  // namespace riskgrid::io::ogr
