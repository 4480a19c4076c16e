// Fisher scoring for a negative-binomial GLM with one effect per unit plus shared covariates, and
// the maximum-likelihood NB size. Written here rather than taken from a GLM library because the
// grid effects make the design block-diagonal: eliminating them (Schur complement) keeps each step
// O(units x days x p^2) instead of a dense (units + p)^3 solve; Eigen does the small dense algebra.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/models/arrival/negbin_regression.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"

namespace riskgrid::models {

namespace {

struct Problem {
  const std::vector<std::uint32_t>& y;
  std::size_t units, days;
  const Eigen::MatrixXd& x;
  double ridge;
  double alpha0;  // prior centre of the unit effects
};

// sum_{j<y} log(k + j) = lgamma(y + k) - lgamma(k) for integer y, and its first two derivatives in
// k: cheap for the small counts of a grid-day, exact for any.
struct GammaRatio {
  double value = 0, d1 = 0, d2 = 0;
};
GammaRatio gamma_ratio(std::uint32_t y, double k) {
  GammaRatio r;
  if (y > 2000) {  // long sums: lgamma; derivatives by the asymptotic log and 1/x
    r.value = std::lgamma(y + k) - std::lgamma(k);
    r.d1 = std::log((y + k) / k);
    r.d2 = 1 / (y + k) - 1 / k;
    return r;
  }
  for (std::uint32_t j = 0; j < y; ++j) {
    const double t = k + j;
    r.value += std::log(t);
    r.d1 += 1 / t;
    r.d2 -= 1 / (t * t);
  }
  return r;
}

// Log-likelihood without the terms free of (mu, k).
double log_likelihood(const Problem& p, const std::vector<double>& mu, double k) {
  double ll = 0;
  for (std::size_t i = 0; i < mu.size(); ++i) {
    const double y = p.y[i];
    ll +=
        gamma_ratio(p.y[i], k).value + k * std::log(k / (k + mu[i])) + (y > 0 ? y * std::log(mu[i] / (k + mu[i])) : 0);
  }
  return ll;
}

void means(const Problem& p, const std::vector<double>& alpha, const Eigen::VectorXd& theta, std::vector<double>& mu) {
  const Eigen::VectorXd eta_day = p.x * theta;
  for (std::size_t u = 0; u < p.units; ++u)
    for (std::size_t d = 0; d < p.days; ++d)
      mu[u * p.days + d] = std::exp(std::clamp(alpha[u] + eta_day(Eigen::Index(d)), -40.0, 40.0));
}

double penalised(const Problem& p, const std::vector<double>& mu, double k, const std::vector<double>& alpha,
                 const Eigen::VectorXd& theta) {
  double pen = theta.squaredNorm();
  for (const double a : alpha) pen += (a - p.alpha0) * (a - p.alpha0);
  return log_likelihood(p, mu, k) - 0.5 * p.ridge * pen;
}

// One Fisher-scoring step for (alpha, theta) at fixed k, solved by eliminating alpha; step halving
// keeps the penalised likelihood from falling. Returns the largest coefficient change.
double scoring_step(const Problem& p, double k, std::vector<double>& alpha, Eigen::VectorXd& theta,
                    std::vector<double>& mu) {
  const auto q = static_cast<Eigen::Index>(theta.size());
  std::vector<double> a(p.units), s_alpha(p.units);
  Eigen::MatrixXd b(Eigen::Index(p.units), q);
  Eigen::MatrixXd c = p.ridge * Eigen::MatrixXd::Identity(q, q);
  Eigen::VectorXd s_theta = -p.ridge * theta;
  Eigen::VectorXd w_day(Eigen::Index(p.days)), r_day(Eigen::Index(p.days));
  w_day.setZero();
  r_day.setZero();
  for (std::size_t u = 0; u < p.units; ++u) {
    Eigen::VectorXd w_u(Eigen::Index(p.days));
    a[u] = p.ridge;
    s_alpha[u] = -p.ridge * (alpha[u] - p.alpha0);
    for (std::size_t d = 0; d < p.days; ++d) {
      const double m = mu[u * p.days + d];
      const double w = m * k / (k + m), r = (p.y[u * p.days + d] - m) * k / (k + m);
      a[u] += w;
      s_alpha[u] += r;
      w_u(Eigen::Index(d)) = w;
      w_day(Eigen::Index(d)) += w;
      r_day(Eigen::Index(d)) += r;
    }
    b.row(Eigen::Index(u)) = (p.x.transpose() * w_u).transpose();
  }
  c += p.x.transpose() * w_day.asDiagonal() * p.x;
  s_theta += p.x.transpose() * r_day;
  // [A B; B' C] [da; dt] = [sa; st], A diagonal: (C - B' A^-1 B) dt = st - B' A^-1 sa.
  Eigen::VectorXd a_inv(Eigen::Index(p.units)), sa(Eigen::Index(p.units));
  for (std::size_t u = 0; u < p.units; ++u) {
    a_inv(Eigen::Index(u)) = 1 / a[u];
    sa(Eigen::Index(u)) = s_alpha[u];
  }
  const Eigen::MatrixXd schur = c - b.transpose() * a_inv.asDiagonal() * b;
  const Eigen::VectorXd dt = schur.ldlt().solve(s_theta - b.transpose() * a_inv.cwiseProduct(sa));
  const Eigen::VectorXd da = a_inv.cwiseProduct(sa - b * dt);

  const double before = penalised(p, mu, k, alpha, theta);
  const std::vector<double> alpha_old = alpha;
  const Eigen::VectorXd theta_old = theta;
  double scale = 1;
  for (int halving = 0; halving < 20; ++halving, scale /= 2) {
    for (std::size_t u = 0; u < p.units; ++u) alpha[u] = alpha_old[u] + scale * da(Eigen::Index(u));
    theta = theta_old + scale * dt;
    means(p, alpha, theta, mu);
    if (penalised(p, mu, k, alpha, theta) >= before - 1e-9 * std::abs(before)) break;
  }
  return scale * std::max(da.cwiseAbs().maxCoeff(), dt.size() ? dt.cwiseAbs().maxCoeff() : 0.0);
}

// Maximum-likelihood k at fixed means: Newton on log k, falling back to doubling/halving where the
// likelihood is not concave, clamped to negbin_weekday's [kMinDispersion, kMaxDispersion].
double fit_size(const Problem& p, const std::vector<double>& mu, double k) {
  for (int it = 0; it < 50; ++it) {
    double g = 0, h = 0;
    for (std::size_t i = 0; i < mu.size(); ++i) {
      const GammaRatio r = gamma_ratio(p.y[i], k);
      const double m = mu[i], y = p.y[i];
      g += r.d1 + std::log(k / (k + m)) + (m - y) / (k + m);
      h += r.d2 + 1 / k - 1 / (k + m) - (m - y) / ((k + m) * (k + m));
    }
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

}  // namespace

GlmFit fit_negbin_glm(const std::vector<std::uint32_t>& y, std::size_t units, const Eigen::MatrixXd& x,
                      const NegbinRegressionSettings& settings) {
  const auto days = static_cast<std::size_t>(x.rows());
  if (units == 0 || days == 0 || y.size() != units * days)
    throw InputError(fmt::format("negbin_glm: {} counts do not make {} units x {} days", y.size(), units, days));
  double total = 0;
  for (const auto v : y) total += v;
  const double level = std::log((total + 0.5) / double(units * days));
  const Problem p{y, units, days, x, settings.ridge, level};
  GlmFit fit;
  fit.alpha.assign(units, level);
  fit.theta = Eigen::VectorXd::Zero(x.cols());
  for (std::size_t u = 0; u < units; ++u) {
    double sum = 0;
    for (std::size_t d = 0; d < days; ++d) sum += y[u * days + d];
    fit.alpha[u] = std::log((sum + 0.1) / double(days));
  }
  std::vector<double> mu(y.size());
  means(p, fit.alpha, fit.theta, mu);
  double k = 10;
  double previous = -std::numeric_limits<double>::infinity();
  for (fit.iterations = 1; fit.iterations <= settings.max_iterations; ++fit.iterations) {
    const double change = scoring_step(p, k, fit.alpha, fit.theta, mu);
    k = fit_size(p, mu, k);
    const double ll = penalised(p, mu, k, fit.alpha, fit.theta);
    if (change < 1e-7 && std::abs(ll - previous) < 1e-9 * std::abs(ll)) {
      fit.converged = true;
      break;
    }
    previous = ll;
  }
  fit.size = k;
  fit.log_likelihood = log_likelihood(p, mu, k);
  return fit;
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
