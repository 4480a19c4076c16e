#pragma once
// The `backtest:` block of a scenario file (docs/backtest.md): which models, which origins, what
// horizon and training window, which hotspot area shares.
#include <string>
#include <vector>

#include "riskgrid/models/backtest/backtest.hpp"

namespace riskgrid::app {

struct BacktestSpec {
  models::backtest::BacktestPlan plan;   ///< history_start is filled once the history is read
  std::vector<std::string> model_where;  ///< [model] "file:line:column", for an unknown-model message
  std::string where;                     ///< "file:line:column" of the block
};

/// Reads the `backtest:` block of the scenario file `path` (its `extends:` chain resolved).
/// Throws ScenarioError "file:line:column: backtest.key: expected ..." for a missing block, unknown
/// keys, an unknown model (with did-you-mean), origins that are not increasing midnights, or a bin
/// that does not divide the horizon.
BacktestSpec load_backtest_spec(const std::string& path);

/// True when the scenario file (its `extends:` chain resolved) has a `backtest:` block.
bool has_backtest_block(const std::string& path);

}  // namespace riskgrid::app
