#pragma once
// The HTML report's data block: district geometry as SVG paths and each scenario's arrays, as JSON.
// Private to engine/src/render.
#include <span>
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render::detail {

/// Throws std::invalid_argument naming the first array whose size does not fit the district, the
/// catalog or the scenario's time grid, or when there is no scenario.
void check_report_inputs(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                         std::span<const results::ScenarioResults> scenarios);

/// The JSON the page script reads (layout documented at the top of html_report_data.cpp).
std::string report_data_json(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                             std::span<const results::ScenarioResults> scenarios, const ReportOptions& options,
                             const std::string& version);

}  // namespace riskgrid::render::detail
