#pragma once
// "negbin_weekday": counts of grid g, category c in a bin are
//   N ~ Poisson(mu_bin * G),  mu_bin = rate_gc * weekday_c(day) [* hour_share_c(hour) for hourly bins]
// with one day factor G ~ Gamma(k_c, 1/k_c) (mean 1) shared by the bins of a day, so daily counts are
// negative binomial with size k_c (variance mu + mu^2 / k_c). Rates are per grid and category;
// weekday factors, hour shares and k are pooled over grids within a category.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// The fitted numbers, exposed for tests and reports.
struct NegbinWeekdayFit {
  std::size_t grids = 0;
  std::size_t categories = 0;
  time::Seconds train_start = 0;
  time::Seconds train_end = 0;
  std::size_t train_days = 0;
  std::size_t incidents = 0;              ///< incidents in the training window
  std::vector<std::string> category_ids;  ///< [category] catalog ids, for messages
  /// [grid][category] expected daily count on an average day of the week (the weekday factors
  /// average 1), i.e. the mean daily count over whole weeks.
  std::vector<double> rate;
  /// [category], Monday first, mean 1 over the weekdays in the window (1 for those it lacks)
  std::vector<std::array<double, 7>> weekday_factor;
  std::vector<std::array<double, 24>> hour_share;  ///< [category], sums to 1, none 0
  std::vector<double> dispersion;                  ///< [category] NB size k, clamped
  /// [category] the moment estimate of 1/k before clamping (<= 0: no over-dispersion seen).
  std::vector<double> inverse_dispersion_estimate;
  /// [category] 1 when the over-dispersion is not significant (within 3 standard errors of 0 under
  /// Poisson): the counts look Poisson, and k is large or poorly determined.
  std::vector<std::uint8_t> looks_poisson;

  double rate_of(std::size_t grid, std::size_t category) const { return rate[grid * categories + category]; }
};

inline constexpr double kMinDispersion = 0.05;     ///< k below this is not believable for daily counts
inline constexpr double kMaxDispersion = 1000;     ///< k above this is Poisson for any practical rate
inline constexpr double kHourPriorCount = 0.5;     ///< added to each hour's count (no hour is 0)
inline constexpr double kWeekdayPriorCount = 0.5;  ///< added to each weekday's count (idem)

/// Fits on [train_start, train_end). Throws InputError when the window is not whole days (at least
/// one; weekdays missing from a window shorter than a week get factor 1), holds no incidents, or an incident names a
/// grid or category outside the district or catalog.
NegbinWeekdayFit fit_negbin_weekday(const FitInput& input);

class FittedNegbinWeekday : public FittedArrivals {
 public:
  explicit FittedNegbinWeekday(NegbinWeekdayFit fit);
  const NegbinWeekdayFit& parameters() const { return fit_; }

  /// Horizons must have bins of whole hours dividing a day, not crossing midnight, or bins of whole
  /// days starting at midnight (weeks, a whole horizon: the sum of their days); else ScenarioError.
  void expected(const time::TimeGrid& horizon, cube::View<double> out) const override;
  /// Each bin's count within a day is negative binomial with the category's size k: the day factor is
  /// a Gamma(k, 1/k) mixing a Poisson, whatever part of the day the bin covers. A bin of several days
  /// sums independent days: the negative binomial matching their summed means and variances.
  void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const override;
  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                          cube::View<const double> multiplier) const override;
  std::string summary() const override;

 private:
  NegbinWeekdayFit fit_;
};

class NegbinWeekday : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "negbin_weekday";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;
};

}  // namespace riskgrid::models
