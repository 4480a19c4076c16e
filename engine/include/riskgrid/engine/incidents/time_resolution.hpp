#pragma once
// What a history's timestamps really resolve (docs/ingest.md, "Time resolution"): national police
// exports date every row to the 1st of its month, some systems keep the day only. Binning such rows
// finer than they resolve invents a pattern (the weekday the 1st fell on, every incident at 00:00), so
// a run refuses bins finer than the data unless it is asked to spread the rows over their period.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::incidents {

/// The coarsest period every timestamp is aligned to (local civil time), finest first.
enum class TimeResolution { second, minute, hour, day, month };

/// "seconds", "minutes", "hours", "days", "months".
std::string_view resolution_name(TimeResolution resolution);

/// What the rows share, for messages: "every row on the 1st at 00:00" (month), "every row at 00:00"
/// (day), "every row at minute 00" (hour), "every row at second 00" (minute); empty for seconds.
std::string_view resolution_evidence(TimeResolution resolution);

/// "months (every row on the 1st at 00:00)", "minutes (every row at second 00)", "seconds".
std::string describe_resolution(TimeResolution resolution);

/// The resolution of `times`; seconds for none.
TimeResolution detect_resolution(const std::vector<time::Seconds>& times);

/// The length of the period starting at `t` (an hour, a day, the month of t); 1 for seconds.
time::Seconds period_length(TimeResolution resolution, time::Seconds t);

/// Moves every time uniformly into its period [t, t + period) with one stream of `seed` (drawn in row
/// order: the same table and seed give the same times on any thread count). For `training.spread:
/// uniform`; times keep their resolution's period, so the spread rows stay in their month (day, hour).
void spread_uniformly(std::vector<time::Seconds>& times, TimeResolution resolution, std::uint64_t seed);

}  // namespace riskgrid::incidents
