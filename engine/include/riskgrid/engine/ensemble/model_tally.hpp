#pragma once
// A tally a model keeps of its own replicas beside the ensemble's counts (e.g. case handling). The
// ensemble gives each worker an empty one, the replica function fills it, and it travels and merges
// with the counts: between threads (EnsembleTally::merge), between MPI ranks and through shard files
// (to_arrays / merge_arrays, named arrays of exact counts the engine carries without knowing their
// layout). One merge path for all three, so a run's result is the same however it was split.
#include <cstdint>
#include <memory>

#include "riskgrid/engine/tally/count_arrays.hpp"

namespace riskgrid::ensemble {

class ModelTally {
 public:
  virtual ~ModelTally() = default;
  /// A tally of the same kind and shape holding no replicas.
  virtual std::unique_ptr<ModelTally> empty() const = 0;
  virtual std::unique_ptr<ModelTally> clone() const = 0;
  /// The replicas it holds: the ensemble's own, when filled by its replica function.
  virtual std::uint64_t replicas() const = 0;
  /// Adds another's replicas; the sum must not depend on the order of merges (exact counts).
  /// @throws std::invalid_argument for a tally of another kind or shape.
  virtual void merge(const ModelTally& other) = 0;
  /// The whole state as named arrays, for MPI ranks and shard files.
  virtual tally::CountArrays to_arrays() const = 0;
  /// Adds the tally `arrays` describe (another rank's, a shard file's).
  /// @throws std::invalid_argument naming the array that is missing or does not fit.
  virtual void merge_arrays(const tally::CountArrays& arrays) = 0;
  virtual bool equals(const ModelTally& other) const = 0;
};

}  // namespace riskgrid::ensemble
