#pragma once
// The on-time rule of case handling (按时办结率, docs/scenarios.md "On time"), in one place: the
// simulation judges its cases by it, and a replay judges the history's own closing times by it, so
// the two on-time shares a replay prints side by side are measured alike.
#include "riskgrid/engine/time/civil_time.hpp"
#include "riskgrid/models/response/response_config.hpp"

namespace riskgrid::models::response {

/// When a round of a case of category `h` that starts at `start` (seconds after `origin`) runs out of
/// its limit, in seconds after `origin`: an urgent case's limit counts clock hours, the others' working
/// hours on the calendar; both are scaled by the configuration's time_limit_factor when `start` lies in
/// its limit_window.
double limit_deadline(const ResponseConfig& cfg, const CategoryHandling& h, bool urgent, time::Seconds origin,
                      double start);

/// On time means handled within the limit: verification and closing follow the handling and do not count.
inline bool handled_on_time(double handled, double deadline) { return handled <= deadline; }

/// When the handling of a case closed at `closed` ended: verification (cfg.verify_seconds) comes between.
inline double handled_before_close(const ResponseConfig& cfg, double closed) { return closed - cfg.verify_seconds; }

}  // namespace riskgrid::models::response
