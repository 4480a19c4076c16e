#pragma once
// Forecasts of a grid's total over categories (`level: grid` of a backtest). Summing the categories'
// negative binomials as independent counts gives intervals that are too narrow: categories rise and
// fall together (a storm day, a holiday, a district-wide campaign), and a week ahead the model's own
// error adds to that. So the total's dispersion is also measured on the model's errors over the
// horizons just before the origin (all observed by then: no look-ahead), and the wider of the two
// is used.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace riskgrid::models::forecast {

/// A forecast and what happened, per [bin][grid], summed over the categories.
struct GridTotals {
  std::vector<double> mean;
  std::vector<double> variance;             ///< of the sum of independent categories
  std::vector<std::uint32_t> observed;
};

/// Sums a forecast (mean and size per [bin][grid][category]) and the observed counts over categories.
GridTotals sum_categories(std::size_t categories, std::span<const double> mean, std::span<const double> size,
                          std::span<const std::uint32_t> observed);

/// 1/k of a negative binomial fitted by moments to earlier forecasts' totals and what happened:
/// sum((y - m)^2 - y) / sum(m^2) over every bin and grid of them (the estimator Cameron and Trivedi's
/// auxiliary regression gives for variance m + m^2 / k). 0 when there is no earlier forecast or no
/// extra variance.
double inverse_size_from_errors(std::span<const GridTotals* const> earlier);

/// The totals' predictive sizes: the variance is the larger of the independent sum's and
/// m + m^2 * inverse_size, as a moment-matched negative binomial.
std::vector<double> calibrated_sizes(const GridTotals& totals, double inverse_size);

}  // namespace riskgrid::models::forecast
