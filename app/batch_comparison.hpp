#pragma once
// The comparison at the end of `riskgrid batch`, recomputed from the runs' results files alone (so a
// resumed batch compares exactly what an uninterrupted one would): per grid, each drill run against
// the baseline, written as comparison.h5, comparison.csv and each drill's compare.png.
#include <cstddef>
#include <string>
#include <vector>

#include "riskgrid/engine/results/comparison_h5.hpp"

namespace riskgrid::app {

/// Compares every run in `runs` other than `baseline` with it, from `<out_dir>/<run>/results.h5`,
/// and writes `<out_dir>/comparison.h5`, `<out_dir>/comparison.csv` and `<out_dir>/<run>/compare.png`
/// (baseline | drill | difference of expected incidents), each atomically. Counts are per day of each
/// run's own horizon, so runs of different lengths compare.
/// @return the table written, runs in the order of `runs`.
/// @throws IoError when a results file cannot be read or an output written; InputError when a
///         run's grids are not the baseline's.
results::BatchComparisonTable write_batch_comparison(const std::string& out_dir, const std::vector<std::string>& runs,
                                                     const std::string& baseline);

/// Prints, for each drill run, the `rows` grids with the largest risk index increase.
void print_batch_comparison(const results::BatchComparisonTable& table, std::size_t rows);

}  // namespace riskgrid::app
