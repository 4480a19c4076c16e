#pragma once
// The processes of one run: one process, or the ranks of an MPI job (`mpirun -np N riskgrid run ...`,
// docs/cluster.md). Replicas are split into blocks over ranks, the exact integer tallies are summed on
// rank 0, and rank 0 alone writes and prints. Every phase of work ends with the ranks agreeing whether
// it failed anywhere, so an error on any rank ends every rank with that error's message and exit code,
// and no rank waits forever for one that has given up.
//
// The run library sees only this interface; the app supplies the MPI implementation (app/mpi_ranks.cpp,
// built with RISKGRID_WITH_MPI) or SingleProcess.
#include <cstdint>
#include <functional>
#include <vector>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/tally/count_arrays.hpp"

namespace riskgrid::run {

/// Replicas [first, first + count).
struct ReplicaBlock {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

class Ranks {
 public:
  virtual ~Ranks() = default;
  virtual int rank() const = 0;   ///< 0 .. count() - 1
  virtual int count() const = 0;  ///< 1 without an MPI job
  bool is_root() const { return rank() == 0; }

  /// Runs `work` on this rank, then learns from every rank whether its work threw. If any did, every
  /// rank throws the error of the lowest failing rank K: the same class (ScenarioError, InputError,
  /// IoError, else std::runtime_error), hence the same exit code, and its message, prefixed "rank K: "
  /// when K is not 0. Collective: every rank must call it the same number of times.
  virtual void on_every_rank(const std::function<void()>& work) const = 0;

  /// on_every_rank for work that only rank 0 does (writing, printing); the others just agree.
  void on_root_rank(const std::function<void()>& work) const {
    on_every_rank([&] {
      if (is_root()) work();
    });
  }

  /// This rank's block of the replicas [first, first + count): rank r of n gets
  /// [first + floor(rC/n), first + floor((r+1)C/n)), like shards, so blocks differ by at most one.
  virtual ReplicaBlock block(std::uint64_t first, std::uint64_t count) const = 0;

  /// Sums the tallies of every rank on rank 0, model tallies included (carried as their arrays, as
  /// through shard files; exact integer sums: the result is the tally of one process). Returns the sum
  /// on rank 0 and `local` unchanged on the other ranks. Collective.
  virtual ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) const = 0;

  /// Every rank's `local` on rank 0, in rank order (rank 0's own first), for figures kept per replica
  /// (riskgrid allocate); {local} on the other ranks. Every rank must pass arrays of the
  /// same names in the same order (the names travel once: rank 0's). Collective.
  virtual std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local) const = 0;

  /// Rank 0's `flags` on every rank (each rank passes a vector; only rank 0's contents count). Collective.
  virtual std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) const = 0;
};

/// One process: rank 0 of 1, every collective the identity.
class SingleProcess final : public Ranks {
 public:
  int rank() const override { return 0; }
  int count() const override { return 1; }
  void on_every_rank(const std::function<void()>& work) const override { work(); }
  ReplicaBlock block(std::uint64_t first, std::uint64_t count) const override { return {first, count}; }
  ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) const override { return local; }
  std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local) const override;
  std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) const override { return flags; }
};

}  // namespace riskgrid::run
