#include "riskgrid/engine/geo/projection.hpp"

#include <ogr_spatialref.h>

#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::geo {

// Both directions are built once per projection: creating an OGRCoordinateTransformation asks PROJ
// to resolve the pipeline, which costs far more than transforming a few thousand points.
struct LocalProjection::Transforms {
  OGRSpatialReference lonlat;
  OGRSpatialReference metric;
  std::unique_ptr<OGRCoordinateTransformation> forward;  // lon/lat -> metres
  std::unique_ptr<OGRCoordinateTransformation> inverse;  // metres -> lon/lat

  Transforms(double lon0, double lat0) {
    lonlat.SetWellKnownGeogCS("WGS84");
    // GDAL 3 would otherwise use the authority's axis order (lat, lon) for EPSG:4326.
    lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const std::string proj4 = fmt::format(
        "+proj=tmerc +lat_0={:.9f} +lon_0={:.9f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", lat0, lon0);
    if (metric.importFromProj4(proj4.c_str()) != OGRERR_NONE)
      throw InputError(fmt::format("cannot build a projection centred on ({}, {})", lon0, lat0));
    metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    forward.reset(OGRCreateCoordinateTransformation(&lonlat, &metric));
    inverse.reset(OGRCreateCoordinateTransformation(&metric, &lonlat));
    if (!forward || !inverse)
      throw InputError(fmt::format("cannot build a projection centred on ({}, {})", lon0, lat0));
  }
};

LocalProjection::LocalProjection(double lon0, double lat0)
    : lon0_(lon0), lat0_(lat0), transforms_(std::make_unique<Transforms>(lon0, lat0)) {}

LocalProjection::~LocalProjection() = default;

// OGR transformations are not copyable; a copy rebuilds its own from the centre.
LocalProjection::LocalProjection(const LocalProjection& other)
    : lon0_(other.lon0_), lat0_(other.lat0_), transforms_(std::make_unique<Transforms>(other.lon0_, other.lat0_)) {}

LocalProjection& LocalProjection::operator=(const LocalProjection& other) {
  if (this != &other) {
    transforms_ = std::make_unique<Transforms>(other.lon0_, other.lat0_);
    lon0_ = other.lon0_;
    lat0_ = other.lat0_;
  }
  return *this;
}

LocalProjection::LocalProjection(LocalProjection&& other) noexcept = default;
LocalProjection& LocalProjection::operator=(LocalProjection&& other) noexcept = default;

namespace {

void transform_in_place(OGRCoordinateTransformation& ct, std::vector<double>& x, std::vector<double>& y,
                        const char* direction) {
  if (x.empty()) return;
  std::vector<int> ok(x.size(), 0);
  if (!ct.Transform(static_cast<int>(x.size()), x.data(), y.data(), nullptr, ok.data()))
    throw InputError(fmt::format("cannot project coordinates ({})", direction));
  for (std::size_t i = 0; i < ok.size(); ++i) {
    if (!ok[i]) throw InputError(fmt::format("cannot project point ({}, {}) ({})", x[i], y[i], direction));
  }
}

// Transforms every vertex of every ring in one call per ring (PROJ is much faster in batches).
MultiPolygon transform_shape(OGRCoordinateTransformation& ct, const MultiPolygon& in, const char* direction) {
  MultiPolygon out = in;
  std::vector<double> x, y;
  auto apply = [&](Ring& ring) {
    x.clear();
    y.clear();
    for (const Point& p : ring) {
      x.push_back(p.x());
      y.push_back(p.y());
    }
    transform_in_place(ct, x, y, direction);
    for (std::size_t i = 0; i < ring.size(); ++i) ring[i] = Point(x[i], y[i]);
  };
  for (Polygon& poly : out) {
    apply(poly.outer());
    for (Ring& hole : poly.inners()) apply(hole);
  }
  return out;
}

}  // namespace

Point LocalProjection::to_metric(double lon, double lat) const {
  std::vector<double> x{lon}, y{lat};
  transform_in_place(*transforms_->forward, x, y, "lon/lat to metres");
  return {x[0], y[0]};
}

void LocalProjection::to_metric(std::vector<double>& lon_x, std::vector<double>& lat_y, std::vector<int>& ok) const {
  ok.assign(lon_x.size(), 0);
  if (lon_x.empty()) return;
  transforms_->forward->Transform(static_cast<int>(lon_x.size()), lon_x.data(), lat_y.data(), nullptr, ok.data());
}

Point LocalProjection::to_lonlat(const Point& metric) const {
  std::vector<double> x{metric.x()}, y{metric.y()};
  transform_in_place(*transforms_->inverse, x, y, "metres to lon/lat");
  return {x[0], y[0]};
}

MultiPolygon LocalProjection::to_metric(const MultiPolygon& lonlat) const {
  return transform_shape(*transforms_->forward, lonlat, "lon/lat to metres");
}

MultiPolygon LocalProjection::to_lonlat(const MultiPolygon& metric) const {
  return transform_shape(*transforms_->inverse, metric, "metres to lon/lat");
}

LocalProjection projection_centred_on(const MultiPolygon& lonlat) {
  if (lonlat.empty()) throw InputError("cannot centre a projection on an empty outline");
  Point c(0, 0);
  bg::centroid(lonlat, c);
  return LocalProjection(c.x(), c.y());
}

}  // namespace riskgrid::geo
