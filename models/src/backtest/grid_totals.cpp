// Grid totals of category forecasts, with a dispersion measured on the model's recent errors.
#include "riskgrid/models/backtest/grid_totals.hpp"

#include <algorithm>
#include <cmath>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::backtest {
using namespace forecast;  // the count distributions and scores every step uses

GridTotals sum_categories(std::size_t categories, std::span<const double> mean, std::span<const double> size,
                          std::span<const std::uint32_t> observed) {
  const std::size_t cells = mean.size() / categories;
  GridTotals t{std::vector<double>(cells, 0.0), std::vector<double>(cells, 0.0), std::vector<std::uint32_t>(cells, 0)};
  for (std::size_t i = 0; i < mean.size(); ++i) {
    t.mean[i / categories] += mean[i];
    t.variance[i / categories] += CountDistribution{mean[i], size[i]}.variance();
    t.observed[i / categories] += observed[i];
  }
  return t;
}

namespace {

double log_likelihood(std::span<const GridTotals* const> earlier, double inverse_size) {
  double sum = 0;
  for (const GridTotals* t : earlier) {
    const std::vector<double> size = calibrated_sizes(*t, inverse_size);
    for (std::size_t j = 0; j < size.size(); ++j)
      if (t->mean[j] > 0) sum += log_pmf({t->mean[j], size[j]}, t->observed[j]);
  }
  return sum;
}

// A scan over 1/k = 10^-4 .. 10 in steps of 10^(1/8), then golden-section search on log10(1/k)
// around the best point: the likelihood is flat below the independent sum's variance, so a
// derivative-based search could stall there.
double maximum_likelihood(std::span<const GridTotals* const> earlier) {
  constexpr double kLowest = -4, kHighest = 1, kStep = 0.125;
  double best = 0, best_ll = log_likelihood(earlier, 0);
  double best_exponent = kLowest - 1;
  for (double e = kLowest; e <= kHighest + 1e-9; e += kStep) {
    const double ll = log_likelihood(earlier, std::pow(10.0, e));
    if (ll > best_ll) best = std::pow(10.0, e), best_ll = ll, best_exponent = e;
  }
  if (best == 0) return 0;
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double a = best_exponent - kStep, b = best_exponent + kStep;
  for (int i = 0; i < 30; ++i) {
    const double c = b - golden * (b - a), d = a + golden * (b - a);
    if (log_likelihood(earlier, std::pow(10.0, c)) > log_likelihood(earlier, std::pow(10.0, d)))
      b = d;
    else
      a = c;
  }
  const double refined = std::pow(10.0, (a + b) / 2);
  return log_likelihood(earlier, refined) > best_ll ? refined : best;
}

}  // namespace

double fit_inverse_size(std::span<const GridTotals* const> earlier) {
  std::vector<double> per_horizon;
  for (const GridTotals* t : earlier) per_horizon.push_back(maximum_likelihood(std::span(&t, 1)));
  if (per_horizon.empty()) return 0;
  std::sort(per_horizon.begin(), per_horizon.end());
  const std::size_t n = per_horizon.size();
  return n % 2 ? per_horizon[n / 2] : (per_horizon[n / 2 - 1] + per_horizon[n / 2]) / 2;
}

std::vector<double> calibrated_sizes(const GridTotals& totals, double inverse_size) {
  std::vector<double> size(totals.mean.size());
  for (std::size_t j = 0; j < size.size(); ++j) {
    const double m = totals.mean[j];
    const double variance = std::max(totals.variance[j], m + m * m * inverse_size);
    size[j] = moment_matched_sum(m, variance).size;
  }
  return size;
}

}  // namespace riskgrid::models::backtest
