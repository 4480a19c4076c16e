// Fisher scoring for a negative-binomial GLM with one effect per unit plus shared covariates, and
// the maximum-likelihood NB size. Written here rather than taken from a GLM library because the
// grid effects make the design block-diagonal: eliminating them (Schur complement) keeps each step
// O(units x p^2) instead of a dense (units + p)^3 solve; Eigen does the small dense algebra. The
// sums over unit-days come from sufficient statistics (negbin_glm_terms.hpp), not from every day.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/negbin_glm_terms.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"

namespace riskgrid::models {

namespace {

struct Problem {
  const GlmCounts& counts;
  const Eigen::MatrixXd& x;
  double ridge;
  double alpha0;  // prior centre of the unit effects
  // The last evaluation, with every term: the solver asks for the same point more than once (a
  // step's trial point starts the size's Newton, whose last point starts the next step).
  struct Last {
    std::vector<double> alpha;
    Eigen::VectorXd theta;
    double k = 0;
    GlmTerms terms;
  };
  mutable Last last{};
};

const GlmTerms& terms_at(const Problem& p, const std::vector<double>& alpha, const Eigen::VectorXd& theta, double k) {
  Problem::Last& l = p.last;
  if (k == l.k && alpha == l.alpha && theta.size() == l.theta.size() && theta == l.theta) return l.terms;
  l.terms = evaluate_glm(p.counts, p.x, alpha, theta, k, kGlmLikelihood | kGlmScoring | kGlmSize);
  l.alpha = alpha;
  l.theta = theta;
  l.k = k;
  return l.terms;
}

double penalty(const Problem& p, const std::vector<double>& alpha, const Eigen::VectorXd& theta) {
  double pen = theta.squaredNorm();
  for (const double a : alpha) pen += (a - p.alpha0) * (a - p.alpha0);
  return 0.5 * p.ridge * pen;
}

double penalised(const Problem& p, double k, const std::vector<double>& alpha, const Eigen::VectorXd& theta) {
  return terms_at(p, alpha, theta, k).log_likelihood - penalty(p, alpha, theta);
}

// One Fisher-scoring step for (alpha, theta) at fixed k, solved by eliminating alpha; step halving
// keeps the penalised likelihood from falling. Returns the largest coefficient change.
double scoring_step(const Problem& p, double k, std::vector<double>& alpha, Eigen::VectorXd& theta) {
  const std::size_t units = p.counts.units;
  const GlmTerms t = terms_at(p, alpha, theta, k);  // a copy: the trial points below replace it
  Eigen::MatrixXd c = p.ridge * Eigen::MatrixXd::Identity(theta.size(), theta.size());
  c += p.x.transpose() * t.day_weight.asDiagonal() * p.x;
  const Eigen::VectorXd s_theta = p.x.transpose() * t.day_residual - p.ridge * theta;
  // [A B; B' C] [da; dt] = [sa; st], A diagonal: (C - B' A^-1 B) dt = st - B' A^-1 sa.
  Eigen::VectorXd a_inv(static_cast<Eigen::Index>(units)), sa(static_cast<Eigen::Index>(units));
  for (std::size_t u = 0; u < units; ++u) {
    a_inv(Eigen::Index(u)) = 1 / (p.ridge + t.weight[u]);
    sa(Eigen::Index(u)) = t.residual[u] - p.ridge * (alpha[u] - p.alpha0);
  }
  const Eigen::MatrixXd& b = t.weighted_x;
  const Eigen::MatrixXd schur = c - b.transpose() * a_inv.asDiagonal() * b;
  const Eigen::VectorXd dt = schur.ldlt().solve(s_theta - b.transpose() * a_inv.cwiseProduct(sa));
  const Eigen::VectorXd da = a_inv.cwiseProduct(sa - b * dt);

  const double before = t.log_likelihood - penalty(p, alpha, theta);
  const std::vector<double> alpha_old = alpha;
  const Eigen::VectorXd theta_old = theta;
  double scale = 1;
  for (int halving = 0; halving < 20; ++halving, scale /= 2) {
    for (std::size_t u = 0; u < units; ++u) alpha[u] = alpha_old[u] + scale * da(Eigen::Index(u));
    theta = theta_old + scale * dt;
    if (penalised(p, k, alpha, theta) >= before - 1e-9 * std::abs(before)) break;
  }
  return scale * std::max(da.cwiseAbs().maxCoeff(), dt.size() ? dt.cwiseAbs().maxCoeff() : 0.0);
}

// Maximum-likelihood k at fixed means: Newton on log k, falling back to doubling/halving where the
// likelihood is not concave, clamped to negbin_weekday's [kMinDispersion, kMaxDispersion].
double fit_size(const Problem& p, const std::vector<double>& alpha, const Eigen::VectorXd& theta, double k) {
  for (int it = 0; it < 50; ++it) {
    // The first point is the step's trial point (evaluated in full); the later ones need only k's terms.
    const GlmTerms& t = it == 0 ? terms_at(p, alpha, theta, k) : evaluate_glm(p.counts, p.x, alpha, theta, k, kGlmSize);
    const double g = t.d_size, h = t.d2_size;
    // In t = log k: dl/dt = k g, d2l/dt2 = k^2 h + k g.
    const double gt = k * g, ht = k * k * h + k * g;
    double step = ht < 0 ? -gt / ht : (gt > 0 ? 0.7 : -0.7);
    step = std::clamp(step, -2.0, 2.0);
    const double next = std::clamp(k * std::exp(step), kMinDispersion, kMaxDispersion);
    if (std::abs(std::log(next / k)) < 1e-8) return next;
    k = next;
  }
  return k;
}

// Starting covariate effects: the Poisson fit of the day totals with free unit effects (a multinomial
// over days, from the day totals alone), so the negative-binomial iterations start close.
Eigen::VectorXd poisson_start(const GlmCounts& counts, const Eigen::MatrixXd& x, double ridge) {
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(x.cols()), day_total = Eigen::VectorXd::Zero(x.rows());
  for (std::size_t i = 0; i < counts.day.size(); ++i) day_total(counts.day[i]) += counts.y[i];
  const double total = counts.total;
  if (!(total > 0) || x.cols() == 0) return theta;
  const auto objective = [&](const Eigen::VectorXd& th) {
    const Eigen::VectorXd eta = x * th;
    const double top = eta.maxCoeff();
    return day_total.dot(eta) - total * (top + std::log((eta.array() - top).exp().sum())) -
           0.5 * ridge * th.squaredNorm();
  };
  for (int it = 0; it < 30; ++it) {
    const Eigen::VectorXd eta = x * theta;
    Eigen::VectorXd share = (eta.array() - eta.maxCoeff()).exp().matrix();
    share /= share.sum();
    const Eigen::VectorXd mean_x = x.transpose() * share;
    const Eigen::VectorXd grad = x.transpose() * day_total - total * mean_x - ridge * theta;
    Eigen::MatrixXd info = total * (x.transpose() * share.asDiagonal() * x - mean_x * mean_x.transpose());
    info.diagonal().array() += ridge;
    const Eigen::VectorXd step = info.ldlt().solve(grad);
    const double before = objective(theta);
    double scale = 1;
    for (int halving = 0; halving < 20 && objective(theta + scale * step) < before; ++halving) scale /= 2;
    theta += scale * step;
    if (scale * step.cwiseAbs().maxCoeff() < 1e-8) break;
  }
  return theta;
}

}  // namespace

GlmFit fit_negbin_glm(const GlmCounts& counts, const Eigen::MatrixXd& x, const NegbinRegressionSettings& settings) {
  const std::size_t units = counts.units, days = counts.days;
  if (units == 0 || days == 0 || days != static_cast<std::size_t>(x.rows()))
    throw InputError(fmt::format("negbin_glm: counts of {} units x {} days do not match {} days of covariates", units,
                                 days, x.rows()));
  const double level = std::log((counts.total + 0.5) / double(units * days));
  const Problem p{counts, x, settings.ridge, level, {}};
  GlmFit fit;
  fit.alpha.assign(units, level);
  fit.theta = poisson_start(counts, x, settings.ridge);
  const double shift = std::log((x * fit.theta).array().exp().mean());  // unit effects of the Poisson start
  for (std::size_t u = 0; u < units; ++u) fit.alpha[u] = std::log((counts.unit_total[u] + 0.1) / double(days)) - shift;
  double k = 10;
  double previous = -std::numeric_limits<double>::infinity();
  for (fit.iterations = 1; fit.iterations <= settings.max_iterations; ++fit.iterations) {
    const double change = scoring_step(p, k, fit.alpha, fit.theta);
    k = fit_size(p, fit.alpha, fit.theta, k);
    const double ll = penalised(p, k, fit.alpha, fit.theta);
    if (change < 1e-7 && std::abs(ll - previous) < 1e-9 * std::abs(ll)) {
      fit.converged = true;
      break;
    }
    previous = ll;
  }
  fit.size = k;
  fit.log_likelihood = terms_at(p, fit.alpha, fit.theta, k).log_likelihood;
  return fit;
}

GlmFit fit_negbin_glm(const std::vector<std::uint32_t>& y, std::size_t units, const Eigen::MatrixXd& x,
                      const NegbinRegressionSettings& settings) {
  const auto days = static_cast<std::size_t>(x.rows());
  if (units == 0 || days == 0 || y.size() != units * days)
    throw InputError(fmt::format("negbin_glm: {} counts do not make {} units x {} days", y.size(), units, days));
  return fit_negbin_glm(summarise_counts(y, units, days), x, settings);
}

std::vector<double> day_covariates(time::Seconds day, time::Seconds origin, int harmonics, bool trend) {
  std::vector<double> x(6, 0.0);
  const int wd = time::weekday(day);
  if (wd > 0) x[static_cast<std::size_t>(wd - 1)] = 1;
  const double years = double(day - origin) / (365.25 * double(time::kDay));
  constexpr double kTwoPi = 6.283185307179586;
  for (int h = 1; h <= harmonics; ++h) {
    x.push_back(std::sin(kTwoPi * h * years));
    x.push_back(std::cos(kTwoPi * h * years));
  }
  if (trend) x.push_back(years);
  return x;
}

}  // namespace riskgrid::models
