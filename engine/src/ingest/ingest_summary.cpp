#include "riskgrid/engine/ingest/ingest_summary.hpp"

#include <fmt/format.h>

namespace riskgrid::ingest {

std::string_view reason_name(QuarantineReason reason) {
  switch (reason) {
    case QuarantineReason::malformed_row:
      return "malformed_row";
    case QuarantineReason::invalid_utf8:
      return "invalid_utf8";
    case QuarantineReason::bad_time:
      return "bad_time";
    case QuarantineReason::missing_coordinates:
      return "missing_coordinates";
    case QuarantineReason::bad_coordinates:
      return "bad_coordinates";
    case QuarantineReason::outside_units:
      return "outside_units";
    case QuarantineReason::unknown_category:
      return "unknown_category";
  }
  return "unknown";
}

std::string format_summary(const IngestSummary& s) {
  const auto share = [&](std::uint64_t n) {
    return s.read == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(s.read);
  };
  std::string out = fmt::format("ingest {}{}\n", s.source, s.from_cache ? " (from the incident store)" : "");
  out += fmt::format("  {:<22} {:>12}\n", "read", s.read);
  out += fmt::format("  {:<22} {:>12} {:>7.2f}%\n", "accepted", s.accepted, share(s.accepted));
  out += fmt::format("  {:<22} {:>12} {:>7.2f}%\n", "quarantined", s.quarantined_total(), share(s.quarantined_total()));
  for (const QuarantineReason r : kAllReasons) {
    const auto it = s.quarantined.find(r);
    if (it != s.quarantined.end() && it->second > 0)
      out += fmt::format("    {:<20} {:>12} {:>7.2f}%\n", reason_name(r), it->second, share(it->second));
  }
  if (s.closed_before_created > 0)
    out += fmt::format("  {} accepted rows closed before they were created: closing time dropped\n",
                       s.closed_before_created);
  if (!s.time_resolution.empty()) out += fmt::format("  timestamps resolve to {}\n", s.time_resolution);
  if (s.read_before > 0)
    out += fmt::format("  incremental: {} new rows read after the {} of the last ingest (incident store)\n",
                       s.read - s.read_before, s.read_before);
  if (!s.from_cache && s.seconds > 0)
    out +=
        fmt::format("  {:.2f} s, {:.0f} rows/s\n", s.seconds, static_cast<double>(s.read - s.read_before) / s.seconds);
  return out;
}

}  // namespace riskgrid::ingest
