#include "results/results_loader_response.hpp"

#include <utility>
#include <vector>

#include "results/read_shaped.hpp"

namespace riskgrid::results {
namespace {

std::vector<double> read_numbers(const ResultsReader& reader, const std::string& dataset,
                                 const std::vector<std::size_t>& dims) {
  return read_shaped<double>(reader, dataset, dims);
}

void read_teams(const ResultsReader& reader, const std::string& g, std::size_t bins, ResponseResults& h) {
  if (!reader.exists(g + "/team")) return;
  h.team_names = reader.read_strings(g + "/team");
  const std::size_t teams = h.team_names.size();
  h.team_utilisation = read_numbers(reader, g + "/team_utilisation", {bins, teams});
  h.team_queue_mean = read_numbers(reader, g + "/team_queue_mean", {bins, teams});
  h.team_utilisation_horizon = read_numbers(reader, g + "/team_utilisation_horizon", {teams});
}

}  // namespace

void read_response(const ResultsReader& reader, const std::string& group, ScenarioResults& r) {
  const std::string g = group + "/response";
  ResponseResults& h = r.response;
  if (!reader.exists(g)) return;
  const std::vector<std::size_t> per_bin{r.time.bins, r.units};
  for (const auto& [name, values] : {std::pair{"backlog_mean", &h.backlog_mean},
                                     {"backlog_p95", &h.backlog_p95},
                                     {"overdue_mean", &h.overdue_mean},
                                     {"overdue_p95", &h.overdue_p95},
                                     {"overdue_life_safety_mean", &h.overdue_life_safety_mean},
                                     {"overdue_life_safety_probability", &h.overdue_life_safety_probability},
                                     {"arrived_mean", &h.arrived_mean},
                                     {"closed_mean", &h.closed_mean},
                                     {"closed_on_time_mean", &h.closed_on_time_mean},
                                     {"wait_mean_hours", &h.wait_mean_hours},
                                     {"wait_p50_hours", &h.wait_p50_hours},
                                     {"wait_p90_hours", &h.wait_p90_hours},
                                     {"lead_p50_hours", &h.lead_p50_hours},
                                     {"lead_p90_hours", &h.lead_p90_hours},
                                     {"queue_mean", &h.queue_mean},
                                     {"utilisation", &h.utilisation}})
    *values = read_numbers(reader, g + "/" + name, per_bin);
  h.level_names = reader.read_strings(g + "/escalation_level");
  h.escalations_mean = read_numbers(reader, g + "/escalations_mean", {r.time.bins, r.units, h.level_names.size()});
  h.on_time_share = read_numbers(reader, g + "/on_time_share", {r.units});
  h.open_at_start_mean = read_numbers(reader, g + "/open_at_start_mean", {r.units});
  h.district_on_time_share = reader.number_attribute<double>(g, "district_on_time_share");
  read_teams(reader, g, r.time.bins, h);
  h.present = true;
}

}  // namespace riskgrid::results
