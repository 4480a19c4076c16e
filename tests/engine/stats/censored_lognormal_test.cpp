// The censored log-normal fit, Kaplan-Meier and KS distance on samples whose answers are known by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "riskgrid/engine/stats/censored_lognormal.hpp"

namespace riskgrid::stats {
namespace {

/// The n quantiles (i + 0.5) / n of a log-normal: a "perfect" sample whose ML fit is the law itself
/// (sigma a little under, the sample's spread of quantiles).
std::vector<Duration> perfect_sample(double median, double sigma, int n) {
  std::vector<Duration> d;
  for (int i = 0; i < n; ++i) d.push_back({std::exp(std::log(median) + sigma * normal_quantile((i + 0.5) / n)), false});
  return d;
}

TEST(NormalQuantile, MatchesTables) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-9);
  EXPECT_NEAR(normal_quantile(0.5), 0, 1e-12);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-9);
}

TEST(CensoredLognormal, WithoutCensoringItIsTheMeanAndSdOfLogs) {
  // log2 of 1, 2, 4, 8 = 0..3: mean 1.5 (median 2^1.5), ML sd = ln2 * sqrt(1.25).
  const std::vector<Duration> d{{1, false}, {2, false}, {4, false}, {8, false}};
  const auto fit = fit_censored_lognormal(d);
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->median(), std::pow(2, 1.5), 1e-9);
  EXPECT_NEAR(fit->sigma, std::log(2) * std::sqrt(1.25), 1e-9);
}

TEST(CensoredLognormal, RecoversAKnownLawFromAPerfectSample) {
  const auto fit = fit_censored_lognormal(perfect_sample(3, 0.8, 400));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->median(), 3, 0.01);
  EXPECT_NEAR(fit->sigma, 0.8, 0.02);
}

TEST(CensoredLognormal, TypeOneCensoringRecoversWhatTheClosedOnlyFitMisses) {
  // The longest 40% are still open at 4 h: censored there.
  std::vector<Duration> d = perfect_sample(3, 0.8, 400), closed_only;
  for (Duration& x : d) {
    if (x.value > 4)
      x = {4, true};
    else
      closed_only.push_back(x);
  }
  const auto censored = fit_censored_lognormal(d), naive = fit_censored_lognormal(closed_only);
  ASSERT_TRUE(censored && naive);
  EXPECT_NEAR(censored->median(), 3, 0.05);
  EXPECT_NEAR(censored->sigma, 0.8, 0.03);
  EXPECT_LT(naive->median(), 2.2);  // what ignoring the open cases would claim
  EXPECT_LT(naive->sigma, 0.6);
}

TEST(CensoredLognormal, HeavyCensoringStillConverges) {
  // 75% open (NYC's one-night API sample is like this): each open case censored at half its duration.
  std::vector<Duration> d = perfect_sample(10, 1.2, 200);
  for (std::size_t i = 0; i < d.size(); ++i)
    if (i % 4 != 0) d[i] = {d[i].value / 2, true};
  const auto fit = fit_censored_lognormal(d);
  ASSERT_TRUE(fit);
  EXPECT_GT(fit->median(), 4);
  EXPECT_LT(fit->iterations, 100);
}

TEST(CensoredLognormal, NoFitWithoutTwoDistinctEvents) {
  EXPECT_FALSE(fit_censored_lognormal(std::vector<Duration>{{1, false}, {5, true}, {6, true}}));
  EXPECT_FALSE(fit_censored_lognormal(std::vector<Duration>{{2, false}, {2, false}, {3, true}}));
  EXPECT_FALSE(fit_censored_lognormal(std::vector<Duration>{{0, false}, {2, false}}));  // zero is skipped
}

TEST(KaplanMeier, HandCase) {
  // 1, 2+, 3, 4+, 5: S = 4/5 at 1, x 2/3 at 3 (3 at risk), x 0 at 5.
  const std::vector<Duration> d{{3, false}, {1, false}, {4, true}, {2, true}, {5, false}};
  const KaplanMeier km = kaplan_meier(d);
  ASSERT_EQ(km.time, (std::vector<double>{1, 3, 5}));
  EXPECT_NEAR(km.cdf[0], 0.2, 1e-12);
  EXPECT_NEAR(km.cdf[1], 1 - 0.8 * 2 / 3.0, 1e-12);
  EXPECT_NEAR(km.cdf[2], 1, 1e-12);
  EXPECT_EQ(km.quantile(0.4), 3);
  EXPECT_EQ(km.quantile(0.5), 5);  // F(3) = 0.467 < 0.5
  const KaplanMeier open_end = kaplan_meier(std::vector<Duration>{{1, false}, {2, true}, {3, true}});
  EXPECT_FALSE(open_end.quantile(0.5));  // censoring hides the median
}

TEST(KsDistance, SmallForTheLawAndLargeForAnother) {
  const std::vector<Duration> d = perfect_sample(3, 0.8, 400);
  const KaplanMeier km = kaplan_meier(d);
  EXPECT_LT(ks_distance(km, {std::log(3.0), 0.8}), 0.01);
  EXPECT_GT(ks_distance(km, {std::log(6.0), 0.8}), 0.3);  // Phi(ln 2 / 0.8) - 1/2 = 0.307
}

}  // namespace
}  // namespace riskgrid::stats
