#include "riskgrid/engine/rng/distributions.hpp"

#include <cmath>
#include <limits>

namespace riskgrid::rng {

double normal(Stream& s) {
  // Polar method; the second variate is dropped so a draw never depends on an earlier call.
  for (;;) {
    const double u = 2.0 * s.uniform() - 1.0;
    const double v = 2.0 * s.uniform() - 1.0;
    const double r2 = u * u + v * v;
    if (r2 > 0.0 && r2 < 1.0) return u * std::sqrt(-2.0 * std::log(r2) / r2);
  }
}

double gamma(Stream& s, double shape) {
  if (shape < 1.0) {
    // Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double g = gamma(s, shape + 1.0);
    return g * std::pow(s.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = normal(s);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = s.uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

namespace {

std::uint32_t poisson_by_multiplication(Stream& s, double mean) {
  const double limit = std::exp(-mean);
  std::uint32_t k = 0;
  double product = s.uniform();
  while (product > limit) {
    ++k;
    product *= s.uniform();
  }
  return k;
}

// A draw as a count. Saturates where a mean beyond 2^32 (which runs refuse before simulating) would make the
// conversion undefined: it gave 0 incidents for a factor of 1e20.
std::uint32_t as_count(double k) {
  return !(k < 4294967295.0) ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(k);
}

// Hormann (1993), "The transformed rejection method for generating Poisson random variables".
std::uint32_t poisson_ptrs(Stream& s, double mean) {
  const double sq = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * sq;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = s.uniform() - 0.5;
    const double v = s.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return as_count(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + k * log_mean - std::lgamma(k + 1.0))
      return as_count(k);
  }
}

}  // namespace

std::uint32_t poisson(Stream& s, double mean) {
  if (!(mean > 0.0)) return 0;
  return mean < 10.0 ? poisson_by_multiplication(s, mean) : poisson_ptrs(s, mean);
}

std::uint32_t negative_binomial(Stream& s, double mean, double size) {
  if (!(mean > 0.0)) return 0;
  return poisson(s, mean * gamma(s, size) / size);
}

double lognormal(Stream& s, double median, double sigma) { return median * std::exp(sigma * normal(s)); }

}  // namespace riskgrid::rng
