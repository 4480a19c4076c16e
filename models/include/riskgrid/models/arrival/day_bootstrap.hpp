#pragma once
// "day_bootstrap": historical resampling. Each horizon day copies one whole day of the training
// history (every grid, category and hour of it, so the day's spatial and cross-category pattern is
// kept), drawn uniformly from the days with the same weekday within +-season_days of the same day of
// the year (any training year). When fewer than min_candidates such days exist (less than a year of
// history), the last fallback_weeks same-weekday days are the candidates. The predictive distribution
// of a bin is the negative binomial with the candidates' mean and variance (moment matched).
#include <cstddef>
#include <memory>
#include <string_view>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

struct DayBootstrapSettings {
  int season_days = 28;
  std::size_t min_candidates = 4;
  std::size_t fallback_weeks = 8;
};

class DayBootstrap : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "day_bootstrap";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit DayBootstrap(DayBootstrapSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  DayBootstrapSettings settings_;
};

}  // namespace riskgrid::models
