#pragma once
// What `riskgrid backtest` shows and writes: the console table, the CSV files, the scores file
// (HDF5) and the picture of scores by model.
#include <string>
#include <vector>

#include "riskgrid/models/backtest/backtest.hpp"

namespace riskgrid::app {

/// Score names in column order: mae, rmse, log_score, crps, coverage, then hit_<p>pct and pai_<p>pct
/// per area share.
std::vector<std::string> score_names(const models::backtest::BacktestPlan& plan);

/// The summary table (one row per model, then the oracle), followed by the best model on log
/// score and on PAI at the middle area share, the field's-conventions table when asked for,
/// best_of_backtest's choices per origin, and models that could not be scored.
std::string format_backtest_table(const models::backtest::BacktestResult& result,
                                  const std::vector<models::backtest::ModelSummary>& summary);

struct BacktestFiles {
  std::string scores_h5, scores_csv, summary_csv, picture;
};

/// Writes the four files under `out_dir` (backtest.h5, backtest_scores.csv, backtest_summary.csv,
/// backtest.png), each atomically. Throws IoError naming the file.
BacktestFiles write_backtest_outputs(const std::string& out_dir, const std::string& title,
                                     const std::string& scenario_text, const std::string& command_line,
                                     const models::backtest::BacktestResult& result,
                                     const std::vector<models::backtest::ModelSummary>& summary);

}  // namespace riskgrid::app
