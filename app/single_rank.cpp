// ranks.hpp for a riskgrid built without MPI: one process is rank 0 of 1, and every collective is the
// identity.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "ranks.hpp"

namespace riskgrid::app {
namespace {

/// The rank an MPI launcher gave this process, or -1 when none did (Open MPI, PMIx, PMI-2).
int launcher_rank() {
  for (const char* variable : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* value = std::getenv(variable)) return std::atoi(value);
  return -1;
}

}  // namespace

/// Under mpirun, N copies of a riskgrid without MPI would each run everything and write the same
/// files: rank 0 runs alone instead, says why, and the other copies leave at once.
RankSession::RankSession(int&, char**&) {
  const int rank = launcher_rank();
  if (rank > 0) std::exit(0);
  if (rank == 0)
    std::fprintf(stderr,
                 "riskgrid: built without MPI (RISKGRID_WITH_MPI=OFF): running as one process; "
                 "the other processes of this job do nothing\n");
}
RankSession::~RankSession() = default;

int this_rank() { return 0; }
int rank_count() { return 1; }

void on_every_rank(const std::function<void()>& work) { work(); }

ReplicaBlock this_rank_block(std::uint64_t first, std::uint64_t count) { return {first, count}; }

ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) { return local; }

std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local) { return {std::move(local)}; }

std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) { return flags; }

}  // namespace riskgrid::app
