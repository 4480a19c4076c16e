#pragma once
// The field's forecast scores (docs/domain.md "Forecast evaluation"): point errors, proper scores of the
// predictive distribution (log score, CRPS), interval coverage, and the hotspot scores hit rate and
// PAI (NIJ Real-Time Crime Forecasting Challenge, 2017) with the oracle for reference.
#include <cstdint>
#include <span>
#include <vector>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::forecast {

/// Mean absolute error and root mean squared error of point forecasts (the predictive means).
struct PointErrors {
  double mae = 0;
  double rmse = 0;
};
/// Throws std::invalid_argument when the spans differ in length or are empty.
PointErrors point_errors(std::span<const double> observed, std::span<const double> forecast);

/// The log score as a loss: -log P(Y = y) (lower is better; infinite when the forecast gave y no
/// probability).
double log_score(const CountDistribution& d, std::uint32_t y);

/// The continuous ranked probability score of a count forecast, exactly:
///   CRPS(F, y) = sum_{x >= 0} (F(x) - 1{x >= y})^2,
/// summed until x >= y and 1 - F(x) < 1e-12 (the rest is below 1e-12 times the tail mean).
double crps(const CountDistribution& d, std::uint32_t y);

/// CRPS of an ensemble of samples (the forecast is their empirical distribution):
///   CRPS = mean_i |x_i - y| - 1/(2 m^2) sum_i sum_j |x_i - x_j|,
/// the second term computed from the sorted samples in O(m log m). Throws on no samples.
double crps_samples(std::span<const double> samples, double y);

/// The central interval holding `level` of the probability: [q((1-level)/2), q((1+level)/2)] with
/// q the count quantile (smallest y with F(y) >= p).
struct CountInterval {
  std::uint32_t low = 0;
  std::uint32_t high = 0;
  bool covers(std::uint32_t y) const { return low <= y && y <= high; }
};
CountInterval central_interval(const CountDistribution& d, double level);

/// Hotspot scores when the forecast flags `area_share` of the total area.
struct HotspotScore {
  double area_share = 0;
  double hit_rate = 0;  ///< share of the observed incidents inside the flagged area
  double pai = 0;       ///< hit_rate / area_share (predictive accuracy index)
};

/// Flags units in decreasing order of forecast density (forecast / area; ties by lower index) until
/// exactly `area_share` of the total area is flagged, the last unit counting pro rata to the part of
/// its area that fits (so units of any size give the same share of area, and 1% of 45 grids is
/// defined). hit_rate = flagged observed / all observed (0 when nothing was observed).
/// Throws std::invalid_argument on mismatched spans, a non-positive area or a share outside (0, 1].
HotspotScore hotspot(std::span<const double> forecast, std::span<const double> observed, std::span<const double> area,
                     double area_share);

/// The best any forecast could do: hotspot() ranked by the observed density itself. It is the
/// fractional-knapsack optimum, i.e. PAI_oracle = (sum of the densest observed counts filling
/// area_share of the area, the last pro rata) / N / area_share.
HotspotScore oracle_hotspot(std::span<const double> observed, std::span<const double> area, double area_share);

}  // namespace riskgrid::models::forecast
