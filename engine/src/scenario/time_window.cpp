#include "riskgrid/engine/scenario/time_window.hpp"

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
  if (f.has("hours")) return {start, start + time::Seconds(f.positive("hours") * time::kHour)};
  if (f.has("days")) return {start, start + time::Seconds(f.positive("days") * time::kDay)};
  if (f.has("end")) {
    const time::Seconds end = read_time(f, "end");
    if (end <= start) f.fail("end", "a time after start");
    return {start, end};
  }
  return {start, fallback_end};
}

}  // namespace riskgrid::scenario
