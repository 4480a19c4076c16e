// `riskgrid validate`: the preparation of a run without reading the history or simulating.
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/models/drills/added_categories.hpp"
#include "riskgrid/models/drills/drill_multipliers.hpp"
#include "riskgrid/models/risk/risk_measures.hpp"
#include "riskgrid/run/memory_estimate.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

std::size_t validate_scenario_file(const RunContext& context, const std::string& path) {
  // A sweep: each swept value once, not each run (a million runs would take minutes).
  const scenario::SweepCheck check = scenario::load_scenarios_to_check(path, context.load_options());
  const std::vector<scenario::ScenarioSpec>& runs = check.specs;
  // Runs of a sweep usually share their district: load it once per distinct set of files.
  std::string loaded;
  catalog::CategoryCatalog catalog;
  spatial::District district;
  for (const auto& spec : runs) {  // each run: a sweep may set a model name or a drill's towns
    make_arrival_model(spec);
    const auto& d = spec.district;
    const std::string key = d.categories + "\n" + scenario::district_key(d);
    if (key != loaded) {
      catalog = catalog::load_catalog(d.categories);
      district = scenario::load_district(d).district;
      loaded = key;
    }
    const catalog::CategoryCatalog run = models::run_catalog(catalog, d.categories, spec.drills);
    models::check_drill_names(spec.drills, district, run);
    // Before the cubes below are allocated: an absurd horizon is refused here, not by bad_alloc.
    const cube::Shape shape{spec.horizon.bins, district.grids.size(), run.size()};
    check_memory(spec, estimate_memory(shape, context.threads, !spec.response.model.empty(), {}), {},
                 memory_available(context.memory_bytes));
    models::added_category_means(spec.drills, district, run, spec.horizon);
    if (const auto response = make_response_model(spec)) response->check(spec.response, district, run);
    models::category_weights(run, spec.risk);
    if (d.history_source) ingest::check_mapping(*d.history_source, catalog);  // reads the header only
  }
  return check.runs;
}

}  // namespace riskgrid::run
