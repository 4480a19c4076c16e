#include "results/results_h5_response.hpp"

#include <fmt/format.h>

#include "io/h5_handles.hpp"

namespace riskgrid::results {
namespace h5 = io::h5;

namespace {

constexpr const char* kCases = "cases";
constexpr const char* kHours = "hours";

void expect(const char* name, std::size_t got, std::size_t want) {
  if (got != want)
    throw std::invalid_argument(fmt::format("results file: response.{} has {} values, expected {}", name, got, want));
}

// Town teams, the district team and departments on their own dimension `team`.
void write_teams(hid_t g, const results::ResponseResults& r, const h5::Axis& time) {
  if (r.team_names.empty()) return;
  const std::size_t teams = r.team_names.size();
  expect("team_utilisation", r.team_utilisation.size(), time.size * teams);
  expect("team_queue_mean", r.team_queue_mean.size(), time.size * teams);
  expect("team_utilisation_horizon", r.team_utilisation_horizon.size(), teams);
  const h5::Dataset names =
      h5::write_strings(g, "team", r.team_names, {"town teams (town:<id>), the district team, departments"});
  h5::make_scale(names.get(), "team");
  const h5::Axis team{names.get(), "team", teams};
  h5::write_on_axes(g, "team_utilisation", r.team_utilisation, {time, team},
                    {"busy share of the team's handler time on duty in the bin (NaN: nobody on duty)", "1"});
  h5::write_on_axes(g, "team_queue_mean", r.team_queue_mean, {time, team},
                    {"time-average tasks waiting for the team", kCases});
  h5::write_on_axes(g, "team_utilisation_horizon", r.team_utilisation_horizon, {team},
                    {"busy share of the team's handler time on duty over the horizon", "1"});
}

}  // namespace

void write_response(hid_t scenario, const results::ResponseResults& r, const h5::Axis& time, const h5::Axis& unit) {
  const std::size_t cells = time.size * unit.size;
  for (const auto& [name, v] : {std::pair{"backlog_mean", &r.backlog_mean},
                                {"overdue_mean", &r.overdue_mean},
                                {"closed_on_time_mean", &r.closed_on_time_mean},
                                {"wait_p90_hours", &r.wait_p90_hours},
                                {"utilisation", &r.utilisation}})
    expect(name, v->size(), cells);
  expect("escalations_mean", r.escalations_mean.size(), cells * r.level_names.size());
  const h5::Group group = h5::create_group(scenario, "response");
  const hid_t g = group.get();
  const h5::Dataset levels =
      h5::write_strings(g, "escalation_level", r.level_names, {"escalation levels, lowest first"});
  h5::make_scale(levels.get(), "escalation_level");
  const h5::Axis level{levels.get(), "escalation_level", r.level_names.size()};
  const std::initializer_list<h5::Axis> per_bin{time, unit};
  h5::write_on_axes(g, "backlog_mean", r.backlog_mean, per_bin, {"mean open cases at the end of the bin", kCases});
  h5::write_on_axes(g, "backlog_p95", r.backlog_p95, per_bin,
                    {"95th percentile of open cases at the end of the bin", kCases});
  h5::write_on_axes(g, "overdue_mean", r.overdue_mean, per_bin,
                    {"mean open cases past their time limit at the end of the bin", kCases});
  h5::write_on_axes(g, "overdue_p95", r.overdue_p95, per_bin,
                    {"95th percentile of open cases past their time limit at the end of the bin", kCases});
  h5::write_on_axes(g, "overdue_life_safety_mean", r.overdue_life_safety_mean, per_bin,
                    {"mean open life-safety cases past their time limit at the end of the bin", kCases});
  h5::write_on_axes(g, "overdue_life_safety_probability", r.overdue_life_safety_probability, per_bin,
                    {"fraction of replicas with an overdue life-safety case at the end of the bin", "1"});
  h5::write_on_axes(g, "arrived_mean", r.arrived_mean, per_bin, {"mean cases arriving in the bin", kCases});
  h5::write_on_axes(g, "closed_mean", r.closed_mean, per_bin, {"mean cases closed in the bin", kCases});
  h5::write_on_axes(g, "closed_on_time_mean", r.closed_on_time_mean, per_bin,
                    {"mean cases closed in the bin that were handled within their time limit", kCases});
  h5::write_on_axes(
      g, "on_time_share", r.on_time_share, {unit},
      {"closed cases handled within their limit / closed cases, over the horizon (NaN: none closed)", "1"});
  h5::write_attribute(g, "district_on_time_share", r.district_on_time_share);
  h5::write_on_axes(g, "escalations_mean", r.escalations_mean, {time, unit, level},
                    {"mean cases assigned to each level in the bin (re-opened cases again)", kCases});
  h5::write_on_axes(g, "wait_mean_hours", r.wait_mean_hours, per_bin,
                    {"mean wait from dispatch to a free handler, cases dispatched in the bin (NaN: none)", kHours});
  h5::write_on_axes(g, "wait_p50_hours", r.wait_p50_hours, per_bin,
                    {"median wait, cases dispatched in the bin", kHours});
  h5::write_on_axes(g, "wait_p90_hours", r.wait_p90_hours, per_bin,
                    {"90th percentile wait, cases dispatched in the bin", kHours});
  h5::write_on_axes(g, "lead_p50_hours", r.lead_p50_hours, per_bin,
                    {"median time arrival -> close, cases closed in the bin", kHours});
  h5::write_on_axes(g, "lead_p90_hours", r.lead_p90_hours, per_bin,
                    {"90th percentile time arrival -> close, cases closed in the bin", kHours});
  h5::write_on_axes(g, "queue_mean", r.queue_mean, per_bin, {"time-average cases waiting for a handler", kCases});
  h5::write_on_axes(g, "utilisation", r.utilisation, per_bin,
                    {"busy share of the unit's staff pool (merged grids share one)", "1"});
  h5::write_on_axes(g, "open_at_start_mean", r.open_at_start_mean, {unit},
                    {"mean warm-up cases still open at the horizon start", kCases});
  write_teams(g, r, time);
}

}  // namespace riskgrid::results
