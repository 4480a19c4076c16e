#pragma once
// Risk as a planner reads it (docs/risk.md): each grid against its own normal. Per bin and over the
// horizon: the normal, the consequence-weighted ratio to normal and excess over it, a level from
// absolute bands of that ratio (red also where an overdue life-safety case is likely) with the reason in
// words, the categories that add most to the excess, and a separate "where is it worst" ranking.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/cube/cube.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"

namespace riskgrid::models {

struct RiskInput {
  const spatial::District& district;
  const catalog::CategoryCatalog& catalog;  ///< the run's, categories drills add included
  const scenario::RiskSpec& spec;
  cube::View<const double> normal;    ///< [bin][unit][category]: what is normal for the grid
  cube::View<const double> forecast;  ///< [bin][unit][category]: the ensemble mean
  /// P(some life-safety case is open past its limit) per [bin][unit], from a response model; empty when
  /// none ran. At or above `red_probability` the grid is red in that bin, and over the horizon where the
  /// bins' mean is.
  std::span<const double> overdue_life_safety_probability = {};
  double red_probability = 0.5;
  /// Per [unit] over the horizon, with case handling: the share of closed cases handled within their
  /// limit (NaN where none closed); empty without. Below the spec's on_time_bands a grid is yellow and up.
  std::span<const double> on_time_share = {};
};

struct RiskMeasures {
  std::vector<double> normal;          ///< [bin][unit]: normal incidents
  std::vector<double> ratio;           ///< [bin][unit]: consequence-weighted ratio to normal
  std::vector<double> excess;          ///< [bin][unit]: consequence-weighted incidents above normal
  std::vector<std::int8_t> level;      ///< [bin][unit]
  std::vector<double> horizon_normal;  ///< [unit], and so on over the whole horizon
  std::vector<double> horizon_ratio;
  std::vector<double> horizon_excess;
  std::vector<std::int8_t> horizon_level;
  std::vector<std::string> level_reason;  ///< [unit]: why the horizon level is what it is
  std::vector<double> category_excess;    ///< [unit][category]: weighted excess over the horizon (sums to it)
  std::vector<int> top_category;          ///< [unit]: category adding most to the excess; -1 if none adds
  std::vector<double> rank_value;         ///< [unit]: what the ranking sorts by (see rank_by)
  std::vector<std::int32_t> rank;         ///< [unit]: 1 = worst
};

/// Consequence weight per category: the catalog's, overridden by the scenario's `risk.weights`
/// (unknown category names throw ScenarioError with a did-you-mean).
std::vector<double> category_weights(const catalog::CategoryCatalog& catalog, const scenario::RiskSpec& spec);

/// What the ranking measure is, in words ("excess per 10,000 residents").
std::string rank_measure_name(const scenario::RiskSpec& spec);

RiskMeasures measure_risk(const RiskInput& input);

}  // namespace riskgrid::models
