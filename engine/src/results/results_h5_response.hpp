#pragma once
// The response/ group of a scenario in results.h5 (docs/results-format.md): case handling per bin and unit.
#include "io/h5_write.hpp"
#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::results {
namespace h5 = io::h5;

/// Writes <scenario>/response/ when a response model ran. Throws h5::Failure like the other writers.
void write_response(hid_t scenario, const results::ResponseResults& r, const h5::Axis& time, const h5::Axis& unit);

}  // namespace riskgrid::results
