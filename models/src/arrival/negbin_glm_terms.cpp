// negbin_glm's likelihood terms from sufficient statistics (see negbin_glm_terms.hpp for the series).
#include "riskgrid/models/arrival/negbin_glm_terms.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace riskgrid::models {

namespace {

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

// Sums over the days of one unit, one mean at a time (units with a large mean / k, and the reference).
void day_by_day(const Eigen::MatrixXd& x, const Eigen::VectorXd& eta, double alpha, double k, std::size_t u,
                unsigned wants, GlmTerms& t, Eigen::VectorXd& w) {
  const auto days = eta.size();
  double sum_w = 0, log1p_sum = 0, g = 0, h = 0;
  for (Eigen::Index d = 0; d < days; ++d) {
    const double m = std::exp(std::clamp(alpha + eta(d), -40.0, 40.0));
    const double inv = 1 / (k + m), lp = std::log1p(m / k), wd = m * k * inv;
    log1p_sum += lp;
    g += m * inv - lp;
    h += 1 / k - inv - m * inv * inv;
    sum_w += wd;
    w(d) = wd;
  }
  t.log_likelihood -= k * log1p_sum;
  t.d_size += g;
  t.d2_size += h;
  if (wants & kGlmScoring) {
    t.weight[u] += sum_w;
    t.residual[u] -= sum_w;
    t.weighted_x.row(Eigen::Index(u)) = (x.transpose() * w).transpose();
    t.day_weight += w;
    t.day_residual -= w;
  }
}

// Units with mu / k = z[u] e[d] <= kSeriesLimit, z[u] = exp(alpha[u] + max eta) / k, e[d] <= 1: each
// term is a power series in q = mu / k, summed over days through the moments sum_d e[d]^n:
// log1p(q) = sum (-1)^(n+1) q^n / n, q / (1 + q) = sum (-1)^(n+1) q^n, q / (1 + q)^2 = sum (-1)^(n+1) n q^n.
void by_series(const Eigen::MatrixXd& x, const Eigen::VectorXd& e, const std::vector<std::pair<std::size_t, double>>& z,
               double k, unsigned wants, GlmTerms& t) {
  if (z.empty()) return;
  double largest = 0;
  for (const auto& [u, zu] : z) largest = std::max(largest, zu);
  int terms = 1;  // until n largest^n is below 1e-17 of the first term
  while (terms < 400 && double(terms) * std::pow(largest, terms - 1) > 1e-17) ++terms;
  const bool scoring = wants & kGlmScoring;
  const auto p = x.cols();
  std::vector<double> moment(std::size_t(terms) + 1);
  Eigen::MatrixXd moment_x = scoring ? Eigen::MatrixXd(p, terms + 1) : Eigen::MatrixXd();
  Eigen::VectorXd power = e;
  for (int n = 1; n <= terms; ++n) {
    moment[std::size_t(n)] = power.sum();
    if (scoring) moment_x.col(n) = x.transpose() * power;
    power = power.cwiseProduct(e);
  }
  std::vector<double> z_sum(std::size_t(terms) + 1, 0.0);  // sum over units of sign z^n
  double log1p_sum = 0, g = 0, h = 0;
  Eigen::VectorXd row(p);
  for (const auto& [u, zu] : z) {
    double zn = zu, sign = 1, w = 0;
    row.setZero();
    for (int n = 1; n <= terms && zn > 1e-18 * zu; ++n, zn *= zu, sign = -sign) {
      const double term = sign * zn * moment[std::size_t(n)];
      log1p_sum += term / n;
      g += term * (1 - 1.0 / n);
      h += term * (1 - n);
      if (scoring) {
        w += term;
        row += (sign * zn) * moment_x.col(n);
        z_sum[std::size_t(n)] += sign * zn;
      }
    }
    if (scoring) {
      t.weight[u] += k * w;
      t.residual[u] -= k * w;
      t.weighted_x.row(Eigen::Index(u)) = k * row.transpose();
    }
  }
  t.log_likelihood -= k * log1p_sum;
  t.d_size += g;
  t.d2_size += h / k;
  if (!scoring) return;
  for (Eigen::Index d = 0; d < e.size(); ++d) {  // Horner in e[d]: sum_n z_sum[n] e^n
    double s = 0;
    for (int n = terms; n >= 1; --n) s = (s + z_sum[std::size_t(n)]) * e(d);
    t.day_weight(d) += k * s;
    t.day_residual(d) -= k * s;
  }
}

}  // namespace

GlmCounts summarise_counts(const std::uint32_t* y, std::size_t units, std::size_t days, std::size_t unit_stride) {
  GlmCounts c;
  c.units = units;
  c.days = days;
  c.offset.assign(units + 1, 0);
  c.unit_total.assign(units, 0.0);
  std::map<std::uint32_t, double> histogram;
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t d = 0; d < days; ++d) {
      const std::uint32_t v = y[u * unit_stride + d];
      if (v == 0) continue;
      c.day.push_back(static_cast<std::uint32_t>(d));
      c.y.push_back(v);
      c.unit_total[u] += v;
      histogram[v] += 1;
    }
    c.offset[u + 1] = c.day.size();
    c.total += c.unit_total[u];
  }
  c.histogram.assign(histogram.begin(), histogram.end());
  return c;
}

GlmTerms evaluate_glm(const GlmCounts& c, const Eigen::MatrixXd& x, const std::vector<double>& alpha,
                      const Eigen::VectorXd& theta, double k, unsigned wants, bool all_day_by_day) {
  GlmTerms t;
  const auto D = Eigen::Index(c.days), p = x.cols();
  if (wants & kGlmScoring) {
    t.weight.assign(c.units, 0.0);
    t.residual.assign(c.units, 0.0);
    t.weighted_x = Eigen::MatrixXd::Zero(Eigen::Index(c.units), p);
    t.day_weight = Eigen::VectorXd::Zero(D);
    t.day_residual = Eigen::VectorXd::Zero(D);
  }
  for (const auto& [y, n] : c.histogram) {
    const GammaRatio g = gamma_ratio(y, k);
    t.log_likelihood += n * g.value;
    t.d_size += n * g.d1;
    t.d2_size += n * g.d2;
  }
  if (D == 0) return t;
  const Eigen::VectorXd eta = x * theta;
  const double top = eta.maxCoeff();
  const Eigen::VectorXd e = (eta.array() - top).exp().matrix();
  std::vector<std::pair<std::size_t, double>> series;
  Eigen::VectorXd w(D);
  for (std::size_t u = 0; u < c.units; ++u) {
    const double z = std::exp(alpha[u] + top) / k;
    if (!all_day_by_day && z <= kSeriesLimit && alpha[u] + top < 40)
      series.emplace_back(u, z);
    else
      day_by_day(x, eta, alpha[u], k, u, wants, t, w);
  }
  by_series(x, e, series, k, wants, t);
  // The counts: y log(mu / (k + mu)) and y's parts of the residuals and the size's derivatives.
  for (std::size_t u = 0; u < c.units; ++u)
    for (std::size_t i = c.offset[u]; i < c.offset[u + 1]; ++i) {
      const double y = c.y[i], lm = std::clamp(alpha[u] + eta(c.day[i]), -40.0, 40.0);
      const double m = std::exp(lm), inv = 1 / (k + m);
      if (wants & kGlmLikelihood) t.log_likelihood += y * (lm - std::log(k + m));
      t.d_size -= y * inv;
      t.d2_size += y * inv * inv;
      if (wants & kGlmScoring) {
        t.residual[u] += y * k * inv;
        t.day_residual(c.day[i]) += y * k * inv;
      }
    }
  return t;
}

}  // namespace riskgrid::models
