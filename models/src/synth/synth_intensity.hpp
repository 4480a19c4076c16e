#pragma once
// The background intensity of the synthetic history, shared by the generator and by the expected
// figures written beside it, so the two cannot drift apart.
#include <array>
#include <cstddef>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models::synth_detail {

struct Intensity {
  std::size_t grids = 0;
  std::size_t categories = 0;
  int burn_in_days = 0;
  std::size_t total_days = 0;  ///< burn_in_days + spec.days; day index 0 is the first burn-in day
  /// [grid * categories + category]: the grid's share of the category's background, by population
  /// (area if no population) times its kind's and its spread's multipliers, normalised per category.
  std::vector<double> cell_weight;
  std::vector<double> category_share;   ///< [category], normalised
  std::array<double, 7> weekday{};      ///< normalised to mean 1
  std::array<double, 24> hour_share{};  ///< sums to 1
  std::vector<double> source_share;     ///< sums to 1
  std::vector<double> day_factor;       ///< [category][day index]: weekday x season x episodes
  double repeat_p = 1;                  ///< geometric delay: P(J = j) = p (1 - p)^(j - 1)

  /// Midnight of day index d.
  time::Seconds day_start(const SynthSpec& spec, std::size_t d) const {
    return spec.start + (static_cast<time::Seconds>(d) - burn_in_days) * time::kDay;
  }
  /// b_gc: the expected background count of (grid, category) on a day with factor 1.
  double base(const SynthSpec& spec, std::size_t g, std::size_t c) const {
    return spec.daily_total * (1 - spec.branching_ratio) * category_share[c] * cell_weight[g * categories + c];
  }
  /// Expected background count of (grid, category) on day index d.
  double background(const SynthSpec& spec, std::size_t g, std::size_t c, std::size_t d) const {
    return base(spec, g, c) * day_factor[c * total_days + d];
  }
};

/// Checks the spec and district and precomputes the intensity.
Intensity make_intensity(const SynthSpec& spec, const spatial::District& district,
                         const catalog::CategoryCatalog& catalog);

/// Expected count per day index of category c including repeats, relative to b_gc (so the expected
/// count of grid g is b_gc * result[d]): L(d) = f(d) + eta * sum_j P(J = j) L(d - j).
std::vector<double> expected_relative_counts(const SynthSpec& spec, const Intensity& in, std::size_t c);

}  // namespace riskgrid::models::synth_detail
