#pragma once
// A regular lattice over a district for map-based forecasts: incidents are binned on it, smoothed
// with a kernel and summed back per grid. Binning first makes a kernel map cost lattice x kernel
// instead of incidents x grid points (as in binned KDE, Wand 1994).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::models::hotspot {

struct Lattice {
  double x0 = 0, y0 = 0;  ///< south-west corner (metric)
  double cell = 100;
  std::size_t nx = 0, ny = 0;
  std::vector<std::int32_t> unit;     ///< [iy * nx + ix] grid covering the cell centre, -1 outside
  std::vector<std::size_t> fallback;  ///< [grid] the cell of its centroid (for grids no centre hits)

  /// The district's envelope grown by `pad` metres, cut in cells of `cell` metres (at most ~4 M).
  static Lattice over(const spatial::District& district, double cell, double pad);
  /// The cell holding metric point (x, y), or size() when outside.
  std::size_t cell_of(double x, double y) const;
  std::size_t size() const { return nx * ny; }
};

/// Metric positions of the incidents `rows` (lon/lat projected with the district's projection); a
/// row without usable coordinates takes its grid's centroid.
std::vector<geo::Point> incident_points(const incidents::IncidentTable& history, const std::vector<std::size_t>& rows,
                                        const spatial::District& district);

/// Gaussian smoothing in place (separable, truncated at 4 standard deviations of `sigma` metres).
void gaussian_smooth(const Lattice& lattice, std::vector<double>& surface, double sigma);

/// Smoothing in place with a radial kernel `weight(distance in metres)`, zero beyond `radius`.
void radial_smooth(const Lattice& lattice, std::vector<double>& surface, double radius,
                   const std::function<double(double)>& weight);

/// Per grid, the sum of the surface over the cells whose centre it covers (its centroid's cell when
/// none), times the cell area: the surface's mass in each grid.
std::vector<double> grid_mass(const Lattice& lattice, const std::vector<double>& surface, std::size_t grids);

}  // namespace riskgrid::models::hotspot
