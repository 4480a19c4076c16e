#include <utility>
#include <vector>

#include "riskgrid/run/context.hpp"
#include "riskgrid/run/ranks.hpp"

namespace riskgrid::run {

std::vector<tally::CountArrays> SingleProcess::gather_arrays_on_root(tally::CountArrays local) const {
  return {std::move(local)};
}

const Ranks& RunContext::processes() const {
  static const SingleProcess one;  // stateless: every collective is the identity
  return ranks != nullptr ? *ranks : one;
}

models::response::ResponseTally sum_responses_on_root(const Ranks& ranks, models::response::ResponseTally local) {
  if (ranks.count() == 1) return local;
  const std::vector<tally::CountArrays> all = ranks.gather_arrays_on_root(local.to_arrays());
  // Rank 0 merges; a tally that does not fit (a bug) ends every rank with the error, not a hang.
  ranks.on_root_rank([&] {
    for (std::size_t rank = 1; rank < all.size(); ++rank)
      local.merge(models::response::ResponseTally::from_arrays(all[rank]));
  });
  return local;
}

}  // namespace riskgrid::run
