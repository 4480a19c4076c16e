#pragma once
// The baselines a planner's analyst would use (docs/domain.md "Forecast evaluation"), as arrival models:
// each forecasts a daily rate per grid x category (hour shares for sub-day bins), with a
// negative-binomial size per category from the moments of the training window's daily counts
// (moment_dispersion over its last 12 weeks), and draws replicas like any other model.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// Days of the training window the baselines estimate their dispersion from.
inline constexpr std::size_t kDispersionDays = 84;

struct DailyCounts;

/// The same rates every day (rate [grid][category]), with the hour shares and the moment dispersion
/// (last kDispersionDays) of the training counts `w`: the forecast of every baseline here.
std::unique_ptr<FittedArrivals> flat_daily_rates(const DailyCounts& w, std::vector<double> rate, std::string summary);

/// "last_4_weeks": the mean daily count of the last `weeks` weeks of training, flat over the horizon.
class LastWeeksMean : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "last_4_weeks";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit LastWeeksMean(std::size_t weeks = 4) : weeks_(weeks) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  std::size_t weeks_;
};

/// "same_period_last_year": each horizon day gets the mean daily count of the 7 days centred on the
/// same weekday 52 weeks (364 days) earlier. Throws InputError when training does not reach back
/// that far for the horizon asked (checked in expected()).
class SamePeriodLastYear : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "same_period_last_year";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;
};

/// "exp_weighted_mean": daily counts weighted by 2^(-age / half_life), age in days before the end of
/// training (half-life 14 days by default).
class ExpWeightedMean : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "exp_weighted_mean";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit ExpWeightedMean(double half_life_days = 14) : half_life_days_(half_life_days) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  double half_life_days_;
};

/// Settings of the two map-based hotspot baselines.
struct HotspotSettings {
  double window_days = 84;      ///< incidents of the last window_days of training make the map
  double bandwidth_m = 500;     ///< KDE: Gaussian standard deviation; prospective: search radius
  double cell_m = 100;          ///< lattice spacing the maps are computed on
  double rate_days = 28;        ///< each category's district total rate: its mean over these last days
  double uniform_share = 0.01;  ///< of each category's rate spread by area, so no grid gets nothing
};

/// "kde_hotspot": per category, a Gaussian kernel density of the window's incident points (binned
/// on a lattice and smoothed, as analysts' GIS tools do), integrated over each grid; the grid's share
/// of the density times the category's recent district rate is its forecast.
class KdeHotspot : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "kde_hotspot";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit KdeHotspot(HotspotSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  HotspotSettings settings_;
};

/// "prospective_hotspot" (Bowers, Johnson and Pease 2004): each past incident within the search
/// radius adds 1/(1 + d / 50 m) x 1/(1 + weeks ago) to a lattice cell, over the window (8 weeks by
/// default, 400 m radius as in the paper); grids get their share of the summed weights.
class ProspectiveHotspot : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "prospective_hotspot";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  ProspectiveHotspot() : settings_(default_settings()) {}
  explicit ProspectiveHotspot(HotspotSettings settings) : settings_(settings) {}
  static HotspotSettings default_settings() {
    HotspotSettings s;
    s.window_days = 56;
    s.bandwidth_m = 400;
    s.cell_m = 50;
    return s;
  }
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  HotspotSettings settings_;
};

}  // namespace riskgrid::models
