#pragma once
// A run of a scenario as library calls: scenario in, results file, pictures, GIS layers, report and a
// ranking out. `riskgrid run`, `batch`, `merge` and `validate` are thin commands over these; the stages
// they are made of (stages.hpp) hand plain values on: inputs -> prepared -> tally -> results -> outputs.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/run/context.hpp"
#include "riskgrid/run/handling_by_town.hpp"

namespace riskgrid::run {

/// Which run of which scenario file, and where its files go.
struct RunRequest {
  std::string scenario_path;
  std::string out_dir;                     ///< empty = out/<scenario name>
  std::optional<std::uint64_t> replicas;   ///< overrides the scenario
  std::optional<std::uint64_t> seed;       ///< overrides the scenario
  std::optional<std::size_t> sweep_index;  ///< run this one run of a sweeping file (0-based)
  std::optional<double> max_bad_fraction;  ///< overrides the history's (mapped sources, docs/ingest.md)
};

/// One line of the ranking of grids by horizon risk index.
/// A grid's line in "where is it worst" (docs/risk.md): its level and why, and the measures.
struct RankedGrid {
  std::string id, name, town, level, level_reason, top_category;
  std::int32_t rank = 0;  ///< 1 = worst
  double ratio_to_normal = 0, excess = 0, normal = 0, mean = 0, p05 = 0, p95 = 0, above_double_normal = 0;
};

/// A replay's district figures beside the history's own for the same incidents, judged by the same
/// limits (docs/scenarios.md "Replay against the history").
struct ReplayComparison {
  double on_time_share = 0, open_end = 0, overdue_end = 0;  ///< the simulation: ensemble means
  double history_on_time_share = 0, history_open_end = 0, history_overdue_end = 0;
  double on_time_share_from_creation = 0;  ///< the simulation judged like the history (one replica)
};

struct RunOutcome {
  std::vector<std::string> outputs;  ///< results.h5 first, then summary.json, pictures, GIS layers, report
  std::string title;
  std::uint64_t replicas = 0;
  double simulate_seconds = 0;
  std::vector<RankedGrid> ranking;         ///< all grids, rank 1 first
  std::vector<TownHandling> handling;      ///< case handling by town, then the district; empty without `response:`
  std::vector<TeamLoad> busiest_teams;     ///< town teams, the district team and departments, busiest first
  std::vector<std::string> warnings;       ///< what the reader of the results should know (e.g. a drifting backlog)
  std::optional<ReplayComparison> replay;  ///< a replay (response mode replay) only
};

/// Loads, fits, simulates every replica (over context.ranks when there are several), then writes and
/// draws on rank 0. Throws ScenarioError, InputError or IoError naming the file.
RunOutcome run_scenario(const RunContext& context, const RunRequest& request);

/// Shard k of n (1-based) of a run's replicas: [floor((k-1)R/n), floor(kR/n)).
struct Shard {
  std::uint32_t k = 1;
  std::uint32_t n = 1;
};

/// `run --shard k/n`: loads and fits like run_scenario, simulates only the shard's replicas and writes
/// their exact tally to <out>/shard-k-of-n.h5 (no results file or pictures). outputs = {that file},
/// replicas = the shard's. Throws like run_scenario; ScenarioError unless 1 <= k <= n <= replicas.
RunOutcome run_shard(const RunContext& context, const RunRequest& request, Shard shard);

struct MergeRequest {
  std::vector<std::string> shards;  ///< shard files, in any order
  std::string out_dir;              ///< empty = out/<scenario name>
};

/// `riskgrid merge`: checks that the shards are all n shards of one run, merges their tallies, reloads
/// and refits the scenario from its recorded path and finishes as run_scenario does, so the results
/// are those of a single run. Throws InputError naming the files for missing, duplicate or mixed
/// shards or a scenario file changed since; IoError for unreadable files.
RunOutcome merge_shards(const RunContext& context, const MergeRequest& request);

/// Checks a scenario file without running it or reading the incident history: the file (extends:,
/// sweep:), then for each run its district, category catalog, arrival model, the drills' categories,
/// towns and grids, the response model's settings, the risk weights' categories and whether its arrays
/// fit in memory (run/memory_estimate.hpp). A sweep is checked one swept value at a time, not run by run
/// (load_scenarios_to_check). Returns the number of runs. Throws ScenarioError, InputError or IoError like
/// run_scenario.
std::size_t validate_scenario_file(const RunContext& context, const std::string& path);

}  // namespace riskgrid::run
