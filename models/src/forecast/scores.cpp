#include "riskgrid/models/forecast/scores.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace riskgrid::models::forecast {

PointErrors point_errors(std::span<const double> observed, std::span<const double> forecast) {
  if (observed.size() != forecast.size() || observed.empty())
    throw std::invalid_argument("point_errors: observed and forecast must be non-empty and match");
  double absolute = 0, squared = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double e = forecast[i] - observed[i];
    absolute += std::abs(e);
    squared += e * e;
  }
  const double n = static_cast<double>(observed.size());
  return {absolute / n, std::sqrt(squared / n)};
}

double log_score(const CountDistribution& d, std::uint32_t y) { return -log_pmf(d, y); }

double crps(const CountDistribution& d, std::uint32_t y) {
  // A point mass at 0: F = 1 everywhere, so the terms x < y are (1 - 0)^2 = 1 each.
  if (!(d.mean > 0)) return static_cast<double>(y);
  // Walk the pmf in log space as cdf() does, accumulating F(x) term by term.
  double total = 0, f = 0;
  const double cap = d.mean + 60 * std::sqrt(d.variance()) + 100 + static_cast<double>(y);
  for (std::uint32_t x = 0;; ++x) {
    f += std::exp(log_pmf(d, x));
    f = std::min(f, 1.0);
    const double step = x >= y ? 1.0 : 0.0;
    total += (f - step) * (f - step);
    if ((x >= y && 1 - f < 1e-12) || static_cast<double>(x) > cap) break;
  }
  return total;
}

double crps_samples(std::span<const double> samples, double y) {
  if (samples.empty()) throw std::invalid_argument("crps_samples: no samples");
  std::vector<double> x(samples.begin(), samples.end());
  std::sort(x.begin(), x.end());
  const double m = static_cast<double>(x.size());
  double to_observation = 0, spread = 0;
  // sum_i sum_j |x_i - x_j| = 2 sum_i (2i - m + 1) x_(i) over the sorted samples (0-based i).
  for (std::size_t i = 0; i < x.size(); ++i) {
    to_observation += std::abs(x[i] - y);
    spread += (2 * static_cast<double>(i) - m + 1) * x[i];
  }
  return to_observation / m - spread / (m * m);
}

CountInterval central_interval(const CountDistribution& d, double level) {
  if (!(level > 0 && level < 1)) throw std::invalid_argument("central_interval: level must lie in (0, 1)");
  const double tail = (1 - level) / 2;
  return {quantile(d, tail), quantile(d, 1 - tail)};
}

namespace {

void check_hotspot_inputs(std::size_t n, std::span<const double> observed, std::span<const double> area,
                          double area_share) {
  if (observed.size() != n || area.size() != n || n == 0)
    throw std::invalid_argument("hotspot: forecast, observed and area must be non-empty and match");
  if (!(area_share > 0 && area_share <= 1)) throw std::invalid_argument("hotspot: the area share must lie in (0, 1]");
  for (const double a : area)
    if (!(a > 0)) throw std::invalid_argument("hotspot: every unit needs a positive area");
}

}  // namespace

HotspotScore hotspot(std::span<const double> forecast, std::span<const double> observed, std::span<const double> area,
                     double area_share) {
  const std::size_t n = forecast.size();
  check_hotspot_inputs(n, observed, area, area_share);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return forecast[a] / area[a] > forecast[b] / area[b]; });
  const double total_area = std::accumulate(area.begin(), area.end(), 0.0);
  const double total_observed = std::accumulate(observed.begin(), observed.end(), 0.0);
  double room = area_share * total_area, flagged = 0;
  for (const std::size_t u : order) {
    if (!(room > 0)) break;
    const double part = std::min(1.0, room / area[u]);
    flagged += part * observed[u];
    room -= part * area[u];
  }
  HotspotScore s;
  s.area_share = area_share;
  s.hit_rate = total_observed > 0 ? flagged / total_observed : 0.0;
  s.pai = s.hit_rate / area_share;
  return s;
}

HotspotScore oracle_hotspot(std::span<const double> observed, std::span<const double> area, double area_share) {
  return hotspot(observed, observed, area, area_share);
}

}  // namespace riskgrid::models::forecast
