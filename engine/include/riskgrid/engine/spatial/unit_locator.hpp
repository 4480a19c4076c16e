#pragma once
// Point -> unit (contract of issue 3; owned by the `units` work, this is a stand-in until it lands):
// a uniform grid of buckets over the units' bounding boxes; each bucket lists the units whose box
// touches it, lowest index first, so the first unit whose closed shape covers the point wins and a
// point on a shared border always goes to the same unit.
#include <cstdint>
#include <optional>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

class UnitLocator {
 public:
  explicit UnitLocator(const District& district);
  /// First unit (lowest index) whose closed shape contains the point (metric). Thread-safe.
  std::optional<std::uint32_t> locate(geo::Point metric) const;

 private:
  const District* district_;
  std::vector<geo::Box> boxes_;
  geo::Box extent_;
  std::size_t nx_ = 1, ny_ = 1;
  double cell_x_ = 1, cell_y_ = 1;
  std::vector<std::vector<std::uint32_t>> buckets_;
};

}  // namespace riskgrid::spatial
