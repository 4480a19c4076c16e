#pragma once
// The exponentially weighted sums behind shrunk_level and damped_trend, from each cell's non-zero
// daily counts only: most cell-days of a city's history are empty, so a sum over them visits the
// incidents, not the days (a table of the decay's powers replaces the day-by-day recursion).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "shrunk_level_prior.hpp"
#include "riskgrid/models/arrival/daily_rate_forecast.hpp"

namespace riskgrid::models::level {

/// Each cell's non-zero daily counts, in day order.
struct NonZeroDays {
  std::vector<std::size_t> first;  ///< [cell] index of its first entry; [cells] = the end
  std::vector<std::uint32_t> day, count;
};

/// The training window of `in` as DailyCounts without the dense `daily` (left empty: do not call at()
/// or sum()) and each cell's non-zero days; the same checks and errors as count_daily.
struct SparseDailyCounts {
  DailyCounts head;
  NonZeroDays nz;
};

SparseDailyCounts count_sparse(const FitInput& in, std::string_view model, std::size_t min_days);

/// [week][cell] counts of the `weeks` weeks from day `from` on.
std::vector<std::vector<double>> window_sums(const NonZeroDays& nz, std::size_t from, std::size_t weeks);

/// [category][day] the district's total count of each day.
std::vector<std::vector<double>> daily_totals(const DailyCounts& w, const NonZeroDays& nz);

/// Sums of every cell's counts before each origin day, weighted 2^(-age / h) (age in days before the
/// origin, counted from the day's middle; h = infinity: weight 1).
struct WeightedSums {
  std::size_t categories = 0;
  std::vector<double> weight, weight2;  ///< [origin] the weights' sum and sum of squares
  RateMatrix sum;                       ///< [grid][origin * categories + category]

  double effective_days(std::size_t k) const { return weight[k] > 0 ? weight[k] * weight[k] / weight2[k] : 0.0; }
  /// The weighted sum as the count it is worth: sum * weight / weight2.
  double effective_count(std::size_t k, std::size_t g, std::size_t c) const;
  /// The weighted mean daily rates (grid x origin * category); 0 where no day is weighted.
  RateMatrix rates() const;
};

/// Sums at each day of `at` (increasing, at most w.days) for half-life h (days).
WeightedSums weighted_sums(const DailyCounts& w, const NonZeroDays& nz, double h, const std::vector<std::size_t>& at);

}  // namespace riskgrid::models::level
