#pragma once
// "negbin_glm": a negative-binomial regression (log link) of daily counts per grid and category,
//   y[g,c,d] ~ NB(mu, k_c),  log mu = alpha[g,c] + x(d) . theta_c,
// with x(d) = weekday dummies (Monday the reference), annual Fourier terms sin/cos(2 pi h t / 365.25)
// for h = 1..harmonics, and a linear trend in years from the end of training. Fitted per category
// with Eigen by Fisher scoring (IRLS) on a blocked system (the grid effects are diagonal and are
// eliminated by a Schur complement, so the cost is linear in the number of grids), alternating with
// the maximum-likelihood size k. Hour-of-day enters as each category's share of the day's count
// (the exact maximum-likelihood hour effect of a log-linear model given the daily totals).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "riskgrid/models/arrival/arrival_model.hpp"
#include "riskgrid/models/arrival/negbin_glm_terms.hpp"

namespace riskgrid::models {

struct NegbinRegressionSettings {
  int harmonics = 2;  ///< annual Fourier pairs
  bool trend = true;
  /// Annual terms and the trend are left out when training is shorter than this: less than a year
  /// cannot tell a season from a trend, and extrapolating either would be a guess.
  std::size_t min_days_for_season = 365;
  /// Weak Gaussian prior (precision) on every coefficient: the grid effects towards the category's
  /// mean level, the rest towards 0. Keeps grids that never saw an incident finite.
  double ridge = 0.01;
  int max_iterations = 100;
};

/// Covariates of the day starting at `day`: 6 weekday dummies, then 2 * harmonics Fourier terms
/// (sin, cos per harmonic), then the trend (years since `origin`) when asked.
std::vector<double> day_covariates(time::Seconds day, time::Seconds origin, int harmonics, bool trend);

/// One category's fit.
struct GlmFit {
  std::vector<double> alpha;  ///< [unit]
  Eigen::VectorXd theta;      ///< [covariate]
  double size = 0;            ///< NB k (maximum likelihood, clamped to negbin_weekday's range)
  double log_likelihood = 0;
  int iterations = 0;
  bool converged = false;
};

/// Fits counts y[unit * days + day] against covariates x (days x p). Throws InputError when the
/// sizes disagree.
GlmFit fit_negbin_glm(const std::vector<std::uint32_t>& y, std::size_t units, const Eigen::MatrixXd& x,
                      const NegbinRegressionSettings& settings);
/// The same fit from counts already reduced to their sufficient statistics.
GlmFit fit_negbin_glm(const GlmCounts& counts, const Eigen::MatrixXd& x, const NegbinRegressionSettings& settings);

class NegbinRegression : public ArrivalModel {
 public:
  static constexpr std::string_view kName = "negbin_glm";
  /// Built from the settings a scenario gives it; each reads and range-checks its own.
  static std::unique_ptr<ArrivalModel> create(const ModelSettings& settings);
  explicit NegbinRegression(NegbinRegressionSettings settings = {}) : settings_(settings) {}
  std::string_view name() const override { return kName; }
  std::unique_ptr<FittedArrivals> fit(const FitInput& input) const override;

 private:
  NegbinRegressionSettings settings_;
};

}  // namespace riskgrid::models
