#include "riskgrid/models/registry.hpp"

#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/arrival/best_of_backtest.hpp"
#include "riskgrid/models/arrival/day_bootstrap.hpp"
#include "riskgrid/models/arrival/hawkes.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/response/des_response.hpp"

namespace riskgrid::models {

void register_builtin(ModelRegistry& registry) {
  registry.arrivals.add(std::string(NegbinWeekday::kName), [] { return std::make_unique<NegbinWeekday>(); });
  registry.arrivals.add(std::string(NegbinRegression::kName), [] { return std::make_unique<NegbinRegression>(); });
  registry.arrivals.add(std::string(Hawkes::kName), [] { return std::make_unique<Hawkes>(); });
  // Builds its own registry of candidates when created (not when registered), so no recursion.
  registry.arrivals.add(std::string(BestOfBacktest::kName), [] {
    ModelRegistry candidates;
    register_builtin(candidates);
    return std::make_unique<BestOfBacktest>(std::move(candidates), BestOfBacktest::default_candidates());
  });
  registry.arrivals.add(std::string(DayBootstrap::kName), [] { return std::make_unique<DayBootstrap>(); });
  registry.arrivals.add(std::string(LastWeeksMean::kName), [] { return std::make_unique<LastWeeksMean>(); });
  registry.arrivals.add(std::string(SamePeriodLastYear::kName), [] { return std::make_unique<SamePeriodLastYear>(); });
  registry.arrivals.add(std::string(ExpWeightedMean::kName), [] { return std::make_unique<ExpWeightedMean>(); });
  registry.arrivals.add(std::string(KdeHotspot::kName), [] { return std::make_unique<KdeHotspot>(); });
  registry.arrivals.add(std::string(ProspectiveHotspot::kName), [] { return std::make_unique<ProspectiveHotspot>(); });
  registry.responses.add(std::string(response::DesResponse::kName),
                         [] { return std::make_unique<response::DesResponse>(); });
}

}  // namespace riskgrid::models
