#pragma once
// The field's scoring conventions for crime forecasts (docs/backtest.md, "The field's conventions"),
// offered beside riskgrid's own: each unit's total over a horizon is scored under a Poisson with the
// forecast mean (log score and closed-form CRPS), and hotspots are a count of units, round(p * N),
// with units tied at the cut-off counted in expectation rather than by index.
#include <cstdint>
#include <span>

namespace riskgrid::models::forecast {

/// log P(Y = y) under Poisson(mean): the field's log score (higher is better). A mean of 0 gives 0
/// for y = 0 and -infinity otherwise.
double poisson_log_score(double mean, std::uint32_t y);

/// The CRPS of Poisson(mean) at y in closed form (Wei and Held 2014):
///   (y - m)(2F(y) - 1) + 2 m f(y) - m e^{-2m} (I0(2m) + I1(2m)),
/// with F and f the Poisson cdf and pmf and I the modified Bessel functions (exponentially scaled, so
/// large means do not overflow). Lower is better.
double poisson_crps(double mean, std::uint32_t y);

/// Hit rate and PAI when the round(share * N) units with the highest forecast are flagged. Units whose
/// forecast equals the cut-off value share the remaining places in expectation: each gets weight
/// places / tied. hit_rate = sum w y / sum y (0 when nothing was observed); pai = hit_rate / (sum w a /
/// sum a), i.e. over the expected flagged share of the area (n / N for equal areas); both NaN when
/// round(share * N) is 0.
struct FieldHotspot {
  double flagged = 0;  ///< round(share * N) units
  double hit_rate = 0;
  double pai = 0;
};
/// Throws std::invalid_argument on mismatched or empty spans, a non-positive area or a share outside
/// (0, 1].
FieldHotspot field_hotspot(std::span<const double> forecast, std::span<const double> observed,
                           std::span<const double> area, double share);

}  // namespace riskgrid::models::forecast
