#pragma once
// A district from its district.yaml description, whichever form it takes: riskgrid's own
// outline/towns/grids files (spatial::load_district) or a `units:` block (spatial::load_units).
#include <string>
#include <vector>

#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::scenario {

struct LoadedDistrict {
  spatial::District district;
  std::vector<std::string> warnings;  ///< e.g. features skipped for an empty id (units: only)
};

/// Throws what spatial::load_district / spatial::load_units throw.
LoadedDistrict load_district(const DistrictSpec& spec);

/// A text that differs between two specs whose districts differ (to load a shared district once).
std::string district_key(const DistrictSpec& spec);

}  // namespace riskgrid::scenario
