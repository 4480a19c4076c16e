#pragma once
// Predictive distributions of a count: negative binomial with a mean and a size k (variance
// mean + mean^2 / k), Poisson when k is infinite. Every arrival model's forecast of a bin is one.
#include <cstdint>
#include <limits>

namespace riskgrid::models::forecast {

/// The size that means Poisson.
inline constexpr double kPoissonSize = std::numeric_limits<double>::infinity();
/// Sizes above this are treated as Poisson (the difference is below double precision at any
/// practical mean).
inline constexpr double kPoissonSizeAbove = 1e12;

struct CountDistribution {
  double mean = 0;
  double size = kPoissonSize;

  bool poisson() const { return !(size < kPoissonSizeAbove); }
  double variance() const { return poisson() ? mean : mean + mean * mean / size; }
};

/// log P(Y = y). A mean of 0 puts all mass on 0 (log 0 = -infinity elsewhere).
double log_pmf(const CountDistribution& d, std::uint32_t y);

/// P(Y <= y).
double cdf(const CountDistribution& d, std::uint32_t y);

/// The smallest y with P(Y <= y) >= p, for p in (0, 1).
std::uint32_t quantile(const CountDistribution& d, double p);

/// Moment-matched negative binomial of a sum of independent counts (mean and variance add):
/// size = mean^2 / (variance - mean), Poisson when there is no extra variance.
CountDistribution moment_matched_sum(double mean, double variance);

}  // namespace riskgrid::models::forecast
