#include "riskgrid/models/registry.hpp"

#include "riskgrid/models/arrival/baselines.hpp"
#include "riskgrid/models/arrival/best_of_backtest.hpp"
#include "riskgrid/models/arrival/day_bootstrap.hpp"
#include "riskgrid/models/arrival/hawkes.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/response/des_response.hpp"

namespace riskgrid::models {

namespace {

// Each model's scenario settings (docs/backtest.md "Model settings"), with their defaults.
NegbinRegressionSettings glm_settings(const ModelSettings& s) {
  NegbinRegressionSettings g;
  g.harmonics = static_cast<int>(s.count_or("harmonics", std::size_t(g.harmonics), 0, 6));
  g.min_days_for_season = s.count_or("min_days_for_season", g.min_days_for_season, 28, 3660);
  g.ridge = s.number_or("ridge", g.ridge, 0, 100);
  return g;
}

HawkesSettings hawkes_settings(const ModelSettings& s) {
  HawkesSettings h;
  h.window_days = s.number_or("window_days", h.window_days, 7, 3660);
  h.time_cutoff_days = s.number_or("time_cutoff_days", h.time_cutoff_days, 0.5, 365);
  h.space_cutoff_m = s.number_or("space_cutoff_m", h.space_cutoff_m, 10, 100'000);
  return h;
}

DayBootstrapSettings bootstrap_settings(const ModelSettings& s) {
  DayBootstrapSettings b;
  b.season_days = static_cast<int>(s.count_or("season_days", std::size_t(b.season_days), 0, 182));
  b.min_candidates = s.count_or("min_candidates", b.min_candidates, 1, 100);
  b.fallback_weeks = s.count_or("fallback_weeks", b.fallback_weeks, 1, 520);
  return b;
}

HotspotSettings hotspot_settings(const ModelSettings& s, HotspotSettings h) {
  h.window_days = s.number_or("window_days", h.window_days, 1, 3660);
  h.bandwidth_m = s.number_or("bandwidth_m", h.bandwidth_m, 1, 100'000);
  h.cell_m = s.number_or("cell_m", h.cell_m, 5, 10'000);
  h.rate_days = s.number_or("rate_days", h.rate_days, 1, 3660);
  h.uniform_share = s.number_or("uniform_share", h.uniform_share, 0, 1);
  return h;
}

}  // namespace

void register_builtin(ModelRegistry& registry) {
  auto& a = registry.arrivals;
  a.add(std::string(NegbinWeekday::kName), [](const ModelSettings&) { return std::make_unique<NegbinWeekday>(); });
  a.add(std::string(NegbinRegression::kName),
        [](const ModelSettings& s) { return std::make_unique<NegbinRegression>(glm_settings(s)); });
  a.add(std::string(Hawkes::kName), [](const ModelSettings& s) { return std::make_unique<Hawkes>(hawkes_settings(s)); });
  // Builds its own registry of candidates when created (not when registered), so no recursion.
  a.add(std::string(BestOfBacktest::kName), [](const ModelSettings&) {
    ModelRegistry candidates;
    register_builtin(candidates);
    return std::make_unique<BestOfBacktest>(std::move(candidates), BestOfBacktest::default_candidates());
  });
  a.add(std::string(DayBootstrap::kName),
        [](const ModelSettings& s) { return std::make_unique<DayBootstrap>(bootstrap_settings(s)); });
  a.add(std::string(LastWeeksMean::kName),
        [](const ModelSettings& s) { return std::make_unique<LastWeeksMean>(s.count_or("weeks", 4, 1, 520)); });
  a.add(std::string(SamePeriodLastYear::kName),
        [](const ModelSettings&) { return std::make_unique<SamePeriodLastYear>(); });
  a.add(std::string(ExpWeightedMean::kName), [](const ModelSettings& s) {
    return std::make_unique<ExpWeightedMean>(s.number_or("half_life_days", 14, 0.25, 3650));
  });
  a.add(std::string(KdeHotspot::kName), [](const ModelSettings& s) {
    return std::make_unique<KdeHotspot>(hotspot_settings(s, {}));
  });
  a.add(std::string(ProspectiveHotspot::kName), [](const ModelSettings& s) {
    return std::make_unique<ProspectiveHotspot>(hotspot_settings(s, ProspectiveHotspot::default_settings()));
  });
  registry.responses.add(std::string(response::DesResponse::kName),
                         [](const ModelSettings&) { return std::make_unique<response::DesResponse>(); });
}

}  // namespace riskgrid::models
