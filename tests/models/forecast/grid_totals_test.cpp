// Grid totals of category forecasts and their dispersion from earlier errors, against hand arithmetic.
#include "riskgrid/models/forecast/grid_totals.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::forecast {
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

TEST(GridTotals, InverseSizeIsTheMomentEstimateOverEveryEarlierForecast) {
  const GridTotals a{{2, 4}, {2, 4}, {4, 1}}, b{{1}, {1}, {0}};
  // a: (4 - 2)^2 - 4 = 0 and (1 - 4)^2 - 1 = 8 over 2^2 + 4^2 = 20.
  const std::vector<const GridTotals*> just_a{&a}, both{&a, &b};
  EXPECT_DOUBLE_EQ(inverse_size_from_errors(just_a), 8.0 / 20.0);
  // b adds (0 - 1)^2 - 0 = 1 over 1^2.
  EXPECT_DOUBLE_EQ(inverse_size_from_errors(both), 9.0 / 21.0);
  // No earlier forecast, or less spread than Poisson: no extra variance.
  EXPECT_EQ(inverse_size_from_errors({}), 0.0);
  const GridTotals tight{{5, 5}, {5, 5}, {5, 5}};
  const std::vector<const GridTotals*> just_tight{&tight};
  EXPECT_EQ(inverse_size_from_errors(just_tight), 0.0);
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
}  // namespace riskgrid::models::forecast
