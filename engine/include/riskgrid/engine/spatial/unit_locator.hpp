#pragma once
// Point -> unit: which of a district's grids a coordinate falls in, for millions of incidents.
//
// The index is a uniform bucket grid over the units' bounding box (why not an R-tree: see
// unit_locator.cpp). A bucket that no unit border crosses answers at once (its unit, or "outside");
// a bucket a border crosses keeps its candidate units, ascending, and the edges of each unit that
// lie in the bucket's row band, so a query tests a handful of edges rather than whole polygons.
//
// Containment is of the CLOSED shape (border included, holes excluded, every polygon of a
// MultiPolygon) and a point goes to the lowest-index unit that contains it, so a point on a border
// two units share goes to the same one on every run and every machine. Shapes must be valid
// (polygons of one MultiPolygon do not overlap), as the district loaders make them.
#include <cstdint>
#include <optional>
#include <vector>

#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

class UnitLocator {
 public:
  /// Indexes district.grids. The locator keeps no reference to the district.
  explicit UnitLocator(const District& district);
  /// Indexes any list of units (towns, or a test's shapes); indices are positions in `units`.
  explicit UnitLocator(const std::vector<Unit>& units);

  /// The lowest index of a unit whose closed shape contains `metric` (the district's metric CRS),
  /// or nullopt when none does (or the point is not finite). Thread-safe: the index is immutable.
  std::optional<std::uint32_t> locate(geo::Point metric) const;

  /// Figures about the index, for tests and benchmarks.
  struct Stats {
    std::uint32_t rows = 0, cols = 0;
    std::size_t edges = 0;          ///< edge entries kept (an edge spanning several rows counts per row)
    std::size_t mixed_buckets = 0;  ///< buckets a border crosses
  };
  Stats stats() const;

 private:
  struct Edge {  // endpoints ordered by (y, x), so a border two units share is computed identically
    double x0, y0, x1, y1, max_x;
  };
  struct Candidate {  // one unit in one mixed bucket: its bounding box and its edges in the row
                      // band
    double min_x, min_y, max_x, max_y;
    std::uint32_t unit, edge_begin, edge_end;
  };
  struct Builder;

  bool contains(const Candidate& candidate, const geo::Point& p) const;

  double min_x_ = 0, min_y_ = 0, max_x_ = -1, max_y_ = -1;
  double inv_cell_ = 0;
  std::uint32_t rows_ = 0, cols_ = 0;
  std::vector<std::uint32_t> cells_;          ///< per bucket: kOutside, a unit, or kMixed | slot
  std::vector<std::uint32_t> mixed_offsets_;  ///< per mixed slot: range in candidates_
  std::vector<Candidate> candidates_;
  std::vector<Edge> edges_;  ///< grouped by (row, unit), max_x descending
};

}  // namespace riskgrid::spatial
