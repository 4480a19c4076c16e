#include "riskgrid/engine/scenario/time_window.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {

time::Seconds read_time(const io::Fields& f, const std::string& key) {
  const std::string text = f.text(key);
  const auto t = time::parse_iso(text);
  if (!t) f.fail(key, "a date or time like 2026-11-01 or 2026-11-01 08:00");
  return *t;
}

std::pair<time::Seconds, time::Seconds> read_window(const io::Fields& f, time::Seconds fallback_start,
                                                    time::Seconds fallback_end) {
  const time::Seconds start = f.has("start") ? read_time(f, "start") : fallback_start;
  if (f.has("hours") && f.has("days")) f.fail("days", "either hours or days, not both");
  // Bounded before converting: `days: 1e20` would overflow the seconds it is turned into.
  if (f.has("hours")) {
    const double hours = f.positive("hours");
    if (hours > kMaxHorizonDays * 24.0)
      f.fail("hours", fmt::format("hours up to {} (ten years)", kMaxHorizonDays * 24));
    return {start, start + time::Seconds(hours * time::kHour)};
  }
  if (f.has("days")) {
    const double days = f.positive("days");
    if (days > static_cast<double>(kMaxHorizonDays))
      f.fail("days", fmt::format("days up to {} (ten years)", kMaxHorizonDays));
    return {start, start + time::Seconds(days * time::kDay)};
  }
  if (f.has("end")) {
    const time::Seconds end = read_time(f, "end");
    if (end <= start) f.fail("end", "a time after start");
    return {start, end};
  }
  return {start, fallback_end};
}

}  // namespace riskgrid::scenario
