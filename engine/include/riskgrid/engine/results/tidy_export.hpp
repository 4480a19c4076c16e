#pragma once
// A results file as one tidy long table (docs/results-format.md, "Tidy export"): one row per scenario,
// unit, bin and measure, for spreadsheets and data-frame tools that want no HDF5 at all.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/results/results_loader.hpp"

namespace riskgrid::results {

/// Receives the table's text in pieces of about a mebibyte, in order.
using TextSink = std::function<void(std::string_view text)>;

/// The measure names of the table, in the order rows are written: per-bin measures first, then
/// per-bin measures by category (`mean.<category>`, `normal.<category>`), case handling when the
/// scenario has it (`response.<name>`), and horizon totals (`horizon.<name>`, bin empty).
std::vector<std::string> tidy_measures(const LoadedResults& results, std::size_t scenario);

/// Writes every scenario of `results` as CSV with the header `scenario,unit,bin,measure,value`:
/// `bin` is the bin's start as ISO 8601 local time (`2026-11-01T00:00:00`) or empty for totals over
/// the horizon; `value` is the shortest text that reads back to the same double, empty for NaN.
/// Fields with a comma, quote or line break are quoted (RFC 4180).
void write_tidy_csv(const LoadedResults& results, const TextSink& sink);

}  // namespace riskgrid::results
