#pragma once
// Checking and merging the shard files of `riskgrid merge`: which shards belong together, which are
// missing or doubled, and their tallies summed (exact integers, so the order does not matter).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/ensemble/model_tally.hpp"
#include "riskgrid/engine/results/shard_h5.hpp"

namespace riskgrid::run {

/// floor((k-1) R / n): where shard k of n starts (k = n + 1 gives R), without overflow for n < 2^32.
std::uint64_t shard_begin(std::uint64_t replicas, std::uint64_t k, std::uint64_t n);

/// The run the shards came from and their merged tally.
struct MergedShards {
  std::string scenario_path, scenario_sha256;
  std::int64_t sweep_index = -1;
  std::uint64_t seed = 0, replicas = 0;
  ensemble::EnsembleTally tally;  ///< with the model tally, when the run keeps one
};

/// The kind of model tally the shards' run keeps (an empty one; null when none), learnt from its first
/// shard: the caller prepares the scenario the shard names. Called once, before anything is merged.
using ModelTallyOfRun = std::function<std::unique_ptr<ensemble::ModelTally>(const results::ShardRecord& first)>;

/// Reads and checks the shard files: one run (scenario sha256, seed, replicas, n, shape), each k of
/// 1..n exactly once, each covering its replicas. Each shard's model tally is rebuilt from its arrays
/// and merges with its counts, as a rank's does (EnsembleTally::merge). Throws InputError naming the
/// files (a shard without the model tally the run keeps, or a damaged one, too); IoError when a file
/// cannot be read.
MergedShards merge_shard_files(const std::vector<std::string>& files, const ModelTallyOfRun& model_of_run);

}  // namespace riskgrid::run
