#include "synth_intensity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models::synth_detail {

namespace {

template <class Container>
void normalise(Container& values, double target_sum) {
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  for (auto& v : values) v *= target_sum / sum;
}

std::vector<double> grid_weights(const spatial::District& district) {
  if (district.grids.empty()) throw InputError(fmt::format("{}: the district has no grids", district.name));
  std::vector<double> weight;
  double population = 0;
  for (const auto& g : district.grids) population += std::max(g.population, 0.0);
  // Without population figures, incidents follow area: a grid's share of people is then unknown.
  for (const auto& g : district.grids) {
    const double area = geo::bg::area(g.shape);
    if (!(area > 0)) throw InputError(fmt::format("grid '{}' has no area to place incidents in", g.id));
    weight.push_back(population > 0 ? std::max(g.population, 0.0) : area);
  }
  normalise(weight, 1.0);
  return weight;
}

// Weekday x season x episodes for every category and day index.
std::vector<double> day_factors(const SynthSpec& spec, const Intensity& in) {
  std::vector<double> out(in.categories * in.total_days);
  for (std::size_t d = 0; d < in.total_days; ++d) {
    const time::Seconds day = in.day_start(spec, d);
    const double doy = time::day_of_year(day) + 1.0;
    const double season =
        1 + spec.season_amplitude * std::cos(2 * std::numbers::pi * (doy - spec.season_peak_day) / 365.25);
    const double common = in.weekday[static_cast<std::size_t>(time::weekday(day))] * season;
    for (std::size_t c = 0; c < in.categories; ++c) {
      double episodes = 1;
      for (const auto& e : spec.episodes) {
        const auto overlap = std::min(e.end, day + time::kDay) - std::max(e.start, day);
        if (overlap > 0) episodes *= 1 + (e.category_factor[c] - 1) * static_cast<double>(overlap) / time::kDay;
      }
      out[c * in.total_days + d] = common * episodes;
    }
  }
  return out;
}

}  // namespace

Intensity make_intensity(const SynthSpec& spec, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog) {
  check_synth_spec(spec, catalog);
  Intensity in;
  in.grids = district.grids.size();
  in.categories = catalog.size();
  in.grid_weight = grid_weights(district);
  for (const auto& c : catalog.categories) in.category_share.push_back(c.share);
  normalise(in.category_share, 1.0);
  in.weekday = spec.weekday_weight;
  normalise(in.weekday, 7.0);
  in.hour_share = spec.hour_weight;
  normalise(in.hour_share, 1.0);
  in.source_share = spec.source_weight;
  normalise(in.source_share, 1.0);
  in.burn_in_days = spec.burn_in_days >= 0     ? spec.burn_in_days
                    : spec.branching_ratio > 0 ? static_cast<int>(std::ceil(10 * spec.repeat_mean_delay_days))
                                               : 0;
  in.total_days = static_cast<std::size_t>(in.burn_in_days + spec.days);
  in.repeat_p = 1 / spec.repeat_mean_delay_days;
  in.day_factor = day_factors(spec, in);
  return in;
}

std::vector<double> expected_relative_counts(const SynthSpec& spec, const Intensity& in, std::size_t c) {
  // With a geometric delay the sum over the past is a one-step recursion:
  // R(d) = sum_j p (1 - p)^(j - 1) L(d - j) = p L(d - 1) + (1 - p) R(d - 1).
  std::vector<double> level(in.total_days);
  double past = 0;
  for (std::size_t d = 0; d < in.total_days; ++d) {
    if (d > 0) past = in.repeat_p * level[d - 1] + (1 - in.repeat_p) * past;
    level[d] = in.day_factor[c * in.total_days + d] + spec.branching_ratio * past;
  }
  return level;
}

}  // namespace riskgrid::models::synth_detail
