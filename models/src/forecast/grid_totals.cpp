// Grid totals of category forecasts, with a dispersion measured on the model's recent errors.
#include "riskgrid/models/forecast/grid_totals.hpp"

#include <algorithm>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::forecast {

GridTotals sum_categories(std::size_t categories, std::span<const double> mean, std::span<const double> size,
                          std::span<const std::uint32_t> observed) {
  const std::size_t cells = mean.size() / categories;
  GridTotals t{std::vector<double>(cells, 0.0), std::vector<double>(cells, 0.0),
               std::vector<std::uint32_t>(cells, 0)};
  for (std::size_t i = 0; i < mean.size(); ++i) {
    t.mean[i / categories] += mean[i];
    t.variance[i / categories] += CountDistribution{mean[i], size[i]}.variance();
    t.observed[i / categories] += observed[i];
  }
  return t;
}

double inverse_size_from_errors(std::span<const GridTotals* const> earlier) {
  double excess = 0, mean_squares = 0;
  for (const GridTotals* t : earlier)
    for (std::size_t j = 0; j < t->mean.size(); ++j) {
      const double m = t->mean[j], y = t->observed[j];
      excess += (y - m) * (y - m) - y;
      mean_squares += m * m;
    }
  return mean_squares > 0 ? std::max(excess / mean_squares, 0.0) : 0.0;
}

std::vector<double> calibrated_sizes(const GridTotals& totals, double inverse_size) {
  std::vector<double> size(totals.mean.size());
  for (std::size_t j = 0; j < size.size(); ++j) {
    const double m = totals.mean[j];
    const double variance = std::max(totals.variance[j], m + m * m * inverse_size);
    size[j] = moment_matched_sum(m, variance).size;
  }
  return size;
}

}  // namespace riskgrid::models::forecast
