#pragma once
// The case-handling table `riskgrid run` prints for a scenario with a `response:` block.
#include <string>
#include <vector>

#include "riskgrid/run/handling_by_town.hpp"
#include "riskgrid/run/run.hpp"

namespace riskgrid::app {

/// Prints the rows (per town, then the district) on stdout.
void print_handling(const std::vector<run::TownHandling>& rows, const std::string& title);
/// One line: the five busiest town teams, district team and departments.
void print_busiest_teams(const std::vector<run::TeamLoad>& teams);
/// A replay: the district's on-time share, open and overdue cases at the end beside the history's own.
void print_replay_comparison(const run::ReplayComparison& r);

}  // namespace riskgrid::app
