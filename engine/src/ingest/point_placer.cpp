#include "riskgrid/engine/ingest/point_placer.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::ingest {

PointPlacer::PointPlacer(const std::string& crs, const geo::LocalProjection& projection,
                         const spatial::UnitLocator& locator)
    : projection_(projection), locator_(locator) {
  OGRSpatialReference source, wgs84;
  if (source.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
    throw ScenarioError(fmt::format("history crs '{}' is not a coordinate reference system", crs));
  wgs84.SetWellKnownGeogCS("WGS84");
  // Axis order lon, lat (x, y) whatever the authority says, as the district file promises.
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (source.IsSame(&wgs84)) return;
  to_lonlat_.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!to_lonlat_) throw ScenarioError(fmt::format("history crs '{}' cannot be transformed to WGS84 lon/lat", crs));
}

PointPlacer::~PointPlacer() = default;

void PointPlacer::place(const io::CsvChunk& chunk, Converted& rows) {
  const std::size_t n = rows.size();
  std::vector<double> sx(rows.x), sy(rows.y);  // source values, for messages
  ok_.assign(n, 1);
  if (to_lonlat_ && n > 0)
    to_lonlat_->Transform(static_cast<int>(n), rows.x.data(), rows.y.data(), nullptr, ok_.data());
  for (std::size_t i = 0; i < n; ++i) {
    if (ok_[i] && (!(std::abs(rows.x[i]) <= 180) || !(std::abs(rows.y[i]) <= 90))) ok_[i] = 0;
  }
  mx_ = rows.x;
  my_ = rows.y;
  projection_.to_metric(mx_, my_, ok_metric_);
  rows.unit.assign(n, 0);
  keep_.assign(n, 1);
  bool sort_needed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view raw = chunk.text(chunk.records[rows.span[i]]);
    if (!ok_[i] || !ok_metric_[i]) {
      rows.quarantined.push_back({rows.line[i], QuarantineReason::bad_coordinates, "",
                                  fmt::format("({}, {}) is not a place on earth in the history's CRS", sx[i], sy[i]),
                                  std::string(raw)});
    } else if (const auto unit = locator_.locate(geo::Point(mx_[i], my_[i]))) {
      rows.unit[i] = *unit;
      continue;
    } else {
      rows.quarantined.push_back({rows.line[i], QuarantineReason::outside_units, "",
                                  fmt::format("lon/lat ({:.6f}, {:.6f}) lies in no unit", rows.x[i], rows.y[i]),
                                  std::string(raw)});
    }
    keep_[i] = 0;
    sort_needed = true;
  }
  rows.compact(keep_);
  if (sort_needed)  // keep the quarantine in file order
    std::stable_sort(rows.quarantined.begin(), rows.quarantined.end(),
                     [](const Quarantined& a, const Quarantined& b) { return a.line < b.line; });
}

}  // namespace riskgrid::ingest
