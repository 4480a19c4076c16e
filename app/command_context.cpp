#include "command_context.hpp"

#include <cstdio>

#include "environment.hpp"
#include "ranks.hpp"

namespace riskgrid::app {

run::RunContext command_context(int threads, bool quiet, const IngestFlags& ingest, bool no_cache) {
  run::RunContext context;
  context.threads = threads;
  if (!quiet) context.log = [](const std::string& m) { std::fprintf(stderr, "riskgrid: %s\n", m.c_str()); };
  context.data_dir = ingest.data_folder();
  context.cache_dir = no_cache ? "" : default_cache_dir();
  context.ranks = &process_ranks();
  context.checkpoint = test_kill_point;
  return context;
}

}  // namespace riskgrid::app
