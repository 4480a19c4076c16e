// `riskgrid validate`: the checks a run makes before reading its history (check.cpp), for every run
// of a scenario or sweep, without reading the history or simulating.
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
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
    const auto& d = spec.district;
    const std::string key = d.categories + "\n" + scenario::district_key(d);
    if (key != loaded) {
      catalog = catalog::load_catalog(d.categories);
      district = scenario::load_district(d).district;
      loaded = key;
    }
    check_scenario(context, spec, district, catalog);
  }
  return check.runs;
}

}  // namespace riskgrid::run
