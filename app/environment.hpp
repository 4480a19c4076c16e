#pragma once
// What the `riskgrid` command takes from the environment, in one place: the library below it reads
// none (run::RunContext carries these).
#include <string>
#include <string_view>

namespace riskgrid::app {

/// ${RISKGRID_CACHE_DIR}, else ${XDG_CACHE_HOME}/riskgrid, else ~/.cache/riskgrid (empty when none):
/// where the incident store of a mapped history is kept.
std::string default_cache_dir();

/// ${RISKGRID_DATA_DIR} (empty when unset): what ${data} stands for in district files, unless --data-dir.
std::string data_dir_from_environment();

/// Ends this process with SIGKILL when ${RISKGRID_TEST_KILL_AT} is `point` (e.g. "store_copy"): how the
/// tests stop a command at a chosen moment of writing, without sleeping, to check what a kill leaves.
void test_kill_point(std::string_view point);

}  // namespace riskgrid::app
