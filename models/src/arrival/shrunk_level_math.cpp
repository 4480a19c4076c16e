// The two estimators behind shrunk_level and damped_trend: the gamma prior's shape by marginal
// likelihood, and damped-trend exponential smoothing by one-step squared error.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "level_forecast.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/shrunk_level.hpp"

namespace riskgrid::models {

double eb_gamma_shape(const std::vector<double>& count, const std::vector<double>& prior_count) {
  if (count.size() != prior_count.size()) throw InputError("eb_gamma_shape: counts and prior counts differ in size");
  std::vector<double> prior(prior_count.size());
  for (std::size_t i = 0; i < prior.size(); ++i) prior[i] = std::max(prior_count[i], 1e-12);
  auto log_likelihood = [&](double log_a) {
    const double a = std::exp(log_a), log_gamma_a = std::lgamma(a);
    double sum = 0;
    for (std::size_t i = 0; i < count.size(); ++i) {
      const double y = count[i], m = prior[i];
      // log Gamma(y + a) - log Gamma(a) is 0 for an empty cell (lgamma is most of the cost).
      const double head = y > 0 ? std::lgamma(y + a) - log_gamma_a : 0.0;
      sum += head + a * std::log(a / (a + m)) + (y > 0 ? y * std::log(m / (a + m)) : 0.0);
    }
    return sum;
  };
  return std::exp(level::golden_max(log_likelihood, std::log(1e-2), std::log(1e4)));
}

double DampedTrendFit::forecast(int weeks) const {
  double sum = 0, power = 1;
  for (int i = 1; i <= weeks; ++i) sum += (power *= phi);
  return level + slope * sum;
}

DampedTrendFit fit_damped_trend(const std::vector<double>& y) {
  constexpr std::size_t kBurnIn = 4;
  if (y.size() < 2 * kBurnIn) throw InputError("damped trend: needs at least 8 weeks");
  double start = 0;
  for (std::size_t t = 0; t < kBurnIn; ++t) start += y[t] / double(kBurnIn);
  DampedTrendFit best;
  best.sse = std::numeric_limits<double>::infinity();
  // [E] The grid: level smoothing, trend smoothing, damping (phi <= 0.95: a trend adds at most
  // 19 weeks' worth of its current slope, however long the horizon).
  for (const double alpha : {0.02, 0.05, 0.1, 0.2, 0.3, 0.5})
    for (const double beta : {0.0, 0.01, 0.03, 0.1, 0.2})
      for (const double phi : {0.8, 0.9, 0.95}) {
        double level = start, slope = 0, sse = 0;
        for (std::size_t t = 0; t < y.size(); ++t) {
          const double predicted = level + phi * slope;
          if (t >= kBurnIn) sse += (y[t] - predicted) * (y[t] - predicted);
          const double next = alpha * y[t] + (1 - alpha) * predicted;
          slope = beta * (next - level) + (1 - beta) * phi * slope;
          level = next;
        }
        if (sse < best.sse) best = {alpha, beta, phi, level, slope, sse};
      }
  return best;
}

}  // namespace riskgrid::models
