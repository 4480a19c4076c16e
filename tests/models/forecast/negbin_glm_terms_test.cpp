// negbin_glm's likelihood from sufficient statistics (series over unit powers and day moments, the
// non-zero counts, a histogram of the counts) equals the sum over every unit-day.
#include "riskgrid/models/arrival/negbin_glm_terms.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"

namespace riskgrid::models {
namespace {

struct Design {
  std::size_t units = 60, days = 400;
  Eigen::MatrixXd x;
  std::vector<double> alpha;
  Eigen::VectorXd theta;
  std::vector<std::uint32_t> y;
};

// Weekday dummies, two annual harmonics and a trend over 400 days; unit levels from 0.002 to ~3 a day
// (so most units are summed by the series and the busiest day by day), NB(k = 1.5) counts.
Design random_design() {
  Design s;
  const time::Seconds start = *time::parse_iso("2024-01-01");
  s.x.resize(Eigen::Index(s.days), 11);
  for (std::size_t d = 0; d < s.days; ++d) {
    const auto row = day_covariates(start + time::Seconds(d) * time::kDay, start + 400 * time::kDay, 2, true);
    for (std::size_t j = 0; j < row.size(); ++j) s.x(Eigen::Index(d), Eigen::Index(j)) = row[j];
  }
  rng::Stream draw(77, 0, {rng::kArrivalBin, 0, 9});
  s.theta.resize(11);
  for (Eigen::Index j = 0; j < 11; ++j) s.theta(j) = 0.4 * (draw.uniform() - 0.5);
  const Eigen::VectorXd eta = s.x * s.theta;
  for (std::size_t u = 0; u < s.units; ++u) {
    s.alpha.push_back(std::log(0.002) + 7.3 * draw.uniform());
    for (std::size_t d = 0; d < s.days; ++d)
      s.y.push_back(rng::negative_binomial(draw, std::exp(s.alpha[u] + eta(Eigen::Index(d))), 1.5));
  }
  return s;
}

void expect_close(double fast, double direct, double scale, const char* what) {
  EXPECT_LE(std::abs(fast - direct), 1e-9 * std::max(std::abs(direct), scale))
      << what << ": " << fast << " vs " << direct;
}

TEST(NegbinGlmTerms, SeriesEqualsTheSumOverEveryUnitDay) {
  const Design s = random_design();
  const GlmCounts counts = summarise_counts(s.y, s.units, s.days);
  const unsigned all = kGlmLikelihood | kGlmScoring | kGlmSize;
  for (const double k : {0.7, 1.5, 12.0}) {
    const GlmTerms fast = evaluate_glm(counts, s.x, s.alpha, s.theta, k, all);
    const GlmTerms slow = evaluate_glm(counts, s.x, s.alpha, s.theta, k, all, true);
    // The reference written out per unit-day, as the likelihood's definition reads.
    const Eigen::VectorXd eta = s.x * s.theta;
    double ll = 0, g = 0, h = 0;
    std::size_t by_series = 0;
    for (std::size_t u = 0; u < s.units; ++u) {
      by_series += std::exp(s.alpha[u] + eta.maxCoeff()) / k <= kSeriesLimit ? 1 : 0;
      for (std::size_t d = 0; d < s.days; ++d) {
        const double m = std::exp(s.alpha[u] + eta(Eigen::Index(d))), y = s.y[u * s.days + d];
        ll += std::lgamma(y + k) - std::lgamma(k) + k * std::log(k / (k + m)) + y * std::log(m / (k + m));
        for (int j = 0; j < int(y); ++j) {  // d/dk and d2/dk2 of lgamma(y + k) - lgamma(k)
          g += 1 / (k + j);
          h -= 1 / ((k + j) * (k + j));
        }
        g += std::log(k / (k + m)) + (m - y) / (k + m);
        h += 1 / k - 1 / (k + m) - (m - y) / ((k + m) * (k + m));
      }
    }
    EXPECT_GT(by_series, s.units / 4);  // both routes are exercised
    EXPECT_LT(by_series, s.units);
    expect_close(fast.log_likelihood, ll, 0, "log-likelihood vs definition");
    expect_close(fast.log_likelihood, slow.log_likelihood, 0, "log-likelihood");
    expect_close(fast.d_size, g, std::abs(h), "d/dk vs definition");
    expect_close(fast.d2_size, h, 0, "d2/dk2 vs definition");
    expect_close(fast.d_size, slow.d_size, std::abs(slow.d2_size), "d/dk");
    expect_close(fast.d2_size, slow.d2_size, 0, "d2/dk2");
    for (std::size_t u = 0; u < s.units; ++u) {
      expect_close(fast.weight[u], slow.weight[u], 0, "unit weight");
      expect_close(fast.residual[u], slow.residual[u], slow.weight[u], "unit residual");
      for (Eigen::Index j = 0; j < 11; ++j)
        expect_close(fast.weighted_x(Eigen::Index(u), j), slow.weighted_x(Eigen::Index(u), j), slow.weight[u],
                     "weighted x");
    }
    for (Eigen::Index d = 0; d < Eigen::Index(s.days); ++d) {
      expect_close(fast.day_weight(d), slow.day_weight(d), 0, "day weight");
      expect_close(fast.day_residual(d), slow.day_residual(d), slow.day_weight(d), "day residual");
    }
  }
}

// The fit (which only ever uses the series) solves the score equations of the likelihood summed over
// every unit-day: the penalised gradient there is ~0 and k is at its maximum.
TEST(NegbinGlmTerms, TheFitSolvesTheScoreEquationsOfEveryUnitDay) {
  const Design s = random_design();
  const NegbinRegressionSettings settings;
  const GlmFit fit = fit_negbin_glm(s.y, s.units, s.x, settings);
  ASSERT_TRUE(fit.converged);
  const GlmCounts counts = summarise_counts(s.y, s.units, s.days);
  const GlmTerms t =
      evaluate_glm(counts, s.x, fit.alpha, fit.theta, fit.size, kGlmLikelihood | kGlmScoring | kGlmSize, true);
  const double alpha0 = std::log((counts.total + 0.5) / double(s.units * s.days));  // the prior's centre
  for (std::size_t u = 0; u < s.units; ++u)
    EXPECT_LT(std::abs(t.residual[u] - settings.ridge * (fit.alpha[u] - alpha0)), 1e-5 * (t.weight[u] + 1)) << u;
  const Eigen::VectorXd score = s.x.transpose() * t.day_residual - settings.ridge * fit.theta;
  const Eigen::VectorXd scale = s.x.cwiseAbs().transpose() * t.day_weight;
  for (Eigen::Index j = 0; j < score.size(); ++j) EXPECT_LT(std::abs(score(j)), 1e-5 * (scale(j) + 1)) << j;
  EXPECT_LT(std::abs(t.d_size * fit.size), 1e-4 * std::abs(t.d2_size * fit.size * fit.size)) << fit.size;
}

}  // namespace
}  // namespace riskgrid::models
