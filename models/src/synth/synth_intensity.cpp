#include "synth_intensity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/engine/spatial/grid_attributes.hpp"

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

// The multiplier of each grid's kind, [grid * categories + category]; 1 for a grid without a kind or
// whose kind the spec does not list, so a district without kinds is weighted by population alone.
std::vector<double> kind_factors(const SynthSpec& spec, const spatial::District& district, std::size_t categories) {
  std::vector<double> out(district.grids.size() * categories, 1.0);
  if (spec.kinds.empty()) return out;
  for (std::size_t g = 0; g < district.grids.size(); ++g) {
    const spatial::Unit& grid = district.grids[g];
    const std::string* kind = spatial::attribute_of(grid, spatial::kKindAttribute);
    if (kind == nullptr) continue;
    if (std::find(spatial::kGridKinds.begin(), spatial::kGridKinds.end(), *kind) == spatial::kGridKinds.end())
      throw InputError(fmt::format("grid '{}': attribute kind: expected one of {}, got \"{}\"", grid.id,
                                   fmt::join(spatial::kGridKinds, ", "), *kind));
    const auto k =
        std::find_if(spec.kinds.begin(), spec.kinds.end(), [&](const SynthKind& x) { return x.name == *kind; });
    if (k == spec.kinds.end()) continue;
    for (std::size_t c = 0; c < categories; ++c) out[g * categories + c] = k->rate * k->category_factor[c];
  }
  return out;
}

// Seeded log-normal multipliers of mean 1, one per grid (grids of one kind still differ, as real ones
// do); all 1 when the spread is 0.
std::vector<double> spread_factors(const SynthSpec& spec, std::size_t grids) {
  std::vector<double> out(grids, 1.0);
  if (!(spec.grid_spread > 0)) return out;
  constexpr std::uint32_t kPurpose = rng::purpose_of("synth.grid_spread");
  const double sigma = spec.grid_spread;
  for (std::size_t g = 0; g < grids; ++g) {
    rng::Stream s(spec.seed, 0, {kPurpose, static_cast<std::uint32_t>(g), 0});
    out[g] = std::exp(sigma * rng::normal(s) - sigma * sigma / 2);
  }
  return out;
}

// Each grid's share of each category: population x kind x spread, normalised per category. Without
// kinds or spread the shares are the population shares themselves, untouched, so such districts get
// bit-for-bit the history they got before kinds existed.
std::vector<double> cell_weights(const SynthSpec& spec, const spatial::District& district, std::size_t categories) {
  const std::vector<double> grid = grid_weights(district);
  const std::vector<double> kind = kind_factors(spec, district, categories);
  const std::vector<double> spread = spread_factors(spec, grid.size());
  const bool varies = spec.grid_spread > 0 || std::any_of(kind.begin(), kind.end(), [](double f) { return f != 1; });
  std::vector<double> out(grid.size() * categories);
  for (std::size_t c = 0; c < categories; ++c) {
    double sum = 0;
    for (std::size_t g = 0; g < grid.size(); ++g) {
      out[g * categories + c] = grid[g] * kind[g * categories + c] * spread[g];
      sum += out[g * categories + c];
    }
    if (varies)
      for (std::size_t g = 0; g < grid.size(); ++g) out[g * categories + c] /= sum;
  }
  return out;
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
  in.cell_weight = cell_weights(spec, district, in.categories);
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
