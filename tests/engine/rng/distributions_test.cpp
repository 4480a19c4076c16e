#include "riskgrid/engine/rng/distributions.hpp"

#include <gtest/gtest.h>

#include <limits>

#include <cmath>

namespace riskgrid::rng {
namespace {

struct Moments {
  double mean = 0, variance = 0;
};

template <class Draw>
Moments moments(int n, Draw draw) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

// Tolerances are about 5 standard errors of the sample moments with n = 200,000.
class PoissonMoments : public ::testing::TestWithParam<double> {};

TEST_P(PoissonMoments, MatchMean) {
  const double mu = GetParam();
  Stream s(3, 1, {});
  const auto m = moments(200000, [&] { return double(poisson(s, mu)); });
  EXPECT_NEAR(m.mean, mu, 5 * std::sqrt(mu / 200000) + 1e-9);
  EXPECT_NEAR(m.variance / mu, 1.0, 0.02);
}
INSTANTIATE_TEST_SUITE_P(SmallAndLarge, PoissonMoments, ::testing::Values(0.05, 1.0, 7.5, 10.0, 42.0, 1500.0));

TEST(Gamma, MeanAndVarianceEqualShape) {
  for (double shape : {0.3, 1.0, 4.0, 25.0}) {
    Stream s(5, 2, {});
    const auto m = moments(200000, [&] { return gamma(s, shape); });
    EXPECT_NEAR(m.mean / shape, 1.0, 0.02) << shape;
    EXPECT_NEAR(m.variance / shape, 1.0, 0.04) << shape;
  }
}

TEST(NegativeBinomial, VarianceIsMeanPlusMeanSquaredOverSize) {
  const double mu = 12, k = 4;
  Stream s(8, 0, {});
  const auto m = moments(200000, [&] { return double(negative_binomial(s, mu, k)); });
  EXPECT_NEAR(m.mean, mu, 0.1);
  EXPECT_NEAR(m.variance / (mu + mu * mu / k), 1.0, 0.04);
}

TEST(Normal, IsStandard) {
  Stream s(11, 0, {});
  const auto m = moments(200000, [&] { return normal(s); });
  EXPECT_NEAR(m.mean, 0.0, 0.012);
  EXPECT_NEAR(m.variance, 1.0, 0.015);
}

TEST(Poisson, ZeroOrNegativeMeanGivesZero) {
  Stream s(1, 1, {});
  EXPECT_EQ(poisson(s, 0.0), 0u);
  EXPECT_EQ(poisson(s, -1.0), 0u);
}

// Issue 17: a factor of 1e20 gave zero incidents (a mean beyond 2^32 converted to uint32 is undefined);
// now such a draw saturates, and runs refuse those means before simulating (run/memory_estimate.hpp).
TEST(Poisson, AMeanBeyondThe32BitRangeSaturatesInsteadOfWrapping) {
  Stream s(1, 1, {});
  for (const double mean : {5e9, 1e20, 1e300, std::numeric_limits<double>::infinity()})
    EXPECT_EQ(poisson(s, mean), std::numeric_limits<std::uint32_t>::max()) << mean;
  EXPECT_EQ(negative_binomial(s, 1e20, 2.0), std::numeric_limits<std::uint32_t>::max());
}

}  // namespace
}  // namespace riskgrid::rng
