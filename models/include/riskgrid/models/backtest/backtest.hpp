#pragma once
// Rolling-origin evaluation of arrival models on history held out in time: at each origin every
// model is fitted on the history before it (all of it, or a window) and its predictive distribution
// of the following horizon is scored against what happened. The history may come from anywhere (a
// CSV, the ingest store, a synthetic generator): only the IncidentTable and the District count.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/scenario/model_choice.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models::backtest {

struct BacktestPlan {
  std::vector<scenario::ModelChoice> models;  ///< registry names and settings, in table order
  std::vector<time::Seconds> origins;         ///< midnights, increasing
  std::size_t horizon_days = 7;
  time::Seconds bin = time::kDay;          ///< whole hours dividing a day, or whole days dividing the horizon
  time::Seconds history_start = 0;         ///< earliest training day (midnight)
  std::optional<std::size_t> window_days;  ///< training = the last window_days before the origin; none: all
  std::vector<double> area_shares{0.01, 0.05, 0.10};
  double interval = 0.90;  ///< central interval whose coverage is scored
  /// true: counts are scored per grid x category x bin; false: per grid x bin, the categories'
  /// forecasts summed (grid_totals.hpp: a negative binomial with the larger of the independent sum's
  /// variance and the one measured on the model's recent errors).
  bool by_category = true;
  /// Level grid only: the total's dispersion is also measured on the model's errors over this many
  /// horizons before each origin (forecast like the origin's own); 0: categories independent only.
  std::size_t calibration_horizons = 4;
  /// Also score by the field's conventions (forecast/field_scores.hpp): each grid's horizon total
  /// under a Poisson of its forecast mean, hotspots as round(p * N) grids with ties in expectation.
  bool field_scores = false;
  /// Keep every scored forecast (BacktestResult::forecasts), for `--forecasts`.
  bool keep_forecasts = false;
};

/// Scores of one model at one origin. Count scores are means over the horizon's cells [bin][grid]
/// [category] (or [bin][grid], plan.by_category false); the hotspot scores rank grids by the forecast total of the
/// horizon (all bins and categories) against the observed totals. NaN throughout when the model could not be fitted.
struct OriginScores {
  double mae = 0, rmse = 0;
  double log_score = 0;               ///< mean -log p(y)
  double crps = 0;                    ///< mean exact CRPS
  double coverage = 0;                ///< share of cells inside the central interval
  std::vector<double> hit_rate, pai;  ///< [area share]
  std::string error;                  ///< why the model could not be fitted, else empty
  /// The field's conventions (plan.field_scores), over grids' horizon totals: mean Poisson log
  /// score log p(y) (higher is better), mean closed-form Poisson CRPS, and hit rate and PAI of the
  /// round(p * N) grids with the highest forecast, ties in expectation. Empty / NaN otherwise.
  double field_log_score = 0, field_crps = 0;
  std::vector<double> field_hit_rate, field_pai;  ///< [area share]
  std::string chosen;                             ///< best_of_backtest: the candidate it fitted, else empty
};

/// A scored forecast as it was scored: per [bin][grid][category] (one category, the grid total, at
/// level grid) the predictive mean and NB size, and the observed count.
struct KeptForecast {
  std::vector<double> mean, size;
  std::vector<std::uint32_t> observed;
};

struct BacktestResult {
  BacktestPlan plan;
  std::vector<double> observed_total;          ///< [origin] incidents in the horizon
  std::vector<OriginScores> scores;            ///< [model][origin]
  std::vector<double> oracle_hit, oracle_pai;  ///< [origin][area share]
  std::vector<double> fit_seconds;             ///< [model][origin] fit + forecast (not deterministic)
  std::vector<KeptForecast> forecasts;         ///< [model][origin] with plan.keep_forecasts (empty if not scored)
  std::size_t bins = 0;                        ///< bins per horizon
  std::size_t forecast_categories = 0;         ///< categories of a kept forecast (1 at level grid)

  const OriginScores& at(std::size_t model, std::size_t origin) const {
    return scores[model * plan.origins.size() + origin];
  }
};

/// Means over the origins a model could be fitted at.
struct ModelSummary {
  std::string model;        ///< ModelChoice::display(): the label, or the name with its settings
  std::size_t origins = 0;  ///< scored origins
  double mae = 0, rmse = 0, log_score = 0, crps = 0, coverage = 0;
  std::vector<double> hit_rate, pai, pei;         ///< [area share]; pei = pai / oracle pai (mean of ratios)
  std::string first_error;                        ///< of an origin that could not be scored, if any
  double field_log_score = 0, field_crps = 0;     ///< plan.field_scores, else NaN
  std::vector<double> field_hit_rate, field_pai;  ///< [area share]
};

struct BacktestInput {
  const spatial::District& district;
  const catalog::CategoryCatalog& catalog;
  const incidents::IncidentTable& history;
};

/// The display names of the plan's models, in order.
std::vector<std::string> model_labels(const BacktestPlan& plan);

/// Runs the plan: (model, origin) pairs in parallel with oneTBB, each written to its own slot, so
/// the scores do not depend on the thread count. `progress(done, total)` is called from worker
/// threads (may be empty). Throws ScenarioError for an unknown model (listing the known ones), a
/// setting it does not know or that is out of range, two models with the same display name, or a
/// horizon/bin that does not fit, InputError when the history does not cover the last horizon.
/// A model that throws while fitting or forecasting at an origin (any std::exception) is not scored
/// there (OriginScores::error says why) and every other pair goes on.
BacktestResult run_backtest(const BacktestInput& input, const BacktestPlan& plan, const ArrivalRegistry& registry,
                            const std::function<void(std::size_t, std::size_t)>& progress = {});

std::vector<ModelSummary> summarise(const BacktestResult& result);

/// Observed counts per [bin][grid][category] of `horizon` (incidents outside it are ignored).
std::vector<std::uint32_t> observed_counts(const incidents::IncidentTable& history, const time::TimeGrid& horizon,
                                           std::size_t grids, std::size_t categories);

/// Scores one forecast (mean and size per [bin][grid][category]) against observed counts; with
/// plan.field_scores also by the field's conventions on the grids' horizon totals.
OriginScores score_forecast(const std::vector<double>& mean, const std::vector<double>& size,
                            const std::vector<std::uint32_t>& observed, std::size_t grids, std::size_t categories,
                            const std::vector<double>& grid_area, const BacktestPlan& plan);

}  // namespace riskgrid::models::backtest
