#pragma once
// Reference figures drawn from history, e.g. what counts as an unusually busy bin for a grid.
#include <cstddef>
#include <vector>

#include "riskgrid/engine/incidents/incident_table.hpp"

namespace riskgrid::incidents {

struct CountWindows {
  time::Seconds start = 0;   ///< first window starts here
  time::Seconds end = 0;     ///< no window reaches past this
  time::Seconds length = 0;  ///< window length (a multiple of an hour)
  time::Seconds step = 0;    ///< windows start every `step` (a multiple of an hour)
};

/// Per grid, the q-quantile of incident counts over the windows described by `windows`.
std::vector<double> window_count_quantile(const IncidentTable& history, std::size_t grids, const CountWindows& windows,
                                          double q);

}  // namespace riskgrid::incidents
