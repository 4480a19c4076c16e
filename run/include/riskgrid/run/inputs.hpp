#pragma once
// What a scenario's district: block loads, shared by `riskgrid run` and `riskgrid backtest`: the
// district (polygons, units file or square grid), the category catalog and the incident history,
// whether synthetic (generated on first use), riskgrid's own CSV or a city's export mapped through
// the ingest (docs/ingest.md) with the incident store as cache.
#include <functional>
#include <optional>
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/run/context.hpp"

namespace riskgrid::run {

struct InputOptions {
  std::string quarantine_csv;              ///< where a mapped history's bad rows go; empty = nowhere
  std::optional<double> max_bad_fraction;  ///< overrides the history block's
};

struct ScenarioInputs {
  catalog::CategoryCatalog catalog;  ///< the catalog file's: the history's (drills may add to a run's)
  spatial::District district;
  incidents::IncidentTable history;               ///< never empty
  std::optional<ingest::IngestSummary> ingest{};  ///< for a mapped history
};

/// Loads the district, catalog and history of `district` (the incident store in context.cache_dir,
/// ingest on context.threads, messages to context.log). Throws ScenarioError, InputError (an empty
/// history among them) or IoError naming the file.
ScenarioInputs load_scenario_inputs(const RunContext& context, const scenario::DistrictSpec& district,
                                    const InputOptions& options);

/// Detects what the history's timestamps resolve (incidents/time_resolution.hpp) and records it in
/// `ingest` (when mapped). Bins finer than that stop with a ScenarioError naming the resolution found,
/// unless the scenario says `training.spread: uniform`: then every row's creation time (and its closing
/// time, by the same amount) moves uniformly into its period with a stream of the scenario's seed.
void fit_time_resolution(const RunContext& context, const scenario::ScenarioSpec& spec,
                         incidents::IncidentTable& history, std::optional<ingest::IngestSummary>& ingest);

}  // namespace riskgrid::run
