#pragma once
// summary.json beside every results.h5 (docs/results-format.md "summary.json"): a run's headline figures
// for scripts and dashboards — scenario, horizon, seed, district totals and, per grid, the risk measures of
// docs/risk.md — without an HDF5 library.
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::results {

inline constexpr int kSummaryFormatVersion = 1;

/// The summary as JSON text (UTF-8, numbers exact: shortest round-trip).
std::string summary_json(const RunRecord& record, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog);

/// Writes summary_json atomically to `path`; IoError naming the path on failure.
void write_summary_json(const std::string& path, const RunRecord& record, const spatial::District& district,
                        const catalog::CategoryCatalog& catalog);

}  // namespace riskgrid::results
