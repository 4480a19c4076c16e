#pragma once
// Log-normal fit of durations with right-censoring (cases still open when the sample ends), the
// Kaplan-Meier estimate of the same durations, and the Kolmogorov-Smirnov distance between the two
// (docs/calibration.md). Written here rather than taken from a library: the censored normal likelihood
// is a few lines in the concave parametrisation of Olsen (1978), and Debian's libraries offer no
// censored fit (Boost.Math has the normal functions only).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace riskgrid::stats {

/// One observed duration: `value` > 0; `censored` when the case was still open at `value`.
struct Duration {
  double value = 0;
  bool censored = false;
};

struct LognormalFit {
  double mu = 0;     ///< mean of log durations
  double sigma = 0;  ///< sd of log durations
  int iterations = 0;
  double median() const;
  double quantile(double p) const;
  double cdf(double t) const;
};

/// Maximum likelihood fit: events contribute the log-normal density, censored durations its survival.
/// Needs at least two distinct event values; nullopt otherwise (or when Newton's method fails).
std::optional<LognormalFit> fit_censored_lognormal(std::span<const Duration> durations);

/// Kaplan-Meier step function: F(t) = 1 - S(t) at each distinct event time (ascending).
struct KaplanMeier {
  std::vector<double> time, cdf;
  /// The smallest event time with F >= p; nullopt when F never reaches p (censoring).
  std::optional<double> quantile(double p) const;
};
KaplanMeier kaplan_meier(std::span<const Duration> durations);

/// sup |F_KM(t) - F_fit(t)| over the event times, both sides of each jump (plain KS without censoring).
double ks_distance(const KaplanMeier& km, const LognormalFit& fit);

/// Standard normal quantile (Acklam's rational approximation refined by one Newton step; |error| < 1e-12).
double normal_quantile(double p);

}  // namespace riskgrid::stats
