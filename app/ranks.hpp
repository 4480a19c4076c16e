#pragma once
// The processes of one riskgrid command: one process, or the ranks of an MPI job (`mpirun -np N
// riskgrid run ...`, docs/cluster.md). Replicas are split into blocks over ranks, the exact integer
// tallies are summed on rank 0, and rank 0 alone writes and prints. Every phase of work ends with the
// ranks agreeing whether it failed anywhere, so an error on any rank ends every rank with that error's
// message and exit code, and no rank waits forever for one that has given up.
//
// mpi_ranks.cpp implements this with MPI (built with RISKGRID_WITH_MPI); single_rank.cpp is the
// one-process stand-in. Without an MPI launcher a riskgrid built with MPI is one process too.
// process_ranks() hands the same to the run library (riskgrid/run/ranks.hpp).
#include <cstdint>
#include <functional>
#include <vector>

#include "riskgrid/engine/ensemble/ensemble_tally.hpp"
#include "riskgrid/engine/tally/count_arrays.hpp"
#include "riskgrid/run/ranks.hpp"

namespace riskgrid::app {

/// Joins the MPI job when the process was started by an MPI launcher (mpirun, srun) and leaves it
/// when destroyed; ranks other than 0 send stdout and stderr to /dev/null. One per process, in main.
class RankSession {
 public:
  RankSession(int& argc, char**& argv);
  ~RankSession();
  RankSession(const RankSession&) = delete;
  RankSession& operator=(const RankSession&) = delete;
};

int this_rank();   ///< 0 .. rank_count() - 1
int rank_count();  ///< 1 without an MPI job
inline bool is_root_rank() { return this_rank() == 0; }

/// Runs `work` on this rank, then learns from every rank whether its work threw. If any did, every
/// rank throws the error of the lowest failing rank K: the same class (ScenarioError, InputError,
/// IoError, else std::runtime_error), hence the same exit code, and its message, prefixed "rank K: "
/// when K is not 0. Collective: every rank must call it the same number of times.
void on_every_rank(const std::function<void()>& work);

/// on_every_rank for work that only rank 0 does (writing, printing); the others just agree.
inline void on_root_rank(const std::function<void()>& work) {
  on_every_rank([&] {
    if (is_root_rank()) work();
  });
}

/// This rank's block of the replicas [first, first + count): rank r of n gets
/// [first + floor(rC/n), first + floor((r+1)C/n)), like shards, so blocks differ by at most one.
using ReplicaBlock = run::ReplicaBlock;
ReplicaBlock this_rank_block(std::uint64_t first, std::uint64_t count);

/// Sums the tallies of every rank on rank 0 (exact integer sums: the result is the tally of one
/// process). Returns the sum on rank 0 and `local` unchanged on the other ranks. Collective.
ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local);

/// Every rank's `local` on rank 0, in rank order (rank 0's own first), for tallies that only their
/// model can merge (case handling); {local} on the other ranks. Every rank must pass arrays of the
/// same names in the same order (the names travel once: rank 0's). Collective.
std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local);

/// Rank 0's `flags` on every rank (each rank passes a vector; only rank 0's contents count). Collective.
std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags);

/// This process's ranks as the run library sees them (the functions above behind run::Ranks).
const run::Ranks& process_ranks();

}  // namespace riskgrid::app
