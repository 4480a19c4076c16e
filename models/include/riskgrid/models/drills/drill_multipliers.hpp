#pragma once
// Drills turned into numbers: a multiplier on expected arrivals per [bin][grid][category].
#include <span>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/drills/grid_selection.hpp"

namespace riskgrid::models {

/// Whether the drill acts at t: inside its window and its daily hours.
bool drill_acts_at(const scenario::Drill& drill, time::Seconds t);

/// A time profile's factor `hours` after the window starts: linear between points, the first point's
/// before it and the last point's after it.
double profile_factor(const std::vector<scenario::ProfilePoint>& profile, double hours);

/// The factor of one drill at time t: 1 where it does not act (drill_acts_at); else its profile's
/// factor, or 1 + (factor - 1) * ramp * decay.
double drill_factor_at(const scenario::Drill& drill, time::Seconds t);

/// The drill's strength at t, from 0 to 1: 0 where it does not act; else ramp * decay (the shape of
/// a flat drill's factor, and of the rate of a category the drill adds).
double drill_strength_at(const scenario::Drill& drill, time::Seconds t);

/// Checks that every category, town and grid the drills name exists (what drill_multipliers checks,
/// without a horizon: `riskgrid validate`). Throws ScenarioError at the drill's line, with a did-you-mean.
void check_drill_names(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog);

/// Product of all drills' factors, averaged over each bin (hourly sub-steps), per [bin][grid][category].
/// Unknown category, town or grid names throw ScenarioError at the drill's line, with a did-you-mean.
/// A drill without `categories` multiplies the catalog's own categories, not those drills add
/// (`Category::added_by`), whose rate is set by their own drill; drills that add a category multiply
/// nothing.
cube::Cube<double> drill_multipliers(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                     const catalog::CategoryCatalog& catalog, const time::TimeGrid& horizon);

/// Expected incidents each drill adds per [unit][drill] over the horizon: the expected total with all
/// drills minus the expected total with all drills but that one (`baseline`: for categories drills add
/// it holds their added means, see added_category_means). A drill that adds a category adds its whole
/// expected count, as multiplied by the other drills.
std::vector<double> drill_added_counts(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                       const catalog::CategoryCatalog& catalog, const time::TimeGrid& horizon,
                                       cube::View<const double> baseline);

}  // namespace riskgrid::models
