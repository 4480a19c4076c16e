#pragma once
// Planar geometry in a local metric CRS (metres). Boost.Geometry supplies the algorithms (area,
// intersection, covered_by, rtree); these aliases fix the one representation used everywhere.
// GCC 12 at -O2 reports -Wmaybe-uninitialized inside Boost 1.74's envelope and rescale-policy code
// (false positives: the values are set before use). The warning is tied to the header's lines, so
// silencing it around the includes keeps it active for our own code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/box.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace riskgrid::geo {

namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;
/// Counter-clockwise outer rings, clockwise holes, closed (first point repeated), as GeoJSON.
using Polygon = bg::model::polygon<Point, /*ClockWise=*/false, /*Closed=*/true>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
using Ring = Polygon::ring_type;

}  // namespace riskgrid::geo
