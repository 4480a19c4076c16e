#pragma once
// Private to the engine: where the last ingest of a plain CSV file stopped, so that the rows a daily
// export appends are ingested alone (docs/ingest.md, "Incremental ingest"). One small text file per
// lineage -- the history block, district and catalog without the file's hash -- beside the stores.
#include <cstdint>
#include <optional>
#include <string>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ingest/history_source.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::ingest {

struct AppendPoint {
  std::string key;              ///< the store holding the file's rows up to `bytes`
  std::string sha256;           ///< of the file's first `bytes` bytes
  std::uint64_t bytes = 0;      ///< ends on a line end
  std::uint64_t next_line = 0;  ///< the line number at `bytes`
};

/// `dir`/incidents-<lineage>.append, the lineage hashing everything a store key does but the file.
std::string append_point_path(const std::string& dir, const HistorySource& source, const spatial::District& district,
                              const catalog::CategoryCatalog& catalog);

/// nullopt when missing or not of this format (then the file is ingested whole).
std::optional<AppendPoint> read_append_point(const std::string& path);

/// Atomically. Throws IoError.
void write_append_point(const std::string& path, const AppendPoint& point);

/// Whether `file` is `point`'s file with rows appended: longer, and its first point.bytes bytes hash
/// to point.sha256 (read once; a file edited anywhere before the end is ingested whole).
bool extends(const std::string& file, const AppendPoint& point);

}  // namespace riskgrid::ingest
