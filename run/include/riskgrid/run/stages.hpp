#pragma once
// The stages of a run, each a function from plain values to plain values:
//   scenario_of -> prepare (inputs loaded, model fitted, expectations and case handling prepared)
//   -> simulate (a block of replicas: an ensemble tally) -> assemble (results and ranking)
//   -> write_outputs (results.h5, pictures, GIS layers, report).
// run.hpp strings them together for run, shards, merge and validate; a new command (monitor,
// allocate, export) takes the stages it needs.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/response/response_model.hpp"
#include "riskgrid/models/response/response_tally.hpp"
#include "riskgrid/models/risk/risk_measures.hpp"
#include "riskgrid/run/context.hpp"
#include "riskgrid/run/inputs.hpp"
#include "riskgrid/run/run.hpp"

namespace riskgrid::run {

/// The request's scenario: its one run, or run `sweep_index` of its sweep, with --replicas and --seed.
scenario::ScenarioSpec scenario_of(const RunContext& context, const RunRequest& request);

/// Where a run's files go: the request's folder, else out/<scenario name>.
std::filesystem::path output_dir(const RunRequest& request, const scenario::ScenarioSpec& spec);

/// The scenario's arrival model, built with its settings; ScenarioError at the line naming it.
std::unique_ptr<models::ArrivalModel> make_arrival_model(const scenario::ScenarioSpec& spec);
/// The scenario's response model (its `response:` block), or null when it has none.
std::unique_ptr<models::response::ResponseModel> make_response_model(const scenario::ScenarioSpec& spec);

/// The checks a scenario passes before its history is read (validate is these alone; a run makes them
/// after loading): the models build, the drills name what exists, the horizon fits in memory, the risk
/// weights and a mapped history's header. Returns the run's catalog: the catalog's categories, then
/// those drills add. ScenarioError at the file and line of what is wrong.
catalog::CategoryCatalog check_scenario(const RunContext& context, const scenario::ScenarioSpec& spec,
                                        const spatial::District& district, const catalog::CategoryCatalog& base);

/// What a run reads: the scenario and its district, catalogs and history.
struct Inputs {
  scenario::ScenarioSpec spec;
  catalog::CategoryCatalog catalog;       ///< the run's: the catalog file's categories, then those drills add
  catalog::CategoryCatalog base_catalog;  ///< the catalog file's: the history's and the fitted model's
  spatial::District district;
  incidents::IncidentTable history;
  std::optional<ingest::IngestSummary> ingest{};  ///< for a mapped history (docs/ingest.md)
};

/// A scenario loaded and fitted: what simulating and finishing need. Never moved or copied, because
/// the fitted model may refer to the inputs.
struct Prepared {
  Prepared(const RunContext& context, scenario::ScenarioSpec spec, const InputOptions& options);
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  std::unique_ptr<models::ArrivalModel> model;
  const Inputs in;
  std::unique_ptr<models::FittedArrivals> fitted;
  cube::Shape shape;            ///< the run's [bin][unit][category], added categories included
  cube::Cube<double> baseline;  ///< expected counts without drills (0 for the categories drills add)
  cube::Cube<double> added;     ///< expected counts of the categories drills add, before multipliers
  std::unique_ptr<models::response::ResponseModel> response_model;  ///< null without `response:`
  std::unique_ptr<models::response::PreparedResponse> response;     ///< runs on each replica's arrivals
};

/// Loads the inputs (quarantined rows to <out>/quarantine.csv), fits the arrival model and prepares
/// the case handling. The arrival and response models are checked before any data is read.
std::unique_ptr<const Prepared> prepare(const RunContext& context, const RunRequest& request,
                                        scenario::ScenarioSpec spec);

/// Simulates this process's block of the replicas `range` (all of them in one process) on
/// context.threads: the drills' multipliers on the fitted model, or the history replayed, then the case
/// handling of each replica's arrivals when the scenario has `response:`.
ensemble::EnsembleTally simulate(const RunContext& context, const Prepared& prepared, ReplicaBlock range);

/// The sampler `simulate` draws each replica's arrivals with: the fitted model under the drills'
/// multipliers, with the categories drills add (riskgrid allocate draws the same replicas with it).
std::unique_ptr<models::ArrivalSampler> make_sampler(const Prepared& prepared);

/// A run's results and the risk measures they were ranked by.
struct Assembled {
  results::ScenarioResults results;
  models::RiskMeasures risk;
};

/// Summarises the ensemble tally (and the case-handling tally of the same replicas, when there is one)
/// and scores the risk.
Assembled assemble(const Prepared& prepared, const ensemble::EnsembleTally& tally);

/// Every grid, rank 1 (the largest excess, docs/risk.md) first.
std::vector<RankedGrid> rank_grids(const Prepared& prepared, const Assembled& assembled);

/// The record of a run: its results with the scenario text, seed and creation time.
results::RunRecord record_of(const Prepared& prepared, results::ScenarioResults results);

/// Everything a run leaves for people and tools: the HDF5 record, summary.json, pictures, GIS layers and
/// the report, all drawn from the same record. They are written into a hidden staging folder in `dir`
/// and moved in when all are complete, results.h5 last, so that a run killed or failing on the way
/// leaves the folder's earlier files as they were (and the next command there removes the staging
/// folder). Returns the paths, results.h5 first.
std::vector<std::string> write_outputs(const RunContext& context, const Prepared& prepared,
                                       const results::RunRecord& record, const std::filesystem::path& dir);

}  // namespace riskgrid::run
