#pragma once
// The incident store: an ingested history as HDF5 columns (docs/ingest.md), keyed by a hash of
// everything the result depends on, so a second run skips parsing. Readable with h5py.
#include <optional>
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::ingest {

inline constexpr int kStoreFormatVersion = 1;

/// SHA-256 (hex) over the CSV's own hash, the resolved history block, the district's zone, units
/// (ids and shapes) and the catalog's ids: any change to one of them gives another store.
std::string store_key(const std::string& csv_sha256, const HistorySource& source, const spatial::District& district,
                      const catalog::CategoryCatalog& catalog);

/// `dir`/incidents-<key>.h5
std::string store_path(const std::string& dir, const std::string& key);

/// Writes atomically, with result.key as the root attribute `key`. Throws IoError.
void write_incident_store(const std::string& path, const IngestResult& result, const spatial::District& district,
                          const catalog::CategoryCatalog& catalog);

/// The stored result, or nullopt when the file is missing, unreadable, of another format or made for
/// another key than `key` (its `key` attribute, not its name, decides: a corrupt or misplaced cache
/// entry is rebuilt, not trusted and not an error). summary.from_cache is set. `with_table` false: the
/// summary only (the table stays empty).
std::optional<IngestResult> read_incident_store(const std::string& path, const std::string& key,
                                                bool with_table = true);

}  // namespace riskgrid::ingest
