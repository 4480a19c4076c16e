#pragma once
// "shrunk_level": a long-memory level per grid x category, shrunk towards its neighbours by empirical
// Bayes (docs/models.md). Each cell's daily counts are weighted 2^(-age / half-life) (an exponentially
// weighted level that blends the long-run and the recent rate); its rate gets a gamma prior whose
// mean is the rate of the cells around it (a Gaussian kernel over grid centroids, the grid's town, or
// the whole district) and whose shape is fitted by marginal likelihood (Poisson-gamma); the forecast is
// the posterior mean times each category's weekday factor (and hour share for sub-day bins), and the
// predictive negative binomial has the posterior's shape, widened by a drift term. The half-life and
// the smoothing are chosen by the Poisson likelihood of the last training weeks, each forecast from the
// weeks before it; the drift by their negative-binomial likelihood. Nothing looks past training.
//
// "damped_trend": the same per-cell level, with each category's district total following a damped
// trend (Holt's linear method with damping, on the log of weekly totals): the trend fades by phi per
// week, so years of history cannot extrapolate into a runaway line.
#include <cstddef>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

struct ShrunkLevelSettings {
  double half_life_days = 0;         ///< 0 = chosen from kHalfLives by likelihood
  double bandwidth_spacings = 0;     ///< kernel sd in unit spacings; 0 = chosen (kernels, town, district)
  std::size_t validation_weeks = 8;  ///< [E] last training weeks scored to choose half-life and smoothing
  std::size_t weekday_days = 728;    ///< [E] weekday factors from the last 104 weeks of training
  bool damped_trend = false;
};

/// [E] Candidate half-lives in days; infinity = the plain mean of all training.
inline constexpr double kHalfLives[] = {28, 56, 112, 224, 448, 896, std::numeric_limits<double>::infinity()};
/// [E] Candidate kernel standard deviations, in unit spacings (square root of the median grid area).
inline constexpr double kBandwidths[] = {1, 2, 4};

/// Maximum-likelihood shape a of the gamma prior in the Poisson-gamma model count[i] ~ Poisson(lambda_i
/// * exposure_i), lambda_i ~ Gamma(a, mean prior_rate_i), i.e. count[i] ~ NB(mean prior_rate_i *
/// exposure_i, size a); counts may be fractional (effective counts). In [1e-2, 1e4]; 1e4 means no
/// heterogeneity beyond the prior shows.
double eb_gamma_shape(const std::vector<double>& count, const std::vector<double>& prior_count);

struct DampedTrendFit {
  double alpha = 0, beta = 0, phi = 0;  ///< level and trend smoothing, damping
  double level = 0, slope = 0;          ///< at the end of the series (log scale)
  double sse = 0;                       ///< one-step squared errors
  /// The forecast `weeks` ahead (1 = the next week).
  double forecast(int weeks) const;
};

/// Damped-trend exponential smoothing of `y` (log weekly totals) with alpha, beta, phi chosen from a
/// grid by the one-step squared error after a 4-week burn-in. Needs at least 8 values.
DampedTrendFit fit_damped_trend(const std::vector<double>& y);

class ShrunkLevel : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "shrunk_level";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit ShrunkLevel(ShrunkLevelSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return settings_.damped_trend ? "damped_trend" : kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  ShrunkLevelSettings settings_;
};

/// "damped_trend": shrunk_level with a damped trend on each category's total.
struct DampedTrendLevel {
  static constexpr std::string_view kName = "damped_trend";
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
};

}  // namespace riskgrid::models
