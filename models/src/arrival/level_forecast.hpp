#pragma once
// A forecast built from one level per grid x category (a daily rate) that is uncertain as a whole: its
// gamma factor is shared by every bin of the horizon, so each bin's count is negative binomial with
// the cell's size, whatever the bin length. Days get each category's weekday factor and, optionally,
// a damped trend by weeks ahead; sub-day bins get the category's hour shares. Used by shrunk_level
// and damped_trend (models/src/arrival/shrunk_level.cpp).
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "riskgrid/models/arrival/arrival_model.hpp"

namespace riskgrid::models::level {

/// A category's damped trend: the horizon day's rates are scaled by scale * exp(slope * (phi + phi^2 +
/// ... + phi^k)), k = 1 for the first week after `origin`, 2 for the second, and so on.
struct DampedTrend {
  double scale = 1, slope = 0, phi = 0;
};

struct LevelParts {
  std::size_t grids = 0, categories = 0;
  std::vector<double> level;                       ///< [grid][category] incidents per day, weekday factor 1
  std::vector<double> size;                        ///< [grid][category] NB size of the level's gamma factor
  std::vector<std::array<double, 7>> weekday;      ///< [category] factors, Monday first, mean 1
  std::vector<std::array<double, 24>> hour_share;  ///< [category] shares of the day, sum 1
  std::vector<DampedTrend> trend;                  ///< [category]; empty = no trend
  time::Seconds origin = 0;                        ///< end of training
};

/// Golden-section search for the maximum of f on [lo, hi] (f unimodal there).
template <class F>
double golden_max(F f, double lo, double hi, int iterations = 60) {
  const double r = 0.6180339887498949;
  double a = lo, b = hi, x1 = b - r * (b - a), x2 = a + r * (b - a), f1 = f(x1), f2 = f(x2);
  for (int i = 0; i < iterations; ++i) {
    if (f1 < f2) {
      a = x1, x1 = x2, f1 = f2, x2 = a + r * (b - a), f2 = f(x2);
    } else {
      b = x2, x2 = x1, f2 = f1, x1 = b - r * (b - a), f1 = f(x1);
    }
  }
  return (a + b) / 2;
}

/// `model` names the random streams: purpose_of("<model>.level") for each cell's gamma factor and
/// purpose_of("<model>.count") for its Poisson draws.
std::unique_ptr<FittedArrivals> make_level_forecast(LevelParts parts, std::string_view model, std::string summary);

}  // namespace riskgrid::models::level
