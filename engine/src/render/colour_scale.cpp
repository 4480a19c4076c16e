#include "riskgrid/engine/render/colour_scale.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

namespace riskgrid::render {
namespace {

// ColorBrewer YlOrRd (9 classes) and RdBu (11 classes, reversed so blue is negative), by Cynthia
// Brewer: perceptually ordered and readable for the common colour-vision deficiencies.
std::vector<ColourStop> spread(std::initializer_list<std::uint32_t> colours) {
  std::vector<ColourStop> stops;
  const double last = static_cast<double>(colours.size() - 1);
  double i = 0;
  for (const std::uint32_t rgb : colours) stops.push_back({i++ / last, rgb});
  return stops;
}

const std::vector<ColourStop>& yl_or_rd() {
  static const std::vector<ColourStop> stops =
      spread({0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026});
  return stops;
}

const std::vector<ColourStop>& rd_bu() {
  static const std::vector<ColourStop> stops = spread(
      {0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f});
  return stops;
}

std::uint32_t mix(std::uint32_t a, std::uint32_t b, double t) {
  std::uint32_t out = 0;
  for (const int shift : {16, 8, 0}) {
    const double ca = (a >> shift) & 0xffu;
    const double cb = (b >> shift) & 0xffu;
    const auto c = static_cast<std::uint32_t>(std::lround(ca + (cb - ca) * t));
    out |= std::min<std::uint32_t>(c, 255) << shift;
  }
  return out;
}

std::pair<double, double> finite_range(std::span<const double> values) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return {0, 1};
  return {lo, hi};
}

}  // namespace

double nice_step(double range, int target) {
  if (!(range > 0) || !std::isfinite(range) || target < 1) return 1;
  const double raw = range / target;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  // The round step nearest to raw on a log scale, so there are about `target` parts.
  double best = decade;
  for (const double m : {2.0, 5.0, 10.0}) {
    if (std::fabs(std::log(m * decade / raw)) < std::fabs(std::log(best / raw))) best = m * decade;
  }
  return best;
}

ColourScale::ColourScale(double lo, double hi, bool diverging, std::vector<ColourStop> stops)
    : lo_(lo), hi_(hi), diverging_(diverging), stops_(std::move(stops)) {}

ColourScale ColourScale::sequential(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    throw std::invalid_argument(fmt::format("colour scale {} .. {}: expected finite lo <= hi", lo, hi));
  }
  if (lo == hi) {
    const double half = lo == 0 ? 1 : std::fabs(lo) * 0.5;
    lo -= half;
    hi += half;
  }
  return {lo, hi, false, yl_or_rd()};
}

ColourScale ColourScale::sequential_for(std::span<const double> values) {
  auto [lo, hi] = finite_range(values);
  if (lo == hi) return sequential(lo, hi);
  const double step = nice_step(hi - lo, 5);
  // Counts are >= 0: a range that starts at 0 keeps 0 as its end rather than going negative.
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  return sequential(lo, hi);
}

ColourScale ColourScale::reversed() const {
  std::vector<ColourStop> turned;
  for (auto stop = stops_.rbegin(); stop != stops_.rend(); ++stop) turned.push_back({1 - stop->at, stop->rgb});
  return {lo_, hi_, diverging_, std::move(turned)};
}

ColourScale ColourScale::diverging(double limit) {
  if (!std::isfinite(limit) || !(limit > 0)) {
    throw std::invalid_argument(fmt::format("diverging colour scale: limit {} must be > 0", limit));
  }
  return {-limit, limit, true, rd_bu()};
}

ColourScale ColourScale::diverging_for(std::span<const double> values) {
  double limit = 0;
  for (const double v : values) {
    if (std::isfinite(v)) limit = std::max(limit, std::fabs(v));
  }
  if (limit == 0) return diverging(1);
  const double step = nice_step(limit, 4);
  return diverging(std::ceil(limit / step * (1 - 1e-12)) * step);
}

std::uint32_t ColourScale::colour(double value) const {
  if (std::isnan(value)) return kNoValueColour;
  const double t = std::clamp((value - lo_) / (hi_ - lo_), 0.0, 1.0);
  for (std::size_t i = 1; i < stops_.size(); ++i) {
    if (t <= stops_[i].at) {
      const double span = stops_[i].at - stops_[i - 1].at;
      return mix(stops_[i - 1].rgb, stops_[i].rgb, span > 0 ? (t - stops_[i - 1].at) / span : 0);
    }
  }
  return stops_.back().rgb;
}

std::vector<double> ColourScale::ticks(int target) const {
  const double step = nice_step(hi_ - lo_, target);
  std::vector<double> out;
  const double first = std::ceil(lo_ / step - 1e-9) * step;
  for (int i = 0;; ++i) {
    const double v = first + i * step;  // multiplied, not summed, so errors do not pile up
    if (v > hi_ + step * 1e-9) break;
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);  // no "-0"
  }
  return out;
}

}  // namespace riskgrid::render
