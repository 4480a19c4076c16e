#pragma once
// The run context (riskgrid/run/context.hpp) every command that loads scenarios builds from its options.
#include "ingest_flags.hpp"
#include "riskgrid/run/context.hpp"

namespace riskgrid::app {

/// `threads` (0 = all), stage messages on stderr unless `quiet`, ${data} from --data-dir or
/// RISKGRID_DATA_DIR, the incident store in the default cache folder unless `no_cache`, and this
/// process's ranks (MPI under mpirun in a build with MPI).
run::RunContext command_context(int threads, bool quiet, const IngestFlags& ingest, bool no_cache);

}  // namespace riskgrid::app
