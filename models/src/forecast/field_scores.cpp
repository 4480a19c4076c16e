// The field's conventions: Poisson scores of unit totals and hotspots as a count of units.
#include "riskgrid/models/forecast/field_scores.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::forecast {

namespace {

// e^{-x} (I0(x) + I1(x)): directly below x = 500 (I0 stays finite), else the asymptotic series
// e^{-x} I_v(x) ~ (2 pi x)^{-1/2} sum_k (-1)^k a_k(v) / x^k, a_k = prod_{j<=k} (4v^2 - (2j-1)^2) / (8 j).
double scaled_bessel_sum(double x) {
  if (x < 500) return std::exp(-x) * (std::cyl_bessel_i(0.0, x) + std::cyl_bessel_i(1.0, x));
  double sum = 0;
  for (const double v : {0.0, 1.0}) {
    double term = 1, series = 1;
    for (int k = 1; k < 8; ++k) {
      term *= -(4 * v * v - (2.0 * k - 1) * (2.0 * k - 1)) / (8.0 * k * x);
      series += term;
    }
    sum += series;
  }
  return sum / std::sqrt(2 * M_PI * x);
}

}  // namespace

double poisson_log_score(double mean, std::uint32_t y) { return log_pmf({mean, kPoissonSize}, y); }

double poisson_crps(double mean, std::uint32_t y) {
  if (!(mean > 0)) return static_cast<double>(y);
  const CountDistribution d{mean, kPoissonSize};
  const double yd = static_cast<double>(y);
  return (yd - mean) * (2 * cdf(d, y) - 1) + 2 * mean * std::exp(log_pmf(d, y)) - mean * scaled_bessel_sum(2 * mean);
}

FieldHotspot field_hotspot(std::span<const double> forecast, std::span<const double> observed,
                           std::span<const double> area, double share) {
  const std::size_t n = forecast.size();
  if (n == 0 || observed.size() != n || area.size() != n)
    throw std::invalid_argument("field_hotspot: forecast, observed and area must be non-empty and match");
  if (!(share > 0 && share <= 1)) throw std::invalid_argument("field_hotspot: the share must lie in (0, 1]");
  for (const double a : area)
    if (!(a > 0)) throw std::invalid_argument("field_hotspot: every unit needs a positive area");
  const auto places = static_cast<std::size_t>(std::lround(share * double(n)));
  FieldHotspot h;
  h.flagged = double(places);
  if (places == 0) {  // fewer units than 1 / (2 share): nothing is flagged, hit rate and PAI undefined
    h.hit_rate = h.pai = std::numeric_limits<double>::quiet_NaN();
    return h;
  }
  std::vector<double> sorted(forecast.begin(), forecast.end());
  std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(places - 1), sorted.end(), std::greater<>());
  const double cut = sorted[places - 1];
  std::size_t above = 0, tied = 0;
  for (const double f : forecast) {
    above += f > cut ? 1 : 0;
    tied += f == cut ? 1 : 0;
  }
  const double tie_weight = double(places - above) / double(tied);
  double hits = 0, flagged_area = 0;
  for (std::size_t u = 0; u < n; ++u) {
    const double w = forecast[u] > cut ? 1.0 : forecast[u] == cut ? tie_weight : 0.0;
    hits += w * observed[u];
    flagged_area += w * area[u];
  }
  const double total = std::accumulate(observed.begin(), observed.end(), 0.0);
  const double total_area = std::accumulate(area.begin(), area.end(), 0.0);
  h.hit_rate = total > 0 ? hits / total : 0.0;
  h.pai = h.hit_rate / (flagged_area / total_area);
  return h;
}

}  // namespace riskgrid::models::forecast
