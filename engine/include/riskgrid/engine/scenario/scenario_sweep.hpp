#pragma once
// `sweep:` — a mapping from a dotted key path ("drills[0].factor", "replicas") to a list of values,
// expanding a scenario into the cartesian product of named runs.
#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/scenario/scenario_document.hpp"

namespace riskgrid::scenario {

/// One swept key and the values it takes, in file order.
struct SweepAxis {
  std::string path;                ///< as written, e.g. "drills[0].factor"
  std::string short_key;           ///< its last key ("factor"), for run names
  std::vector<YAML::Node> values;  ///< nodes of the sweep list (their marks point at the values)
};

/// Reads and checks `sweep:` (at most kMaxSweepRuns runs); empty when the document has none. Each path must name a key
/// written in the (resolved) scenario, or a top-level seed, replicas, model, title or description. Throws ScenarioError
/// at the offending key with a did-you-mean.
std::vector<SweepAxis> read_sweep(const ScenarioDocument& doc);

/// The number of runs: the product of the axes' lengths.
std::size_t sweep_size(const std::vector<SweepAxis>& axes);

/// Runs that between them give every swept value once: run 0 (each axis at its first value), then each
/// other value of each axis with the others at their first. `validate` loads these, not every run: a
/// sweep of a million runs is checked in as many loads as its lists have values.
std::vector<std::size_t> sweep_runs_to_check(const std::vector<SweepAxis>& axes);

/// Run names, "<name>-<key><value>-...", sanitised to [a-z0-9_-]; the first axis varies slowest.
/// Throws ScenarioError when two runs would get the same name.
std::vector<std::string> sweep_run_names(const ScenarioDocument& doc, const std::vector<SweepAxis>& axes);

/// Sets run `run`'s values and `name` into the document (which must no longer hold `sweep:`).
void apply_sweep_run(ScenarioDocument& doc, const std::vector<SweepAxis>& axes, std::size_t run,
                     const std::string& name);

/// The document of one run as YAML text, headed by a comment naming the chain and the run.
std::string sweep_run_text(const ScenarioDocument& doc, std::size_t run, std::size_t runs);

}  // namespace riskgrid::scenario
