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
  for (const auto& [name, values] : per_bin_response_arrays(h)) *values = read_numbers(reader, g + "/" + name, per_bin);
  h.level_names = reader.read_strings(g + "/escalation_level");
  h.escalations_mean = read_numbers(reader, g + "/escalations_mean", {r.time.bins, r.units, h.level_names.size()});
  h.on_time_share = read_numbers(reader, g + "/on_time_share", {r.units});
  h.open_at_start_mean = read_numbers(reader, g + "/open_at_start_mean", {r.units});
  h.district_on_time_share = reader.number_attribute<double>(g, "district_on_time_share");
  read_teams(reader, g, r.time.bins, h);
  h.present = true;
}

}  // namespace riskgrid::results
