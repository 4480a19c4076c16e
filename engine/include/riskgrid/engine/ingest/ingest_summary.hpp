#pragma once
// What ingest did with every row of a history file: read = accepted + quarantined, always.
// Kept free of heavy includes: the results file records it (results::RunRecord).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace riskgrid::ingest {

/// Why a row was not used. The first failing check wins, in the order listed.
enum class QuarantineReason {
  malformed_row,        ///< a quote never closed, text after a closing quote, or the wrong field count
  invalid_utf8,         ///< bytes that are not UTF-8
  bad_time,             ///< the creation (or closing) time does not parse or is not a valid date
  missing_coordinates,  ///< empty, NA, or 0
  bad_coordinates,      ///< not a number, out of range, or not transformable from the CRS
  outside_units,        ///< the point lies in no unit of the district
  unknown_category,     ///< the raw category matches no mapping and there is no catch-all
};

inline constexpr QuarantineReason kAllReasons[] = {
    QuarantineReason::malformed_row,       QuarantineReason::invalid_utf8,    QuarantineReason::bad_time,
    QuarantineReason::missing_coordinates, QuarantineReason::bad_coordinates, QuarantineReason::outside_units,
    QuarantineReason::unknown_category};

/// "malformed_row", "invalid_utf8", ... (as written in the quarantine file and the results).
std::string_view reason_name(QuarantineReason reason);

struct IngestSummary {
  std::uint64_t read = 0;  ///< data records (the header and blank lines not counted)
  std::uint64_t accepted = 0;
  std::map<QuarantineReason, std::uint64_t> quarantined;
  std::string source_sha256;  ///< of the CSV file's bytes
  double seconds = 0;         ///< wall time of the ingest (or of the cache read)
  bool from_cache = false;
  /// Rows taken from the store of an earlier ingest of the file's first rows: only the rows after them
  /// were read (an incremental ingest of a growing export); 0 for a whole read.
  std::uint64_t read_before = 0;
  std::uint64_t closed_before_created = 0;  ///< accepted, but the closing time was dropped
  std::string source;                       ///< the CSV file
  std::string time_resolution;  ///< what the accepted rows' creation times resolve: "minutes (every row at second 00)"

  std::uint64_t quarantined_total() const {
    std::uint64_t n = 0;
    for (const auto& [reason, count] : quarantined) n += count;
    return n;
  }
};

/// The summary as a small table for people, one line per non-zero reason.
std::string format_summary(const IngestSummary& summary);

}  // namespace riskgrid::ingest
