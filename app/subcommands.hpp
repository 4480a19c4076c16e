#pragma once
// Every subcommand of `riskgrid` is a function taking its own arguments (after the subcommand name)
// and returning the process exit code. Errors are thrown as riskgrid exceptions; main maps them.
#include <string>
#include <vector>

namespace riskgrid::app {

using Args = std::vector<std::string>;

int run_partition(const Args& args);  // cmd_partition.cpp
int run_synth(const Args& args);      // cmd_synth.cpp
int run_run(const Args& args);        // cmd_run.cpp
int run_render(const Args& args);     // cmd_render.cpp
int run_validate(const Args& args);   // cmd_validate.cpp
int run_merge(const Args& args);      // cmd_merge.cpp
int run_batch(const Args& args);      // cmd_batch.cpp
int run_backtest(const Args& args);   // cmd_backtest.cpp
int run_ingest(const Args& args);     // cmd_ingest.cpp
int run_calibrate(const Args& args);  // cmd_calibrate.cpp
int run_export(const Args& args);     // cmd_export.cpp
int run_monitor(const Args& args);    // cmd_monitor.cpp
int run_allocate(const Args& args);   // cmd_allocate.cpp

}  // namespace riskgrid::app
