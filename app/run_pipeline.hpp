#pragma once
// `riskgrid run` as one function: scenario in, results file, heat map and a ranking out. Stages are
// separate and pass plain data: load, fit, simulate, summarise, score, write, draw.
#include <cstdint>
#include <functional>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "handling_table.hpp"
#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::app {

struct RunOptions {
  std::string scenario_path;
  std::string out_dir;                     ///< empty = out/<scenario name>
  int threads = 0;                         ///< 0 = all
  std::optional<std::uint64_t> replicas;   ///< overrides the scenario
  std::optional<std::uint64_t> seed;       ///< overrides the scenario
  std::optional<std::size_t> sweep_index;  ///< run this one run of a sweeping file (0-based)
  std::optional<double> max_bad_fraction;  ///< overrides the history's (mapped sources, docs/ingest.md)
  bool no_cache = false;                   ///< ingest without the incident store
  std::function<void(const std::string&)> log;                       ///< stage messages (may be empty)
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;  ///< (may be empty)
};

/// One line of the ranking of grids by horizon risk index.
struct RankedGrid {
  std::string id, name, town, level, top_category;
  double risk_index = 0, mean = 0, p05 = 0, p95 = 0, exceedance = 0;
};

struct RunOutcome {
  std::vector<std::string> outputs;  ///< results.h5 first, then pictures, GIS layers, report
  std::string title;
  std::uint64_t replicas = 0;
  double simulate_seconds = 0;
  std::vector<RankedGrid> ranking;  ///< all grids, highest risk first
  std::vector<TownHandling> handling;  ///< case handling by town, then the district; empty without `response:`
};

RunOutcome run_scenario(const RunOptions& options);

/// Shard k of n (1-based) of a run's replicas: [floor((k-1)R/n), floor(kR/n)).
struct Shard {
  std::uint32_t k = 1;
  std::uint32_t n = 1;
};

/// `run --shard k/n`: loads and fits like run_scenario, simulates only the shard's replicas and writes
/// their exact tally to <out>/shard-k-of-n.h5 (no results file or pictures). outputs = {that file},
/// replicas = the shard's. Throws like run_scenario; ScenarioError unless 1 <= k <= n <= replicas.
RunOutcome run_shard(const RunOptions& options, Shard shard);

struct MergeOptions {
  std::vector<std::string> shards;  ///< shard files, in any order
  std::string out_dir;              ///< empty = out/<scenario name>
  std::function<void(const std::string&)> log;  ///< stage messages (may be empty)
};

/// `riskgrid merge`: checks that the shards are all n shards of one run, merges their tallies, reloads
/// and refits the scenario from its recorded path and finishes as run_scenario does, so the results
/// are those of a single run. Throws InputError naming the files for missing, duplicate or mixed
/// shards or a scenario file changed since; IoError for unreadable files.
RunOutcome merge_shards(const MergeOptions& options);

/// Checks a scenario file without running it or reading the incident history: the file (extends:,
/// sweep:), then for each run its district, category catalog, arrival model, the drills' categories,
/// towns and grids, and the risk weights' categories. Returns the number of runs.
/// Throws ScenarioError, InputError or IoError like run_scenario.
std::size_t validate_scenario_file(const std::string& path);

}  // namespace riskgrid::app
