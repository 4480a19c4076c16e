#pragma once
// A shard file: the exact integer tally of one block of a scenario's replicas (`riskgrid run --shard
// k/n`), with enough of the run's identity for `riskgrid merge` to check that shards belong together
// and to finish the run as if it had been one (layout: docs/cluster.md).
#include <cstdint>
#include <optional>
#include <string>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/tally/count_arrays.hpp"

namespace riskgrid::results {

/// 2 added the case-handling tally (group response/); a riskgrid that reads only 1 refuses such files
/// rather than merging without it.
inline constexpr int kShardFormatVersion = 2;

struct ShardRecord {
  std::string scenario_text;      ///< the resolved scenario text
  std::string scenario_sha256;    ///< of scenario_text
  std::string scenario_path;      ///< absolute path of the scenario file, reloaded by merge
  std::int64_t sweep_index = -1;  ///< the run of a sweeping file, -1 when the file has one run
  std::uint64_t seed = 0;
  std::uint64_t replicas = 0;  ///< of the whole run
  std::uint32_t shard = 1;     ///< k in k/n, 1-based
  std::uint32_t shards = 1;    ///< n in k/n
  std::uint64_t first_replica = 0;
  ensemble::EnsembleTally tally;  ///< of replicas [first_replica, first_replica + tally.replicas())
  /// The case-handling tally of the same replicas (scenarios with `response:`), as its model exports it.
  std::optional<tally::CountArrays> response;
};

/// Writes `record` to `path` atomically (nothing is left behind on failure).
/// @throws IoError when the file cannot be written.
void write_shard_h5(const std::string& path, const ShardRecord& record);

/// Reads a shard file written by write_shard_h5.
/// @throws IoError when the file cannot be read or is not a shard file of a version this riskgrid
///         reads; InputError when its tally is inconsistent (damaged).
ShardRecord read_shard_h5(const std::string& path);

}  // namespace riskgrid::results
