#include "riskgrid/engine/incidents/time_resolution.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::incidents {

namespace {

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

// Proleptic Gregorian date of a day number (H. Hinnant's civil_from_days).
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

time::Seconds floor_mod(time::Seconds t, time::Seconds n) { return ((t % n) + n) % n; }

}  // namespace

std::string_view resolution_name(TimeResolution r) {
  switch (r) {
    case TimeResolution::second:
      return "seconds";
    case TimeResolution::minute:
      return "minutes";
    case TimeResolution::hour:
      return "hours";
    case TimeResolution::day:
      return "days";
    case TimeResolution::month:
      return "months";
  }
  return "seconds";
}

std::string_view resolution_evidence(TimeResolution r) {
  switch (r) {
    case TimeResolution::second:
      return "";
    case TimeResolution::minute:
      return "every row at second 00";
    case TimeResolution::hour:
      return "every row at minute 00";
    case TimeResolution::day:
      return "every row at 00:00";
    case TimeResolution::month:
      return "every row on the 1st at 00:00";
  }
  return "";
}

std::string describe_resolution(TimeResolution r) {
  const std::string_view evidence = resolution_evidence(r);
  return evidence.empty() ? std::string(resolution_name(r)) : fmt::format("{} ({})", resolution_name(r), evidence);
}

TimeResolution detect_resolution(const std::vector<time::Seconds>& times) {
  if (times.empty()) return TimeResolution::second;
  bool minute = true, hour = true, day = true, month = true;
  for (const time::Seconds t : times) {
    minute = minute && floor_mod(t, 60) == 0;
    hour = hour && floor_mod(t, time::kHour) == 0;
    day = day && floor_mod(t, time::kDay) == 0;
    month = month && day && civil_from_days(time::day_number(t)).day == 1;
    if (!minute) break;
  }
  return month    ? TimeResolution::month
         : day    ? TimeResolution::day
         : hour   ? TimeResolution::hour
         : minute ? TimeResolution::minute
                  : TimeResolution::second;
}

time::Seconds period_length(TimeResolution r, time::Seconds t) {
  switch (r) {
    case TimeResolution::second:
      return 1;
    case TimeResolution::minute:
      return 60;
    case TimeResolution::hour:
      return time::kHour;
    case TimeResolution::day:
      return time::kDay;
    case TimeResolution::month: {
      const Civil c = civil_from_days(time::day_number(t));
      return static_cast<time::Seconds>(days_in_month(c.year, c.month)) * time::kDay;
    }
  }
  return 1;
}

void spread_uniformly(std::vector<time::Seconds>& times, TimeResolution r, std::uint64_t seed) {
  if (r == TimeResolution::second) return;
  rng::Stream stream(seed, 0, {rng::purpose_of("history.spread"), 0, 0});
  for (time::Seconds& t : times) {
    const time::Seconds length = period_length(r, t);
    // Whole seconds: a 53-bit uniform scaled to the period's seconds, never reaching the next period.
    t += std::min(length - 1, static_cast<time::Seconds>(stream.uniform() * static_cast<double>(length)));
  }
}

}  // namespace riskgrid::incidents
