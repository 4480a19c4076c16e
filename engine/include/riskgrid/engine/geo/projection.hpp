#pragma once
// A local transverse Mercator projection centred on a district: lon/lat (WGS84 order lon, lat) <-> metres.
// Distortion is below 0.01% within 50 km of the centre, so areas and distances are usable as is.
#include <memory>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"

namespace riskgrid::geo {

class LocalProjection {
 public:
  /// Centre of the projection in degrees.
  LocalProjection(double lon0, double lat0);
  ~LocalProjection();
  LocalProjection(const LocalProjection& other);
  LocalProjection& operator=(const LocalProjection& other);
  /// Moves keep the built transforms (a copy asks PROJ for new ones, which is slow); a moved-from
  /// projection may only be assigned to or destroyed.
  LocalProjection(LocalProjection&& other) noexcept;
  LocalProjection& operator=(LocalProjection&& other) noexcept;

  Point to_metric(double lon, double lat) const;
  Point to_lonlat(const Point& metric) const;  ///< x = lon, y = lat
  /// Many points at once (PROJ is much faster in batches), in place; ok[i] = 0 where a point cannot
  /// be projected. Not thread-safe on one object: copy the projection per thread.
  void to_metric(std::vector<double>& lon_x, std::vector<double>& lat_y, std::vector<int>& ok) const;
  MultiPolygon to_metric(const MultiPolygon& lonlat) const;
  MultiPolygon to_lonlat(const MultiPolygon& metric) const;
  double lon0() const { return lon0_; }
  double lat0() const { return lat0_; }

 private:
  struct Transforms;
  double lon0_;
  double lat0_;
  std::unique_ptr<Transforms> transforms_;
};

/// The projection a district uses: centred on the (planar, in degrees) centroid of its lon/lat
/// outline, so that every reader of the same outline gets the same metric coordinates.
/// Throws InputError when the outline is empty.
LocalProjection projection_centred_on(const MultiPolygon& lonlat);

}  // namespace riskgrid::geo
