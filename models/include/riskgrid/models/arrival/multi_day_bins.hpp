#pragma once
// Bins of several whole days (a week, a whole horizon) answered from a model's own day bins: the mean
// is the sum of the days' means and the count the negative binomial matching the summed means and
// variances (days independent given the fit). Models whose forecast is built day by day use it so
// that a week's forecast is exactly the sum of its days.
#include <cstddef>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models {

/// The number of days per bin when the bins are several whole days starting at midnight, else 1.
std::size_t days_per_bin(const time::TimeGrid& horizon);

/// `model`'s predictive distribution on day bins, summed into the bins of `horizon` (days_per_bin > 1).
/// Throws std::invalid_argument on spans that do not match the horizon.
void predictive_summing_days(const FittedArrivals& model, const time::TimeGrid& horizon, cube::View<double> mean,
                             cube::View<double> size);

}  // namespace riskgrid::models
