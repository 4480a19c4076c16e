// ranks.hpp for a riskgrid built without MPI: one process is rank 0 of 1, and every collective is the
// identity.
#include "ranks.hpp"

namespace riskgrid::app {

RankSession::RankSession(int&, char**&) {}
RankSession::~RankSession() = default;

int this_rank() { return 0; }
int rank_count() { return 1; }

void on_every_rank(const std::function<void()>& work) { work(); }

ReplicaBlock this_rank_block(std::uint64_t first, std::uint64_t count) { return {first, count}; }

ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) { return local; }

std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) { return flags; }

}  // namespace riskgrid::app
