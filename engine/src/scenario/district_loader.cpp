#include "riskgrid/engine/scenario/district_loader.hpp"

#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/spatial/units_io.hpp"

namespace riskgrid::scenario {

LoadedDistrict load_district(const DistrictSpec& spec) {
  if (!spec.units) return {spatial::load_district(spec.outline, spec.towns, spec.grids, spec.name), {}};
  spatial::UnitsLoad load = spatial::load_units(*spec.units, spec.name);
  return {std::move(load.district), std::move(load.warnings)};
}

std::string district_key(const DistrictSpec& spec) {
  // `where` is file:line:col of the units: block, so two district files never share a key.
  if (spec.units) return spec.units->where + "\n" + spec.units->path;
  return spec.outline + "\n" + spec.towns + "\n" + spec.grids;
}

}  // namespace riskgrid::scenario
