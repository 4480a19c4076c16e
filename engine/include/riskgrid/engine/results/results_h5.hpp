#pragma once
// The HDF5 results file (docs/results-format.md): written to a temporary name, renamed when complete.
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::results {

/// 3: netCDF-4/CF coordinates (/time, /unit, /town, /category at the root; /time group gone);
/// 2: risk against each grid's own normal (docs/risk.md); 1 had a rank-based risk index.
inline constexpr int kResultsFormatVersion = 3;

/// Writes the results file of one run (layout: docs/results-format.md).
/// @throws std::invalid_argument when an array's size does not match its shape or the scenario name
///         cannot name a group; IoError when the file cannot be written (nothing is left behind).
void write_results_h5(const std::string& path, const results::RunRecord& record, const spatial::District& district,
                      const catalog::CategoryCatalog& catalog);

}  // namespace riskgrid::results
