#pragma once
// What the `riskgrid` command takes from the environment, in one place: the library below it reads
// none (run::RunContext carries these).
#include <string>

namespace riskgrid::app {

/// ${RISKGRID_CACHE_DIR}, else ${XDG_CACHE_HOME}/riskgrid, else ~/.cache/riskgrid (empty when none):
/// where the incident store of a mapped history is kept.
std::string default_cache_dir();

/// ${RISKGRID_DATA_DIR} (empty when unset): what ${data} stands for in district files, unless --data-dir.
std::string data_dir_from_environment();

}  // namespace riskgrid::app
