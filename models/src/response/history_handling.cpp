#include "riskgrid/models/response/history_handling.hpp"

#include "riskgrid/models/response/case_simulator.hpp"
#include "riskgrid/models/response/time_limit.hpp"

namespace riskgrid::models::response {

namespace {

/// Adds one incident, times in seconds after `origin` (closed: +inf when never closed), judged as one
/// round from its creation.
void judge(const ResponseConfig& cfg, time::Seconds origin, double horizon_end, double created, double closed,
           std::uint16_t category, HistoryHandling& out) {
  const double deadline = limit_deadline(cfg, cfg.categories[category], false, origin, created);
  const double handled = handled_before_close(cfg, closed);  // +inf stays +inf
  if (closed >= 0 && closed < horizon_end) {
    out.closed += 1;
    if (handled_on_time(handled, deadline)) out.closed_on_time += 1;
  } else if (closed >= horizon_end) {
    out.open_end += 1;
    if (deadline < horizon_end && handled >= horizon_end) out.overdue_end += 1;
  }
}

}  // namespace

HistoryHandling history_handling(const incidents::IncidentTable& history, const ResponseConfig& cfg,
                                 const time::TimeGrid& horizon, time::Seconds from) {
  HistoryHandling out;
  const time::Seconds origin = horizon.start, end = horizon.end();
  const double infinity = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (history.created[i] < from || history.created[i] >= end) continue;
    const double closed = history.closed[i] < 0 ? infinity : double(history.closed[i] - origin);
    if (closed < 0) continue;  // closed before the horizon: in neither figure
    judge(cfg, origin, double(end - origin), double(history.created[i] - origin), closed, history.category[i], out);
  }
  return out;
}

HistoryHandling replay_judged_like_history(const SimulationSetup& setup, const rng::ReplicaKey& key) {
  CaseSimulator simulator(setup);
  simulator.keep_close_times(true);
  ResponseTally tally(setup.horizon.bins, setup.grids);
  simulator.run(key, {}, tally);
  HistoryHandling out;
  const ReplayArrivals& r = *setup.replay;
  const double end = double(setup.horizon.end() - setup.horizon.start);
  for (std::size_t i = 0; i < r.time.size(); ++i) {
    const double closed = simulator.close_time(i);
    if (closed < 0) continue;
    judge(*setup.config, setup.horizon.start, end, r.time[i], closed, r.category[i], out);
  }
  return out;
}

}  // namespace riskgrid::models::response
