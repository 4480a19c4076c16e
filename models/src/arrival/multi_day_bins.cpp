// Multi-day bins as sums of day bins.
#include "riskgrid/models/arrival/multi_day_bins.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models {

std::size_t days_per_bin(const time::TimeGrid& h) {
  if (h.bin_length > time::kDay && h.bin_length % time::kDay == 0 && h.start % time::kDay == 0)
    return static_cast<std::size_t>(h.bin_length / time::kDay);
  return 1;
}

void predictive_summing_days(const FittedArrivals& model, const time::TimeGrid& horizon, cube::View<double> mean,
                             cube::View<double> size) {
  const std::size_t n = days_per_bin(horizon);
  const cube::Shape& shape = mean.shape();
  if (n < 2 || shape.bins != horizon.bins || size.size() != mean.size())
    throw std::invalid_argument("predictive_summing_days: spans do not match a horizon of multi-day bins");
  const std::size_t cells = shape.units * shape.categories, days = horizon.bins * n;
  const cube::Shape day_shape{days, shape.units, shape.categories};
  std::vector<double> day_mean(days * cells), day_size(day_mean.size()), variance(mean.size(), 0.0);
  model.predictive({horizon.start, time::kDay, days}, {day_shape, day_mean}, {day_shape, day_size});
  std::fill(mean.begin(), mean.end(), 0.0);
  for (std::size_t d = 0; d < days; ++d)
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const std::size_t i = d * cells + cell, to = (d / n) * cells + cell;
      mean[to] += day_mean[i];
      variance[to] += forecast::CountDistribution{day_mean[i], day_size[i]}.variance();
    }
  for (std::size_t i = 0; i < mean.size(); ++i) size[i] = forecast::moment_matched_sum(mean[i], variance[i]).size;
}

}  // namespace riskgrid::models
