#pragma once
// A deterministic partition of a metric outline into regions of given area shares and of each
// region into sub-units, for districts whose internal borders are not published.
//
// Regions are the cells of a power diagram (a weighted Voronoi diagram: cell i is the set of points
// x with |x - p_i|^2 - w_i <= |x - p_j|^2 - w_j for all j) whose weights are iterated until every
// cell's area matches its share of the outline. Sub-units are the Voronoi cells of a
// density-weighted k-means (Lloyd) clustering of lattice points inside their region, so they are
// smaller where the density is higher. Where a cell clipped to a non-convex outline falls apart,
// its detached pieces join the touching neighbour nearest in power distance (before areas are
// measured, so the area match holds for the final shapes). The same inputs give bit-identical
// output: every loop runs in a fixed order, ties go to the lower index, and no step draws random
// numbers.
#include <cstddef>
#include <string>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"

namespace riskgrid::spatial {

struct RegionSpec {
  std::string id;         ///< only used in error messages
  double area_share = 0;  ///< relative target area (> 0); shares are normalised to sum to 1
  geo::Point seed;        ///< metric site of the power diagram; must lie inside the outline
  int sub_units = 1;      ///< number of sub-units (>= 1)
  double population = 0;  ///< rounded, then split over the sub-units by density mass
  int quota = 0;          ///< an integer total split over the sub-units in proportion to population
};

/// A smooth density: 1 far away, `peak` at `centre`, falling off as a Gaussian of width `scale_m`.
struct RadialDensity {
  geo::Point centre{0, 0};
  double peak = 1;  ///< default: uniform density
  double scale_m = 1000;
  double operator()(const geo::Point& p) const;
};

struct PartitionOptions {
  double lattice_spacing_m = 50;        ///< sample points for area estimates and k-means
  int lattice_weight_iterations = 200;  ///< coarse power-weight updates on lattice areas
  int exact_weight_iterations = 400;    ///< refinement on exact polygon areas (upper bound)
  /// Refinement stops once every region is this close (relative). Boost.Geometry's overlay rounds
  /// to an internal grid, which puts a floor of about 1e-7 under the reachable error.
  double area_tolerance = 1e-6;
  int lloyd_iterations = 40;  ///< k-means iterations per region (fixed: no early stop)
  RadialDensity density;
};

struct SubUnitCell {
  geo::MultiPolygon shape;  ///< Voronoi cell of `seed` clipped to the region
  geo::Point seed;          ///< density-weighted centroid of the cell's lattice points
  double density_mass = 0;  ///< integral of the density over the cell (lattice estimate, m^2)
  double population = 0;    ///< whole number; the region's sub-units sum to its rounded population
  int quota = 0;            ///< the region's sub-units sum to its quota
};

struct RegionCell {
  geo::MultiPolygon shape;  ///< power cell clipped to the outline
  double weight = 0;        ///< power-diagram weight w_i (m^2)
  double target_area_m2 = 0;
  std::vector<SubUnitCell> sub_units;  ///< ordered north to south (seed y descending), then x
};

struct Partition {
  std::vector<RegionCell> regions;  ///< same order as the specs
  double max_area_error = 0;        ///< max over regions of |area - target| / target
};

/// Partitions `outline` (metric). Throws InputError for an empty outline, no regions, a share <= 0,
/// sub_units < 1, a negative population or quota, a seed outside the outline, or a region with
/// fewer lattice points than sub-units (use a finer lattice).
Partition partition_outline(const geo::MultiPolygon& outline, const std::vector<RegionSpec>& regions,
                            const PartitionOptions& options);

/// The power cell of site `i` (weights in m^2) clipped to `clip`; empty when the cell misses it.
geo::MultiPolygon power_cell(const std::vector<geo::Point>& sites, const std::vector<double>& weights, std::size_t i,
                             const geo::MultiPolygon& clip);

/// All power cells of `sites` clipped to `clip`. A cell that falls apart keeps its largest piece;
/// each other piece joins the touching cell whose site is nearest in power distance.
std::vector<geo::MultiPolygon> power_cells(const std::vector<geo::Point>& sites, const std::vector<double>& weights,
                                           const geo::MultiPolygon& clip);

/// Splits `total` into integers proportional to `weights` (largest remainder; ties to the lower
/// index). All-zero weights split evenly. The parts always sum to `total`.
std::vector<long long> largest_remainder(long long total, const std::vector<double>& weights);

}  // namespace riskgrid::spatial
