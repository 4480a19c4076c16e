#include "riskgrid/run/inputs.hpp"

#include <cstdio>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::run {

namespace {

/// A city's own export, through the incident store; quarantined rows go to options.quarantine_csv.
ingest::IngestResult ingest_mapped_history(const RunContext& context, const scenario::DistrictSpec& d,
                                           const InputOptions& o, const spatial::District& district,
                                           const catalog::CategoryCatalog& catalog) {
  ingest::IngestOptions options;
  options.quarantine_csv = o.quarantine_csv;
  options.cache_dir = context.cache_dir;
  options.max_bad_fraction = o.max_bad_fraction;
  options.threads = context.threads;
  ingest::IngestResult r = ingest::ingest_history(*d.history_source, district, catalog, options);
  context.say(ingest::format_summary(r.summary) +
              (o.quarantine_csv.empty() ? "" : fmt::format("  quarantined rows: {}", o.quarantine_csv)));
  return r;
}

}  // namespace

ScenarioInputs load_scenario_inputs(const RunContext& context, const scenario::DistrictSpec& d, const InputOptions& o) {
  ScenarioInputs in;
  in.catalog = catalog::load_catalog(d.categories);
  scenario::LoadedDistrict loaded = scenario::load_district(d);
  in.district = std::move(loaded.district);
  for (const std::string& warning : loaded.warnings) context.say("warning: " + warning);
  if (!d.history_synth.empty() && !std::filesystem::exists(d.history)) {
    context.say(fmt::format("generating the synthetic history {} (first run only)", d.history));
    models::ensure_history(d.history, d.history_synth, in.district, in.catalog);
  }
  if (d.history_source) {
    ingest::IngestResult r = ingest_mapped_history(context, d, o, in.district, in.catalog);
    in.history = std::move(r.table);
    in.ingest = std::move(r.summary);
  } else {
    in.history = incidents::read_history_csv(d.history, in.district, in.catalog);
  }
  if (in.history.size() == 0) throw InputError(fmt::format("{}: history has no incidents", d.history));
  return in;
}

}  // namespace riskgrid::run
