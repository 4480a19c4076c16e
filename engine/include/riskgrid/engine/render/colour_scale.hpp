#pragma once
// Colour scales for value maps: a sequential ramp (ColorBrewer YlOrRd) for counts and indices, and
// a diverging ramp (ColorBrewer RdBu: blue, white, red) symmetric around 0 for differences. Stops
// are interpolated linearly in sRGB, as cairo's gradients do, so a legend bar drawn as a cairo
// gradient shows exactly the colours on the map.
#include <cstdint>
#include <span>
#include <vector>

namespace riskgrid::render {

/// A point of a colour ramp: at `at` (0..1 along the ramp) the colour is `rgb` (0xRRGGBB).
struct ColourStop {
  double at = 0;
  std::uint32_t rgb = 0;
};

class ColourScale {
 public:
  /// YlOrRd from `lo` (light yellow) to `hi` (dark red). A flat range (lo == hi) is widened so the
  /// single value sits in the middle of the ramp.
  /// @throws std::invalid_argument when lo > hi or either is not finite.
  static ColourScale sequential(double lo, double hi);
  /// The sequential scale over the values' range, widened to round tick values (0 stays 0).
  /// Non-finite values are ignored; with no finite value the range is 0..1.
  static ColourScale sequential_for(std::span<const double> values);
  /// RdBu from -limit (dark blue) through 0 (white) to +limit (dark red).
  /// @throws std::invalid_argument when limit is not finite or <= 0.
  static ColourScale diverging(double limit);
  /// The diverging scale whose limit is the largest |value| rounded up to a tick (1 if all are 0).
  static ColourScale diverging_for(std::span<const double> values);

  /// The same range with the ramp turned round: `lo` takes the dark end (for a measure whose low
  /// values are the trouble, such as the on-time share).
  ColourScale reversed() const;

  /// The colour of `value`; values beyond the range take the end colours; NaN is light grey.
  std::uint32_t colour(double value) const;
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  bool is_diverging() const { return diverging_; }
  /// The ramp's stops (at 0..1 from lo to hi), to draw the legend as a gradient.
  const std::vector<ColourStop>& stops() const { return stops_; }
  /// Round values within [lo, hi] for legend ticks, about `target` of them, lowest first.
  std::vector<double> ticks(int target = 5) const;

 private:
  ColourScale(double lo, double hi, bool diverging, std::vector<ColourStop> stops);
  double lo_;
  double hi_;
  bool diverging_;
  std::vector<ColourStop> stops_;
};

/// Light grey used for a value that is not a number.
inline constexpr std::uint32_t kNoValueColour = 0xd9d9d9;

/// The round step (1, 2 or 5 times a power of ten) nearest to range / target on a log scale.
/// Returns 1 when range <= 0 or is not finite.
double nice_step(double range, int target);

}  // namespace riskgrid::render
