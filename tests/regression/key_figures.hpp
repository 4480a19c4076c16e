#pragma once
// Key figures of a run's output files, as name → number, for the blessed regression cases
// (tests/regression/README.md). Every numeric dataset of a results file gives its sum, minimum and
// maximum (NaN skipped) and, for risk levels, how many cells hold each level; a backtest's summary CSV
// gives every model × score mean.
#include <map>
#include <string>

namespace riskgrid::regression {

using KeyFigures = std::map<std::string, double>;

/// Sum, min, max (and level counts) of every numeric dataset under /scenarios of a results file.
KeyFigures results_figures(const std::string& results_h5);

/// "model/score" → value of every non-empty cell of backtest_summary.csv.
KeyFigures backtest_summary_figures(const std::string& summary_csv);

}  // namespace riskgrid::regression
