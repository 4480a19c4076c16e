#pragma once
// The default risk scorer (docs/scenarios.md "Risk"): R_g = sum_c w_c * mean_gc / baseline_c * E_g / sum_c w_c, where
// baseline_c is the no-drill expected count of category c averaged over grids and E_g is population over
// mean population (or 1). Levels come from bands: the top red share of a reference distribution of R
// (the no-drill index by default, so a drill shows up as more red) is red, the next orange, then yellow.
#include <cstdint>
#include <span>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::models {

struct RiskInput {
  const spatial::District& district;
  const catalog::CategoryCatalog& catalog;
  const scenario::RiskSpec& spec;
  std::size_t bins = 0;
  std::span<const double> baseline_expected;  ///< [bin][unit][category], no drills
  std::span<const double> forecast_mean;      ///< [bin][unit][category]
  /// [bin][unit][category] that each category's baseline_c (its mean over grids) is taken from;
  /// empty = baseline_expected. A category a drill adds has no expected count without drills, so the
  /// run scores it against another scale (run/src/assemble.cpp: the catalog's mean category).
  std::span<const double> scale = {};
  /// P(some life-safety case is open past its limit) per [bin][unit], from a response model; empty when
  /// none ran. At or above `red_probability` the grid is red in that bin and over the horizon (docs/domain.md
  /// "Risk and its colours").
  std::span<const double> overdue_life_safety_probability = {};
  double red_probability = 0.5;
};

struct RiskOutput {
  std::vector<double> index;                  ///< [bin][unit]
  std::vector<std::int8_t> level;             ///< [bin][unit]
  std::vector<double> horizon_index;          ///< [unit]
  std::vector<std::int8_t> horizon_level;     ///< [unit]
  std::vector<double> category_contribution;  ///< [unit][category]: terms of the horizon index
  std::vector<int> top_category;              ///< [unit]: category adding most to the horizon index
  double thresholds[3] = {0, 0, 0};           ///< horizon index at which yellow, orange, red begin
};

/// Consequence weight per category: the catalog's, overridden by the scenario's `risk.weights`
/// (unknown category names throw ScenarioError with a did-you-mean).
std::vector<double> category_weights(const catalog::CategoryCatalog& catalog, const scenario::RiskSpec& spec);

RiskOutput score_risk(const RiskInput& input);

}  // namespace riskgrid::models
