#pragma once
// Pieces of `riskgrid backtest`'s report shared by its writers: rows of scores in score_names()
// order, the CSV files, the field's-conventions table and best_of_backtest's choices per origin.
#include <limits>
#include <string>
#include <vector>

#include "riskgrid/engine/results/scores_h5.hpp"
#include "riskgrid/models/backtest/backtest.hpp"

namespace riskgrid::app {

/// The scores of one row (an origin's OriginScores or a ModelSummary) in score_names() order.
template <class Scores>
std::vector<double> row_of(const Scores& x, bool field) {
  std::vector<double> row{x.mae, x.rmse, x.log_score, x.crps, x.coverage};
  for (std::size_t k = 0; k < x.hit_rate.size(); ++k) {
    row.push_back(x.hit_rate[k]);
    row.push_back(x.pai[k]);
  }
  if (!field) return row;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  row.push_back(x.field_log_score);
  row.push_back(x.field_crps);
  for (std::size_t k = 0; k < x.hit_rate.size(); ++k) {
    row.push_back(k < x.field_hit_rate.size() ? x.field_hit_rate[k] : nan);
    row.push_back(k < x.field_pai.size() ? x.field_pai[k] : nan);
  }
  return row;
}

/// Per area share, the mean over origins of `per_origin` [origin][area share].
std::vector<double> oracle_means(const models::backtest::BacktestResult& r, const std::vector<double>& per_origin);

/// "5" for 0.05.
std::string percent(double share);

/// With plan.field_scores, the summary under the field's conventions; else empty.
std::string format_field_table(const models::backtest::BacktestResult& r,
                               const std::vector<models::backtest::ModelSummary>& summary);

/// best_of_backtest's pick per origin (runs of one pick collapsed), one line per such model; else empty.
std::string format_choices(const models::backtest::BacktestResult& r);

/// backtest_scores.csv: one row per model and origin.
std::string scores_csv(const results::ScoresTable& t);

/// backtest_summary.csv: one row per model, then the oracle.
std::string summary_csv(const results::ScoresTable& t, const std::vector<models::backtest::ModelSummary>& summary,
                        const models::backtest::BacktestResult& r);

/// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

/// A number with 17 significant digits (exact round trip), empty when not finite.
std::string csv_exact(double v);

}  // namespace riskgrid::app
