#pragma once
// Times and windows as scenarios write them (`start: 2026-11-01 08:00`, `window: {start:, hours:|days:|end:}`),
// shared by the horizon, training, drill and staff-change readers.
#include <string>
#include <utility>

#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::scenario {

/// The date or time under `key` (required).
time::Seconds read_time(const io::Fields& f, const std::string& key);

/// `start` plus one of `hours` / `days` / `end`; the default window is [fallback_start, fallback_end).
std::pair<time::Seconds, time::Seconds> read_window(const io::Fields& f, time::Seconds fallback_start,
                                                    time::Seconds fallback_end);

}  // namespace riskgrid::scenario
