// Grid totals of category forecasts and their dispersion from earlier errors, against hand arithmetic.
#include "riskgrid/models/backtest/grid_totals.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::backtest {
using namespace forecast;
namespace {

TEST(GridTotals, SumMeansVariancesAndCountsOverCategories) {
  // Two cells of two categories: (mean 1, Poisson) + (mean 2, k 2) and (mean 3, k 1) + (mean 0).
  const std::vector<double> mean{1, 2, 3, 0}, size{kPoissonSize, 2, 1, kPoissonSize};
  const std::vector<std::uint32_t> observed{1, 0, 4, 1};
  const GridTotals t = sum_categories(2, mean, size, observed);
  EXPECT_EQ(t.mean, (std::vector<double>{3, 3}));
  EXPECT_DOUBLE_EQ(t.variance[0], 1 + (2 + 4.0 / 2));  // Poisson 1; 2 + 2^2 / 2
  EXPECT_DOUBLE_EQ(t.variance[1], 3 + 9.0 / 1);
  EXPECT_EQ(t.observed, (std::vector<std::uint32_t>{1, 5}));
}

// Four horizons of 1,400 totals with means 2..30; categories Poisson (independent variance = mean);
// totals negative binomial with size k (gamma-mixed Poisson), or Poisson when k is 0.
std::vector<GridTotals> simulated_horizons(double k, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::vector<GridTotals> out(4);
  for (GridTotals& t : out)
    for (int j = 0; j < 1400; ++j) {
      const double m = 2 + (j % 29);
      const double rate = k > 0 ? m * std::gamma_distribution<double>(k, 1 / k)(engine) : m;
      t.mean.push_back(m);
      t.variance.push_back(m);
      t.observed.push_back(static_cast<std::uint32_t>(std::poisson_distribution<long>(rate)(engine)));
    }
  return out;
}

std::vector<const GridTotals*> pointers(const std::vector<GridTotals>& v) {
  std::vector<const GridTotals*> out;
  for (const auto& t : v) out.push_back(&t);
  return out;
}

TEST(GridTotals, FittedInverseSizeRecoversTheTotalsDispersion) {
  // 1,400 totals per horizon: each horizon's ML estimate of 1/k = 0.2 has a standard error of about 0.012.
  const auto overdispersed = simulated_horizons(5, 7);
  EXPECT_NEAR(fit_inverse_size(pointers(overdispersed)), 0.2, 0.02);
  const auto mild = simulated_horizons(50, 8);
  EXPECT_NEAR(fit_inverse_size(pointers(mild)), 0.02, 0.006);
  // Poisson totals: nothing beyond the independent sum worth more than noise.
  const auto poisson = simulated_horizons(0, 9);
  EXPECT_LT(fit_inverse_size(pointers(poisson)), 0.003);
}

TEST(GridTotals, OneStormHorizonAmongFourDoesNotWidenTheIntervals) {
  auto horizons = simulated_horizons(0, 10);
  for (auto& y : horizons[1].observed) y = static_cast<std::uint32_t>(2.5 * y);  // the storm week
  const std::vector<const GridTotals*> storm{&horizons[1]};
  EXPECT_GT(fit_inverse_size(storm), 0.3);
  EXPECT_LT(fit_inverse_size(pointers(horizons)), 0.003);
}

TEST(GridTotals, NoEarlierForecastOrAWideEnoughIndependentSumMeansNoExtraDispersion) {
  EXPECT_EQ(fit_inverse_size({}), 0.0);
  // Observed within a count of the mean, while the independent variance is already 100: widening
  // can only lower the likelihood.
  const GridTotals wide{{10, 20, 30}, {100, 100, 100}, {11, 19, 30}};
  const std::vector<const GridTotals*> just_wide{&wide};
  EXPECT_EQ(fit_inverse_size(just_wide), 0.0);
}

TEST(GridTotals, CalibratedSizesTakeTheWiderOfTheTwoVariances) {
  const GridTotals t{{2, 4, 0}, {5, 4, 0}, {0, 0, 0}};
  const std::vector<double> k = calibrated_sizes(t, 0.4);
  // Cell 0: independent 5 > 2 + 4 * 0.4 = 3.6, so k = 2^2 / (5 - 2).
  EXPECT_DOUBLE_EQ(k[0], 4.0 / 3.0);
  // Cell 1: 4 + 16 * 0.4 = 10.4 > 4, so k = 1 / 0.4.
  EXPECT_NEAR(k[1], 2.5, 1e-12);
  EXPECT_TRUE(CountDistribution({0, k[2]}).poisson());
  // Without a measured excess the independent sum stands: cell 1 (variance = mean) is Poisson.
  const std::vector<double> independent = calibrated_sizes(t, 0.0);
  EXPECT_DOUBLE_EQ(independent[0], 4.0 / 3.0);
  EXPECT_TRUE(CountDistribution({4, independent[1]}).poisson());
}

}  // namespace
}  // namespace riskgrid::models::backtest
