#pragma once
// From the response tally to the results a planner reads (means, quantiles, hours, utilisation).
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {

results::ResponseResults summarise_response(const ResponseTally& tally, double bin_seconds);

}  // namespace riskgrid::models::response
