#pragma once
// Local civil time as whole seconds since 1970-01-01 00:00 of the same clock (no zone, no leap
// seconds). A district lives in one zone; keeping times naive keeps day and hour arithmetic exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riskgrid::time {

using Seconds = std::int64_t;
inline constexpr Seconds kHour = 3600;
inline constexpr Seconds kDay = 86400;

/// Parses "YYYY-MM-DD", "YYYY-MM-DD hh:mm", "YYYY-MM-DDThh:mm:ss" (seconds optional); nullopt if not.
std::optional<Seconds> parse_iso(std::string_view text);
/// "YYYY-MM-DD hh:mm:ss".
std::string format_iso(Seconds t);
/// "YYYY-MM-DD".
std::string format_date(Seconds t);
/// Days since 1970-01-01 (floor).
std::int64_t day_number(Seconds t);
/// 0 = Monday ... 6 = Sunday.
int weekday(Seconds t);
/// 0..23.
int hour_of_day(Seconds t);
/// 0-based day of the year (0..365).
int day_of_year(Seconds t);

}  // namespace riskgrid::time
