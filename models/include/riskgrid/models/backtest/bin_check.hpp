#pragma once
// `validate` and the backtest's start ask each model for a forecast on the backtest's bins before any
// history is read: a model that cannot answer them (hour, day, week or whole-horizon bins) is a
// ScenarioError at the model's line, not a failure at every origin minutes into a run.
#include <cstddef>
#include <string_view>

#include "riskgrid/engine/scenario/model_choice.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models::backtest {

/// Fits `choice` on a small generated history (4 square grids, one category, 400 days) and asks for
/// its predictive distribution on `horizon_days` days of bins of `bin` seconds. Throws ScenarioError
/// "<where>: <key>: <model> cannot forecast bins of ... : <why>" when the model refuses the bins
/// (ScenarioError, std::logic_error); a refusal for want of data (InputError) says nothing about the
/// bins and passes.
void check_bins(const ArrivalRegistry& registry, const scenario::ModelChoice& choice, std::string_view key,
                time::Seconds bin, std::size_t horizon_days);

}  // namespace riskgrid::models::backtest
