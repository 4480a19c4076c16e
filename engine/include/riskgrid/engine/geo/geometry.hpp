#pragma once
// Planar geometry in a local metric CRS (metres). Boost.Geometry supplies the algorithms (area,
// intersection, covered_by, rtree); these aliases fix the one representation used everywhere.
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/box.hpp>

namespace riskgrid::geo {

namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;
/// Counter-clockwise outer rings, clockwise holes, closed (first point repeated), as GeoJSON.
using Polygon = bg::model::polygon<Point, /*ClockWise=*/false, /*Closed=*/true>;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
using Ring = Polygon::ring_type;

}  // namespace riskgrid::geo
