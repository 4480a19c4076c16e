#pragma once
// "best_of_backtest": lets a scenario ask for the model that forecasts its own history best. At fit
// time it backtests every candidate on the last `origins` weeks of the training window (weekly
// origins, 7-day horizons, each trained on the training window before the origin), picks the lowest
// mean log score (ties: the earlier candidate), and fits that model on the whole window. Its
// summary names the winner and every candidate's score. It is the model of a scenario that names none;
// the run remembers its choice in the cache folder under `choice_key` (run/src/fit_model.cpp), which
// changes how long a run takes, never what it computes: the choice is a function of the key's inputs.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/plugin/model_settings.hpp"

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
  /// The winner and how every candidate scored, in words (the fit's summary starts with it).
  struct Choice {
    std::string winner;
    std::string scores;
  };

  /// `registry` supplies the candidates by name (models/src/registry.cpp hands it the built-in ones).
  BestOfBacktest(ArrivalRegistry registry, std::vector<std::string> candidates, std::size_t origins = 4);
  /// Settings: `candidates` (model names), `origins` (weeks scored, 1-52).
  static std::unique_ptr<ArrivalModel> create(ArrivalRegistry registry, const ModelSettings& settings);
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

  /// Whether the training window holds the weeks a choice needs (two weeks before the first origin).
  bool can_choose(const FitInput& input) const;
  /// Backtests the candidates on the training window and picks the best. InputError when none scores.
  Choice choose(const FitInput& input) const;
  /// Fits `choice.winner` on the whole window, its summary saying how it was chosen.
  std::unique_ptr<FittedArrivals> fit_choice(const FitInput& input, const Choice& choice) const;
  /// SHA-256 of everything `choose` depends on: the candidates, the origins, the training window's
  /// incidents (time, grid, category, position), the grids and the categories.
  std::string choice_key(const FitInput& input) const;
  bool is_candidate(const std::string& name) const;

  /// The default candidates: every built-in count model (hawkes included).
  static std::vector<std::string> default_candidates();

 private:
  ArrivalRegistry registry_;
  std::vector<std::string> candidates_;
  std::size_t origins_;
};

}  // namespace riskgrid::models
