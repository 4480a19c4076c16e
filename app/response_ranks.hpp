#pragma once
// The case-handling tally over MPI ranks: like the arrival tally (sum_tallies_on_root), each rank's
// exact integer tally is summed on rank 0, so a run on N ranks keeps the response results of one process.
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::app {

/// The sum of every rank's `local` on rank 0 (the tally of one process); `local` on the others.
/// Collective: every rank of a run with `response:` calls it once, after simulating its block.
models::response::ResponseTally sum_responses_on_root(models::response::ResponseTally local);

}  // namespace riskgrid::app
