#pragma once
// `riskgrid backtest --forecasts`: every scored forecast out, as forecasts.h5 (named dimensions) and
// forecasts.csv (one row per model, origin, bin, unit and category), so anyone can score them their way.
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/models/backtest/backtest.hpp"

namespace riskgrid::app {

/// The quantile levels exported: the central interval's ends, the quartiles and the median.
std::vector<double> forecast_quantile_levels(double interval);

struct ForecastFiles {
  std::string h5, csv;
};

/// Writes forecasts.h5 and forecasts.csv under `out_dir` (result.plan.keep_forecasts must have been
/// set), each atomically. Throws IoError naming the file.
ForecastFiles write_forecast_files(const std::string& out_dir, const std::string& scenario_text,
                                   const std::string& command_line, const spatial::District& district,
                                   const catalog::CategoryCatalog& catalog,
                                   const models::backtest::BacktestResult& result);

}  // namespace riskgrid::app
