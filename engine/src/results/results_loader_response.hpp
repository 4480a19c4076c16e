#pragma once
// Reading back the response/ group of a scenario in results.h5 (written by results_h5_response.cpp):
// case handling per bin and unit, so that render, the report and batch comparisons see the on-time
// share and the backlog of a run loaded from its file.
#include <string>

#include "riskgrid/engine/results/results_reader.hpp"
#include "riskgrid/engine/results/run_results.hpp"

namespace riskgrid::results {

/// `group`/response of `reader` into r.response (present = false when the run handled no cases).
/// Needs r.time and r.units. @throws InputError naming the dataset of a wrong shape.
void read_response(const ResultsReader& reader, const std::string& group, ScenarioResults& r);

}  // namespace riskgrid::results
