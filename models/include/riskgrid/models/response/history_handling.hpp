#pragma once
// The history's own case handling over a replayed horizon, judged by the simulation's on-time rule
// (time_limit.hpp), so that a replay can print what happened beside what the simulation makes of the
// same incidents.
#include <cmath>
#include <limits>

#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/response/case_simulator.hpp"
#include "riskgrid/models/response/response_config.hpp"

namespace riskgrid::models::response {

struct HistoryHandling {
  /// The replay's own figure judged the same way (replay_judged_like_history; NaN when not computed).
  double replay_on_time_from_creation = std::numeric_limits<double>::quiet_NaN();
  double closed = 0;          ///< replayed incidents closed within the horizon
  double closed_on_time = 0;  ///< of them, handled (closed less verification) within their limit
  double open_end = 0;        ///< replayed incidents still open at the horizon's end
  double overdue_end = 0;     ///< of them, past their limit and not yet handled

  double on_time_share() const {
    return closed > 0 ? closed_on_time / closed : std::numeric_limits<double>::quiet_NaN();
  }
};

/// The incidents a replay simulates (created in [from, horizon end), `from` being the warm-up's start)
/// as the history closed them. A history records no urgency and no re-opened rounds, so each incident
/// is judged as one round from its creation against its category's working-hour limit (docs/scenarios.md
/// "Replay against the history"). Incidents closed before the horizon count in neither figure. `cfg`'s calendar must
/// cover [from, horizon end + the longest limit).
HistoryHandling history_handling(const incidents::IncidentTable& history, const ResponseConfig& cfg,
                                 const time::TimeGrid& horizon, time::Seconds from);

/// One replica of a replay (`setup.replay` set) judged exactly like the history above, from each
/// incident's creation: the like-for-like figure beside the history's, since the simulation's own on-time
/// count starts a re-opened case's limit again at its re-opening, which a history cannot show.
HistoryHandling replay_judged_like_history(const SimulationSetup& setup, const rng::ReplicaKey& key);

}  // namespace riskgrid::models::response
