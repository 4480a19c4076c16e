#pragma once
// Drills turned into numbers: a multiplier on expected arrivals per [bin][grid][category].
#include <span>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"

namespace riskgrid::models {

/// The factor of one drill at time t: 1 outside its window; inside, 1 + (factor - 1) * ramp * decay.
double drill_factor_at(const scenario::Drill& drill, time::Seconds t);

/// Checks that every category, town and grid the drills name exists (what drill_multipliers checks,
/// without a horizon: `riskgrid validate`). Throws ScenarioError at the drill's line, with a did-you-mean.
void check_drill_names(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog);

/// Product of all drills' factors, averaged over each bin (hourly sub-steps), per [bin][grid][category].
/// Unknown category, town or grid names throw ScenarioError at the drill's line, with a did-you-mean.
std::vector<double> drill_multipliers(const std::vector<scenario::Drill>& drills,
                                      const spatial::District& district,
                                      const catalog::CategoryCatalog& catalog,
                                      const time::TimeGrid& horizon);

/// Expected incidents each drill adds per [unit][drill] over the horizon: the expected total with all
/// drills minus the expected total with all drills but that one (`baseline` is [bin][unit][category]).
std::vector<double> drill_added_counts(const std::vector<scenario::Drill>& drills,
                                       const spatial::District& district,
                                       const catalog::CategoryCatalog& catalog,
                                       const time::TimeGrid& horizon, std::span<const double> baseline);

}  // namespace riskgrid::models
