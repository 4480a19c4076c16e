#pragma once
// Checking and merging the shard files of `riskgrid merge`: which shards belong together, which are
// missing or doubled, and their tallies summed (exact integers, so the order does not matter).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::run {

/// floor((k-1) R / n): where shard k of n starts (k = n + 1 gives R), without overflow for n < 2^32.
std::uint64_t shard_begin(std::uint64_t replicas, std::uint64_t k, std::uint64_t n);

/// The run the shards came from and their merged tally.
struct MergedShards {
  std::string scenario_path, scenario_sha256;
  std::int64_t sweep_index = -1;
  std::uint64_t seed = 0, replicas = 0;
  ensemble::EnsembleTally tally;
  std::optional<models::response::ResponseTally> response;  ///< merged case handling, when the shards carry it
};

/// Reads and checks the shard files: one run (scenario sha256, seed, replicas, n, shape), each k of
/// 1..n exactly once, each covering its replicas. Throws InputError naming the files; IoError when
/// a file cannot be read. Case-handling tallies are merged too; shards that carry one and shards that
/// do not are mixed (InputError).
MergedShards merge_shard_files(const std::vector<std::string>& files);

}  // namespace riskgrid::run
