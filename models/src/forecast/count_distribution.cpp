// Negative-binomial and Poisson probabilities, walked term by term in log space so that large means
// neither underflow p(0) nor overflow factorials.
#include "riskgrid/models/forecast/count_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace riskgrid::models::forecast {

namespace {

// log p(0) and the log ratio p(y+1)/p(y) of the distribution.
double log_p0(const CountDistribution& d) {
  if (d.poisson()) return -d.mean;
  return d.size * (std::log(d.size) - std::log(d.size + d.mean));
}

double log_step(const CountDistribution& d, std::uint32_t y) {
  const double n = static_cast<double>(y);
  if (d.poisson()) return std::log(d.mean) - std::log(n + 1);
  return std::log((n + d.size) / (n + 1)) + std::log(d.mean / (d.mean + d.size));
}

}  // namespace

double log_pmf(const CountDistribution& d, std::uint32_t y) {
  if (!(d.mean > 0)) return y == 0 ? 0.0 : -std::numeric_limits<double>::infinity();
  const double n = static_cast<double>(y);
  if (d.poisson()) return n * std::log(d.mean) - d.mean - std::lgamma(n + 1);
  const double k = d.size;
  return std::lgamma(n + k) - std::lgamma(k) - std::lgamma(n + 1) + k * std::log(k / (k + d.mean)) +
         n * std::log(d.mean / (k + d.mean));
}

double cdf(const CountDistribution& d, std::uint32_t y) {
  if (!(d.mean > 0)) return 1.0;
  double log_p = log_p0(d);
  double sum = std::exp(log_p);
  for (std::uint32_t x = 0; x < y; ++x) {
    log_p += log_step(d, x);
    sum += std::exp(log_p);
  }
  return std::min(sum, 1.0);
}

std::uint32_t quantile(const CountDistribution& d, double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("quantile: p must lie in (0, 1)");
  if (!(d.mean > 0)) return 0;
  double log_p = log_p0(d);
  double sum = std::exp(log_p);
  std::uint32_t y = 0;
  // The cap guards against p rounding above the reachable sum far in the tail.
  const double cap = d.mean + 60 * std::sqrt(d.variance()) + 100;
  while (sum < p && y < cap) {
    log_p += log_step(d, y);
    sum += std::exp(log_p);
    ++y;
  }
  return y;
}

CountDistribution moment_matched_sum(double mean, double variance) {
  if (!(variance > mean * (1 + 1e-12))) return {mean, kPoissonSize};
  return {mean, mean * mean / (variance - mean)};
}

}  // namespace riskgrid::models::forecast
