#include "riskgrid/models/registry.hpp"

#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/backtest/best_of_backtest.hpp"
#include "riskgrid/models/arrival/day_bootstrap.hpp"
#include "riskgrid/models/arrival/hawkes.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/arrival/near_repeat_hawkes.hpp"
#include "riskgrid/models/arrival/shrunk_level.hpp"
#include "riskgrid/models/arrival/stacked.hpp"
#include "riskgrid/models/response/des_response.hpp"

namespace riskgrid::models {

void register_builtin(ModelRegistry& registry) {
  auto& a = registry.arrivals;
  a.add(NegbinWeekday::kName, &NegbinWeekday::create);
  a.add(NegbinRegression::kName, &NegbinRegression::create);
  a.add(Hawkes::kName, &Hawkes::create);
  a.add(DayBootstrap::kName, &DayBootstrap::create);
  a.add(LastWeeksMean::kName, &LastWeeksMean::create);
  a.add(SamePeriodLastYear::kName, &SamePeriodLastYear::create);
  a.add(ExpWeightedMean::kName, &ExpWeightedMean::create);
  a.add(KdeHotspot::kName, &KdeHotspot::create);
  a.add(ProspectiveHotspot::kName, &ProspectiveHotspot::create);
  a.add(ShrunkLevel::kName, &ShrunkLevel::create);
  a.add(DampedTrendLevel::kName, &DampedTrendLevel::create);
  a.add(NearRepeatHawkes::kName, &NearRepeatHawkes::create);
  a.add(Stacked::kName, [](const ModelSettings& s) -> std::unique_ptr<ArrivalModel> {
    ModelRegistry members;  // built when created, as best_of_backtest's candidates
    register_builtin(members);
    return Stacked::create(std::move(members.arrivals), s);
  });
  // Builds its own registry of candidates when created (not when registered), so no recursion.
  a.add(BestOfBacktest::kName, [](const ModelSettings& s) -> std::unique_ptr<ArrivalModel> {
    ModelRegistry candidates;
    register_builtin(candidates);
    return BestOfBacktest::create(std::move(candidates.arrivals), s);
  });
  registry.responses.add(response::DesResponse::kName, &response::DesResponse::create);
}

}  // namespace riskgrid::models
