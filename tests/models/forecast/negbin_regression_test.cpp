// negbin_glm recovers the coefficients and the dispersion of counts generated from them.
#include "riskgrid/models/arrival/negbin_regression.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"

namespace riskgrid::models {
namespace {

TEST(NegbinRegression, RecoversCoefficientsAndDispersion) {
  // 40 units x 730 days (two years from a Monday), log mu = alpha_u + weekday + 2 annual harmonics
  // + trend, NB size 4; drawn as Poisson(mu * Gamma(4, 1/4)) from one fixed stream per unit.
  const time::Seconds start = *time::parse_iso("2024-01-01"), end = start + 730 * time::kDay;
  const std::size_t units = 40, days = 730;
  const double k = 4;
  const std::vector<double> theta_true{0.05, 0.0,   0.02, 0.10, -0.30, -0.45,  // Tue..Sun vs Monday
                                       0.15, -0.20, 0.05, 0.03,                // sin1 cos1 sin2 cos2
                                       0.10};                                  // trend per year
  std::vector<double> alpha_true(units);
  for (std::size_t u = 0; u < units; ++u) alpha_true[u] = std::log(0.4 + 0.15 * double(u));  // 0.4 .. 6.25 a day
  Eigen::MatrixXd x(Eigen::Index(days), Eigen::Index(theta_true.size()));
  for (std::size_t d = 0; d < days; ++d) {
    const auto row = day_covariates(start + time::Seconds(d) * time::kDay, end, 2, true);
    ASSERT_EQ(row.size(), theta_true.size());
    for (std::size_t j = 0; j < row.size(); ++j) x(Eigen::Index(d), Eigen::Index(j)) = row[j];
  }
  std::vector<std::uint32_t> y(units * days);
  for (std::size_t u = 0; u < units; ++u) {
    rng::Stream s(20261123, 0, {rng::kArrivalBin, std::uint32_t(u), 0});
    for (std::size_t d = 0; d < days; ++d) {
      double eta = alpha_true[u];
      for (std::size_t j = 0; j < theta_true.size(); ++j) eta += x(Eigen::Index(d), Eigen::Index(j)) * theta_true[j];
      y[u * days + d] = rng::negative_binomial(s, std::exp(eta), k);
    }
  }
  const GlmFit fit = fit_negbin_glm(y, units, x, NegbinRegressionSettings{});
  EXPECT_TRUE(fit.converged);
  // Standard errors at this size (about 65,000 incidents): ~0.015 for weekday terms, ~0.01 for the
  // Fourier terms, ~0.015 for the trend, unit effects below; k to ~4%. Tolerances
  // are about 3.5 standard errors.
  for (std::size_t j = 0; j < theta_true.size(); ++j) {
    std::printf("theta[%zu] %+.4f vs %+.4f\n", j, fit.theta(Eigen::Index(j)), theta_true[j]);
    EXPECT_NEAR(fit.theta(Eigen::Index(j)), theta_true[j], j < 6 ? 0.05 : 0.04) << j;
  }
  double worst = 0;
  for (std::size_t u = 0; u < units; ++u) {
    // Standard error of a unit's log level from D days of NB counts: sqrt((1/mu + 1/k) / D).
    const double se = std::sqrt((std::exp(-alpha_true[u]) + 1 / k) / double(days));
    worst = std::max(worst, std::abs(fit.alpha[u] - alpha_true[u]) / se);
  }
  std::printf("k %.3f vs %.1f, worst unit effect error %.2f standard errors, %d iterations\n", fit.size, k, worst,
              fit.iterations);
  EXPECT_LT(worst, 4.0);  // 40 units: P(max |z| > 4) is about 0.3% under the model
  EXPECT_NEAR(fit.size / k, 1, 0.15);
}

TEST(NegbinRegression, PoissonCountsGiveALargeSize) {
  const std::size_t units = 10, days = 400;
  Eigen::MatrixXd x(Eigen::Index(days), 6);
  x.setZero();
  for (std::size_t d = 0; d < days; ++d)
    if (d % 7) x(Eigen::Index(d), Eigen::Index(d % 7 - 1)) = 1;
  std::vector<std::uint32_t> y(units * days);
  for (std::size_t u = 0; u < units; ++u) {
    rng::Stream s(5, 0, {rng::kArrivalBin, std::uint32_t(u), 1});
    for (std::size_t d = 0; d < days; ++d) y[u * days + d] = rng::poisson(s, 3.0);
  }
  const GlmFit fit = fit_negbin_glm(y, units, x, NegbinRegressionSettings{});
  EXPECT_GT(fit.size, 50);  // 1/k within noise of 0
  EXPECT_THROW(fit_negbin_glm(std::vector<std::uint32_t>(5), units, x, NegbinRegressionSettings{}), InputError);
}

}  // namespace
}  // namespace riskgrid::models
