#include "riskgrid/models/forecast/scores.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace riskgrid::models::forecast {
namespace {

TEST(Scores, PointErrorsByHand) {
  // errors 1, 0, -2: MAE = 3/3 = 1; RMSE = sqrt((1 + 0 + 4) / 3) = sqrt(5/3).
  const std::vector<double> observed{0, 2, 5}, forecast{1, 2, 3};
  const PointErrors e = point_errors(observed, forecast);
  EXPECT_DOUBLE_EQ(e.mae, 1.0);
  EXPECT_DOUBLE_EQ(e.rmse, std::sqrt(5.0 / 3.0));
  EXPECT_THROW(point_errors(observed, std::vector<double>{1, 2}), std::invalid_argument);
}

TEST(Scores, PoissonLogScoreByHand) {
  // P(3 | mean 2) = e^-2 2^3 / 3! so -log P = 2 - log(8/6) = 1.7123179...
  EXPECT_NEAR(log_score({2.0, kPoissonSize}, 3), 2 - std::log(8.0 / 6.0), 1e-12);
}

TEST(Scores, NegativeBinomialLogScoreByHand) {
  // size 1, mean 2 is geometric: P(y) = (1/3)(2/3)^y, P(2) = 4/27, -log P = log(27/4).
  EXPECT_NEAR(log_score({2.0, 1.0}, 2), std::log(27.0 / 4.0), 1e-12);
  // A huge size is Poisson.
  EXPECT_NEAR(log_score({2.0, 1e13}, 3), log_score({2.0, kPoissonSize}, 3), 1e-9);
}

TEST(Scores, ExactCrpsByHand) {
  // Geometric, mean 1 (size 1): P(x) = (1/2)^(x+1), F(x) = 1 - (1/2)^(x+1).
  // y = 0: sum_x (1 - F(x))^2 = sum_{x>=0} (1/4)^(x+1) = (1/4)/(3/4) = 1/3.
  EXPECT_NEAR(crps({1.0, 1.0}, 0), 1.0 / 3.0, 1e-10);
  // y = 2: F(0)^2 + F(1)^2 + sum_{x>=2} (1/4)^(x+1) = 1/4 + 9/16 + (1/64)/(3/4) = 40/48 = 5/6.
  EXPECT_NEAR(crps({1.0, 1.0}, 2), 5.0 / 6.0, 1e-10);
  // A point mass at 0 and y = 3: F = 1, terms (1 - 0)^2 for x = 0, 1, 2: 3.
  EXPECT_DOUBLE_EQ(crps({0.0, kPoissonSize}, 3), 3.0);
}

TEST(Scores, ExactCrpsAgreesWithALargeEnsemble) {
  // E|X - y| - E|X - X'| / 2 over the exact distribution, by the sample estimator on its quantiles.
  const CountDistribution d{3.0, 2.0};
  std::vector<double> samples;
  for (int i = 0; i < 20000; ++i) samples.push_back(quantile(d, (i + 0.5) / 20000));
  EXPECT_NEAR(crps_samples(samples, 4), crps(d, 4), 2e-3);
}

TEST(Scores, SampleCrpsByHand) {
  // Samples {3, 0, 1}, y = 2: mean |x - y| = (2 + 1 + 1)/3 = 4/3; sum over ordered pairs of
  // |x_i - x_j| = 2 (1 + 3 + 2) = 12, divided by 2 m^2 = 18 gives 2/3; CRPS = 4/3 - 2/3 = 2/3.
  const std::vector<double> samples{3, 0, 1};
  EXPECT_NEAR(crps_samples(samples, 2), 2.0 / 3.0, 1e-12);
}

TEST(Scores, CentralNinetyPercentIntervalByHand) {
  // Geometric mean 1: F(0) = 0.5 >= 0.05 so low = 0; F(3) = 0.9375 < 0.95 <= F(4) = 0.96875: high 4.
  const CountInterval g = central_interval({1.0, 1.0}, 0.9);
  EXPECT_EQ(g.low, 0u);
  EXPECT_EQ(g.high, 4u);
  // Poisson 10 (tables): F(4) = 0.0293 < 0.05 <= F(5) = 0.0671; F(14) = 0.9165 < 0.95 <= F(15) = 0.9513.
  const CountInterval p = central_interval({10.0, kPoissonSize}, 0.9);
  EXPECT_EQ(p.low, 5u);
  EXPECT_EQ(p.high, 15u);
  EXPECT_TRUE(p.covers(5));
  EXPECT_TRUE(p.covers(15));
  EXPECT_FALSE(p.covers(16));
}

TEST(Scores, HotspotHitRateAndPaiByHand) {
  // Areas 1, 1, 2, 4 (total 8); forecast densities 4, 1, 3, 0.5 rank the units 0, 2, 1, 3.
  const std::vector<double> area{1, 1, 2, 4}, forecast{4, 1, 6, 2}, observed{3, 0, 5, 2};  // N = 10
  // 1/8 of the area = 1: unit 0 alone, 3 of 10: hit 0.3, PAI 0.3 / 0.125 = 2.4.
  HotspotScore s = hotspot(forecast, observed, area, 0.125);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.3);
  EXPECT_DOUBLE_EQ(s.pai, 2.4);
  // 1/4 = 2: unit 0 (area 1) and half of unit 2: 3 + 5/2 = 5.5 of 10: hit 0.55, PAI 2.2.
  s = hotspot(forecast, observed, area, 0.25);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.55);
  EXPECT_DOUBLE_EQ(s.pai, 2.2);
  // 1/2 = 4: units 0, 2 and 1 (areas 1 + 2 + 1): 3 + 5 + 0 = 8: hit 0.8, PAI 1.6.
  s = hotspot(forecast, observed, area, 0.5);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.8);
  EXPECT_DOUBLE_EQ(s.pai, 1.6);
  // The oracle ranks by observed density 3, 0, 2.5, 0.5: units 0, 2, then a quarter of unit 3:
  // 3 + 5 + 2/4 = 8.5: hit 0.85, PAI 1.7.
  s = oracle_hotspot(observed, area, 0.5);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.85);
  EXPECT_DOUBLE_EQ(s.pai, 1.7);
  EXPECT_THROW(hotspot(forecast, observed, area, 0.0), std::invalid_argument);
}

TEST(Scores, OraclePaiEqualsTheFormulaOnEqualCells) {
  // Equal cells: flagging m of n cells, PAI_oracle = (sum of the m largest counts / N) / (m / n).
  std::vector<double> observed;
  for (int i = 0; i < 40; ++i) observed.push_back(double((i * 37 + 11) % 17));
  const std::vector<double> area(observed.size(), 250.0 * 250.0);
  std::vector<double> sorted = observed;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const double total = std::accumulate(observed.begin(), observed.end(), 0.0);
  for (const std::size_t m : {1u, 2u, 4u, 10u, 40u}) {
    const double share = double(m) / 40;
    const double top = std::accumulate(sorted.begin(), sorted.begin() + long(m), 0.0);
    EXPECT_NEAR(oracle_hotspot(observed, area, share).pai, (top / total) / share, 1e-12) << m;
    // No forecast beats the oracle.
    EXPECT_LE(hotspot(std::vector<double>(observed.rbegin(), observed.rend()), observed, area, share).pai,
              oracle_hotspot(observed, area, share).pai + 1e-12);
  }
}

TEST(CountDistribution, CdfAndQuantileAgree) {
  const CountDistribution d{4.5, 3.0};
  for (const double p : {0.01, 0.3, 0.5, 0.9, 0.999}) {
    const std::uint32_t q = quantile(d, p);
    EXPECT_GE(cdf(d, q), p);
    if (q > 0) {
      EXPECT_LT(cdf(d, q - 1), p);
    }
  }
  // Moments of a sum: mean 3, variance 5 gives size 9 / 2.
  EXPECT_DOUBLE_EQ(moment_matched_sum(3, 5).size, 4.5);
  EXPECT_TRUE(moment_matched_sum(3, 3).poisson());
}

}  // namespace
}  // namespace riskgrid::models::forecast
