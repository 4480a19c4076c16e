// The prospective space-time scan: cylinders of a grid and its nearest neighbours x the last days,
// scored by the expectation-based Poisson likelihood ratio (Kulldorff's prospective scan with the
// model's expected counts in place of a population at risk), divided by the cylinder's dispersion
// (variance / mean of its count under the model; quasi-Poisson), so that overdispersed categories do
// not win the scan by their noise alone.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "rules.hpp"

namespace riskgrid::models::monitor::detail {

double poisson_llr(double c, double mu) { return c > mu ? c * std::log(c / mu) - (c - mu) : 0.0; }

SpaceTimeScan::SpaceTimeScan(const WindowCounts& window, const std::vector<std::vector<std::size_t>>& neighbourhoods,
                             std::size_t max_days)
    : shape_(window.mean.shape()), neighbourhoods_(neighbourhoods), days_(std::min(max_days, shape_.bins)) {
  if (neighbourhoods_.size() != shape_.units) throw std::invalid_argument("scan: one neighbourhood per grid expected");
  if (days_ == 0) throw std::invalid_argument("scan: at least one day");
  for (const auto& n : neighbourhoods_) {
    if (n.empty()) throw std::invalid_argument("scan: a neighbourhood starts with its own grid");
    max_size_ = std::max(max_size_, n.size());
  }
  // Expected sums [category][centre][size-1][days-1]; sizes a small neighbourhood lacks stay unused.
  expected_.assign(shape_.categories * shape_.units * max_size_ * days_, 0.0);
  dispersion_.assign(expected_.size(), 1.0);
  std::vector<double> grid_days(shape_.units * days_), grid_variance(shape_.units * days_);
  std::vector<double> variance(max_size_ * days_);
  for (std::size_t c = 0; c < shape_.categories; ++c) {
    for (std::size_t g = 0; g < shape_.units; ++g) {
      double sum = 0, var = 0;
      for (std::size_t d = 0; d < days_; ++d) {
        const std::size_t cell = shape_.index(shape_.bins - 1 - d, g, c);
        grid_days[g * days_ + d] = (sum += std::max(window.mean[cell], kMeanFloor));
        var += forecast::CountDistribution{std::max(window.mean[cell], kMeanFloor), window.size[cell]}.variance();
        grid_variance[g * days_ + d] = var;
      }
    }
    for (std::size_t centre = 0; centre < shape_.units; ++centre) {
      const auto& n = neighbourhoods_[centre];
      const std::size_t at = (c * shape_.units + centre) * max_size_ * days_;
      double* out = &expected_[at];
      for (std::size_t m = 0; m < n.size(); ++m)
        for (std::size_t d = 0; d < days_; ++d) {
          const std::size_t i = m * days_ + d;
          out[i] = (m ? out[i - days_] : 0.0) + grid_days[n[m] * days_ + d];
          variance[i] = (m ? variance[i - days_] : 0.0) + grid_variance[n[m] * days_ + d];
          dispersion_[at + i] = std::max(1.0, variance[i] / out[i]);
        }
    }
  }
}

void SpaceTimeScan::day_sums(cube::View<const std::uint32_t> counts, std::size_t category,
                             std::vector<double>& sums) const {
  sums.resize(shape_.units * days_);
  for (std::size_t g = 0; g < shape_.units; ++g) {
    double sum = 0;
    for (std::size_t d = 0; d < days_; ++d) sums[g * days_ + d] = (sum += counts.at(shape_.bins - 1 - d, g, category));
  }
}

template <class Visit>
void SpaceTimeScan::visit(cube::View<const std::uint32_t> counts, std::vector<double>& sums, Visit&& visit) const {
  std::vector<double> running(days_);
  for (std::size_t c = 0; c < shape_.categories; ++c) {
    day_sums(counts, c, sums);
    for (std::size_t centre = 0; centre < shape_.units; ++centre) {
      const auto& n = neighbourhoods_[centre];
      const double* mu = &expected_[(c * shape_.units + centre) * max_size_ * days_];
      const double* phi = &dispersion_[(c * shape_.units + centre) * max_size_ * days_];
      std::fill(running.begin(), running.end(), 0.0);
      for (std::size_t m = 0; m < n.size(); ++m) {
        for (std::size_t d = 0; d < days_; ++d) {
          running[d] += sums[n[m] * days_ + d];
          visit(c, centre, m + 1, d + 1, running[d], mu[m * days_ + d], phi[m * days_ + d]);
        }
      }
    }
  }
}

double SpaceTimeScan::max_llr(cube::View<const std::uint32_t> counts, std::vector<double>& scratch) const {
  double best = 0;
  visit(counts, scratch,
        [&](std::size_t, std::size_t, std::size_t, std::size_t, double observed, double expected, double dispersion) {
          if (observed > expected) best = std::max(best, poisson_llr(observed, expected) / dispersion);
        });
  return best;
}

std::vector<Cylinder> SpaceTimeScan::cylinders(cube::View<const std::uint32_t> counts) const {
  std::vector<Cylinder> out;
  std::vector<double> sums;
  visit(counts, sums,
        [&](std::size_t c, std::size_t centre, std::size_t size, std::size_t days, double observed, double expected,
            double dispersion) {
          const double llr = poisson_llr(observed, expected) / dispersion;
          if (llr > 0) out.push_back({c, centre, size, days, observed, expected, llr});
        });
  return out;
}

}  // namespace riskgrid::models::monitor::detail
