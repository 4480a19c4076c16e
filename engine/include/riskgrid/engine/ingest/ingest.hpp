#pragma once
// A city's incident CSV, mapped by the district's `history:` block, onto the district's units and the
// catalog's categories (docs/ingest.md). Nothing is lost: every data row is accepted or quarantined
// with a reason, line and raw text.
#include <optional>
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"
#include "riskgrid/engine/ingest/ingest_summary.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::ingest {

inline constexpr double kDefaultMaxBadFraction = 0.25;

struct IngestResult {
  incidents::IncidentTable table;
  IngestSummary summary;
  std::string store;  ///< the incident store read or written (empty without a cache folder)
  std::string key;    ///< store_key of this input: what a store of it carries and is checked against
};

struct IngestOptions {
  std::string quarantine_csv;                      ///< where to write quarantined rows; empty = nowhere
  std::string cache_dir;                           ///< the incident store's folder; empty = no cache
  std::optional<double> max_bad_fraction;          ///< overrides the history block's
  int threads = 0;                                 ///< 0 = all cores
  std::size_t chunk_bytes = std::size_t{4} << 20;  ///< bytes per parallel chunk
  /// false: a cache hit reads only the store's summary and leaves the table empty (for callers that
  /// copy result.store, like `riskgrid ingest`, instead of decoding millions of rows they never use).
  bool load_table = true;
};

/// Reads, converts, locates and checks every row (in parallel; results in file order and identical on
/// any thread count). Uses and fills the incident store in cache_dir. Throws ScenarioError for a
/// mapping that does not fit the file (a column not in the header, an unknown catalog id), InputError
/// when more than max_bad_fraction of the rows are quarantined (with the counts) or the file has no
/// header, IoError when a file cannot be read or written.
IngestResult ingest_history(const HistorySource& source, const spatial::District& district,
                            const catalog::CategoryCatalog& catalog, const IngestOptions& options);

/// Checks the mapping against the catalog and the CSV's header line without reading the rows (for
/// `riskgrid validate`). Throws like ingest_history: ScenarioError for a column not in the header or
/// an unknown catalog id, IoError when the file cannot be read, InputError for an empty file.
void check_mapping(const HistorySource& source, const catalog::CategoryCatalog& catalog);

/// Throws InputError when the quarantined share of summary.read exceeds `max_bad_fraction`.
void check_bad_fraction(const IngestSummary& summary, double max_bad_fraction, const std::string& quarantine_csv);

}  // namespace riskgrid::ingest
