#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::spatial {

namespace {
// Linear scans: a district has tens of towns and grids, and lookups happen while loading, not in
// hot loops, so a map would only add a second copy of the ids to keep in sync.
std::optional<std::size_t> find_id(const std::vector<Unit>& units, const std::string& id) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (units[i].id == id) return i;
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::size_t> District::grid_index(const std::string& id) const { return find_id(grids, id); }

std::optional<std::size_t> District::town_index(const std::string& id) const { return find_id(towns, id); }

void update_derived(Unit& unit) {
  unit.area_m2 = geo::bg::area(unit.shape);
  if (unit.shape.empty() || unit.area_m2 <= 0) {
    unit.centroid = geo::Point(0, 0);
    return;
  }
  geo::bg::centroid(unit.shape, unit.centroid);
}

}  // namespace riskgrid::spatial
