// Censored log-normal maximum likelihood by Newton's method in (a, b) = (mu/sigma, 1/sigma), where the
// log-likelihood of a censored normal sample is concave (Olsen 1978), so Newton with step halving
// converges to the one maximum.
#include "riskgrid/engine/stats/censored_lognormal.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace riskgrid::stats {
namespace {

constexpr double kSqrt2 = std::numbers::sqrt2;
constexpr double kLogSqrt2Pi = 0.91893853320467274178;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

/// log(1 - Phi(w)) and the hazard phi(w) / (1 - Phi(w)), stable for large w (asymptotic series).
void upper_tail(double w, double& log_q, double& hazard) {
  if (w < 30) {
    const double q = 0.5 * std::erfc(w / kSqrt2);
    log_q = std::log(q);
    hazard = std::exp(-0.5 * w * w - kLogSqrt2Pi - log_q);
    return;
  }
  const double w2 = w * w;
  const double series = 1 - 1 / w2 + 3 / (w2 * w2);
  log_q = -0.5 * w2 - kLogSqrt2Pi - std::log(w) + std::log(series);
  hazard = w / series;
}

struct Point {
  double a = 0, b = 1;
};

double log_likelihood(std::span<const double> y, std::span<const std::uint8_t> cens, Point p) {
  double ll = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double u = p.b * y[i] - p.a;
    if (cens[i]) {
      double log_q = 0, h = 0;
      upper_tail(u, log_q, h);
      ll += log_q;
    } else {
      ll += std::log(p.b) - 0.5 * u * u;
    }
  }
  return ll;
}

/// Gradient g and Hessian H (negative definite) of the log-likelihood at p.
void derivatives(std::span<const double> y, std::span<const std::uint8_t> cens, Point p, double g[2], double H[3]) {
  g[0] = g[1] = H[0] = H[1] = H[2] = 0;  // H = {aa, ab, bb}
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double u = p.b * y[i] - p.a;
    if (cens[i]) {
      double log_q = 0, h = 0;
      upper_tail(u, log_q, h);
      const double d2 = h * (h - u);  // -(d^2/du^2) log Q(u)
      g[0] += h;
      g[1] -= h * y[i];
      H[0] -= d2;
      H[1] += d2 * y[i];
      H[2] -= d2 * y[i] * y[i];
    } else {
      g[0] += u;
      g[1] += 1 / p.b - u * y[i];
      H[0] -= 1;
      H[1] += y[i];
      H[2] -= 1 / (p.b * p.b) + y[i] * y[i];
    }
  }
}

}  // namespace

double LognormalFit::median() const { return std::exp(mu); }
double LognormalFit::quantile(double p) const { return std::exp(mu + sigma * normal_quantile(p)); }
double LognormalFit::cdf(double t) const { return t <= 0 ? 0 : normal_cdf((std::log(t) - mu) / sigma); }

std::optional<LognormalFit> fit_censored_lognormal(std::span<const Duration> durations) {
  std::vector<double> y;
  std::vector<std::uint8_t> cens;
  double sum = 0, sum2 = 0, lo = HUGE_VAL, hi = -HUGE_VAL;
  std::size_t events = 0;
  for (const Duration& d : durations) {
    if (!(d.value > 0)) continue;
    y.push_back(std::log(d.value));
    cens.push_back(d.censored ? 1 : 0);
    if (d.censored) continue;
    ++events, sum += y.back(), sum2 += y.back() * y.back();
    lo = std::min(lo, y.back()), hi = std::max(hi, y.back());
  }
  if (events < 2 || !(hi > lo)) return std::nullopt;
  // Start from the events alone (the fit without censoring).
  const double n = double(events), mean = sum / n;
  const double sd = std::sqrt(std::max(sum2 / n - mean * mean, 1e-12));
  Point p{mean / sd, 1 / sd};
  double ll = log_likelihood(y, cens, p);
  for (int it = 1; it <= 200; ++it) {
    double g[2], H[3];
    derivatives(y, cens, p, g, H);
    const double det = H[0] * H[2] - H[1] * H[1];
    if (!(det > 0) || !(H[0] < 0)) return std::nullopt;
    // Newton step: -H^{-1} g.
    const double da = -(H[2] * g[0] - H[1] * g[1]) / det, db = -(-H[1] * g[0] + H[0] * g[1]) / det;
    double step = 1;
    Point next{p.a + da, p.b + db};
    double ll_next = next.b > 0 ? log_likelihood(y, cens, next) : -HUGE_VAL;
    while (!(ll_next >= ll - 1e-12) && step > 1e-10) {
      step /= 2;
      next = {p.a + step * da, p.b + step * db};
      ll_next = next.b > 0 ? log_likelihood(y, cens, next) : -HUGE_VAL;
    }
    if (step <= 1e-10) return std::nullopt;
    const bool done = std::abs(next.a - p.a) < 1e-10 * (1 + std::abs(p.a)) && std::abs(next.b - p.b) < 1e-10 * p.b;
    p = next, ll = ll_next;
    if (done) return LognormalFit{p.a / p.b, 1 / p.b, it};
  }
  return std::nullopt;
}

KaplanMeier kaplan_meier(std::span<const Duration> durations) {
  std::vector<Duration> d(durations.begin(), durations.end());
  // Ties: events before censored durations at the same value (the usual convention).
  std::sort(d.begin(), d.end(), [](const Duration& x, const Duration& y) {
    return x.value != y.value ? x.value < y.value : (!x.censored && y.censored);
  });
  KaplanMeier km;
  double survival = 1;
  std::size_t at_risk = d.size();
  for (std::size_t i = 0; i < d.size();) {
    std::size_t j = i, deaths = 0;
    for (; j < d.size() && d[j].value == d[i].value; ++j) deaths += d[j].censored ? 0 : 1;
    if (deaths > 0) {
      survival *= 1 - double(deaths) / double(at_risk);
      km.time.push_back(d[i].value);
      km.cdf.push_back(1 - survival);
    }
    at_risk -= j - i;
    i = j;
  }
  return km;
}

std::optional<double> KaplanMeier::quantile(double p) const {
  for (std::size_t i = 0; i < time.size(); ++i)
    if (cdf[i] >= p - 1e-12) return time[i];
  return std::nullopt;
}

double ks_distance(const KaplanMeier& km, const LognormalFit& fit) {
  double worst = 0, before = 0;
  for (std::size_t i = 0; i < km.time.size(); ++i) {
    const double f = fit.cdf(km.time[i]);
    worst = std::max({worst, std::abs(f - before), std::abs(f - km.cdf[i])});
    before = km.cdf[i];
  }
  return worst;
}

double normal_quantile(double p) {
  // Acklam's algorithm.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p <= 0) return -HUGE_VAL;
  if (p >= 1) return HUGE_VAL;
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - 0.02425) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = normal_cdf(x) - p;  // one Newton step
  return x - e * std::sqrt(2 * std::numbers::pi) * std::exp(0.5 * x * x);
}

}  // namespace riskgrid::stats
