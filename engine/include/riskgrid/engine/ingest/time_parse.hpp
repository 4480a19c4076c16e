#pragma once
// Timestamps as cities write them, to riskgrid's local civil time (time/civil_time.hpp):
//   iso   YYYY-MM-DD[( |T)hh:mm[:ss[.fff]]][Z|±hh[:mm]|±hhmm]   (date only allowed)
//   us    M/D/YYYY[ h:mm[:ss][ AM|PM]]
//   date  YYYY-MM-DD
//   or a strptime-like pattern of %Y %m %d %H %I %M %S %p %f %z %% and literal text (a space matches
//   one or more spaces).
// A zoned time is moved to the district's fixed UTC offset; fractions of a second are dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::ingest {

/// "" when `format` is usable, else what is wrong with it.
std::string check_time_format(const std::string& format);

/// Seconds of the civil time given by its fields, or nullopt when a field is out of range
/// (month 1-12, the day within the month, hour 0-23, minute and second 0-59).
std::optional<time::Seconds> civil_seconds(int year, int month, int day, int hour, int minute, int second);

class TimeParser {
 public:
  /// `format` must pass check_time_format. `utc_offset_seconds`: the district's zone.
  TimeParser(const std::string& format, bool ignore_zone, std::int32_t utc_offset_seconds);
  /// The local civil time of `text` (surrounding spaces ignored), or nullopt.
  std::optional<time::Seconds> parse(std::string_view text) const;

 private:
  enum class Kind : std::uint8_t { kIso, kUs, kDate, kPattern };
  struct Token {
    char directive = 0;  // 'Y', 'm', ... or 0 for a literal
    char literal = 0;
  };
  std::optional<time::Seconds> parse_pattern(std::string_view text, std::optional<std::int32_t>& zone) const;
  Kind kind_ = Kind::kIso;
  std::vector<Token> tokens_;
  bool ignore_zone_ = false;
  std::int32_t utc_offset_ = 0;
};

}  // namespace riskgrid::ingest
