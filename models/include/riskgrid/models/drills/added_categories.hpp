#pragma once
// Categories that drills add to a run (`new_category:`, docs/domain.md "Drills": medicine and supplies in a
// lockdown): the run's catalog, their expected counts, and a sampler that draws them beside the fitted
// model's categories. The catalog's categories keep their own random streams, so a scenario that adds
// no category samples exactly as before.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// The run's catalog: `catalog` (read from `catalog_file`), then the categories the drills add, in
/// drill order. Throws ScenarioError at the new category's id when the catalog already has that id or
/// an earlier drill added it.
catalog::CategoryCatalog run_catalog(const catalog::CategoryCatalog& catalog, const std::string& catalog_file,
                                     const std::vector<scenario::Drill>& drills);

/// Expected incidents per [bin][grid][category of `run`] that the drills adding categories bring,
/// before other drills multiply them: per_day x the drill's mean strength over the bin x the bin's
/// length in days x the grid's share of the drill's grids (by population, area or evenly). Zero for
/// the catalog's own categories. Throws ScenarioError for unknown towns or grids.
cube::Cube<double> added_category_means(const std::vector<scenario::Drill>& drills, const spatial::District& district,
                                        const catalog::CategoryCatalog& run, const time::TimeGrid& horizon);

/// A sampler of the run's cells (the shape of `means`): `fitted` draws the first `fitted_categories`
/// (the catalog's), and every other cell is Poisson with its mean in `means` (the added categories
/// have no history to fit over-dispersion on), from its own stream (kArrivalAdded, grid, category).
std::unique_ptr<ArrivalSampler> with_added_categories(std::unique_ptr<ArrivalSampler> fitted,
                                                      std::size_t fitted_categories, cube::Cube<double> means);

}  // namespace riskgrid::models
