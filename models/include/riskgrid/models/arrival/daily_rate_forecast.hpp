#pragma once
// What the count-map baselines share: history counted per [grid][category][day] over a window, a
// forecast that is a rate per grid x category per day, split over the hours of a day by each
// category's hour-of-day shares, with a negative-binomial size per category estimated from history,
// and replicas drawn from those distributions. A baseline only says how it turns history into
// daily rates (daily_rates()).
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

/// Incidents of [start, end) counted per [grid][category][day] and per [category][hour of day].
struct DailyCounts {
  std::size_t grids = 0, categories = 0, days = 0;
  time::Seconds start = 0;  ///< midnight of day 0
  std::vector<std::uint32_t> daily;
  std::vector<std::array<double, 24>> hourly;
  std::size_t incidents = 0;

  std::uint32_t at(std::size_t g, std::size_t c, std::size_t d) const { return daily[(g * categories + c) * days + d]; }
  /// Sum of the cell's counts over days [first, last).
  double sum(std::size_t g, std::size_t c, std::size_t first, std::size_t last) const;
};

/// The training window's whole days, with `w` given its grids, categories, days and start. Throws
/// InputError (naming `model`) when the window is not whole days or is shorter than `min_days`.
void start_counts(DailyCounts& w, const FitInput& input, std::string_view model, std::size_t min_days);
/// Throws InputError (naming `model`) when incident `i` names a grid or category outside `w`'s.
void check_incident_cell(const DailyCounts& w, const incidents::IncidentTable& history, std::size_t i,
                         std::string_view model);

/// Counts the training window of `input`. Throws InputError (naming `model`) when the window is not
/// whole days, is shorter than `min_days`, or an incident names a grid or category outside the
/// district or catalog. An empty window is allowed: the rate floor keeps forecasts proper.
DailyCounts count_daily(const FitInput& input, std::string_view model, std::size_t min_days);

/// [category] hour-of-day shares (half an incident added to each hour, so none is 0).
std::vector<std::array<double, 24>> hour_shares(const DailyCounts& counts);

/// [category] negative-binomial size by the method of moments over the last `days` days: each
/// cell's counts around the cell's own mean, 1/k = (D/(D-1) sum (y - ybar)^2 - sum y) / sum ybar^2
/// (as negbin_weekday, without weekday factors). Infinite (Poisson) when no over-dispersion shows;
/// otherwise clamped to [kMinDispersion, kMaxDispersion] of negbin_weekday.hpp.
std::vector<double> moment_dispersion(const DailyCounts& counts, std::size_t days);

/// Whether a horizon's bins are whole hours within a day (true) or whole days (false), starting at a
/// bin boundary. Throws ScenarioError for any other binning.
bool sub_day_bins(const time::TimeGrid& horizon);

/// No forecast rate goes below this many incidents per grid, category and day, so that every count
/// keeps some probability (a finite log score) where history happened to be empty.
inline constexpr double kMinDailyRate = 1e-4;

/// A forecast of daily rates per [grid][category]; horizons of bins that divide a day (whole hours)
/// or span whole days.
class DailyRateForecast : public FittedArrivals {
 public:
  DailyRateForecast(std::size_t grids, std::size_t categories, std::vector<std::array<double, 24>> hour_share,
                    std::vector<double> size);

  void expected(const time::TimeGrid& horizon, cube::View<double> out) const override;
  /// Sub-day bins keep the category's size (one gamma factor per bin); a bin of several days gets
  /// the negative binomial matching the sum of its days' means and variances.
  void predictive(const time::TimeGrid& horizon, cube::View<double> mean, cube::View<double> size) const override;
  /// Each cell and bin draws Poisson(mean * multiplier * G) with G ~ Gamma(size, 1/size) from the
  /// cell's streams {kArrivalDay, grid, category} and {kArrivalBin, grid, category}.
  std::unique_ptr<ArrivalSampler> prepare(const time::TimeGrid& horizon,
                                          cube::View<const double> multiplier) const override;

  std::size_t grids() const { return grids_; }
  std::size_t categories() const { return categories_; }
  const std::vector<double>& dispersion() const { return size_; }

 protected:
  /// Expected counts per [grid][category] on the day starting at midnight `day`.
  virtual void daily_rates(time::Seconds day, std::span<double> out) const = 0;

 private:
  std::size_t grids_, categories_;
  std::vector<std::array<double, 24>> hour_share_;
  std::vector<double> size_;
};

}  // namespace riskgrid::models
