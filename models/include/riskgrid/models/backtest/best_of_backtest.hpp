#pragma once
// "best_of_backtest": lets a scenario ask for the model that forecasts its own history best. At fit
// time it backtests every candidate on the last `origins` weeks of the training window (weekly
// origins, 7-day horizons, each trained on the training window before the origin), picks the lowest
// mean log score (ties: the earlier candidate), and fits that model on the whole window. Its
// summary names the winner and every candidate's score.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// A fit that was chosen among candidates reports which (the backtest records it per origin).
class ReportsChoice {
 public:
  virtual ~ReportsChoice() = default;
  virtual const std::string& chosen() const = 0;
};

class BestOfBacktest : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "best_of_backtest";
  /// `registry` supplies the candidates by name (models/src/registry.cpp hands it the built-in ones).
  BestOfBacktest(ArrivalRegistry registry, std::vector<std::string> candidates, std::size_t origins = 4);
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

  /// The default candidates: every built-in count model (hawkes included).
  static std::vector<std::string> default_candidates();

 private:
  ArrivalRegistry registry_;
  std::vector<std::string> candidates_;
  std::size_t origins_;
};

}  // namespace riskgrid::models
