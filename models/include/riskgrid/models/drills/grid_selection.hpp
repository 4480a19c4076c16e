#pragma once
// Which grids a drill acts on: towns and grids by id or name, grid attributes (`where:`), and the
// grids around a selection (`neighbours: true`). docs/scenarios.md "Choosing grids".
#include <string>
#include <vector>

#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::models {

/// The drill's grids, one flag per grid: those listed in `grids` or lying in a town of `towns` (ids or
/// names, any case; every grid when both are empty), then those passing every `where:` test, then,
/// with `neighbours`, the grids touching them instead of them. Throws ScenarioError at the drill's (or
/// the attribute's) line, with a did-you-mean, for a town, grid, attribute or value no unit has, and
/// when nothing is left.
std::vector<char> drill_grid_mask(const scenario::Drill& drill, const spatial::District& district);

/// A grid's attribute by key: `type` is the unit's type, the rest come from `attributes`; empty when
/// the grid has none.
std::string grid_attribute(const spatial::Unit& grid, const std::string& key);

/// Whether an attribute's text matches a drill's value: case-insensitively, and true/false also as
/// 1/0 and yes/no; a missing attribute (empty text) matches false.
bool attribute_matches(const std::string& text, const std::string& wanted);

/// For each grid, the grids whose shapes touch it (within `tolerance_m` metres), itself excluded.
std::vector<std::vector<std::size_t>> touching_grids(const spatial::District& district, double tolerance_m = 5.0);

}  // namespace riskgrid::models
