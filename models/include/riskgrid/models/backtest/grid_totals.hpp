#pragma once
// Forecasts of a grid's total over categories (`level: grid` of a backtest). Summing the categories'
// negative binomials as independent counts gives intervals that are too narrow: categories rise and
// fall together (a storm day, a holiday, a district-wide campaign), and a week ahead the model's own
// error adds to that. So the total's dispersion is also fitted, by maximum likelihood, to the model's
// errors over the horizons just before the origin (all observed by then: no look-ahead).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace riskgrid::models::backtest {

/// A forecast and what happened, per [bin][grid], summed over the categories.
struct GridTotals {
  std::vector<double> mean;
  std::vector<double> variance;  ///< of the sum of independent categories
  std::vector<std::uint32_t> observed;
};

/// Sums a forecast (mean and size per [bin][grid][category]) and the observed counts over categories.
GridTotals sum_categories(std::size_t categories, std::span<const double> mean, std::span<const double> size,
                          std::span<const std::uint32_t> observed);

/// The extra dispersion 1/k of the totals: per earlier forecast, the value that maximises the
/// likelihood of its totals under calibrated_sizes (below), 0 (the independent sum) when that explains
/// them best; then the median over the earlier forecasts, so that one storm week among four does not
/// widen the next month's intervals. 0 without earlier forecasts. Cells with mean 0 are skipped.
double fit_inverse_size(std::span<const GridTotals* const> earlier);

/// The totals' predictive sizes: the variance is the larger of the independent sum's and
/// m + m^2 * inverse_size, as a moment-matched negative binomial.
std::vector<double> calibrated_sizes(const GridTotals& totals, double inverse_size);

}  // namespace riskgrid::models::backtest
