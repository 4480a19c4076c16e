// The checks a scenario passes before its history is read: `riskgrid validate` is these alone, and a
// run makes them too, right after loading, so the two can never disagree.
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/models/drills/added_categories.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/risk/risk_measures.hpp"
#include "riskgrid/run/memory_estimate.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

catalog::CategoryCatalog check_scenario(const RunContext& context, const scenario::ScenarioSpec& spec,
                                        const spatial::District& district, const catalog::CategoryCatalog& base) {
  make_arrival_model(spec);
  const auto& d = spec.district;
  catalog::CategoryCatalog run = models::run_catalog(base, d.categories, spec.drills);
  models::check_drill_names(spec.drills, district, run);
  // Before the cubes below are allocated: an absurd horizon is refused here, not by bad_alloc.
  const cube::Shape shape{spec.horizon.bins, district.grids.size(), run.size()};
  check_memory(spec, estimate_memory(shape, context.threads, !spec.response.model.empty(), {}), {},
               memory_available(context.memory_bytes));
  models::added_category_means(spec.drills, district, run, spec.horizon);
  if (const auto response = make_response_model(spec)) response->check(spec.response, district, run);
  models::category_weights(run, spec.risk);
  if (d.history_source) ingest::check_mapping(*d.history_source, base);  // reads the header only
  return run;
}

}  // namespace riskgrid::run
