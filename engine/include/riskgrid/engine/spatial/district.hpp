#pragma once
// A district: its outline and its spatial units (towns and grids), in a local metric CRS.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/geo/projection.hpp"

namespace riskgrid::spatial {

/// One area that gets a risk value (a grid) or groups them (a town).
struct Unit {
  std::string id;
  std::string name;
  std::string parent;  ///< id of the enclosing unit (a grid's town); empty at the top
  std::string type;    ///< e.g. residential, commercial, mixed, campus
  double population = 0;
  int staff = 0;
  geo::MultiPolygon shape;  ///< metric CRS of the district's projection
  double area_m2 = 0;
  geo::Point centroid;       ///< metric
  std::string name_local{};  ///< local-language name (e.g. 长寿路街道), may be empty; last, so
                             ///< positional initialisers written before it stay valid
  /// Every other attribute of the unit's feature, as text (e.g. kind, low_lying, riverside): what drills
  /// select grids by (`where:`) and the synthetic history varies by.
  std::map<std::string, std::string> attributes{};
};

struct District {
  std::string name;
  geo::LocalProjection projection{0, 0};
  geo::MultiPolygon outline;  ///< metric
  std::vector<Unit> towns;
  std::vector<Unit> grids;  ///< the units risk is computed for

  /// Index of the grid with this id, or nullopt.
  std::optional<std::size_t> grid_index(const std::string& id) const;
  /// Index of the town with this id, or nullopt.
  std::optional<std::size_t> town_index(const std::string& id) const;
};

/// Fills area_m2 and centroid from shape.
void update_derived(Unit& unit);

}  // namespace riskgrid::spatial
