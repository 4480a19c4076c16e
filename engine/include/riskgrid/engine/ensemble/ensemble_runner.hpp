#pragma once
// Runs the replicas of an ensemble in parallel with oneTBB. Each replica's randomness comes from its
// own (seed, replica) streams and tallies (counts and a model's own) merge exactly, so the result is
// identical for any thread count.
#include <cstdint>
#include <functional>
#include <span>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/ensemble/model_tally.hpp"
#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::ensemble {

/// Fills counts [bin][unit][category] for one replica, and adds the replica to `model` when the
/// ensemble keeps a model tally (EnsembleConfig::model; null otherwise): the worker's own, so no lock is
/// needed. Called concurrently: must be thread-safe.
using ReplicaFunction = std::function<void(const rng::ReplicaKey&, std::span<std::uint32_t> counts, ModelTally* model)>;

struct EnsembleConfig {
  std::uint64_t seed = 1;
  std::uint64_t first_replica = 0;  ///< replicas [first_replica, first_replica + replicas)
  std::uint64_t replicas = 1000;
  int threads = 0;  ///< 0 = all hardware threads
  /// Called now and then with the number of replicas done (from any thread, serialised). May be empty.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  /// When not null, the kind of model tally to keep beside the counts: each worker fills an empty one
  /// (ModelTally::empty) and the result's model() is their merge.
  const ModelTally* model = nullptr;
};

EnsembleTally run_ensemble(const EnsembleConfig& config, const TallyShape& shape, const ReplicaFunction& replica);

}  // namespace riskgrid::ensemble
