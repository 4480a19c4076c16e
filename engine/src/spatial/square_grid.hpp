#pragma once
// Private to units_io.cpp: the `units: square:` form, a regular grid of square cells clipped to a
// boundary (the union of a polygon file's features) or to a lon/lat extent.
#include "riskgrid/engine/spatial/units_io.hpp"

namespace riskgrid::spatial {

/// Fills load.district's projection, outline and grids (towns are left to the caller).
void load_square_units(const UnitsSource& source, UnitsLoad& load);

}  // namespace riskgrid::spatial
