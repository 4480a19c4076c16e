#pragma once
// The log-likelihood of negbin_glm (negbin_regression.hpp) and its Fisher-scoring pieces, from
// sufficient statistics instead of a sum over every unit-day. The means factorise,
// mu[u,d] = exp(alpha[u]) exp(x(d) . theta), so every term that depends on mu alone (every zero
// count's k log(k / (k + mu)), the Fisher weights, the size's score) is a power series in mu / k whose
// sum over unit-days is a sum over n of (sum_u exp(alpha[u])^n) (sum_d exp(x(d) . theta)^n); the
// counts themselves enter only through the non-zero unit-days (a few % of them) and, for the
// lgamma(y + k) terms, a histogram of the counts. Units whose largest mu / k exceeds kSeriesLimit are
// summed day by day instead, so the series always converges fast. Exact up to rounding (the series is
// cut where its remainder is below 1e-17 of its first term).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <Eigen/Dense>

namespace riskgrid::models {

/// Counts y[unit * days + day] reduced to what the likelihood needs.
struct GlmCounts {
  std::size_t units = 0, days = 0;
  std::vector<std::size_t> offset;    ///< [unit + 1]: the unit's non-zero days are [offset[u], offset[u+1])
  std::vector<std::uint32_t> day, y;  ///< non-zero unit-days, by unit then day
  std::vector<std::pair<std::uint32_t, double>> histogram;  ///< (count >= 1, unit-days with it)
  std::vector<double> unit_total;                           ///< [unit]
  double total = 0;
};

/// Reduces counts y[unit * unit_stride + day] (unit_stride >= days).
GlmCounts summarise_counts(const std::uint32_t* y, std::size_t units, std::size_t days, std::size_t unit_stride);
/// Reduces dense counts y[unit * days + day].
inline GlmCounts summarise_counts(const std::vector<std::uint32_t>& y, std::size_t units, std::size_t days) {
  return summarise_counts(y.data(), units, days, days);
}

/// Largest mu / k of a unit summed by the series; above it, day by day.
inline constexpr double kSeriesLimit = 0.25;

/// What evaluate_glm computes.
enum GlmWants : unsigned { kGlmLikelihood = 1, kGlmScoring = 2, kGlmSize = 4 };

struct GlmTerms {
  /// sum over unit-days of log NB(y | mu, k) without the terms free of (mu, k):
  /// lgamma(y + k) - lgamma(k) + k log(k / (k + mu)) + y log(mu / (k + mu)).
  double log_likelihood = 0;
  // Fisher scoring (kGlmScoring), w = mu k / (k + mu), r = (y - mu) k / (k + mu):
  std::vector<double> weight, residual;      ///< [unit] sum over days of w, r
  Eigen::MatrixXd weighted_x;                ///< [unit x covariate] sum over days of w x(d)
  Eigen::VectorXd day_weight, day_residual;  ///< [day] sum over units of w, r
  // First and second derivative of the log-likelihood in k (kGlmSize).
  double d_size = 0, d2_size = 0;
};

/// Evaluates the terms at (alpha, theta, k) with covariates x (days x p). `day_by_day` sums every
/// unit day by day (the reference the series is tested against). Log-means are clamped to
/// [-40, 40] where summed day by day; the series needs no clamp (its units' means are below k/4).
GlmTerms evaluate_glm(const GlmCounts& counts, const Eigen::MatrixXd& x, const std::vector<double>& alpha,
                      const Eigen::VectorXd& theta, double k, unsigned wants, bool day_by_day = false);

}  // namespace riskgrid::models
