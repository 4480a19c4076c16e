#pragma once
// A self-contained interactive HTML report of a run: an SVG map of the grids with a time slider,
// hover details per grid (counts, interval, exceedance, level, drivers), the top-10 table, a legend
// and, for several scenarios, a comparison against the first. One file, no network: styles, script
// and data are inline, and a Content-Security-Policy forbids every fetch.
//
// Escaping contract: every string from data (unit, town, category, drill and level names, titles,
// notes) goes into the page as JSON inside <script type="application/json" id="data"> with <, >, &,
// U+2028 and U+2029 written as \u escapes, and the page script renders it with textContent and
// setAttribute only. The title, which also appears directly in the HTML, is HTML-escaped.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/results/run_results.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::render {

struct ReportOptions {
  std::string title;                  ///< page title; default: the first scenario's title
  std::string footnote;               ///< e.g. "Internal borders are synthetic"; default none
  std::optional<std::uint64_t> seed;  ///< the run's seed, shown in the header; default not shown
  std::string created;                ///< when the results were made (ISO text); default not shown
};

/// The report as one HTML document (UTF-8).
/// @param scenarios one or more results on the district's grids (units == district.grids.size(),
///        categories == catalog.size()); the first is the reference of the comparison view.
/// @throws std::invalid_argument when `scenarios` is empty or an array's size does not match.
std::string render_html_report(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                               std::span<const results::ScenarioResults> scenarios, const ReportOptions& options);

/// Writes render_html_report(...) to `path` atomically (temporary file renamed into place).
/// @throws IoError when the file cannot be written; std::invalid_argument as render_html_report.
void write_html_report(const std::string& path, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog, std::span<const results::ScenarioResults> scenarios,
                       const ReportOptions& options);

/// Text for HTML element content and attribute values (& < > " ' as entities).
std::string html_escape(std::string_view text);

}  // namespace riskgrid::render
