#pragma once
// Fitting the scenario's arrival model, shared by run, validate and monitor. A scenario that names no
// model gets `best_of_backtest` (the model that forecast the last training weeks best); its choice is
// remembered in the cache folder under the hash of everything it depends on, so the next run with the
// same training data skips the candidates' backtest and computes exactly what it would have computed.
#include <memory>
#include <string>

#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/run/context.hpp"

namespace riskgrid::run {

/// The model a scenario names, or the default's fallback `negbin_weekday` when it names none and its
/// training window is too short to backtest (said in the log).
std::unique_ptr<models::FittedArrivals> fit_arrival_model(const RunContext& context, const scenario::ScenarioSpec& spec,
                                                          const models::ArrivalModel& model,
                                                          const models::FitInput& input);

/// Where a remembered choice lives: <cache>/model-choice/<key>.txt (empty without a cache folder).
std::string remembered_choice_path(const RunContext& context, const std::string& key);

}  // namespace riskgrid::run
