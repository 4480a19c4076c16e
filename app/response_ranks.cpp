#include "response_ranks.hpp"

#include <utility>
#include <vector>

#include "ranks.hpp"

namespace riskgrid::app {

models::response::ResponseTally sum_responses_on_root(models::response::ResponseTally local) {
  if (rank_count() == 1) return local;
  const std::vector<tally::CountArrays> all = gather_arrays_on_root(local.to_arrays());
  // Rank 0 merges; a tally that does not fit (a bug) ends every rank with the error, not a hang.
  on_root_rank([&] {
    for (std::size_t rank = 1; rank < all.size(); ++rank)
      local.merge(models::response::ResponseTally::from_arrays(all[rank]));
  });
  return local;
}

}  // namespace riskgrid::app
