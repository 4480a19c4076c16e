#pragma once
// What `riskgrid batch` will run, decided before anything runs: the scenario files, one run per
// sweep index, and which runs a --resume may keep (their `.done` marker matches the scenario).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "riskgrid/run/context.hpp"

namespace riskgrid::app {

/// One run of a batch.
struct BatchRun {
  std::string file;                        ///< the scenario file
  std::optional<std::size_t> sweep_index;  ///< set when the file sweeps (several runs)
  std::string name;                        ///< the run's name: its folder under the batch's --out
  std::string sha256;                      ///< of the resolved scenario text, as results.h5 records it
  std::uint64_t replicas = 0;              ///< after --replicas
};

/// The scenario files named by `inputs`, in batch order: a file as given; a directory's *.yaml files
/// that are scenarios (a top-level `horizon:` or `extends:` key; district.yaml, categories.yaml,
/// synth.yaml and towns.yaml never), sorted by name.
/// @throws IoError when an input does not exist; ScenarioError when they name no scenario.
std::vector<std::string> collect_scenario_files(const std::vector<std::string>& inputs);

/// Every run of `files`, sweeps expanded in their order, each file validated first (district,
/// drills, model), so that a bad file stops the batch before any run.
/// @throws ScenarioError (also when two runs share a name), InputError or IoError as
///         validate_scenario_file.
std::vector<BatchRun> plan_batch(const run::RunContext& context, const std::vector<std::string>& files,
                                 std::optional<std::uint64_t> replicas);

/// The text of a run's `.done` marker: what must match for --resume to keep it.
std::string done_marker_text(const BatchRun& run);
/// Whether `dir` holds a finished run: results.h5 and a `.done` marker matching `run`.
bool run_is_finished(const std::string& dir, const BatchRun& run);
/// Readies `dir` for a run that is redone: removes the marker first, so an interrupted redo is never
/// taken as finished, and the temporaries a killed writer left.
void prepare_run_dir(const std::string& dir);
/// Removes the temporaries directly in `dir` that writers killed mid-write left
/// (io::remove_stale_temporaries: those of processes that are gone).
void remove_stale_temporaries(const std::string& dir);
/// Writes the marker atomically; call it last, after every output of the run is in place.
void write_done_marker(const std::string& dir, const BatchRun& run);

}  // namespace riskgrid::app
