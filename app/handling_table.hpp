#pragma once
// The case-handling table `riskgrid run` prints for a scenario with a `response:` block.
#include <string>
#include <vector>

#include "riskgrid/run/handling_by_town.hpp"

namespace riskgrid::app {

/// Prints the rows (per town, then the district) on stdout.
void print_handling(const std::vector<run::TownHandling>& rows, const std::string& title);

}  // namespace riskgrid::app
