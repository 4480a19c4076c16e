#pragma once
// The table `run` and `merge` print: the top grids by risk index, then the files written.
#include <cstddef>

#include "riskgrid/run/run.hpp"

namespace riskgrid::app {

/// Prints the first `rows` grids of `out.ranking` and each of `out.outputs` on stdout.
void print_ranking(const run::RunOutcome& out, std::size_t rows);

}  // namespace riskgrid::app
