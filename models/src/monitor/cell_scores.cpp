// Tail probabilities and normal scores of one cell's counts, and the CUSUM built on the scores.
#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>

#include "rules.hpp"

namespace riskgrid::models::monitor::detail {

namespace {

// p(y+1) / p(y) of the distribution.
double step(const forecast::CountDistribution& d, double y) {
  if (d.poisson()) return d.mean / (y + 1);
  return (y + d.size) / (y + 1) * (d.mean / (d.mean + d.size));
}

/// z with P(Z > z) = upper, for an upper probability clamped away from 0 and 1.
double normal_above(double upper) {
  static const boost::math::normal standard;
  upper = std::clamp(upper, 1e-300, 1 - 1e-16);
  return boost::math::quantile(boost::math::complement(standard, upper));
}

// Tables stop where a count's probability is negligible; beyond, scores are computed when asked.
constexpr double kNegligible = 1e-18;
constexpr std::uint32_t kLongestTable = 4096;

}  // namespace

forecast::CountDistribution distribution_of(const WindowCounts& window, std::size_t cell) {
  return {std::max(window.mean[cell], kMeanFloor), window.size[cell]};
}

double upper_tail(const forecast::CountDistribution& d, std::uint32_t x) {
  if (x == 0) return 1.0;
  if (static_cast<double>(x) <= d.mean) return std::max(0.0, 1.0 - forecast::cdf(d, x - 1));
  double term = std::exp(forecast::log_pmf(d, x)), sum = 0;
  for (double y = x; term > 0 && term >= sum * 1e-17 && y < x + 1e6; ++y) {
    sum += term;
    term *= step(d, y);
  }
  return std::min(sum, 1.0);
}

CellScores::CellScores(const WindowCounts& window) {
  const std::size_t cells = window.mean.size();
  dists_.reserve(cells);
  offset_.assign(cells + 1, 0);
  std::vector<double> pmf;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    const forecast::CountDistribution d = distribution_of(window, cell);
    dists_.push_back(d);
    pmf.assign(1, std::exp(forecast::log_pmf(d, 0)));
    while (pmf.size() < kLongestTable && (static_cast<double>(pmf.size()) <= d.mean || pmf.back() > kNegligible))
      pmf.push_back(pmf.back() * step(d, static_cast<double>(pmf.size() - 1)));
    // Tails summed from the top keep their digits where 1 - cdf would lose them.
    std::vector<double> tail(pmf.size());
    double above = 0;
    for (std::size_t x = pmf.size(); x-- > 0;) tail[x] = (above += pmf[x]);
    const double total = tail[0];
    for (std::size_t x = 0; x < pmf.size(); ++x) {
      tail_.push_back(std::min(1.0, tail[x] / total));
      score_.push_back(normal_above((tail[x] - 0.5 * pmf[x]) / total));
    }
    offset_[cell + 1] = tail_.size();
  }
}

double CellScores::tail(std::size_t cell, std::uint32_t x) const {
  const std::size_t i = offset_[cell] + x;
  return i < offset_[cell + 1] ? tail_[i] : upper_tail(dists_[cell], x);
}

double CellScores::normal_score(std::size_t cell, std::uint32_t x) const {
  const std::size_t i = offset_[cell] + x;
  if (i < offset_[cell + 1]) return score_[i];
  return normal_above(upper_tail(dists_[cell], x) - 0.5 * std::exp(forecast::log_pmf(dists_[cell], x)));
}

CusumLast cusum_last(const CellScores& scores, cube::View<const std::uint32_t> counts, double k) {
  const cube::Shape& s = counts.shape();
  const std::size_t per_day = s.units * s.categories;
  CusumLast out{std::vector<double>(per_day, 0.0), std::vector<std::size_t>(per_day, 0)};
  for (std::size_t day = 0; day < s.bins; ++day) {
    for (std::size_t i = 0; i < per_day; ++i) {
      const std::size_t cell = day * per_day + i;
      const double next = out.value[i] + scores.normal_score(cell, counts[cell]) - k;
      if (out.value[i] <= 0) out.start[i] = day;
      out.value[i] = std::max(0.0, next);
    }
  }
  return out;
}

}  // namespace riskgrid::models::monitor::detail
