#pragma once
// A mapped history's rows as CSV records for the fast reader (docs/ingest.md, "Formats"): a CSV file
// as it is, a CSV compressed with gzip or inside a .zip (GDAL's /vsigzip/ and /vsizip/, streamed), or
// any other table GDAL reads -- a workbook's sheet, a GIS layer's features, a PostgreSQL table or query
// -- written out as CSV text, so mapping, accounting and quarantine are the CSV path's, row for row.
#include <cstdint>
#include <istream>
#include <memory>
#include <string>

#include "riskgrid/engine/ingest/history_source.hpp"

namespace riskgrid::ingest {

struct HistoryInput {
  /// The source as the CSV reader must see it: delimiter ',' (and decimal kept) for a converted table,
  /// crs the layer's own when the geometry is the location.
  HistorySource source;
  std::unique_ptr<std::istream> stream;
  std::string sha256;        ///< of the file's bytes as stored; of the CSV text for a converted table
  std::uintmax_t bytes = 0;  ///< about what the stream holds (to reserve memory)
  /// The stream reads the file's own bytes (a plain CSV file, not compressed nor converted): new rows
  /// appended to it can be ingested alone (docs/ingest.md, "Incremental ingest").
  bool plain_file = false;
};

/// Opens the history. Throws ScenarioError when the mapping does not fit (no such sheet or layer, a
/// layer with no geometry to locate by), IoError when the file or database cannot be read.
HistoryInput open_history(const HistorySource& source);

}  // namespace riskgrid::ingest
