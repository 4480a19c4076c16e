#include "riskgrid/run/inputs.hpp"

#include <cstdio>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/engine/incidents/time_resolution.hpp"
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

void fit_time_resolution(const RunContext& context, const scenario::ScenarioSpec& spec,
                         incidents::IncidentTable& history, std::optional<ingest::IngestSummary>& ingest) {
  using incidents::TimeResolution;
  const TimeResolution found = incidents::detect_resolution(history.created);
  const std::string described = incidents::describe_resolution(found);
  if (ingest) ingest->time_resolution = described;
  // The shortest period of the resolution: a month of 28 days is still longer than any bin.
  const time::Seconds period = found == TimeResolution::month ? 28 * time::kDay : incidents::period_length(found, 0);
  if (period <= spec.horizon.bin_length) return;
  const time::Seconds bin = spec.horizon.bin_length;
  const bool hourly = bin == time::kHour;
  const std::string unit = found == TimeResolution::month ? "month" : "day";
  const std::string bins = hourly                  ? "hourly"
                           : bin == time::kDay     ? "daily"
                           : bin == 7 * time::kDay ? "weekly"
                           : bin % time::kDay == 0 ? fmt::format("{}-day", bin / time::kDay)
                                                   : fmt::format("{} s", bin);
  if (!spec.train_spread)
    throw ScenarioError(
        fmt::format("{}: timestamps resolve to {}; {} bins need `training.spread: uniform` (in {}: "
                    "each row spread over its {}){}",
                    spec.district.history, described, bins, spec.file, unit,
                    hourly && found == TimeResolution::day ? " or `horizon: {bin: day}`" : ""));
  const std::vector<time::Seconds> before = history.created;
  incidents::spread_uniformly(history.created, found, spec.seed);
  for (std::size_t i = 0; i < history.size(); ++i)
    if (history.closed[i] >= 0) history.closed[i] += history.created[i] - before[i];
  context.say(fmt::format("history timestamps resolve to {}: spread uniformly over their {} (training.spread)",
                          described, unit));
}

}  // namespace riskgrid::run
