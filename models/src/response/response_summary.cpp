#include "riskgrid/models/response/response_summary.hpp"

#include <limits>

#include "riskgrid/models/response/response_config.hpp"

namespace riskgrid::models::response {

namespace {

void summarise_teams(const ResponseTally& t, double bin_seconds, results::ResponseResults& r) {
  const double replicas = double(std::max<std::uint64_t>(1, t.replicas));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::uint64_t> busy(t.teams, 0), on_duty(t.teams, 0);
  for (std::size_t b = 0; b < t.bins; ++b)
    for (std::size_t team = 0; team < t.teams; ++team) {
      const std::size_t cell = b * t.teams + team;
      r.team_utilisation.push_back(
          t.team_on_duty_ms[cell] > 0 ? double(t.team_busy_ms[cell]) / double(t.team_on_duty_ms[cell]) : nan);
      r.team_queue_mean.push_back(double(t.team_queue_ms[cell]) / replicas / (bin_seconds * 1000));
      busy[team] += t.team_busy_ms[cell];
      on_duty[team] += t.team_on_duty_ms[cell];
    }
  for (std::size_t team = 0; team < t.teams; ++team)
    r.team_utilisation_horizon.push_back(on_duty[team] > 0 ? double(busy[team]) / double(on_duty[team]) : nan);
}

}  // namespace

results::ResponseResults summarise_response(const ResponseTally& t, double bin_seconds) {
  results::ResponseResults r;
  r.present = true;
  for (const char* name : kLevelNames) r.level_names.emplace_back(name);
  const double replicas = double(std::max<std::uint64_t>(1, t.replicas));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t cells = t.bins * t.grids;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    r.backlog_mean.push_back(t.backlog.mean(cell));
    r.backlog_p95.push_back(t.backlog.quantile(cell, 0.95));
    r.overdue_mean.push_back(t.overdue.mean(cell));
    r.overdue_p95.push_back(t.overdue.quantile(cell, 0.95));
    r.overdue_life_safety_mean.push_back(t.overdue_life_safety.mean(cell));
    r.overdue_life_safety_probability.push_back(t.overdue_life_safety.exceedance(cell, 0));
    r.arrived_mean.push_back(double(t.arrived[cell]) / replicas);
    r.closed_mean.push_back(double(t.closed[cell]) / replicas);
    r.closed_on_time_mean.push_back(double(t.closed_on_time[cell]) / replicas);
    for (std::size_t l = 0; l < kLevels; ++l)
      r.escalations_mean.push_back(double(t.escalations[cell * kLevels + l]) / replicas);
    const std::uint64_t* waits = t.wait_hist.data() + cell * kTimeBuckets;
    const std::uint64_t* leads = t.lead_hist.data() + cell * kTimeBuckets;
    r.wait_mean_hours.push_back(t.waits[cell] ? double(t.wait_ms[cell]) / double(t.waits[cell]) / 3.6e6 : nan);
    r.wait_p50_hours.push_back(ResponseTally::time_quantile(waits, 0.5) / 3600);
    r.wait_p90_hours.push_back(ResponseTally::time_quantile(waits, 0.9) / 3600);
    r.lead_p50_hours.push_back(ResponseTally::time_quantile(leads, 0.5) / 3600);
    r.lead_p90_hours.push_back(ResponseTally::time_quantile(leads, 0.9) / 3600);
    const double span_ms = t.capacity_ms[cell] > 0 ? double(t.capacity_ms[cell]) : nan;
    r.utilisation.push_back(double(t.busy_ms[cell]) / span_ms);
    r.queue_mean.push_back(double(t.queue_ms[cell]) / replicas / (bin_seconds * 1000));
  }
  for (std::size_t g = 0; g < t.grids; ++g) r.open_at_start_mean.push_back(double(t.open_at_start[g]) / replicas);
  std::uint64_t all_closed = 0, all_on_time = 0;
  for (std::size_t g = 0; g < t.grids; ++g) {
    std::uint64_t closed = 0, on_time = 0;
    for (std::size_t b = 0; b < t.bins; ++b)
      closed += t.closed[b * t.grids + g], on_time += t.closed_on_time[b * t.grids + g];
    r.on_time_share.push_back(closed > 0 ? double(on_time) / double(closed) : nan);
    all_closed += closed, all_on_time += on_time;
  }
  r.district_on_time_share = all_closed > 0 ? double(all_on_time) / double(all_closed) : nan;
  summarise_teams(t, bin_seconds, r);
  return r;
}

}  // namespace riskgrid::models::response
